package reports

import (
	"math"
	"slices"
	"strings"

	"github.com/disdukcapil-bekasi/pantau/enums"
	"github.com/disdukcapil-bekasi/pantau/kpi"
	"github.com/disdukcapil-bekasi/pantau/kpi/kpiname"
)

// Claim is one sentence of the weekly narrative with the figures it states
// and the comparisons it makes between them: its truth condition. The
// narrative keeps only claims whose comparisons hold on their own figures,
// so a comparison word ("melampaui", "naik", "sama dengan") is written
// only when the numbers say so; a test re-reads every figure from the
// warehouse and checks the comparisons again.
type Claim struct {
	// Topic orders the narrative by what needs action (claimOrder).
	Topic string
	Text  string
	// Figures are the numbers the sentence states, each as it is shown.
	Figures []Figure
	// Compares are the comparisons the sentence makes between Figures.
	Compares []Compare
}

// The sources of a figure.
const (
	SourceKPI    = "kpi"    // kpi_weekly: Name of Scope/ScopeID in Week
	SourcePlan   = "plan"   // the stock plan of Scope/ScopeID as of Week
	SourceTarget = "target" // the target of the KPI Name (kpis.yaml)
)

// The plan figures a claim states (Figure.Name with SourcePlan).
const (
	// PlanStockOutIn is the weeks after the plan's week until the first
	// week whose projected stock is negative (1: the next week).
	PlanStockOutIn = "stock_out_in_weeks"
	// PlanLeadTime is the delivery lead time in weeks.
	PlanLeadTime = "lead_time_weeks"
	// PlanSent is the cards the week's distribution sends: to every office
	// (Scope region) or to one office.
	PlanSent = "distribution_sent"
	// PlanReceivers is the offices the week's distribution sends cards to.
	PlanReceivers = "distribution_offices"
	// PlanUnmet is the cards the offices lack that no one can send.
	PlanUnmet = "distribution_unmet"
)

// Figure is one number a claim states. Value is the sum of Names' values
// (most figures have one name); Shown is how the sentence writes it.
type Figure struct {
	Source         string
	Scope, ScopeID string
	Week           string
	Names          []string
	Value          float64
	Shown          string
}

// Compare says that figure A stands to figure B as Op says: one of <, >, =,
// ≤, ≥.
type Compare struct {
	A, B int
	Op   string
}

// Holds reports whether the comparison holds between a and b. Equal means
// exactly equal: values of the KPI table are whole numbers or the same
// computation's result.
func (c Compare) Holds(a, b float64) bool {
	switch c.Op {
	case "<":
		return a < b
	case ">":
		return a > b
	case "=":
		return a == b
	case "≤":
		return a <= b
	case "≥":
		return a >= b
	}
	return false
}

// Holds reports whether every comparison holds on the claim's figures.
func (c Claim) Holds() bool {
	for _, cmp := range c.Compares {
		if cmp.A >= len(c.Figures) || cmp.B >= len(c.Figures) || !cmp.Holds(c.Figures[cmp.A].Value, c.Figures[cmp.B].Value) {
			return false
		}
	}
	return true
}

// claimOrder is the narrative's order: what needs action first.
var claimOrder = []string{"stockout", "overdue", "pungli", "sla", "backlog", "prints", "stock", "complaints", "top_office", "survey"}

// Claims are the weekly narrative's sentences as claims, in the order of
// what needs action: stock-outs within the lead time (offices named),
// overdue complaints, pungli, the complaint SLA, the backlog, the stock,
// complaints received; the survey's last. Only claims that hold are kept.
func (w *Weekly) Claims() []Claim {
	var cs []Claim
	cs = append(cs, w.stockOutClaims()...)
	for _, claim := range []func() (Claim, bool){w.overdueClaim, w.pungliClaim, w.slaClaim, w.backlogClaim, w.printsClaim} {
		if c, ok := claim(); ok {
			cs = append(cs, c)
		}
	}
	if c, ok := w.stockClaim(cs); ok {
		cs = append(cs, c)
	}
	for _, claim := range []func() (Claim, bool){w.complaintsClaim, w.topOfficeClaim} {
		if c, ok := claim(); ok {
			cs = append(cs, c)
		}
	}
	cs = slices.DeleteFunc(cs, func(c Claim) bool { return !c.Holds() })
	slices.SortStableFunc(cs, func(a, b Claim) int {
		return slices.Index(claimOrder, a.Topic) - slices.Index(claimOrder, b.Topic)
	})
	return cs
}

