package reports

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"slices"

	"github.com/disdukcapil-bekasi/pantau/kpi"
	"github.com/disdukcapil-bekasi/pantau/kpi/kpiname"
	"github.com/disdukcapil-bekasi/pantau/planning"
	"github.com/disdukcapil-bekasi/pantau/reports/page"
)

// Planner is the planner's report: the blanko demand forecast per office
// with its intervals, the stock plan, stock-out dates and request quantities.
type Planner struct {
	opt   Options
	b     basics
	k     kpiSeries
	plans []StockPlan
	track []planning.TrackRow // planner_track.go
}

// BuildPlanner reads what the planner report shows from the warehouse.
func BuildPlanner(ctx context.Context, db *sql.DB, opt Options) (*Planner, error) {
	b, err := loadBasics(ctx, db, &opt)
	if err != nil {
		return nil, err
	}
	p := &Planner{opt: opt, b: b}
	p.k, err = computeSeries(ctx, db, opt.Settings, b.week, trendWeeks, []string{kpi.ScopeRegion, kpi.ScopeOffice},
		[]string{kpiname.BlankoStock, kpiname.PrintBacklog})
	if err != nil {
		return nil, err
	}
	if opt.Plan != nil {
		if p.plans, err = opt.Plan(ctx, db, b.week, true); err != nil {
			return nil, fmt.Errorf("blanko plan: %w", err)
		}
	}
	if p.track, err = readTrack(ctx, db, opt, b.week); err != nil {
		return nil, err
	}
	return p, nil
}

func (p *Planner) page() page.Page {
	l := p.opt.Lang
	period, asOf, generated := p.b.stamps(l, p.opt.Now)
	pg := page.Page{Lang: l, Org: l.T("org"), Title: l.T("planner.title"), Scope: p.b.scopeName(l, p.opt.Office),
		Period: period, DataAsOf: asOf, Generated: generated, NoScript: l.T("noscript"),
		Footer: []string{l.T("planner.footer"), l.T("footer.pantau")}}
	scope, id := kpi.ScopeRegion, p.opt.Settings.RegionCode
	if p.opt.Office != "" {
		scope, id = kpi.ScopeOffice, p.opt.Office
	}
	main := planFor(p.plans, scope, id)
	x := weekAxis(l, p.k.weeks)

	if region := planFor(p.plans, kpi.ScopeRegion, p.opt.Settings.RegionCode); region != nil && region.Distribution != nil {
		pg.Sections = append(pg.Sections, p.distributionSection(*region.Distribution))
	}
	sum := page.Section{ID: "rencana", Title: l.T("planner.summary")}
	if main == nil {
		sum.Blocks = append(sum.Blocks, page.Block{Paragraph: l.T("plan.none")})
	} else {
		sum.Blocks = append(sum.Blocks, page.Block{Cards: []page.Card{
			{Title: l.Label(kpiname.BlankoStock), Value: l.Number(main.Stock, 0)},
			{Title: l.Label(kpiname.PlanCardsOwed), Value: l.Number(main.Backlog, 0)},
			{Title: l.Label(kpiname.PlanOnOrder), Value: l.Number(main.OnOrder, 0)},
			{Title: l.Label(kpiname.WeeksOfCover), Value: weeksOfStockText(l, main.WeeksOfStock)},
			{Title: l.Label(kpiname.PlanStockOut), Value: stockOutText(l, main.StockOutWeek), Status: riskStatus(main)},
			{Title: l.Label(kpiname.PlanOrderQuantity), Value: l.Number(requestAfterDistribution(main), 0)},
		}})
		if backlog := p.k.at(scope, id, kpiname.PrintBacklog, -1); backlog != nil {
			sum.Blocks = append(sum.Blocks, page.Block{Paragraph: owedSentence(l, main.Backlog, *backlog), Class: "note"})
		}
		sum.Blocks = append(sum.Blocks, page.Block{Paragraph: l.Tf("planner.method", methodName(l, main.Model), l.Percent(main.ServiceLevel)), Class: "note"})
	}
	// Demand: its history, then the forecast of the same measure with its intervals.
	dc := p.demandChart(main, x)
	dc.Note = l.T("chart.demand.note")
	sum.Blocks = append(sum.Blocks, page.Block{Chart: dc})
	if main != nil && len(main.Weeks) > 0 {
		sum.Blocks = append(sum.Blocks, page.Block{Table: p.forecastTable(main)})
	}
	pg.Sections = append(pg.Sections, sum)

	offices := page.Section{ID: "kantor", Title: l.T("planner.offices")}
	offices.Blocks = append(offices.Blocks, page.Block{Table: p.officeTable()})
	pg.Sections = append(pg.Sections, offices)
	pg.Sections = append(pg.Sections, p.trackSection())
	return pg
}

