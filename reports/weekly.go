package reports

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"math"
	"slices"
	"strings"

	"golang.org/x/sync/errgroup"

	"github.com/disdukcapil-bekasi/pantau/enums"
	"github.com/disdukcapil-bekasi/pantau/kpi"
	"github.com/disdukcapil-bekasi/pantau/kpi/kpiname"
	"github.com/disdukcapil-bekasi/pantau/planning"
	"github.com/disdukcapil-bekasi/pantau/reports/page"
)

// weeklyKPIs are the KPIs the leadership report shows.
var weeklyKPIs = []string{kpiname.Recordings, kpiname.Prints, kpiname.PrintBacklog, kpiname.PrintBacklogPRR, kpiname.BacklogAge,
	kpiname.OnTimeIssuance, kpiname.InterimIssued, kpiname.BlankoConsumed, kpiname.BlankoReceived, kpiname.BlankoStock, kpiname.WeeksOfCover,
	kpiname.ComplaintsReceived, kpiname.ComplaintsPer10k, kpiname.ResolutionDays, kpiname.SLAMetRate, kpiname.OpenComplaints, kpiname.PungliReports}

// Weekly is the leadership report of one week, for the region or an office.
type Weekly struct {
	opt     Options
	b       basics
	k       kpiSeries
	scope   string // region or office
	scopeID string
	onOrder []planning.PendingDelivery
	pungli  []kpi.PungliReport
	plan    *StockPlan
	plans   []StockPlan
	ikm     *weeklyIKM // nil without survey responses (weekly_ikm.go)
}

// BuildWeekly reads what the weekly report shows from the warehouse.
func BuildWeekly(ctx context.Context, db *sql.DB, opt Options) (*Weekly, error) {
	b, err := loadBasics(ctx, db, &opt)
	if err != nil {
		return nil, err
	}
	w := &Weekly{opt: opt, b: b, scope: kpi.ScopeRegion, scopeID: opt.Settings.RegionCode}
	if opt.Office != "" {
		w.scope, w.scopeID = kpi.ScopeOffice, opt.Office
	}
	// The four reads are independent: run at once, DuckDB's work in one
	// overlaps the Go work (forecasting, scanning rows) of the others.
	g, gctx := errgroup.WithContext(ctx)
	g.Go(func() (err error) {
		w.k, err = computeSeries(gctx, db, opt.Settings, b.week, trendWeeks, []string{kpi.ScopeRegion, kpi.ScopeOffice}, weeklyKPIs)
		return err
	})
	g.Go(func() (err error) {
		if w.onOrder, err = planning.OnOrder(gctx, db, opt.Settings, opt.Office, b.sunday); err != nil {
			return err
		}
		w.pungli, err = kpi.PungliReports(gctx, db, opt.Settings, b.week, opt.Office)
		return err
	})
	if opt.Plan != nil {
		g.Go(func() (err error) {
			// The offices' plans too: the region's narrative names the
			// offices whose stock runs out within the lead time.
			if w.plans, err = opt.Plan(gctx, db, b.week, true); err != nil {
				return fmt.Errorf("blanko plan: %w", err)
			}
			w.plan = planFor(w.plans, w.scope, w.scopeID)
			return nil
		})
	}
	g.Go(func() (err error) {
		w.ikm, err = loadWeeklyIKM(gctx, db, opt, w.scope, w.scopeID, b)
		return err
	})
	if err := g.Wait(); err != nil {
		return nil, err
	}
	return w, nil
}

// v returns the subject's value name series.
func (w *Weekly) v(name string) []*float64 { return w.k.get(w.scope, w.scopeID, name) }

// now and prev are the values of the reported week and the week before.
func (w *Weekly) now(name string) *float64  { return w.k.at(w.scope, w.scopeID, name, -1) }
func (w *Weekly) prev(name string) *float64 { return w.k.at(w.scope, w.scopeID, name, -2) }

// cardValues are the KPI values shown as cards, each titled by its label.
var cardValues = []string{kpiname.Recordings, kpiname.Prints, kpiname.PrintBacklog, kpiname.BacklogAgeMedian,
	kpiname.OnTimeIssuance, kpiname.BlankoStock, kpiname.WeeksOfCover, kpiname.ComplaintsReceived, kpiname.ResolutionDaysMedian,
	kpiname.SLAMetRate, kpiname.OpenComplaints, kpiname.PungliReports}

