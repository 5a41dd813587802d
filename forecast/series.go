package forecast

import (
	"cmp"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
)

// ParseError is bad input to RunSeries, positioned as name:line:column.
// Column is the header name of the offending field ("value"), "header" for
// the header row, or the 1-based column number for a CSV syntax error.
type ParseError struct {
	Name   string
	Line   int
	Column string
	Reason string
}

func (e *ParseError) Error() string {
	return fmt.Sprintf("%s:%d:%s: %s", e.Name, e.Line, e.Column, e.Reason)
}

// maxParseErrors is how many bad rows RunSeries reports before giving up:
// enough to fix a file in one pass, few enough to read.
const maxParseErrors = 10

// observation is one parsed row.
type observation struct {
	t     int64 // an integer t, or days since 1970-01-01 for a date
	value float64
	line  int
	// calendar is the row's working days (-1 when not given); future is
	// set for a row without a value, which only gives the calendar of a
	// period to forecast.
	calendar float64
	future   bool
}

// seriesData gathers the rows of one series in file order.
type seriesData struct {
	id     string
	isDate bool
	rows   []observation
	seen   map[int64]int // t → line, to report duplicates
}

// RunSeries forecasts every series of a long-format CSV and writes the
// forecasts. It serves `pantau forecast series`.
//
// The input needs a header naming the columns series_id, t and value (in any
// order; other columns are ignored). t is an integer or a date (YYYY-MM-DD),
// the same kind within a series; rows are sorted by t within each series,
// gaps are not filled, and a repeated t is an error. The series are
// forecast h steps together by AutoPanel with the default Options: the
// global model fitted across them joins each one's candidates.
//
// An optional column calendar gives each period's working days (see
// Options.Calendar): a row may then leave value empty to give the calendar
// of a period to forecast, after the series' last value; forecast periods
// without one count as typical, and so does a row with an empty calendar.
//
// The output has one row per series and step, series in order of first
// appearance: series_id, step, point, lo80, hi80, lo95, hi95, model. format
// "csv" (or "") writes CSV with that header; "json" writes an array of
// objects with those keys. Numbers carry 8 significant digits.
//
// Bad input returns *ParseError values (up to ten, joined with errors.Join)
// positioned as name:line:column, e.g. `in.csv:12:value: "abc" is not a
// number`; nothing is written then.
func RunSeries(ctx context.Context, in io.Reader, name string, out io.Writer, h int, format string) error {
	if format != "" && format != "csv" && format != "json" {
		return fmt.Errorf("forecast series: format %q is not csv or json", format)
	}
	if h < 1 {
		return fmt.Errorf("forecast series: horizon %d is not positive", h)
	}
	series, err := readSeries(ctx, in, name)
	if err != nil {
		return err
	}
	panel := make([]PanelSeries, len(series))
	var errs []error
	for i, s := range series {
		slices.SortFunc(s.rows, func(a, b observation) int { return cmp.Compare(a.t, b.t) })
		var err error
		if panel[i], err = s.panelSeries(name, h); err != nil {
			errs = append(errs, err)
		}
	}
	if len(errs) > 0 {
		return errors.Join(errs...)
	}
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("forecast series: %w", err)
	}
	forecasts := AutoPanel(panel, h, Options{})
	rows := make([]outputRow, 0, len(series)*h)
	for i, s := range series {
		f := forecasts[i]
		for k := range h {
			rows = append(rows, outputRow{SeriesID: s.id, Step: k + 1, Point: round(f.Point[k]), Lo80: round(f.Lo80[k]),
				Hi80: round(f.Hi80[k]), Lo95: round(f.Lo95[k]), Hi95: round(f.Hi95[k]), Model: f.Model})
		}
	}
	if format == "json" {
		return writeJSON(out, rows)
	}
	return writeCSV(out, rows)
}