// demandChart is the demand's history on the weeks x, then its forecast
// with the 80% and 95% intervals.
func (p *Planner) demandChart(main *StockPlan, x []string) *page.Chart {
	l := p.opt.Lang
	hist := make([]*float64, len(p.k.weeks))
	if main != nil {
		for i, w := range p.k.weeks {
			if j := slices.Index(main.HistoryWeeks, w); j >= 0 {
				hist[i] = ptr(main.History[j])
			}
		}
	}
	labels := slices.Clone(x)
	ss := []page.Series{{Name: l.Label(kpiname.PlanDemand), Values: hist}}
	if main != nil && len(main.Weeks) > 0 {
		n := len(main.Weeks)
		labels = append(labels, weekAxis(l, main.Weeks)...)
		ss[0].Values = append(slices.Clone(hist), make([]*float64, n)...)
		mk := func() []*float64 { return make([]*float64, len(x)+n) }
		point, lo95, w95, lo80, w80 := mk(), mk(), mk(), mk(), mk()
		for i := range n {
			j := len(x) + i
			point[j], lo95[j], w95[j] = ptr(main.Demand[i]), ptr(main.Lo95[i]), ptr(main.Hi95[i]-main.Lo95[i])
			lo80[j], w80[j] = ptr(main.Lo80[i]), ptr(main.Hi80[i]-main.Lo80[i])
		}
		ss = append(ss, page.Series{Name: l.T("s.forecast"), Values: point, Dashed: true, Color: "#d9822b"},
			page.Series{Name: "lo95", Values: lo95, Band: true, Stack: "b95", NoTable: true, Color: "#d9822b"},
			page.Series{Name: l.T("s.band95"), Values: w95, BandFill: true, Stack: "b95", NoTable: true, Color: "#d9822b"},
			page.Series{Name: "lo80", Values: lo80, Band: true, Stack: "b80", NoTable: true, Color: "#d9822b"},
			page.Series{Name: l.T("s.band80"), Values: w80, BandFill: true, Stack: "b80", NoTable: true, Color: "#d9822b"})
	}
	return page.NewChart(l, "chart-demand", l.T("chart.demand"), labels, ss, []page.Axis{{Name: l.T("axis.cards_week"), Format: "count"}}, func(int) string { return "cards" })
}

func coverText(l Lang, weeks float64) string {
	if weeks < 0 {
		return "∞"
	}
	return l.Number(weeks, 1) + " " + l.T("unit.weeks")
}

func stockOutText(l Lang, week string) string {
	if week == "" {
		return l.T("stockout.none")
	}
	return l.DateShort(mustMonday(week))
}

func riskStatus(p *StockPlan) string {
	switch r := p.stockOutRisk(); {
	case p.StockOutWeek != "" || r >= 0.5:
		return "red"
	case r >= 0.1:
		return "amber"
	}
	return "green"
}