// cards are the KPI cards with week-over-week change and target status.
func (w *Weekly) cards() []page.Card {
	l := w.opt.Lang
	var out []page.Card
	for _, name := range cardValues {
		def, _ := kpi.Lookup(name)
		unit := def.UnitOf(name)
		cur, prev := w.now(name), w.prev(name)
		c := page.Card{Title: l.Label(name), Value: l.Value(cur, unit)}
		c.Change, c.ChangeClass = change(l, cur, prev, unit, def.LowerIsBetter)
		if def.Target != nil {
			st := def.Status(cur)
			c.Status = string(st)
			if st != kpi.StatusNone {
				c.StatusText = l.T("status."+string(st)) + " (" + l.T("target") + " " + targetText(l, def, unit) + ")"
			}
		}
		out = append(out, c)
	}
	return out
}

func targetText(l Lang, d kpi.Definition, unit string) string {
	op := "≥ "
	if d.LowerIsBetter {
		op = "≤ "
	}
	return op + l.Value(d.Target, unit)
}

// change writes the change from prev to cur as a card says it: "▼ 11
// (0,5%) dari pekan lalu", "= sama dengan pekan lalu" (only when equal). The class says whether the
// change is for the better.
func change(l Lang, cur, prev *float64, unit string, lowerIsBetter bool) (string, string) {
	text, class := changeShort(l, cur, prev, unit, lowerIsBetter)
	switch {
	case cur == nil || prev == nil:
		return text, class
	case class == "same":
		return l.T("change.same_week"), class
	}
	return text + " " + l.T("change.vs_last_week"), class
}

// changeShort writes the change from prev to cur as a table cell says it:
// "▼ 11 (0,5%)" for counts, the difference and its share of last week's
// value; for shares the difference in percentage points ("▼ 1,5 poin").
// "= sama" only when the two are equal: a change too small to show at the
// usual precision is written with more decimals, never as zero.
func changeShort(l Lang, cur, prev *float64, unit string, lowerIsBetter bool) (string, string) {
	if cur == nil || prev == nil {
		return l.T("change.none"), "same"
	}
	d := *cur - *prev
	if d == 0 {
		return l.T("change.same"), "same"
	}
	var amount string
	switch unit {
	case "share":
		amount = numberVisible(l, math.Abs(d)*100, 1) + " " + l.T("points")
	case "count", "cards":
		amount = numberVisible(l, math.Abs(d), 0) + changePercent(l, d, *prev)
	default:
		amount = valueVisible(l, math.Abs(d), unit) + changePercent(l, d, *prev)
	}
	arrow := "▲ "
	if d < 0 {
		arrow = "▼ "
	}
	class := "better"
	if (d > 0) == lowerIsBetter {
		class = "worse"
	}
	return arrow + amount, class
}

// numberVisible writes a positive v with decimals, or with up to three
// more where it would read as zero.
func numberVisible(l Lang, v float64, decimals int) string {
	for d := decimals; d <= decimals+3; d++ {
		if s := l.Number(v, d); strings.ContainsAny(s, "123456789") {
			return s
		}
	}
	return "< " + l.Number(math.Pow(10, -float64(decimals+3)), decimals+3)
}

// valueVisible is l.Value of a positive v in unit, never reading as zero.
func valueVisible(l Lang, v float64, unit string) string {
	s := l.Value(&v, unit)
	if strings.ContainsAny(s, "123456789") {
		return s
	}
	return strings.Replace(s, l.Number(v, 1), numberVisible(l, v, 1), 1)
}

