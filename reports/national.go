package reports

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"time"

	"github.com/disdukcapil-bekasi/pantau/kpi"
	"github.com/disdukcapil-bekasi/pantau/kpi/kpiname"
	"github.com/disdukcapil-bekasi/pantau/planning"
	"github.com/disdukcapil-bekasi/pantau/reports/page"
)

// National is the province and national report: the scope's pooled KPIs,
// its regions ranked by print backlog per 10,000 people beside backlog age,
// complaint SLA and weeks of blanko cover (regions with too few cases shown
// but not ranked), the backlog trend of the worst ten as small multiples,
// the blanko allocation of a supply, and the rise in substitute letters
// (Suket) as the stock-out signal. Every figure comes from a metrics
// function; rates are summed numerators over summed denominators.
type National struct {
	opt       Options
	week      string
	province  string // "" for the nation
	scope     string // kpi.ScopeProvince or kpi.ScopeNational
	scopeID   string
	scopeName string
	regions   []planning.RegionInfo // in scope, by code
	k         kpiSeries
	rate      map[string][]*float64 // per region code and the scope id, one per week
	rows      []nationalRow         // ranked first, then the unranked
	signals   map[string]planning.SuketSignal
	suketWeek [2]string // recent, prior
	alloc     *planning.Allocation
	dataAsOf  time.Time
	hasData   bool
}

// nationalRow is one region of the ranking table.
type nationalRow struct {
	region planning.RegionInfo
	// rank is by backlog per 10,000 (0: not ranked); why says why not.
	rank       int
	why        string
	recordings float64
	// resolved is the complaints resolved in the week (the SLA's count).
	resolved float64
	// rate, age, sla, cover are the week's figures; their ranks among the
	// ranked regions by each figure's own direction (0: not ranked).
	rate, age, sla, cover       *float64
	ageRank, slaRank, coverRank int
	backlog                     *float64
}

// DefaultMinRecordings is the fewest KTP-el recordings in the week a region
// needs to be ranked: below it, its rates move with a handful of cases.
const DefaultMinRecordings = 30

// nationalKPIs are the KPIs the report reads for the regions and the scope.
var nationalKPIs = []string{kpiname.PrintBacklog, kpiname.BacklogAge, kpiname.SLAMetRate, kpiname.ResolutionDays, kpiname.WeeksOfCover, kpiname.BlankoStock, kpiname.Recordings, kpiname.InterimIssued}

// nationalCards are the scope's cards, in order; the rate is the measure
// planning.BacklogRateMeasure.
var nationalCards = []string{kpiname.PrintBacklog, planning.BacklogRateMeasure, kpiname.BacklogAgeMedian, kpiname.SLAMetRate,
	kpiname.BlankoStock, kpiname.WeeksOfCover, kpiname.Recordings, kpiname.InterimIssuedShare}

// worstShown is how many regions the trend's small multiples show.
const worstShown = 10

// suketAlarm is the rise in the share of substitute letters (in share
// points: 0.05 is five percentage points) that the report marks red.
const suketAlarm = 0.05

// ErrUnknownProvince reports a --province with no region with facts.
var ErrUnknownProvince = errors.New("no region with data in province")

// BuildNational reads the province (opt.Province) or national report of
// opt.Week from the warehouse.
func BuildNational(ctx context.Context, db *sql.DB, opt Options) (*National, error) {
	if opt.Lang == "" {
		opt.Lang = Indonesian
	}
	if opt.MinRecordings == 0 {
		opt.MinRecordings = DefaultMinRecordings
	}
	n := &National{opt: opt, province: opt.Province, scope: kpi.ScopeNational, scopeID: kpi.NationalID}
	n.week = opt.Week
	if n.week == "" {
		w, err := kpi.LatestWeek(ctx, db)
		if err != nil {
			return nil, err
		}
		n.week = w
	}
	monday, err := kpi.ParseWeek(n.week)
	if err != nil {
		return nil, err
	}
	if err := n.readRegions(ctx, db); err != nil {
		return nil, err
	}
	codes := n.codes()
	if err := n.readFigures(ctx, db, codes); err != nil {
		return nil, err
	}
	if err := n.readSignals(ctx, db, codes); err != nil {
		return nil, err
	}
	n.rank()
	if opt.Allocate != nil && len(codes) > 0 {
		ao := *opt.Allocate
		ao.By, ao.Regions, ao.AsOf = kpi.ScopeRegion, codes, monday.AddDate(0, 0, 6)
		al, err := planning.Allocate(ctx, db, opt.Settings, ao)
		if err != nil {
			return nil, fmt.Errorf("allocation: %w", err)
		}
		n.alloc = &al
	}
	if len(codes) > 0 {
		if n.dataAsOf, n.hasData, err = planning.DataAsOfRegions(ctx, db, codes, monday.AddDate(0, 0, 7)); err != nil {
			return nil, err
		}
	}
	return n, nil
}

