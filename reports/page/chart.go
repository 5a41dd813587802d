package page

import (
	"encoding/json"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"
)

// Series is one line or bar of a chart over the weeks on its x axis.
type Series struct {
	Name   string
	Bar    bool
	Values []*float64 // one per x label; nil is a gap
	Axis   int        // y axis index
	Stack  string
	Dashed bool
	Symbol string // circle, rect, triangle, diamond, ...
	Color  string
	// Band makes the series an invisible base of a stacked band (the
	// lower bound); the next series in the same Stack is its width.
	Band bool
	// BandFill makes the series the filled width of a band.
	BandFill bool
	// Table leaves the series out of the data table when false... kept
	// for the band's parts, whose figures the table shows as bounds.
	NoTable bool
	// Table, when set, are the values the data table shows instead of
	// Values (a series split by few: the line's table keeps every week).
	Table []*float64
	// Points draws marks without a line; Labels (one per x label, ""
	// none) are written beside the marks.
	Points bool
	Labels []string
}

// SplitFew splits a rate or percentile series by the count of items each
// week's value is taken from: weeks of at least min items stay a line;
// the others become marked points, labelled with their count, apart from
// the line (few is the points' name suffix, e.g. "(< 10 pengaduan)").
func SplitFew(s Series, counts []*float64, min int, few string, countLabel func(float64) string) []Series {
	line, dots := s, s
	line.Values, line.Table = make([]*float64, len(s.Values)), s.Values
	dots.Values, dots.Labels = make([]*float64, len(s.Values)), make([]string, len(s.Values))
	dots.Name, dots.Points, dots.NoTable, dots.Dashed = s.Name+" "+few, true, true, false
	anyFew := false
	for i, v := range s.Values {
		if v == nil {
			continue
		}
		if i < len(counts) && counts[i] != nil && *counts[i] >= float64(min) {
			line.Values[i] = v
			continue
		}
		n := 0.0
		if i < len(counts) && counts[i] != nil {
			n = *counts[i]
		}
		dots.Values[i], dots.Labels[i], anyFew = v, countLabel(n), true
	}
	if !anyFew {
		return []Series{s}
	}
	return []Series{line, dots}
}

// Axis is a y axis: its name and number format.
type Axis struct {
	Name   string
	Format string // count, decimal, share, share1
	Min    *float64
	// Max fixes the axis' top: small multiples share one scale.
	Max *float64
}

// palette is distinguishable in colour and, through line styles,
// symbols and bar patterns, in greyscale print.
var palette = []string{"#0b4f8a", "#d9822b", "#2e7d4f", "#b3261e", "#6a4c93", "#7a7a7a", "#c9a227", "#17a2b8"}

// NewChart builds the ECharts options of a line/bar chart with go-echarts
// and the data table that carries the same figures.
func NewChart(l Lang, id, title string, x []string, ss []Series, axes []Axis, unitFor func(axis int) string) *Chart {
	line := lineChart(id, x, ss, axes)
	line.Validate()
	options, err := plainOptions(line.JSON())
	if err != nil {
		panic(err) // options of numbers and strings always marshal
	}
	adjustOptions(options, ss)
	c := &Chart{ID: id, Title: title, TableLabel: l.T("chart.table"), Options: options}
	for _, a := range axes {
		c.Formats = append(c.Formats, a.Format)
	}
	c.Table = chartTable(l, x, ss, unitFor)
	return c
}

// lineChart builds the chart with go-echarts: its axes, then each series
// as a line, a band or bars.
func lineChart(id string, x []string, ss []Series, axes []Axis) *charts.Line {
	line := charts.NewLine()
	line.SetGlobalOptions(
		charts.WithInitializationOpts(opts.Initialization{ChartID: id}),
		charts.WithAnimation(false),
		charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true), Trigger: "axis"}),
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(true), Top: "0"}), // plain: it wraps (report.js makes room)
		charts.WithGridOpts(opts.Grid{Left: "8", Right: "8", Top: "34", Bottom: "4", ContainLabel: opts.Bool(true)}),
		charts.WithAriaOpts(&opts.Aria{Enabled: opts.Bool(true), Decal: &opts.AriaDecal{Show: opts.Bool(true)}}),
		charts.WithXAxisOpts(opts.XAxis{Type: "category", AxisLabel: &opts.AxisLabel{HideOverlap: opts.Bool(true)}}),
	)
	for i, a := range axes {
		ya := opts.YAxis{Type: "value", Name: a.Name, SplitLine: &opts.SplitLine{Show: opts.Bool(i == 0)}}
		if a.Min != nil {
			ya.Min = *a.Min
		}
		if a.Max != nil {
			ya.Max = *a.Max
		}
		if i == 0 {
			line.SetGlobalOptions(charts.WithYAxisOpts(ya))
		} else {
			line.ExtendYAxis(ya)
		}
	}
	line.SetXAxis(x)
	for i, s := range ss {
		addSeries(line, x, i, s)
	}
	return line
}