// page builds the report page.
func (w *Weekly) page() page.Page {
	l := w.opt.Lang
	period, asOf, generated := w.b.stamps(l, w.opt.Now)
	p := page.Page{Lang: l, Org: l.T("org"), Title: l.T("weekly.title"), Scope: w.b.scopeName(l, w.opt.Office),
		Period: period, DataAsOf: asOf, Generated: generated, NoScript: l.T("noscript"),
		Footer: []string{l.T("weekly.footer"), l.T("footer.pantau")}}
	x := weekAxis(l, w.k.weeks)
	unit := func(name string) func(int) string {
		return func(int) string { d, _ := kpi.Lookup(name); return d.UnitOf(name) }
	}

	summary := page.Section{ID: "ringkasan", Title: l.T("weekly.summary")}
	summary.Blocks = append(summary.Blocks, page.Block{List: append(w.narrative(), w.ikm.sentences(l, w.officeShort)...)},
		page.Block{Cards: append(w.cards(), w.ikm.card(l)...)})
	p.Sections = append(p.Sections, summary)

	service := page.Section{ID: "layanan", Title: l.T("weekly.service")}
	service.Blocks = append(service.Blocks, page.Block{Chart: page.NewChart(l, "chart-service", l.T("chart.service"), x, []page.Series{
		{Name: l.Label(kpiname.Recordings), Values: w.v(kpiname.Recordings)},
		{Name: l.Label(kpiname.Prints), Values: w.v(kpiname.Prints)},
		{Name: l.Label(kpiname.PrintBacklog) + " " + l.T("axis.right"), Values: w.v(kpiname.PrintBacklog), Axis: 1, Dashed: true},
	}, []page.Axis{{Name: l.T("axis.per_week"), Format: "count"}, {Name: l.T("axis.backlog"), Format: "count"}}, unit(kpiname.Recordings))})
	service.Blocks = append(service.Blocks, page.Block{Chart: page.NewChart(l, "chart-backlog-age", l.T("chart.backlog_age"), x, []page.Series{
		{Name: l.Label(kpiname.BacklogAgeBucket0_5), Values: w.v(kpiname.BacklogAgeBucket0_5), Bar: true, Stack: "age", Color: "#9ecae1"},
		{Name: l.Label(kpiname.BacklogAgeBucket6_20), Values: w.v(kpiname.BacklogAgeBucket6_20), Bar: true, Stack: "age", Color: "#4292c6"},
		{Name: l.Label(kpiname.BacklogAgeBucket21_60), Values: w.v(kpiname.BacklogAgeBucket21_60), Bar: true, Stack: "age", Color: "#d9822b"},
		{Name: l.Label(kpiname.BacklogAgeBucketOver60), Values: w.v(kpiname.BacklogAgeBucketOver60), Bar: true, Stack: "age", Color: "#b3261e"},
	}, []page.Axis{{Name: l.T("axis.applications"), Format: "count"}}, unit(kpiname.BacklogAgeBucket0_5))})
	p.Sections = append(p.Sections, service)

	p.Sections = append(p.Sections, w.blankoSection(x))
	p.Sections = append(p.Sections, w.complaintSection(x))
	p.Sections = append(p.Sections, w.officeSection())
	return p
}

