package reports

import (
	"cmp"
	"math"
	"slices"

	"github.com/disdukcapil-bekasi/pantau/enums"
	"github.com/disdukcapil-bekasi/pantau/kpi"
	"github.com/disdukcapil-bekasi/pantau/kpi/kpiname"
)

// sentence is one line of the narrative with its weight: the size of the
// change it reports, raised when a KPI is off target.
type sentence struct {
	text  string
	score float64
}

// narrative writes the most significant changes of the week as sentences,
// the most significant first, from the same KPI values as the cards.
func (w *Weekly) narrative() []string {
	l := w.opt.Lang
	var ss []sentence
	rel := func(name string) float64 {
		cur, prev := w.now(name), w.prev(name)
		if cur == nil || prev == nil || *prev == 0 {
			return 0
		}
		return math.Abs(*cur-*prev) / math.Abs(*prev)
	}
	statusWeight := func(name string) float64 {
		d, _ := kpi.Lookup(name)
		switch d.Status(w.now(name)) {
		case kpi.StatusRed:
			return 1
		case kpi.StatusAmber:
			return 0.4
		}
		return 0
	}
	if b := w.now(kpiname.PrintBacklog); b != nil {
		old := 0.0
		if a, c := w.now(kpiname.BacklogAgeBucket21_60), w.now(kpiname.BacklogAgeBucketOver60); a != nil && c != nil {
			old = *a + *c
		}
		text := l.Tf("n.backlog", w.movement(kpiname.PrintBacklog, "count"), l.Number(*b, 0))
		if *b > 0 {
			text += l.Tf("n.backlog_old", l.Percent(old / *b))
		}
		ss = append(ss, sentence{text + ".", rel(kpiname.PrintBacklog) + statusWeight(kpiname.BacklogAgeMedian) + 0.3})
	}
	if r, p := w.now(kpiname.Recordings), w.now(kpiname.Prints); r != nil && p != nil {
		key := "n.prints_below"
		if *p >= *r {
			key = "n.prints_above"
		}
		ss = append(ss, sentence{l.Tf(key, l.Number(*p, 0), l.Number(*r, 0)), math.Abs(*p-*r) / math.Max(*r, 1)})
	}
	if s := w.now(kpiname.BlankoStock); s != nil {
		text := l.Tf("n.stock", l.Number(*s, 0))
		if c := w.now(kpiname.WeeksOfCover); c != nil {
			text += l.Tf("n.cover", l.Number(*c, 1))
		}
		score := rel(kpiname.BlankoStock) + statusWeight(kpiname.WeeksOfCover)
		if w.plan != nil && w.plan.StockOutWeek != "" {
			text += l.Tf("n.stockout", l.WeekLabel(w.plan.StockOutWeek))
			score += 1
		}
		ss = append(ss, sentence{text + ".", score})
	}
	if n := w.now(kpiname.ComplaintsReceived); n != nil {
		text := l.Tf("n.complaints", w.movement(kpiname.ComplaintsReceived, "count"), l.Number(*n, 0))
		top, topN := "", 0.0
		for _, c := range enums.Values(enums.ComplaintCategory) {
			if v := w.now(kpiname.ComplaintsReceived + ".category." + c); v != nil && *v > topN {
				top, topN = c, *v
			}
		}
		if top != "" && *n > 0 {
			text += l.Tf("n.top_category", l.T("cat."+top), l.Percent(topN / *n))
		}
		ss = append(ss, sentence{text + ".", rel(kpiname.ComplaintsReceived)})
	}
	if sla := w.now(kpiname.SLAMetRate); sla != nil {
		d, _ := kpi.Lookup(kpiname.SLAMetRate)
		text := l.Tf("n.sla", l.Percent(*sla), l.Percent(*d.Target))
		if m := w.now(kpiname.ResolutionDaysMedian); m != nil {
			text += l.Tf("n.resolution", l.Number(*m, 1))
		}
		ss = append(ss, sentence{text + ".", statusWeight(kpiname.SLAMetRate) + rel(kpiname.SLAMetRate)})
	}
	if n := w.now(kpiname.PungliReports); n != nil && *n > 0 {
		ss = append(ss, sentence{w.pungliSentence(), 2})
	}
	if w.scope == kpi.ScopeRegion {
		best, bestN := "", 0.0
		for _, o := range w.b.offices {
			if v := w.k.at(kpi.ScopeOffice, o.Code, kpiname.PrintBacklog, -1); v != nil && *v > bestN {
				best, bestN = o.Code, *v
			}
		}
		if best != "" {
			text := l.Tf("n.top_office", w.officeName(best), l.Number(bestN, 0))
			if m := w.k.at(kpi.ScopeOffice, best, kpiname.BacklogAgeMedian, -1); m != nil {
				text += l.Tf("n.top_office_age", l.Number(*m, 1))
			}
			ss = append(ss, sentence{text + ".", 0.2})
		}
	}
	slices.SortStableFunc(ss, func(a, b sentence) int { return cmp.Compare(b.score, a.score) })
	out := make([]string, 0, len(ss))
	for _, s := range ss {
		out = append(out, s.text)
	}
	return out
}

// movement says how a value moved from last week: "naik 1.234 (12%)",
// "turun 5 (3%)", "tetap".
func (w *Weekly) movement(name, unit string) string {
	l := w.opt.Lang
	cur, prev := w.now(name), w.prev(name)
	if cur == nil || prev == nil {
		return l.T("n.no_change_data")
	}
	d := *cur - *prev
	switch {
	case d == 0:
		return l.T("n.same")
	case *prev == 0:
		return l.Tf(map[bool]string{true: "n.up", false: "n.down"}[d > 0], l.Value(ptr(math.Abs(d)), unit))
	}
	pct := l.Number(math.Abs(d)/math.Abs(*prev)*100, 0) + "%"
	return l.Tf(map[bool]string{true: "n.up_pct", false: "n.down_pct"}[d > 0], l.Value(ptr(math.Abs(d)), unit), pct)
}