// pungliClaim: the week's pungli reports, and how many are still open.
func (w *Weekly) pungliClaim() (Claim, bool) {
	l := w.opt.Lang
	if n := w.now(kpiname.PungliReports); n == nil || *n == 0 {
		return Claim{}, false
	}
	c := Claim{Topic: "pungli"}
	nf := w.figure(0, kpiname.PungliReports)
	of := w.figure(0, kpiname.PungliReportsOpen)
	c.Figures = []Figure{nf, of}
	c.Compares = []Compare{{1, 0, "≤"}}
	c.Text = l.Tf("pungli.some", nf.Shown, of.Shown)
	return c, true
}

// backlogClaim: the backlog's movement, and its share waiting long.
func (w *Weekly) backlogClaim() (Claim, bool) {
	l := w.opt.Lang
	c, ok := w.movementClaim("backlog", kpiname.PrintBacklog, "n.backlog")
	if !ok {
		return c, false
	}
	if b := w.now(kpiname.PrintBacklog); *b > 0 {
		old := w.figure(0, kpiname.BacklogAgeBucket21_60, kpiname.BacklogAgeBucketOver60)
		if old.Shown != "–" && old.Value > 0 {
			c.Figures = append(c.Figures, old)
			c.Compares = append(c.Compares, Compare{len(c.Figures) - 1, 0, "≤"})
			c.Text = strings.TrimSuffix(c.Text, ".") + l.Tf("n.backlog_old", old.Shown) + "."
		}
	}
	return c, true
}

// stockClaim: the stock, its weeks of stock and, unless a stock-out claim
// of cs already says it, the projected stock-out week.
func (w *Weekly) stockClaim(cs []Claim) (Claim, bool) {
	l := w.opt.Lang
	if w.now(kpiname.BlankoStock) == nil {
		return Claim{}, false
	}
	c := Claim{Topic: "stock"}
	sf := w.figure(0, kpiname.BlankoStock)
	c.Figures = []Figure{sf}
	c.Text = l.Tf("n.stock", sf.Shown)
	if w.now(kpiname.WeeksOfCover) != nil {
		cf := w.figure(0, kpiname.WeeksOfCover)
		c.Figures = append(c.Figures, cf)
		c.Text += l.Tf("n.cover", cf.Shown)
	}
	if p := w.plan; p != nil && p.StockOutWeek != "" && slices.Contains(p.Weeks, p.StockOutWeek) {
		// Within the lead time it is the first sentence (stockOutClaims).
		at := Figure{Source: SourcePlan, Scope: p.Scope, ScopeID: p.ScopeID, Week: w.b.week, Names: []string{PlanStockOutIn},
			Value: float64(slices.Index(p.Weeks, p.StockOutWeek) + 1), Shown: l.WeekLabel(p.StockOutWeek)}
		if !slices.ContainsFunc(cs, func(c Claim) bool { return c.Topic == "stockout" && c.Figures[0].ScopeID == p.ScopeID }) {
			c.Figures = append(c.Figures, at)
			c.Text += l.Tf("n.stockout", at.Shown)
		}
	}
	return withPeriod(c), true
}

// complaintsClaim: complaints received, their movement and the category
// most of them were about.
func (w *Weekly) complaintsClaim() (Claim, bool) {
	l := w.opt.Lang
	c, ok := w.movementClaim("complaints", kpiname.ComplaintsReceived, "n.complaints")
	if !ok {
		return c, false
	}
	n := w.now(kpiname.ComplaintsReceived)
	top, topN := "", 0.0
	for _, cat := range enums.Values(enums.ComplaintCategory) {
		if v := w.now(kpiname.ComplaintsReceived + ".category." + cat); v != nil && *v > topN {
			top, topN = cat, *v
		}
	}
	if top != "" && *n > 0 {
		tf := w.figure(0, kpiname.ComplaintsReceived+".category."+top)
		c.Figures = append(c.Figures, tf)
		c.Compares = append(c.Compares, Compare{len(c.Figures) - 1, 0, "≤"})
		c.Text = strings.TrimSuffix(c.Text, ".") + l.Tf("n.top_category", l.T("cat."+top), tf.Shown) + "."
	}
	return c, true
}