func (w *Weekly) blankoSection(x []string) page.Section {
	l := w.opt.Lang
	s := page.Section{ID: "blanko", Title: l.T("weekly.blanko")}
	labels := slices.Clone(x)
	pad := func(vs []*float64) []*float64 { return vs }
	stockSeries := []page.Series{
		{Name: l.Label(kpiname.BlankoStock), Values: w.v(kpiname.BlankoStock), Color: "#0b4f8a"},
		{Name: l.Label(kpiname.BlankoReceived), Values: w.v(kpiname.BlankoReceived), Bar: true, Color: "#2e7d4f"},
		{Name: l.Label(kpiname.BlankoConsumed), Values: w.v(kpiname.BlankoConsumed), Bar: true, Color: "#d9822b"},
	}
	if p := w.plan; p != nil && len(p.Weeks) > 0 {
		n := len(p.Weeks)
		labels = append(labels, weekAxis(l, p.Weeks)...)
		pad = func(vs []*float64) []*float64 { return append(slices.Clone(vs), make([]*float64, n)...) }
		for i := range stockSeries {
			stockSeries[i].Values = pad(stockSeries[i].Values)
		}
		proj := make([]*float64, len(x)+n)
		lo := make([]*float64, len(x)+n)
		width := make([]*float64, len(x)+n)
		// The projection stops at zero: cards short are drawn apart, as
		// demand the stock cannot meet, never as a negative stock.
		short := make([]*float64, len(x)+n)
		anyShort := false
		at := func(i int, v float64) {
			proj[i] = ptr(max(0, v))
			if v < 0 {
				short[i], anyShort = ptr(-v), true
			}
		}
		if s := w.now(kpiname.BlankoStock); s != nil {
			at(len(x)-1, *s-p.Backlog)
		}
		for i := range n {
			at(len(x)+i, p.Projected[i])
			lo[len(x)+i] = ptr(max(0, p.ProjectedLo[i]))
			width[len(x)+i] = ptr(max(0, p.ProjectedHi[i]) - max(0, p.ProjectedLo[i]))
		}
		if anyShort {
			stockSeries = append(stockSeries, page.Series{Name: l.T("s.shortfall"), Values: short, Bar: true, Color: "#b3261e"})
		}
		stockSeries = append(stockSeries,
			page.Series{Name: l.T("s.projected"), Values: proj, Dashed: true, Color: "#6a4c93"},
			page.Series{Name: l.T("s.band_lo"), Values: lo, Band: true, Stack: "band", NoTable: true, Color: "#6a4c93"},
			page.Series{Name: l.T("s.band"), Values: width, BandFill: true, Stack: "band", NoTable: true, Color: "#6a4c93"})
	}
	c := page.NewChart(l, "chart-blanko", l.T("chart.blanko"), labels, stockSeries,
		[]page.Axis{{Name: l.T("axis.cards"), Format: "count"}}, func(int) string { return "cards" })
	c.Tall = true
	if w.plan != nil {
		c.Note = l.T("chart.blanko.note")
	}
	s.Blocks = append(s.Blocks, page.Block{Paragraph: w.stockOutSentence()}, page.Block{Chart: c})
	s.Blocks = append(s.Blocks, page.Block{Table: w.onOrderTable()})
	return s
}

// onOrderTable lists the deliveries requested and not yet received.
func (w *Weekly) onOrderTable() *page.Table {
	l := w.opt.Lang
	t := &page.Table{Caption: l.T("onorder.caption"), Empty: l.T("onorder.none"), Head: []page.Cell{
		{Text: l.T("col.requested")}, {Text: l.T("col.office")}, {Text: l.T("col.source")}, {Text: l.T("col.reference")}, {Text: l.T("col.quantity"), Class: "n"}}}
	for _, d := range w.onOrder {
		q := "–" // the request names no quantity
		if d.Quantity > 0 {
			q = l.Number(d.Quantity, 0)
		}
		t.Rows = append(t.Rows, []page.Cell{{Text: l.DateShort(d.RequestedAt)}, {Text: w.officeShort(d.OfficeCode)},
			{Text: l.T("source." + d.Source)}, {Text: d.Reference}, {Text: q, Class: "n"}})
	}
	return t
}

func (w *Weekly) officeName(code string) string {
	if o, ok := w.b.officeByCode[code]; ok {
		return o.Name
	}
	return code
}

// officeShort is the office's short name, for tables.
func (w *Weekly) officeShort(code string) string {
	if o, ok := w.b.officeByCode[code]; ok {
		return o.Short
	}
	return code
}

// stockOutSentence says when the stock runs out and what to request.
func (w *Weekly) stockOutSentence() string {
	l := w.opt.Lang
	p := w.plan
	if p == nil {
		return l.T("plan.none")
	}
	// A kecamatan desk asks the Dinas; the region (after the week's
	// distribution) and the Dinas ask the ministry.
	suffix := ""
	if o, ok := w.b.officeByCode[w.opt.Office]; ok && w.opt.Office != "" && o.Type != "dinas" {
		suffix = ".office"
	}
	request := l.Number(requestAfterDistribution(p), 0)
	if p.StockOutWeek == "" {
		return l.Tf("plan.no_stockout"+suffix, len(p.Weeks), request)
	}
	monday := mustMonday(p.StockOutWeek)
	return l.Tf("plan.stockout"+suffix, l.WeekLabel(p.StockOutWeek), l.Date(monday), l.Percent(p.stockOutRisk()), request)
}