// readRegions reads the regions the report covers (one province's, or all)
// and names its scope.
func (n *National) readRegions(ctx context.Context, db *sql.DB) error {
	all, err := planning.RegionsInfo(ctx, db)
	if err != nil {
		return err
	}
	for _, r := range all {
		if n.opt.Province == "" || r.ProvinceCode == n.opt.Province {
			n.regions = append(n.regions, r)
		}
	}
	n.scopeName = "Indonesia"
	if n.opt.Province != "" {
		if len(n.regions) == 0 {
			return fmt.Errorf("%w %q", ErrUnknownProvince, n.opt.Province)
		}
		n.scope, n.scopeID = kpi.ScopeProvince, n.opt.Province
		if n.scopeName, err = planning.ProvinceName(ctx, db, n.opt.Province); err != nil {
			return err
		}
	}
	return nil
}

// readSignals reads the Suket signal of each region and of the scope (the
// sums of its regions').
func (n *National) readSignals(ctx context.Context, db *sql.DB, codes []string) error {
	var err error
	// The scope's from its regions' rows: over many lakes, the province
	// and national rows are pooled only for the cards' two weeks.
	n.signals, n.suketWeek[0], n.suketWeek[1], err = planning.SuketSignals(ctx, db, n.opt.Settings, kpi.ScopeRegion, codes, n.week, n.scopeID)
	return err
}

func (n *National) codes() []string {
	var out []string
	for _, r := range n.regions {
		out = append(out, r.Code)
	}
	return out
}

// readFigures reads the regions' and the scope's KPIs and backlog rates for
// the trend's weeks.
func (n *National) readFigures(ctx context.Context, db *sql.DB, codes []string) error {
	var err error
	n.k, err = readSeries(ctx, db, n.opt.Settings, n.week, trendWeeks, []string{kpi.ScopeRegion, n.scope}, nationalKPIs, codes)
	if err != nil {
		return err
	}
	n.rate = map[string][]*float64{}
	if len(codes) == 0 {
		return nil
	}
	rates, err := planning.BacklogPer10k(ctx, db, n.k.weeks[0], n.week, codes)
	if err != nil {
		return err
	}
	for _, r := range rates {
		id := r.ScopeID
		if r.Scope == kpi.ScopeNational { // the sum of the regions read: the scope's own rate
			id = n.scopeID
		} else if r.Scope != kpi.ScopeRegion {
			continue
		}
		if n.rate[id] == nil {
			n.rate[id] = make([]*float64, len(n.k.weeks))
		}
		if i, ok := n.k.index[r.Week]; ok {
			n.rate[id][i] = ptr(r.Value)
		}
	}
	return nil
}

// rateAt is a unit's backlog per 10,000 in week i (negative: from the end).
func (n *National) rateAt(id string, i int) *float64 {
	s := n.rate[id]
	if i < 0 {
		i += len(n.k.weeks)
	}
	if s == nil || i < 0 || i >= len(s) {
		return nil
	}
	return s[i]
}

