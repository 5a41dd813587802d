package reports

import (
	"cmp"
	"math"
	"slices"
	"strings"

	"github.com/disdukcapil-bekasi/pantau/kpi"
	"github.com/disdukcapil-bekasi/pantau/planning"
	"github.com/disdukcapil-bekasi/pantau/reports/page"
)

// DistributionSentence says the week's distribution in one short
// paragraph: what the Dinas sends to how many offices, the offices that
// run out before next week's cards could reach them, what no one could
// spare, and what the regency still requests after it.
func DistributionSentence(l Lang, p planning.DistributionPlan) string {
	cards := func(n int) string { return l.Number(float64(n), 0) }
	week := p.Week
	if monday, err := parseISOWeek(p.Week); err == nil {
		week = l.Range(monday, monday.AddDate(0, 0, 6))
	}
	names := map[string]string{}
	receivers := 0
	var urgent []string
	for _, r := range p.Rows {
		names[r.Office] = r.Name
		if r.Send > 0 {
			receivers++
		}
		if r.RunsOutWithinLeadTime && !r.Dinas {
			urgent = append(urgent, r.Name)
		}
	}
	var b strings.Builder
	if p.Sent == 0 {
		b.WriteString(l.Tf("dist.none", week))
	} else {
		b.WriteString(l.Tf("dist.sent", week, cards(p.Sent), receivers))
		if between := p.Sent - sentBy(p, p.Dinas); between > 0 {
			b.WriteString(l.Tf("dist.between", cards(between)))
		}
		if p.Unmet == 0 {
			b.WriteString(l.T("dist.enough"))
		}
	}
	if p.DinasSpare > 0 {
		b.WriteString(l.Tf("dist.spare", names[p.Dinas], cards(p.DinasSpare)))
	} else {
		b.WriteString(l.Tf("dist.spare_none", names[p.Dinas]))
	}
	if len(urgent) > 0 {
		b.WriteString(l.Tf("dist.urgent", len(urgent), join(l, urgent)))
	}
	if p.Unmet > 0 {
		b.WriteString(l.Tf("dist.unmet", cards(p.Unmet)))
	}
	b.WriteString(l.Tf("dist.request", cards(p.Request)))
	return b.String()
}

// sentBy is the cards one office sends in the plan.
func sentBy(p planning.DistributionPlan, office string) int {
	n := 0
	for _, s := range p.Shipments {
		if s.From == office {
			n += s.Cards
		}
	}
	return n
}

// weeksOfStockText writes the one weeks of stock ("–" when nothing was used).
func weeksOfStockText(l Lang, weeks *float64) string {
	if weeks == nil {
		return "–"
	}
	return l.Number(*weeks, 1) + " " + l.T("unit.weeks")
}

// weeksNumber writes weeks of stock without the unit, for a column whose
// name says it ("–" when nothing was used).
func weeksNumber(l Lang, weeks *float64) string {
	if weeks == nil {
		return "–"
	}
	return l.Number(*weeks, 1)
}

// requestAfterDistribution is the cards the plan's scope requests: for the
// region, after the week's distribution when it is known; for an office,
// what it lacks (from the Dinas).
func requestAfterDistribution(p *StockPlan) float64 {
	if p.Distribution != nil {
		return float64(p.Distribution.Request)
	}
	return p.OrderQuantity
}