func (w *Weekly) complaintSection(x []string) page.Section {
	l := w.opt.Lang
	s := page.Section{ID: "pengaduan", Title: l.T("weekly.complaints")}
	var cats []page.Series
	colors := []string{"#b3261e", "#d9822b", "#0b4f8a", "#6a4c93", "#c9a227", "#2e7d4f", "#7a7a7a"}
	for i, c := range enums.Values(enums.ComplaintCategory) {
		cats = append(cats, page.Series{Name: l.T("cat." + c), Values: w.v(kpiname.ComplaintsReceived + ".category." + c), Bar: true, Stack: "cat", Color: colors[i]})
	}
	s.Blocks = append(s.Blocks, page.Block{Chart: page.NewChart(l, "chart-complaints", l.T("chart.complaints"), x, cats,
		[]page.Axis{{Name: l.T("axis.complaints"), Format: "count"}}, func(int) string { return "count" })})
	// Weeks of fewer resolved complaints than MinItems are points with
	// their count, not a trend.
	minItems := w.opt.Settings.MinItemsOrDefault()
	resolved := w.v(kpiname.ResolutionDaysResolved)
	few := func(s page.Series) []page.Series {
		return page.SplitFew(s, resolved, minItems, l.Tf("s.few", minItems), func(n float64) string { return l.Number(n, 0) })
	}
	var rs []page.Series
	rs = append(rs, few(page.Series{Name: l.Label(kpiname.ResolutionDaysMedian), Values: w.v(kpiname.ResolutionDaysMedian), Color: "#0b4f8a"})...)
	rs = append(rs, few(page.Series{Name: l.Label(kpiname.ResolutionDaysP90), Values: w.v(kpiname.ResolutionDaysP90), Dashed: true, Color: "#d9822b"})...)
	rs = append(rs, few(page.Series{Name: l.Label(kpiname.SLAMetRate) + " " + l.T("axis.right"), Values: w.v(kpiname.SLAMetRate), Axis: 1, Color: "#2e7d4f"})...)
	rc := page.NewChart(l, "chart-resolution", l.T("chart.resolution"), x, rs,
		[]page.Axis{{Name: l.T("axis.workdays"), Format: "decimal"}, {Name: l.T("axis.sla"), Format: "share1", Min: ptr(0)}},
		func(a int) string {
			if a == 1 {
				return "share"
			}
			return "workdays"
		})
	rc.Note = l.Tf("chart.resolution.note", minItems)
	s.Blocks = append(s.Blocks, page.Block{Chart: rc})
	// Pungli: the week's reports, without text or names.
	s.Blocks = append(s.Blocks, page.Block{Paragraph: w.pungliSentence()})
	t := &page.Table{Caption: l.T("pungli.caption"), Empty: l.T("pungli.none"), Head: []page.Cell{
		{Text: l.T("col.received")}, {Text: l.T("col.id")}, {Text: l.T("col.channel")}, {Text: l.T("col.office")}, {Text: l.T("col.status")}}}
	for _, p := range w.pungli {
		t.Rows = append(t.Rows, []page.Cell{{Text: l.DateShort(p.Received)}, {Text: p.ID}, {Text: l.T("channel." + p.Channel)},
			{Text: w.officeShort(p.Office)}, {Text: l.T("cstatus." + p.Status)}})
	}
	s.Blocks = append(s.Blocks, page.Block{Table: t})
	return s
}

func (w *Weekly) pungliSentence() string {
	l := w.opt.Lang
	n, open := w.now(kpiname.PungliReports), w.now(kpiname.PungliReportsOpen)
	if n == nil || *n == 0 {
		return l.T("pungli.zero")
	}
	o := 0.0
	if open != nil {
		o = *open
	}
	return l.Tf("pungli.some", l.Number(*n, 0), l.Number(o, 0))
}