// rank builds the ranking table: a region is ranked when it recorded at
// least MinRecordings KTP-el applications in the week and its population
// is known; each column is ranked among the ranked regions by its own
// direction, and a column with nothing to measure (no complaint resolved:
// no SLA) is left unranked for that region.
func (n *National) rank() {
	n.rows = nil
	for _, r := range n.regions {
		n.rows = append(n.rows, n.regionRow(r))
	}
	eligible := make([]bool, len(n.rows))
	col := func(f func(nationalRow) *float64) []*float64 {
		out := make([]*float64, len(n.rows))
		for i, r := range n.rows {
			out[i] = f(r)
		}
		return out
	}
	// An SLA rate of fewer resolved complaints than MinItems is shown with
	// its count, not ranked.
	slaEligible := make([]bool, len(n.rows))
	for i, r := range n.rows {
		eligible[i] = r.why == ""
		slaEligible[i] = eligible[i] && r.resolved >= float64(n.opt.Settings.MinItemsOrDefault())
	}
	lower := func(name string) bool { d, _ := kpi.Lookup(name); return d.LowerIsBetter }
	// Values that read the same once rounded as shown are ties: ranked on
	// the shown precision (one decimal; shares to a tenth of a point).
	shown := func(f func(nationalRow) *float64, scale float64) func(nationalRow) *float64 {
		return func(r nationalRow) *float64 {
			if v := f(r); v != nil {
				return ptr(math.Round(*v*scale) / scale)
			}
			return nil
		}
	}
	ranks := planning.Rank(col(shown(func(r nationalRow) *float64 { return r.rate }, 10)), eligible, lower(kpiname.PrintBacklog))
	ages := planning.Rank(col(shown(func(r nationalRow) *float64 { return r.age }, 10)), eligible, lower(kpiname.BacklogAge))
	slas := planning.Rank(col(shown(func(r nationalRow) *float64 { return r.sla }, 1000)), slaEligible, lower(kpiname.SLAMetRate))
	covers := planning.Rank(col(shown(func(r nationalRow) *float64 { return r.cover }, 10)), eligible, lower(kpiname.WeeksOfCover))
	for i := range n.rows {
		n.rows[i].rank, n.rows[i].ageRank, n.rows[i].slaRank, n.rows[i].coverRank = ranks[i], ages[i], slas[i], covers[i]
	}
	// Ranked first by rank; the unranked after them, the highest rate first.
	slices.SortStableFunc(n.rows, func(a, b nationalRow) int {
		switch {
		case a.rank > 0 && b.rank > 0:
			return cmp.Or(cmp.Compare(a.rank, b.rank), cmp.Compare(a.region.Code, b.region.Code))
		case a.rank > 0:
			return -1
		case b.rank > 0:
			return 1
		}
		return cmp.Or(cmp.Compare(value(b.rate), value(a.rate)), cmp.Compare(a.region.Code, b.region.Code))
	})
}

// regionRow is a region's figures of the week, and why it is not ranked
// ("" when it is).
func (n *National) regionRow(r planning.RegionInfo) nationalRow {
	l := n.opt.Lang
	row := nationalRow{region: r, rate: n.rateAt(r.Code, -1),
		age: n.k.at(kpi.ScopeRegion, r.Code, kpiname.BacklogAgeMedian, -1), sla: n.k.at(kpi.ScopeRegion, r.Code, kpiname.SLAMetRate, -1),
		cover: n.k.at(kpi.ScopeRegion, r.Code, kpiname.WeeksOfCover, -1), backlog: n.k.at(kpi.ScopeRegion, r.Code, kpiname.PrintBacklog, -1)}
	if v := n.k.at(kpi.ScopeRegion, r.Code, kpiname.Recordings, -1); v != nil {
		row.recordings = *v
	}
	if v := n.k.at(kpi.ScopeRegion, r.Code, kpiname.ResolutionDaysResolved, -1); v != nil {
		row.resolved = *v
	}
	switch {
	case r.Population <= 0 || row.rate == nil:
		row.why = l.T("nat.why.population")
	case row.recordings < float64(n.opt.MinRecordings):
		row.why = l.Tf("nat.why.recordings", l.Number(row.recordings, 0))
	}
	return row
}

// value is v, or −1 for nothing to measure (sorts below every rate).
func value(v *float64) float64 {
	if v == nil {
		return -1
	}
	return *v
}