// narrative is the claims' sentences.
func (w *Weekly) narrative() []string {
	cs := w.Claims()
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = c.Text
	}
	return out
}

// withPeriod ends a claim's sentence.
func withPeriod(c Claim) Claim {
	c.Text = strings.TrimSuffix(c.Text, ".") + "."
	return c
}

// figure is the sum of names' values of the report's scope in the
// reported week (back 0) or the week before (back 1), as a sentence writes
// it; Shown is "–" when a name has no value.
func (w *Weekly) figure(back int, names ...string) Figure {
	f := Figure{Source: SourceKPI, Scope: w.scope, ScopeID: w.scopeID, Week: w.k.weeks[len(w.k.weeks)-1-back], Names: names}
	return w.k.figure(f, w.opt.Lang)
}

// figure fills f's value from the series.
func (k kpiSeries) figure(f Figure, l Lang) Figure {
	i := k.index[f.Week]
	for _, n := range f.Names {
		v := k.at(f.Scope, f.ScopeID, n, i)
		if v == nil {
			f.Shown = "–"
			return f
		}
		f.Value += *v
	}
	d, _ := kpi.Lookup(f.Names[0])
	f.Shown = l.Value(&f.Value, d.UnitOf(f.Names[0]))
	return f
}

// movementClaim says how a count moved from last week: "naik 67 (2,5%)
// dari 2.643 menjadi 2.710", "turun …", "sama dengan pekan lalu, 2.710";
// key's text takes the movement.
func (w *Weekly) movementClaim(topic, name, key string) (Claim, bool) {
	l := w.opt.Lang
	if w.now(name) == nil {
		return Claim{}, false
	}
	cur := w.figure(0, name)
	c := Claim{Topic: topic, Figures: []Figure{cur}}
	if w.prev(name) == nil {
		c.Text = l.Tf(key, l.Tf("n.stands", cur.Shown)) + "."
		return c, true
	}
	prev := w.figure(1, name)
	c.Figures = append(c.Figures, prev)
	d := cur.Value - prev.Value
	var move string
	switch {
	case d == 0:
		c.Compares = []Compare{{0, 1, "="}}
		move = l.Tf("n.same", cur.Shown)
	case d > 0:
		c.Compares = []Compare{{0, 1, ">"}}
		move = l.Tf("n.up", l.Number(d, 0)+changePercent(l, d, prev.Value), prev.Shown, cur.Shown)
	default:
		c.Compares = []Compare{{0, 1, "<"}}
		move = l.Tf("n.down", l.Number(-d, 0)+changePercent(l, d, prev.Value), prev.Shown, cur.Shown)
	}
	c.Text = l.Tf(key, move) + "."
	return c, true
}

// changePercent is " (2,5%)", the change d relative to prev, with one
// decimal under 10% (none above) and at least one visible digit; "" when
// prev is 0.
func changePercent(l Lang, d, prev float64) string {
	if prev == 0 {
		return ""
	}
	return " (" + percentOf(l, math.Abs(d)/math.Abs(prev)*100) + ")"
}

// percentOf writes a positive percentage so that it never reads as zero.
func percentOf(l Lang, pct float64) string {
	switch {
	case pct >= 10:
		return l.Number(pct, 0) + "%"
	case pct >= 0.05:
		return l.Number(pct, 1) + "%"
	}
	return "< " + l.Number(0.1, 1) + "%"
}