// officeSection ranks the offices by print backlog.
func (w *Weekly) officeSection() page.Section {
	l := w.opt.Lang
	s := page.Section{ID: "kantor", Title: l.T("weekly.offices")}
	ageDef, _ := kpi.Lookup(kpiname.BacklogAge)
	slaDef, _ := kpi.Lookup(kpiname.SLAMetRate)
	t := &page.Table{Empty: l.T("table.empty"), Head: []page.Cell{{Text: "#", Class: "n"}, {Text: l.T("col.office")},
		{Text: l.Label(kpiname.PrintBacklog), Class: "n"}, {Text: l.T("col.backlog_change"), Class: "n"}, {Text: l.Label(kpiname.BacklogAgeMedian), Class: "n"},
		{Text: l.Label(kpiname.BacklogAgeBucketOver60), Class: "n"}, {Text: l.Label(kpiname.BlankoStock), Class: "n"}, {Text: l.Label(kpiname.ComplaintsPer10k), Class: "n"},
		{Text: l.Label(kpiname.SLAMetRate), Class: "n"}}, Note: l.T("offices.note"), Keys: 2}
	type row struct {
		o       office
		backlog float64
	}
	var rows []row
	for _, o := range w.b.offices {
		b := w.k.at(kpi.ScopeOffice, o.Code, kpiname.PrintBacklog, -1)
		rec := w.k.at(kpi.ScopeOffice, o.Code, kpiname.Recordings, -1)
		c := w.k.at(kpi.ScopeOffice, o.Code, kpiname.ComplaintsReceived, -1)
		if (b == nil || *b == 0) && (rec == nil || *rec == 0) && (c == nil || *c == 0) {
			continue // an office with nothing this week (online, idle mobile units)
		}
		v := 0.0
		if b != nil {
			v = *b
		}
		rows = append(rows, row{o, v})
	}
	slices.SortStableFunc(rows, func(a, b row) int {
		if a.backlog != b.backlog {
			if a.backlog > b.backlog {
				return -1
			}
			return 1
		}
		return strings.Compare(a.o.Code, b.o.Code)
	})
	for i, r := range rows {
		at := func(name string) *float64 { return w.k.at(kpi.ScopeOffice, r.o.Code, name, -1) }
		ch, cls := changeShort(l, at(kpiname.PrintBacklog), w.k.at(kpi.ScopeOffice, r.o.Code, kpiname.PrintBacklog, -2), "count", true)
		age, sla := at(kpiname.BacklogAgeMedian), at(kpiname.SLAMetRate)
		name := r.o.Short
		if r.o.Code == w.opt.Office {
			name = "► " + name
		}
		t.Rows = append(t.Rows, []page.Cell{
			{Text: l.Number(float64(i+1), 0), Class: "n"}, {Text: name},
			{Text: l.Value(at(kpiname.PrintBacklog), "count"), Class: "n"}, {Text: ch, Class: "n " + cls},
			{Text: l.Value(age, "workdays"), Class: "n " + string(ageDef.Status(age))},
			{Text: l.Value(at(kpiname.BacklogAgeBucketOver60), "count"), Class: "n"},
			{Text: l.Value(at(kpiname.BlankoStock), "cards"), Class: "n"},
			{Text: l.Value(at(kpiname.ComplaintsPer10k), "per_10k"), Class: "n"},
			w.slaCell(r.o.Code, sla, slaDef),
		})
	}
	s.Blocks = append(s.Blocks, page.Block{Table: t})
	return s
}

// slaCell is an office's SLA rate coloured by its target, or, from fewer
// resolved complaints than MinItems, uncoloured with their count:
// "75,0% (dari 4)".
func (w *Weekly) slaCell(code string, sla *float64, def kpi.Definition) page.Cell {
	l := w.opt.Lang
	n := w.k.at(kpi.ScopeOffice, code, kpiname.ResolutionDaysResolved, -1)
	if sla != nil && (n == nil || *n < float64(w.opt.Settings.MinItemsOrDefault())) {
		count := 0.0
		if n != nil {
			count = *n
		}
		return page.Cell{Text: l.Value(sla, "share") + " " + l.Tf("few.of", l.Number(count, 0)), Class: "n"}
	}
	return page.Cell{Text: l.Value(sla, "share"), Class: "n " + string(def.Status(sla))}
}

// WriteHTML writes the report as one self-contained HTML file.
func (w *Weekly) WriteHTML(out io.Writer, r *page.Renderer) error {
	return r.Render(out, w.page())
}