// worst are the ranked regions with the highest backlog per 10,000, at most
// worstShown, the worst first.
func (n *National) worst() []nationalRow {
	var out []nationalRow
	for i := len(n.rows) - 1; i >= 0 && len(out) < worstShown; i-- {
		if n.rows[i].rank > 0 {
			out = append(out, n.rows[i])
		}
	}
	return out
}

// Week is the ISO week the report is about.
func (n *National) Week() string { return n.week }

// WriteHTML writes the report as one self-contained HTML file.
func (n *National) WriteHTML(out io.Writer, r *page.Renderer) error { return r.Render(out, n.page()) }

func (n *National) page() page.Page {
	l := n.opt.Lang
	title := l.T("nat.title")
	if n.province != "" {
		title = l.T("nat.title.province")
	}
	asOf := l.T("no_data")
	if n.hasData {
		asOf = l.T("data_as_of") + " " + l.Date(n.dataAsOf)
	}
	pg := page.Page{Lang: l, Org: l.T("nat.org"), Title: title, Scope: n.scopeName, Period: l.WeekLabel(n.week), DataAsOf: asOf,
		Generated: l.T("generated") + " " + l.DateTime(n.opt.Now), NoScript: l.T("noscript"),
		Footer: []string{l.Tf("nat.footer", n.opt.MinRecordings), l.T("footer.pantau")}}
	pg.Sections = append(pg.Sections, n.summarySection(), n.rankingSection(), n.trendSection())
	if n.alloc != nil {
		pg.Sections = append(pg.Sections, n.allocationSection())
	}
	pg.Sections = append(pg.Sections, n.suketSection())
	return pg
}

// cardValue is the scope's figure of a card in week i.
func (n *National) cardValue(name string, i int) *float64 {
	if name == planning.BacklogRateMeasure {
		return n.rateAt(n.scopeID, i)
	}
	return n.k.at(n.scope, n.scopeID, name, i)
}

func (n *National) summarySection() page.Section {
	l := n.opt.Lang
	s := page.Section{ID: "ringkasan", Title: l.T("nat.summary")}
	var cards []page.Card
	for _, name := range nationalCards {
		id := name
		if name == planning.BacklogRateMeasure {
			id = kpiname.PrintBacklog
		}
		def, _ := kpi.Lookup(id)
		unit := def.UnitOf(id)
		if name == planning.BacklogRateMeasure {
			unit = "per_10k"
		}
		cur, prev := n.cardValue(name, -1), n.cardValue(name, -2)
		c := page.Card{Title: l.Label(name), Value: l.Value(cur, unit)}
		c.Change, c.ChangeClass = change(l, cur, prev, unit, def.LowerIsBetter)
		if def.Target != nil && name == id {
			if st := def.Status(cur); st != kpi.StatusNone {
				c.Status = string(st)
				c.StatusText = l.T("status."+string(st)) + " (" + l.T("target") + " " + targetText(l, def, unit) + ")"
			}
		}
		cards = append(cards, c)
	}
	s.Blocks = append(s.Blocks, page.Block{Cards: cards}, page.Block{List: n.narrative()})
	return s
}