// printsClaim compares prints with recordings: "melampaui" only when
// prints are more, "di bawah" when fewer, "sama dengan" when equal; it
// says nothing of the cause. Nothing when both are zero.
func (w *Weekly) printsClaim() (Claim, bool) {
	l := w.opt.Lang
	if w.now(kpiname.Prints) == nil || w.now(kpiname.Recordings) == nil {
		return Claim{}, false
	}
	p, r := w.figure(0, kpiname.Prints), w.figure(0, kpiname.Recordings)
	c := Claim{Topic: "prints", Figures: []Figure{p, r}}
	switch {
	case p.Value == 0 && r.Value == 0:
		return Claim{}, false
	case p.Value > r.Value:
		c.Compares, c.Text = []Compare{{0, 1, ">"}}, l.Tf("n.prints_above", p.Shown, r.Shown)
	case p.Value < r.Value:
		c.Compares, c.Text = []Compare{{0, 1, "<"}}, l.Tf("n.prints_below", p.Shown, r.Shown)
	default:
		c.Compares, c.Text = []Compare{{0, 1, "="}}, l.Tf("n.prints_equal", p.Shown, r.Shown)
	}
	return c, true
}

// overdueClaim: "193 dari 235 pengaduan yang belum selesai sudah melewati
// batas waktunya."
func (w *Weekly) overdueClaim() (Claim, bool) {
	l := w.opt.Lang
	past := w.now(kpiname.OpenComplaintsPastLimit)
	if past == nil || *past == 0 || w.now(kpiname.OpenComplaints) == nil {
		return Claim{}, false
	}
	pf, of := w.figure(0, kpiname.OpenComplaintsPastLimit), w.figure(0, kpiname.OpenComplaints)
	if pf.Value == of.Value {
		return Claim{Topic: "overdue", Figures: []Figure{pf, of}, Compares: []Compare{{0, 1, "="}},
			Text: l.Tf("n.overdue_all", pf.Shown)}, true
	}
	return Claim{Topic: "overdue", Figures: []Figure{pf, of}, Compares: []Compare{{0, 1, "<"}},
		Text: l.Tf("n.overdue", pf.Shown, of.Shown)}, true
}

// slaClaim sets the SLA rate beside its target: "di bawah target" only
// when below.
func (w *Weekly) slaClaim() (Claim, bool) {
	l := w.opt.Lang
	if w.now(kpiname.SLAMetRate) == nil {
		return Claim{}, false
	}
	d, _ := kpi.Lookup(kpiname.SLAMetRate)
	sf := w.figure(0, kpiname.SLAMetRate)
	rf := w.figure(0, kpiname.ResolutionDaysResolved)
	tf := Figure{Source: SourceTarget, Names: []string{kpiname.SLAMetRate}, Value: *d.Target, Shown: l.Percent(*d.Target)}
	c := Claim{Topic: "sla", Figures: []Figure{sf, rf, tf}}
	switch {
	case rf.Value < float64(w.opt.Settings.MinItemsOrDefault()):
		// Too few to set beside the target (small numbers shown as small).
		c.Figures = c.Figures[:2]
		c.Text = l.Tf("n.sla_few", rf.Shown, sf.Shown)
	case sf.Value < tf.Value:
		c.Compares, c.Text = []Compare{{0, 2, "<"}}, l.Tf("n.sla_below", rf.Shown, sf.Shown, tf.Shown)
	default:
		c.Compares, c.Text = []Compare{{0, 2, "≥"}}, l.Tf("n.sla_met", rf.Shown, sf.Shown, tf.Shown)
	}
	if w.now(kpiname.ResolutionDaysMedian) != nil {
		mf := w.figure(0, kpiname.ResolutionDaysMedian)
		c.Figures = append(c.Figures, mf)
		c.Text += l.Tf("n.resolution", mf.Shown)
	}
	return withPeriod(c), true
}