// distributionSection is the planner's first section: the week's
// distribution, the offices that receive or send cards (those that run
// out first on top), and the sentence; for one office, its own row.
func (p *Planner) distributionSection(d planning.DistributionPlan) page.Section {
	l := p.opt.Lang
	s := page.Section{ID: "distribusi", Title: l.T("dist.title")}
	rows := slices.Clone(d.Rows)
	if p.opt.Office != "" {
		rows = slices.DeleteFunc(rows, func(r planning.DistributionRow) bool { return r.Office != p.opt.Office })
		for _, r := range rows {
			switch {
			case r.Send > 0:
				s.Blocks = append(s.Blocks, page.Block{Paragraph: l.Tf("dist.office_need", l.Number(float64(r.Send), 0))})
			case r.Gives > 0:
				s.Blocks = append(s.Blocks, page.Block{Paragraph: l.Tf("dist.office_gives", l.Number(float64(r.Gives), 0))})
			case !r.Dinas:
				s.Blocks = append(s.Blocks, page.Block{Paragraph: l.T("dist.office_ok")})
			}
		}
	} else {
		s.Blocks = append(s.Blocks, page.Block{Paragraph: DistributionSentence(l, d)})
		rows = slices.DeleteFunc(rows, func(r planning.DistributionRow) bool { return r.Send == 0 && r.Gives == 0 && !r.RunsOutWithinLeadTime })
	}
	slices.SortStableFunc(rows, func(a, b planning.DistributionRow) int {
		return cmp.Or(cmp.Compare(b.Gives, a.Gives), boolOrder(b.RunsOutWithinLeadTime, a.RunsOutWithinLeadTime), cmp.Compare(b.Send, a.Send),
			cmp.Compare(a.Office, b.Office))
	})
	service := 0.0
	if main := planFor(p.plans, kpi.ScopeRegion, p.opt.Settings.RegionCode); main != nil {
		service = main.ServiceLevel
	}
	t := &page.Table{Keys: 1, Empty: l.T("table.empty"), Note: l.Tf("dist.note", l.Percent(service)),
		Head: []page.Cell{{Text: l.T("col.office")}, {Text: l.T("dist.col.send"), Class: "n"}, {Text: l.T("dist.col.from")},
			{Text: l.T("dist.col.before"), Class: "n"}, {Text: l.T("dist.col.after"), Class: "n"}, {Text: l.T("dist.col.out"), Class: "n"}}}
	names := map[string]string{}
	for _, r := range d.Rows {
		names[r.Office] = r.Name
	}
	for _, r := range rows {
		t.Rows = append(t.Rows, distributionCells(l, r, names))
	}
	s.Blocks = append(s.Blocks, page.Block{Table: t})
	return s
}

// distributionCells is an office's row of the distribution table: the
// cards it receives (and from whom) or gives, its weeks of stock before and
// after, and its stock-out week (! when within its lead time).
func distributionCells(l Lang, r planning.DistributionRow, names map[string]string) []page.Cell {
	send, from := "0", ""
	switch {
	case r.Send > 0:
		send = "+" + l.Number(float64(r.Send), 0)
		var fs []string
		for _, f := range r.From {
			fs = append(fs, names[f])
		}
		from = strings.Join(fs, ", ")
	case r.Gives > 0:
		send = "−" + l.Number(float64(r.Gives), 0)
	}
	out, cls := "–", "n"
	if r.StockOutWeek != "" {
		out = stockOutText(l, r.StockOutWeek)
	}
	if r.RunsOutWithinLeadTime {
		out, cls = out+" !", "n red"
	}
	return []page.Cell{{Text: r.Name}, {Text: send, Class: "n"}, {Text: from},
		{Text: weeksNumber(l, r.CoverBeforeWeeks), Class: "n"}, {Text: weeksNumber(l, r.CoverAfterWeeks), Class: "n"},
		{Text: out, Class: cls}}
}

// boolOrder orders false before true.
func boolOrder(a, b bool) int {
	switch {
	case a == b:
		return 0
	case a:
		return 1
	}
	return -1
}

// owedSentence relates the planner's cards owed to the weekly report's
// print backlog; "larger" only when the backlog shown is larger.
func owedSentence(l Lang, owed, backlog float64) string {
	end := "."
	if math.Round(backlog) > math.Round(owed) {
		end = l.T("dist.owed.larger")
	}
	return l.Tf("dist.owed", l.Number(owed, 0), l.Number(backlog, 0)) + end
}