// panelSeries is the series' values and, when the input has a calendar
// column, its calendar: the values' periods, then up to h periods to
// forecast. A row without a value before the series' last value is an
// error.
func (s *seriesData) panelSeries(name string, h int) (PanelSeries, error) {
	var p PanelSeries
	var future []float64
	withCalendar := false
	for _, o := range s.rows {
		withCalendar = withCalendar || o.calendar >= 0 || o.future
		if o.future {
			future = append(future, o.calendar)
			continue
		}
		if len(future) > 0 {
			return PanelSeries{}, &ParseError{Name: name, Line: o.line, Column: "value",
				Reason: fmt.Sprintf("series %q has a period without a value before this one: only periods after its last value may leave it empty", s.id)}
		}
		p.Y = append(p.Y, o.value)
		p.Calendar = append(p.Calendar, o.calendar)
	}
	if !withCalendar {
		return PanelSeries{Y: p.Y}, nil
	}
	p.Calendar = append(p.Calendar, future[:min(len(future), h)]...)
	return p, nil
}

// readSeries parses the long format, collecting positioned errors: the
// header, then each row into its series, giving up after maxParseErrors.
func readSeries(ctx context.Context, in io.Reader, name string) ([]*seriesData, error) {
	r := csv.NewReader(in)
	r.FieldsPerRecord = -1
	columns, err := readHeader(r, name)
	if err != nil {
		return nil, err
	}
	sr := &seriesReader{name: name, r: r, columns: columns, byID: map[string]*seriesData{}}
	var errs []error
	for len(errs) < maxParseErrors {
		if err := ctx.Err(); err != nil {
			return nil, fmt.Errorf("read %s: %w", name, err)
		}
		record, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			errs = append(errs, csvError(name, err))
			break
		}
		if err := sr.add(record); err != nil {
			errs = append(errs, err)
		}
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return sr.series, nil
}

// readHeader finds the columns series_id, t and value (case and a UTF-8
// byte-order mark aside; the first of repeated names counts).
func readHeader(r *csv.Reader, name string) (map[string]int, error) {
	header, err := r.Read()
	if errors.Is(err, io.EOF) {
		return nil, &ParseError{Name: name, Line: 1, Column: "header", Reason: "empty input, want a header series_id,t,value"}
	}
	if err != nil {
		return nil, csvError(name, err)
	}
	index := map[string]int{"series_id": -1, "t": -1, "value": -1, "calendar": -1}
	for i, cell := range header {
		key := strings.ToLower(strings.TrimSpace(strings.TrimPrefix(cell, "\ufeff")))
		if j, ok := index[key]; ok && j < 0 {
			index[key] = i
		}
	}
	var errs []error
	for _, key := range []string{"series_id", "t", "value"} {
		if index[key] < 0 {
			errs = append(errs, &ParseError{Name: name, Line: 1, Column: "header", Reason: fmt.Sprintf("missing column %q", key)})
		}
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return index, nil
}

// seriesReader gathers the rows of a long-format file into series.
type seriesReader struct {
	name    string
	r       *csv.Reader
	columns map[string]int // column name → field index
	byID    map[string]*seriesData
	series  []*seriesData // in order of first appearance
}

// field returns the named field of a record and its line; false when the
// record is too short to hold it.
func (sr *seriesReader) field(record []string, line int, key string) (string, int, bool) {
	i := sr.columns[key]
	if i >= len(record) {
		return "", line, false
	}
	l, _ := sr.r.FieldPos(i)
	return record[i], l, true
}

func (sr *seriesReader) fail(line int, column, reason string, args ...any) error {
	return &ParseError{Name: sr.name, Line: line, Column: column, Reason: fmt.Sprintf(reason, args...)}
}

// add parses one record and adds it to its series.
func (sr *seriesReader) add(record []string) error {
	line, _ := sr.r.FieldPos(0)
	id, idLine, ok := sr.field(record, line, "series_id")
	if !ok || strings.TrimSpace(id) == "" {
		return sr.fail(idLine, "series_id", "empty series id")
	}
	tText, tLine, ok := sr.field(record, line, "t")
	if !ok {
		return sr.fail(tLine, "t", "missing")
	}
	t, isDate, ok := parseTime(tText)
	if !ok {
		return sr.fail(tLine, "t", "%q is not an integer or a YYYY-MM-DD date", tText)
	}
	calendar := -1.0
	if sr.columns["calendar"] >= 0 {
		if text, calLine, ok := sr.field(record, line, "calendar"); ok && strings.TrimSpace(text) != "" {
			c, err := strconv.ParseFloat(strings.TrimSpace(text), 64)
			if err != nil || !(c >= 0) || math.IsInf(c, 0) {
				return sr.fail(calLine, "calendar", "%q is not a number of working days (0 or more)", text)
			}
			calendar = c
		}
	}
	valueText, valueLine, ok := sr.field(record, line, "value")
	if !ok {
		return sr.fail(valueLine, "value", "missing")
	}
	if strings.TrimSpace(valueText) == "" && calendar >= 0 {
		return sr.store(id, tText, tLine, observation{t: t, line: line, calendar: calendar, future: true}, isDate)
	}
	value, err := strconv.ParseFloat(strings.TrimSpace(valueText), 64)
	if err != nil && !errors.Is(err, strconv.ErrRange) {
		return sr.fail(valueLine, "value", "%q is not a number", valueText)
	}
	if math.IsNaN(value) || math.IsInf(value, 0) {
		return sr.fail(valueLine, "value", "%q is not a finite number", valueText)
	}
	return sr.store(id, tText, tLine, observation{t: t, value: value, line: line, calendar: calendar}, isDate)
}

// store adds an observation to its series, which must keep one kind of t
// and no repeated t.
func (sr *seriesReader) store(id, tText string, tLine int, o observation, isDate bool) error {
	s := sr.byID[id]
	if s == nil {
		s = &seriesData{id: id, isDate: isDate, seen: map[int64]int{}}
		sr.byID[id] = s
		sr.series = append(sr.series, s)
	}
	if s.isDate != isDate {
		kind := "an integer"
		if s.isDate {
			kind = "a date"
		}
		return sr.fail(tLine, "t", "%q is not %s like the earlier t of series %q", tText, kind, id)
	}
	if first, dup := s.seen[o.t]; dup {
		return sr.fail(tLine, "t", "t %s of series %q already given on line %d", strings.TrimSpace(tText), id, first)
	}
	s.seen[o.t] = o.line
	s.rows = append(s.rows, o)
	return nil
}

// parseTime reads t as an integer or an ISO date.
func parseTime(text string) (t int64, isDate, ok bool) {
	text = strings.TrimSpace(text)
	if i, err := strconv.ParseInt(text, 10, 64); err == nil {
		return i, false, true
	}
	if d, err := time.Parse(time.DateOnly, text); err == nil {
		return d.Unix() / 86400, true, true
	}
	return 0, false, false
}

// csvError positions a syntax error of encoding/csv.
func csvError(name string, err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return &ParseError{Name: name, Line: pe.Line, Column: strconv.Itoa(pe.Column), Reason: pe.Err.Error()}
	}
	return fmt.Errorf("read %s: %w", name, err)
}