// topOfficeClaim names the office with the largest backlog (the region's
// report).
func (w *Weekly) topOfficeClaim() (Claim, bool) {
	l := w.opt.Lang
	if w.scope != kpi.ScopeRegion {
		return Claim{}, false
	}
	best, bestN := "", 0.0
	for _, o := range w.b.offices {
		if v := w.k.at(kpi.ScopeOffice, o.Code, kpiname.PrintBacklog, -1); v != nil && *v > bestN {
			best, bestN = o.Code, *v
		}
	}
	if best == "" {
		return Claim{}, false
	}
	week := w.k.weeks[len(w.k.weeks)-1]
	bf := w.k.figure(Figure{Source: SourceKPI, Scope: kpi.ScopeOffice, ScopeID: best, Week: week, Names: []string{kpiname.PrintBacklog}}, l)
	c := Claim{Topic: "top_office", Figures: []Figure{bf}}
	// The largest: no other office's backlog is above it.
	for _, o := range w.b.offices {
		if o.Code == best || w.k.at(kpi.ScopeOffice, o.Code, kpiname.PrintBacklog, -1) == nil {
			continue
		}
		of := w.k.figure(Figure{Source: SourceKPI, Scope: kpi.ScopeOffice, ScopeID: o.Code, Week: week, Names: []string{kpiname.PrintBacklog}}, l)
		of.Shown = "" // compared, not stated
		c.Figures = append(c.Figures, of)
		c.Compares = append(c.Compares, Compare{0, len(c.Figures) - 1, "≥"})
	}
	c.Text = l.Tf("n.top_office", w.officeShort(best), bf.Shown)
	if w.k.at(kpi.ScopeOffice, best, kpiname.BacklogAgeMedian, -1) != nil {
		af := w.k.figure(Figure{Source: SourceKPI, Scope: kpi.ScopeOffice, ScopeID: best, Week: week, Names: []string{kpiname.BacklogAgeMedian}}, l)
		c.Figures = append(c.Figures, af)
		c.Text += l.Tf("n.top_office_age", af.Shown)
	}
	c.Text += ")"
	return withPeriod(c), true
}

// stockOutClaims name where the stock runs out before a delivery
// requested now can arrive: in the region's report the offices (and the
// region), in an office's its own. The stock plan of each scope says when
// its projected stock first falls below zero; within the lead time means
// before the week an order placed now arrives.
func (w *Weekly) stockOutClaims() []Claim {
	l := w.opt.Lang
	within := w.stockOutWithin
	var out []Claim
	if w.scope == kpi.ScopeOffice {
		if at, lead, ok := within(w.plan); ok {
			text, figs := w.distributionClause(w.scopeID)
			out = append(out, Claim{Topic: "stockout", Figures: append([]Figure{at, lead}, figs...), Compares: []Compare{{0, 1, "≤"}},
				Text: l.Tf("n.stockout_office", at.Shown, lead.Shown) + text})
		}
		return out
	}
	c := Claim{Topic: "stockout"}
	var names []string
	for _, o := range w.b.offices {
		at, lead, ok := within(planFor(w.plans, kpi.ScopeOffice, o.Code))
		if !ok {
			continue
		}
		at.Shown, lead.Shown = "", "" // compared, not stated; the lead time below
		c.Figures = append(c.Figures, at, lead)
		c.Compares = append(c.Compares, Compare{len(c.Figures) - 2, len(c.Figures) - 1, "≤"})
		names = append(names, o.Short)
	}
	lead := ""
	if len(c.Figures) > 0 && !slices.ContainsFunc(c.Figures, func(f Figure) bool { return f.Names[0] == PlanLeadTime && f.Value != c.Figures[1].Value }) {
		c.Figures[1].Shown = l.Number(c.Figures[1].Value, 0)
		lead = l.Tf("n.lead_time", c.Figures[1].Shown)
	}
	if len(names) > 0 {
		shown := names
		if len(shown) > maxStockOutNames {
			shown = append(slices.Clone(names[:maxStockOutNames]), l.Tf("n.and_more", len(names)-maxStockOutNames))
		}
		text, figs := w.distributionClause("")
		c.Text = l.Tf("n.stockout_offices", l.Number(float64(len(names)), 0), lead, joinID(l, shown)) + text
		c.Figures = append(c.Figures, figs...)
		out = append(out, c)
	}
	if at, lead, ok := within(w.plan); ok {
		out = append(out, Claim{Topic: "stockout", Figures: []Figure{at, lead}, Compares: []Compare{{0, 1, "≤"}},
			Text: l.Tf("n.stockout_region", at.Shown, lead.Shown)})
	}
	return out
}