// forecastTable lists the forecast weeks with their intervals and the projected stock.
func (p *Planner) forecastTable(sp *StockPlan) *page.Table {
	l := p.opt.Lang
	t := &page.Table{Caption: l.T("forecast.caption"), Head: []page.Cell{{Text: l.T("table.week")}, {Text: l.T("col.demand"), Class: "n"},
		{Text: l.T("col.interval80"), Class: "n"}, {Text: l.T("col.interval95"), Class: "n"}, {Text: l.T("col.projected"), Class: "n"},
		{Text: l.T("col.stockout_p"), Class: "n"}}}
	for i, w := range sp.Weeks {
		// The stock stops at zero; what demand it cannot meet is shown apart.
		cls, projected := "n", l.Number(sp.Projected[i], 0)
		if sp.Projected[i] < 0 {
			cls, projected = "n red", l.Tf("plan.short", l.Number(-sp.Projected[i], 0))
		}
		prob := ""
		if i < len(sp.StockOutProbability) {
			prob = l.Percent(sp.StockOutProbability[i])
		}
		t.Rows = append(t.Rows, []page.Cell{{Text: l.DateShort(mustMonday(w))},
			{Text: l.Number(sp.Demand[i], 0), Class: "n"},
			{Text: l.Number(sp.Lo80[i], 0) + "–" + l.Number(sp.Hi80[i], 0), Class: "n"},
			{Text: l.Number(sp.Lo95[i], 0) + "–" + l.Number(sp.Hi95[i], 0), Class: "n"},
			{Text: projected, Class: cls}, {Text: prob, Class: "n"}})
	}
	return t
}

// officeTable is the plan per office, the most urgent first.
func (p *Planner) officeTable() *page.Table {
	l := p.opt.Lang
	t := &page.Table{Empty: l.T("table.empty"), Note: l.T("planner.offices.note"), Head: []page.Cell{{Text: l.T("col.office")},
		{Text: l.Label(kpiname.BlankoStock), Class: "n"}, {Text: l.Label(kpiname.PlanCardsOwed), Class: "n"}, {Text: l.T("col.demand4"), Class: "n"},
		{Text: l.Label(kpiname.WeeksOfCover), Class: "n"}, {Text: l.Label(kpiname.PlanStockOut), Class: "n"}, {Text: l.T("col.risk"), Class: "n"},
		{Text: l.Label(kpiname.PlanOrderQuantity), Class: "n"}}}
	var rows []StockPlan
	for _, sp := range p.plans {
		if sp.Scope == kpi.ScopeOffice && (p.opt.Office == "" || sp.ScopeID == p.opt.Office) {
			rows = append(rows, sp)
		}
	}
	slices.SortStableFunc(rows, func(a, b StockPlan) int {
		if a.OrderQuantity != b.OrderQuantity {
			if a.OrderQuantity > b.OrderQuantity {
				return -1
			}
			return 1
		}
		if a.ScopeID < b.ScopeID {
			return -1
		}
		return 1
	})
	for _, sp := range rows {
		d4 := 0.0
		for i := 0; i < 4 && i < len(sp.Demand); i++ {
			d4 += sp.Demand[i]
		}
		name := sp.ScopeID
		if o, ok := p.b.officeByCode[sp.ScopeID]; ok {
			name = o.Short
		}
		t.Rows = append(t.Rows, []page.Cell{{Text: name}, {Text: l.Number(sp.Stock, 0), Class: "n"}, {Text: l.Number(sp.Backlog, 0), Class: "n"},
			{Text: l.Number(d4, 0), Class: "n"}, {Text: weeksOfStockText(l, sp.WeeksOfStock), Class: "n"},
			{Text: stockOutText(l, sp.StockOutWeek), Class: "n " + riskStatus(&sp)}, {Text: l.Percent(sp.stockOutRisk()), Class: "n"},
			{Text: l.Number(sp.OrderQuantity, 0), Class: "n"}})
	}
	if len(p.plans) == 0 {
		t.Empty = l.T("plan.none")
	}
	return t
}

// WriteHTML writes the report as one self-contained HTML file.
func (p *Planner) WriteHTML(out io.Writer, r *page.Renderer) error { return r.Render(out, p.page()) }
