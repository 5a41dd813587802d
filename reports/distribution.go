package reports

import (
	"strings"

	"github.com/disdukcapil-bekasi/pantau/planning"
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
	b.WriteString(l.Tf("dist.spare", names[p.Dinas], cards(p.DinasSpare)))
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