// stockOutWithin returns the figures of a plan's stock-out week and lead
// time, and whether it runs out within the lead time. An office the Dinas
// supplies (lead time 0) is within the region's lead time: the stock-out
// comes before a new request to the province or the ministry can arrive,
// so only the Dinas's stock can cover it.
func (w *Weekly) stockOutWithin(p *StockPlan) (Figure, Figure, bool) {
	l := w.opt.Lang
	if p == nil || p.StockOutWeek == "" {
		return Figure{}, Figure{}, false
	}
	leadWeeks := p.LeadTimeWeeks
	if rp := planFor(w.plans, kpi.ScopeRegion, w.opt.Settings.RegionCode); leadWeeks <= 0 && rp != nil {
		leadWeeks = rp.LeadTimeWeeks
	}
	if leadWeeks <= 0 {
		return Figure{}, Figure{}, false
	}
	i := slices.Index(p.Weeks, p.StockOutWeek)
	if i < 0 {
		return Figure{}, Figure{}, false
	}
	at := Figure{Source: SourcePlan, Scope: p.Scope, ScopeID: p.ScopeID, Week: w.b.week, Names: []string{PlanStockOutIn},
		Value: float64(i + 1), Shown: l.WeekLabel(p.StockOutWeek)}
	lead := Figure{Source: SourcePlan, Scope: p.Scope, ScopeID: p.ScopeID, Week: w.b.week, Names: []string{PlanLeadTime},
		Value: float64(leadWeeks), Shown: l.Number(float64(leadWeeks), 0)}
	return at, lead, at.Value <= lead.Value
}

// maxStockOutNames bounds the offices a stock-out sentence names.
const maxStockOutNames = 5

// distributionClause ends the stock-out claim with what the week's
// distribution does about it, and the figures it states: for office "",
// the cards sent to how many offices and what no one can cover; for an
// office, the cards it receives. With no distribution (no Dinas, or the
// offices' plans not made) or nothing sent, the sentence just ends.
func (w *Weekly) distributionClause(office string) (string, []Figure) {
	rp := planFor(w.plans, kpi.ScopeRegion, w.opt.Settings.RegionCode)
	if rp == nil || rp.Distribution == nil {
		return ".", nil
	}
	d, l := rp.Distribution, w.opt.Lang
	fig := func(scope, id, name string, v float64) Figure {
		return Figure{Source: SourcePlan, Scope: scope, ScopeID: id, Week: w.b.week, Names: []string{name}, Value: v, Shown: l.Number(v, 0)}
	}
	if office != "" {
		for _, r := range d.Rows {
			if r.Office == office && r.Send > 0 {
				sent := fig(kpi.ScopeOffice, office, PlanSent, float64(r.Send))
				return l.Tf("n.dist_office", sent.Shown), []Figure{sent}
			}
		}
		return ".", nil
	}
	receivers := 0
	for _, r := range d.Rows {
		if r.Send > 0 {
			receivers++
		}
	}
	region := w.opt.Settings.RegionCode
	if d.Sent == 0 {
		if d.Unmet == 0 {
			return ".", nil
		}
		unmet := fig(kpi.ScopeRegion, region, PlanUnmet, float64(d.Unmet))
		return l.Tf("n.dist_none", unmet.Shown), []Figure{unmet}
	}
	sent := fig(kpi.ScopeRegion, region, PlanSent, float64(d.Sent))
	to := fig(kpi.ScopeRegion, region, PlanReceivers, float64(receivers))
	if d.Unmet == 0 {
		return l.Tf("n.dist_region", sent.Shown, to.Shown), []Figure{sent, to}
	}
	unmet := fig(kpi.ScopeRegion, region, PlanUnmet, float64(d.Unmet))
	return l.Tf("n.dist_region_short", sent.Shown, to.Shown, unmet.Shown), []Figure{sent, to, unmet}
}

// joinID joins names as "a, b dan c" (Indonesian) or "a, b and c".
func joinID(l Lang, names []string) string {
	if l == English {
		return JoinAnd(names)
	}
	return joinLast(names, " dan ")
}