// round keeps 8 significant digits, so that output files are short and do
// not change with the last bits of the arithmetic.
func round(v float64) float64 {
	r, err := strconv.ParseFloat(strconv.FormatFloat(v, 'g', 8, 64), 64)
	if err != nil {
		return v
	}
	return r
}

// outputRow is one forecast step of one series, in the output's column order.
type outputRow struct {
	SeriesID string  `json:"series_id"`
	Step     int     `json:"step"`
	Point    float64 `json:"point"`
	Lo80     float64 `json:"lo80"`
	Hi80     float64 `json:"hi80"`
	Lo95     float64 `json:"lo95"`
	Hi95     float64 `json:"hi95"`
	Model    string  `json:"model"`
}

func writeCSV(out io.Writer, rows []outputRow) error {
	w := csv.NewWriter(out)
	w.Write([]string{"series_id", "step", "point", "lo80", "hi80", "lo95", "hi95", "model"})
	number := func(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }
	for _, r := range rows {
		w.Write([]string{r.SeriesID, strconv.Itoa(r.Step), number(r.Point), number(r.Lo80), number(r.Hi80),
			number(r.Lo95), number(r.Hi95), r.Model})
	}
	w.Flush()
	if err := w.Error(); err != nil {
		return fmt.Errorf("write forecasts: %w", err)
	}
	return nil
}

func writeJSON(out io.Writer, rows []outputRow) error {
	data, err := json.MarshalIndent(rows, "", "  ")
	if err != nil {
		return fmt.Errorf("write forecasts: %w", err)
	}
	if _, err := out.Write(append(data, '\n')); err != nil {
		return fmt.Errorf("write forecasts: %w", err)
	}
	return nil
}