// addSeries adds the i-th series to the chart: bars overlapping it, or a
// line (dashed, points only, or the lower bound or width of a band).
func addSeries(line *charts.Line, x []string, i int, s Series) {
	color := s.Color
	if color == "" {
		color = palette[i%len(palette)]
	}
	if s.Bar {
		data := make([]opts.BarData, len(s.Values))
		for j, v := range s.Values {
			data[j] = opts.BarData{Value: chartValue(v)}
		}
		bar := charts.NewBar()
		bar.SetXAxis(x)
		bar.AddSeries(s.Name, data, charts.WithBarChartOpts(opts.BarChart{Stack: s.Stack, YAxisIndex: s.Axis, BarCategoryGap: "35%"}),
			charts.WithItemStyleOpts(opts.ItemStyle{Color: color}))
		line.Overlap(bar)
		return
	}
	data := make([]opts.LineData, len(s.Values))
	for j, v := range s.Values {
		data[j] = opts.LineData{Value: chartValue(v)}
	}
	symbol := s.Symbol
	if symbol == "" {
		symbol = []string{"circle", "rect", "triangle", "diamond", "emptyCircle", "roundRect"}[i%6]
	}
	lineStyle := opts.LineStyle{Width: 2, Color: color}
	if s.Dashed {
		lineStyle.Type = "dashed"
	}
	if s.Points {
		symbol, lineStyle.Opacity = "emptyCircle", opts.Float(0)
	}
	sopts := []charts.SeriesOpts{
		charts.WithLineChartOpts(opts.LineChart{YAxisIndex: s.Axis, Symbol: symbol, SymbolSize: 5, Stack: s.Stack, ConnectNulls: opts.Bool(false)}),
		charts.WithLineStyleOpts(lineStyle),
		charts.WithItemStyleOpts(opts.ItemStyle{Color: color}),
	}
	switch {
	case s.Band:
		sopts = append(sopts, charts.WithLineStyleOpts(opts.LineStyle{Opacity: opts.Float(0)}),
			charts.WithLineChartOpts(opts.LineChart{YAxisIndex: s.Axis, Stack: s.Stack, Symbol: "none"}))
	case s.BandFill:
		sopts = append(sopts, charts.WithLineStyleOpts(opts.LineStyle{Opacity: opts.Float(0)}),
			charts.WithAreaStyleOpts(opts.AreaStyle{Color: color, Opacity: opts.Float(0.2)}),
			charts.WithLineChartOpts(opts.LineChart{YAxisIndex: s.Axis, Stack: s.Stack, Symbol: "none"}))
	}
	line.AddSeries(s.Name, data, sopts...)
}

// adjustOptions sets what go-echarts cannot: bands as an invisible base
// stacked under their width with no legend entry, labelled points, and the
// axis names placed to stay inside a phone's width.
func adjustOptions(options map[string]any, ss []Series) {
	delete(options, "toolbox")
	// Bands: the lower bound is an invisible base stacked under the width,
	// whatever their signs, and neither part has a legend entry of its own.
	var legend []any
	for i, s := range ss {
		if s.Points {
			if sm, ok := options["series"].([]any)[i].(map[string]any); ok {
				sm["symbolSize"] = 9
				if data, ok := sm["data"].([]any); ok {
					for j, d := range data {
						if j < len(s.Labels) && s.Labels[j] != "" {
							dm, ok := d.(map[string]any)
							if !ok {
								dm = map[string]any{"value": d}
							}
							dm["label"] = map[string]any{"show": true, "position": "top", "formatter": s.Labels[j]}
							data[j] = dm
						}
					}
				}
			}
		}
		if s.Band || s.BandFill {
			if sm, ok := options["series"].([]any)[i].(map[string]any); ok {
				sm["stackStrategy"] = "all"
				sm["silent"] = true
				sm["tooltip"] = map[string]any{"show": false}
			}
		}
		if !s.Band {
			legend = append(legend, s.Name)
		}
	}
	if lg, ok := options["legend"].(map[string]any); ok {
		lg["data"] = legend
	}
	// The axis names sit below the legend, and inside the chart's edges
	// (the left name starts at its axis, the right one ends at its axis),
	// so neither is cut at a phone's width.
	if gs, ok := options["grid"].([]any); ok {
		for _, g := range gs {
			if gm, ok := g.(map[string]any); ok {
				gm["top"] = "52"
			}
		}
	}
	if ys, ok := options["yAxis"].([]any); ok {
		for i, y := range ys {
			if ym, ok := y.(map[string]any); ok {
				ym["nameTextStyle"] = map[string]any{"align": map[bool]string{true: "left", false: "right"}[i == 0]}
			}
		}
	}
}

// chartTable is the chart's data as a table: one row per week with a
// value, one column per series shown in tables.
func chartTable(l Lang, x []string, ss []Series, unitFor func(axis int) string) *Table {
	t := &Table{Empty: l.T("table.empty")}
	t.Head = append(t.Head, Cell{Text: l.T("table.week")})
	var cols []Series
	for _, s := range ss {
		if s.NoTable {
			continue
		}
		cols = append(cols, s)
		t.Head = append(t.Head, Cell{Text: s.Name, Class: "n"})
	}
	for j, label := range x {
		row := []Cell{{Text: label}}
		empty := true
		for _, s := range cols {
			v := s.Values[j]
			if s.Table != nil {
				v = s.Table[j]
			}
			if v != nil {
				empty = false
			}
			row = append(row, Cell{Text: l.Value(v, unitFor(s.Axis)), Class: "n"})
		}
		if !empty {
			t.Rows = append(t.Rows, row)
		}
	}
	return t
}

// chartValue is a number, or "-", ECharts' mark of a missing value.
func chartValue(v *float64) any {
	if v == nil {
		return "-"
	}
	return *v
}

// plainOptions turns go-echarts' option structs into plain JSON values,
// so that the page can adjust them and encode them safely.
func plainOptions(o map[string]any) (map[string]any, error) {
	b, err := json.Marshal(o)
	if err != nil {
		return nil, err
	}
	var out map[string]any
	err = json.Unmarshal(b, &out)
	return out, err
}