// narrative says the scope's backlog and its change, the worst regions,
// how many are not ranked, where substitute letters rise, and what the
// allocation does.
func (n *National) narrative() []string {
	l := n.opt.Lang
	var out []string
	backlog, rate := n.cardValue(kpiname.PrintBacklog, -1), n.cardValue(planning.BacklogRateMeasure, -1)
	if backlog != nil {
		text, _ := changeShort(l, backlog, n.cardValue(kpiname.PrintBacklog, -2), "count", true)
		out = append(out, l.Tf("nat.narr.backlog", n.scopeName, l.Number(*backlog, 0), l.Value(rate, "per_10k"), text))
	}
	if w := n.worst(); len(w) > 0 {
		var names []string
		for i := 0; i < len(w) && len(names) < 3; i++ {
			if w[i].rate != nil && *w[i].rate > 0 {
				names = append(names, w[i].region.Name+" ("+l.Value(w[i].rate, "per_10k")+")")
			}
		}
		if len(names) > 0 {
			out = append(out, l.Tf("nat.narr.worst", join(l, names)))
		}
	}
	unranked := 0
	for _, r := range n.rows {
		if r.rank == 0 {
			unranked++
		}
	}
	if unranked > 0 {
		out = append(out, l.Tf("nat.narr.unranked", unranked, len(n.rows), n.opt.MinRecordings))
	}
	var rising []string
	for _, r := range n.suketRows() {
		if r.sig.Rise != nil && *r.sig.Rise >= suketAlarm {
			rising = append(rising, r.region.Name)
		}
	}
	if len(rising) > 0 {
		out = append(out, l.Tf("nat.narr.suket", len(rising), join(l, rising)))
	} else {
		out = append(out, l.T("nat.narr.suket_none"))
	}
	if n.alloc != nil {
		if s := AllocationSentence(l, *n.alloc); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// join lists names: "a, b dan c".
func join(l Lang, names []string) string {
	switch len(names) {
	case 0:
		return ""
	case 1:
		return names[0]
	}
	out := ""
	for i, s := range names[:len(names)-1] {
		if i > 0 {
			out += ", "
		}
		out += s
	}
	return out + " " + l.T("nat.and") + " " + names[len(names)-1]
}

// rankText writes a column's rank beside its value: "4,5 hari kerja (2)".
func rankText(l Lang, v *float64, unit string, rank int) string {
	text := l.Value(v, unit)
	if rank > 0 && v != nil {
		text += " (" + l.Number(float64(rank), 0) + ")"
	}
	return text
}

// slaText is the region's SLA rate with its rank, or, from fewer resolved
// complaints than MinItems, with their count: "75,0% (dari 4 pengaduan)".
func (n *National) slaText(r nationalRow) string {
	l := n.opt.Lang
	if r.sla != nil && r.resolved < float64(n.opt.Settings.MinItemsOrDefault()) {
		return l.Value(r.sla, "share") + " " + l.Tf("nat.few", l.Number(r.resolved, 0))
	}
	return rankText(l, r.sla, "share", r.slaRank)
}

func (n *National) rankingSection() page.Section {
	l := n.opt.Lang
	s := page.Section{ID: "peringkat", Title: l.T("nat.ranking")}
	t := &page.Table{Keys: 2, Empty: l.T("table.empty"), Note: l.Tf("nat.ranking.note", n.opt.MinRecordings),
		Head: []page.Cell{{Text: l.T("nat.col.rank"), Class: "n"}, {Text: l.T("nat.col.region")}}}
	national := n.province == ""
	if national {
		t.Head = append(t.Head, page.Cell{Text: l.T("nat.col.province")})
	}
	t.Head = append(t.Head, page.Cell{Text: l.Label(planning.BacklogRateMeasure), Class: "n"}, page.Cell{Text: l.Label(kpiname.PrintBacklog), Class: "n"},
		page.Cell{Text: l.Label(kpiname.BacklogAgeMedian), Class: "n"}, page.Cell{Text: l.Label(kpiname.SLAMetRate), Class: "n"},
		page.Cell{Text: l.Label(kpiname.WeeksOfCover), Class: "n"}, page.Cell{Text: l.Label(kpiname.Recordings), Class: "n"})
	for _, r := range n.rows {
		rank := "–"
		if r.rank > 0 {
			rank = l.Number(float64(r.rank), 0)
		}
		row := []page.Cell{{Text: rank, Class: "n"}, {Text: r.region.Name}}
		if national {
			row = append(row, page.Cell{Text: r.region.ProvinceName})
		}
		rate := page.Cell{Text: l.Value(r.rate, "per_10k"), Class: "n"}
		if r.why != "" {
			rate.Text += " · " + r.why
		}
		row = append(row, rate, page.Cell{Text: l.Value(r.backlog, "count"), Class: "n"},
			page.Cell{Text: rankText(l, r.age, "workdays", r.ageRank), Class: "n"},
			page.Cell{Text: n.slaText(r), Class: "n"},
			page.Cell{Text: rankText(l, r.cover, "weeks", r.coverRank), Class: "n"},
			page.Cell{Text: l.Number(r.recordings, 0), Class: "n"})
		t.Rows = append(t.Rows, row)
	}
	s.Blocks = append(s.Blocks, page.Block{Table: t})
	return s
}

func (n *National) trendSection() page.Section {
	l := n.opt.Lang
	worst := n.worst()
	s := page.Section{ID: "tren", Title: l.Tf("nat.trend", len(worst))}
	if len(worst) == 0 {
		s.Blocks = append(s.Blocks, page.Block{Paragraph: l.T("nat.trend.none")})
		return s
	}
	// One scale for all: the small multiples compare by height.
	top := 0.0
	for _, r := range worst {
		for _, v := range n.rate[r.region.Code] {
			if v != nil && *v > top {
				top = *v
			}
		}
	}
	top = niceCeiling(top)
	x := weekAxis(l, n.k.weeks)
	label := l.Label(planning.BacklogRateMeasure)
	var charts []*page.Chart
	data := &page.Table{Keys: 1, Empty: l.T("table.empty"), Caption: l.T("chart.table"), Head: []page.Cell{{Text: l.T("table.week")}}}
	for i, r := range worst {
		c := page.NewChart(l, fmt.Sprintf("chart-trend-%02d", i+1), l.Number(float64(i+1), 0)+". "+r.region.Name, x,
			[]page.Series{{Name: label, Values: n.rate[r.region.Code], Symbol: "none"}},
			[]page.Axis{{Format: "decimal", Min: ptr(0), Max: ptr(top)}}, func(int) string { return "per_10k" })
		if lg, ok := c.Options["legend"].(map[string]any); ok {
			lg["show"] = false
		}
		if gs, ok := c.Options["grid"].([]any); ok {
			for _, g := range gs {
				if gm, ok := g.(map[string]any); ok {
					gm["top"] = "10"
				}
			}
		}
		c.Table = nil
		charts = append(charts, c)
		data.Head = append(data.Head, page.Cell{Text: r.region.Name, Class: "n"})
	}
	for j, w := range x {
		row := []page.Cell{{Text: w}}
		for _, r := range worst {
			row = append(row, page.Cell{Text: l.Value(n.rate[r.region.Code][j], "per_10k"), Class: "n"})
		}
		data.Rows = append(data.Rows, row)
	}
	s.Blocks = append(s.Blocks, page.Block{Paragraph: l.Tf("nat.trend.note", label), Class: "note"}, page.Block{Multiples: charts},
		page.Block{Table: data, Details: l.T("chart.table")})
	return s
}

// niceCeiling rounds v up to 1, 2 or 5 times a power of ten (at least 1).
func niceCeiling(v float64) float64 {
	if v <= 1 {
		return 1
	}
	p := 1.0
	for p*10 < v {
		p *= 10
	}
	for _, m := range []float64{1, 2, 5, 10} {
		if m*p >= v {
			return m * p
		}
	}
	return 10 * p
}

func (n *National) allocationSection() page.Section {
	l := n.opt.Lang
	al := n.alloc
	s := page.Section{ID: "alokasi", Title: l.Tf("nat.alloc", l.Number(float64(al.Supply), 0))}
	t := &page.Table{Keys: 1, Empty: l.T("table.empty"), Note: l.Tf("nat.alloc.note", al.Horizon),
		Head: []page.Cell{{Text: l.T("nat.col.region")}, {Text: l.Label(kpiname.BlankoStock), Class: "n"},
			{Text: l.T("nat.col.cover_before"), Class: "n"}, {Text: l.T("nat.col.allocation"), Class: "n"},
			{Text: l.T("nat.col.cover_after"), Class: "n"}, {Text: l.T("nat.col.p_before"), Class: "n"},
			{Text: l.T("nat.col.p_after"), Class: "n"}}}
	total := 0
	for _, r := range al.Rows {
		name := r.Name
		if name == "" {
			name = r.Code
		}
		pb := page.Cell{Text: l.Percent(r.StockOutProbabilityBefore), Class: "n"}
		if r.OutBeforeDelivery {
			pb.Text += " !"
			pb.Class = "n red"
		}
		t.Rows = append(t.Rows, []page.Cell{{Text: name}, {Text: l.Number(r.Stock, 0), Class: "n"}, {Text: coverText(l, r.CoverBefore), Class: "n"},
			{Text: l.Number(float64(r.Cards), 0), Class: "n"}, {Text: coverText(l, r.CoverAfter), Class: "n"}, pb,
			{Text: l.Percent(r.StockOutProbabilityAfter), Class: "n"}})
		total += r.Cards
	}
	stock := 0.0
	for _, r := range al.Rows {
		stock += r.Stock
	}
	t.Rows = append(t.Rows, []page.Cell{{Text: l.T("nat.total")}, {Text: l.Number(stock, 0), Class: "n"}, {Text: "", Class: "n"},
		{Text: l.Number(float64(total), 0), Class: "n"}, {Text: "", Class: "n"}, {Text: "", Class: "n"}, {Text: "", Class: "n"}})
	s.Blocks = append(s.Blocks, page.Block{Table: t})
	if len(al.Rows) > 0 {
		s.Blocks = append(s.Blocks, page.Block{Paragraph: AllocationSentence(l, *al), Class: "letter"})
	}
	if len(al.Skipped) > 0 {
		var codes []string
		for _, u := range al.Skipped {
			codes = append(codes, u.Code)
		}
		s.Blocks = append(s.Blocks, page.Block{Paragraph: l.Tf("nat.alloc.skipped", join(l, codes)), Class: "note"})
	}
	return s
}

// suketRow is one region's substitute-letter signal.
type suketRow struct {
	region planning.RegionInfo
	sig    planning.SuketSignal
}

// suketRows are the regions with a signal, the largest rise first.
func (n *National) suketRows() []suketRow {
	var out []suketRow
	for _, r := range n.regions {
		if sig, ok := n.signals[r.Code]; ok && (sig.RecentShare != nil || sig.PriorShare != nil) {
			out = append(out, suketRow{r, sig})
		}
	}
	slices.SortStableFunc(out, func(a, b suketRow) int {
		rise := func(s planning.SuketSignal) float64 {
			if s.Rise == nil {
				return -2
			}
			return *s.Rise
		}
		return cmp.Compare(rise(b.sig), rise(a.sig))
	})
	return out
}

func (n *National) suketSection() page.Section {
	l := n.opt.Lang
	s := page.Section{ID: "suket", Title: l.T("nat.suket")}
	s.Blocks = append(s.Blocks, page.Block{Paragraph: l.Tf("nat.suket.about", weekRange(l, n.suketWeek[0]), weekRange(l, n.suketWeek[1]), l.Number(suketAlarm*100, 0)), Class: "note"})
	t := &page.Table{Keys: 1, Empty: l.T("table.empty"), Head: []page.Cell{{Text: l.T("nat.col.region")}, {Text: l.T("nat.col.letters"), Class: "n"},
		{Text: l.T("nat.col.share_recent"), Class: "n"}, {Text: l.T("nat.col.share_prior"), Class: "n"}, {Text: l.T("nat.col.rise"), Class: "n"}}}
	row := func(name string, sig planning.SuketSignal) []page.Cell {
		rise := page.Cell{Text: "–", Class: "n"}
		if sig.Rise != nil {
			rise.Text, _ = changeShort(l, ptr(*sig.Rise), ptr(0), "share", true)
			if *sig.Rise >= suketAlarm {
				rise.Class = "n red"
			}
		}
		return []page.Cell{{Text: name}, {Text: l.Number(sig.Letters, 0), Class: "n"}, {Text: l.Value(sig.RecentShare, "share"), Class: "n"},
			{Text: l.Value(sig.PriorShare, "share"), Class: "n"}, rise}
	}
	if sig, ok := n.signals[n.scopeID]; ok {
		t.Rows = append(t.Rows, row(n.scopeName, sig))
	}
	for _, r := range n.suketRows() {
		t.Rows = append(t.Rows, row(r.region.Name, r.sig))
	}
	s.Blocks = append(s.Blocks, page.Block{Table: t})
	return s
}
