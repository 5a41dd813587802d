package ikm

import (
	"database/sql"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/disdukcapil-bekasi/pantau/internal/readsql"
	"github.com/disdukcapil-bekasi/pantau/kpi"
)

// ikmRefs finds the ikm_* relations an SQL text names.
var ikmRefs = regexp.MustCompile(`\bikm_[a-z_]+\b`)

// ikmPart reads ikm/<name>.sql.
func ikmPart(name string) (string, bool) {
	b, err := ikmFiles.ReadFile("sql/" + name + ".sql")
	if err != nil {
		return "", false
	}
	return string(b), true
}

// ikmBase are the relations bound from the settings: ikm_settings (the
// regulation, the weight as weight_num / weight_den, the alert thresholds
// in hundredths) and ikm_grades (grade, from100, to100).
func ikmBase(s Settings, p ikmParameters) ([]kpi.Part, []any) {
	weight := s.Weight
	if weight == "" {
		weight = "exact"
	}
	settings := kpi.Part{Name: "ikm_settings", Body: "SELECT $regulation::TEXT AS regulation, $weight::TEXT AS weight, $weight_num::BIGINT AS weight_num, " +
		"$weight_den::BIGINT AS weight_den, $alert_ikm100::BIGINT AS alert_ikm100, $alert_nrr100::BIGINT AS alert_nrr100"}
	args := []any{sql.Named("regulation", p.regulation.ID), sql.Named("weight", weight), sql.Named("weight_num", p.weightNum),
		sql.Named("weight_den", p.weightDen), sql.Named("alert_ikm100", p.alertIKM100), sql.Named("alert_nrr100", p.alertNRR100)}
	var rows [][]any
	for _, g := range p.regulation.Grades {
		from, _ := hundredths(g.From)
		to, _ := hundredths(g.To)
		rows = append(rows, []any{g.Grade, from, to})
	}
	list, gargs := readsql.NamedValues([]readsql.Column{{Name: "grade", Type: "TEXT"}, {Name: "grade_from100", Type: "BIGINT"},
		{Name: "grade_to100", Type: "BIGINT"}}, rows)
	grades := kpi.Part{Name: "ikm_grades", Body: "SELECT * FROM (VALUES " + list + ") t(grade, from100, to100)"}
	return []kpi.Part{settings, grades}, append(args, gargs...)
}

// periodsPart binds the periods asked for as ikm_periods.
func periodsPart(periods []kpi.Period) (kpi.Part, []any) {
	var rows [][]any
	for _, p := range periods {
		rows = append(rows, []any{p.ID, p.Kind, p.Start.Format(time.DateOnly), p.End.Format(time.DateOnly)})
	}
	list, args := readsql.NamedValues([]readsql.Column{{Name: "period", Type: "TEXT"}, {Name: "period_kind", Type: "TEXT"},
		{Name: "period_starts", Type: "TIMESTAMP"}, {Name: "period_ends", Type: "TIMESTAMP"}}, rows)
	return kpi.Part{Name: "ikm_periods", Body: "SELECT * FROM (VALUES " + list + ") t(period, kind, starts, ends)"}, args
}

// composeIKM writes one query whose final select reads ikm_* relations:
// the base parts, then, nested so that they may read the shared kpi_*
// parts that Compose adds, every ikm part the final select needs, each
// after those it reads.
func composeIKM(base []kpi.Part, final string) string {
	emitted := kpi.Needed(base, final, ikmRefs, func(name string) (kpi.Part, bool) {
		body, ok := ikmPart(name)
		return kpi.Part{Name: name, Body: body}, ok
	})
	var sb strings.Builder
	sb.WriteString("SELECT * FROM (\nWITH\n")
	for i, p := range emitted {
		if i > 0 {
			sb.WriteString(",\n")
		}
		// Materialized: the index, the weakest element and the output read
		// ikm_elements, the alerts read ikm_results twice; each is small.
		fmt.Fprintf(&sb, "%s AS MATERIALIZED (\n%s\n)", p.Name, strings.TrimSpace(p.Body))
	}
	sb.WriteString("\n" + final + "\n)")
	if len(emitted) == 0 {
		return kpi.Compose(base, final)
	}
	return kpi.Compose(base, sb.String())
}

// ikmQuery composes final over the IKM relations for the periods asked
// (nil: every quarter and semester of the data), with the settings bound.
// from and to bound the weeks of the kpi_* relations (kpi_weeks).
// extra parts replace the ikm or kpi parts of their names.
func ikmQuery(s Settings, periods []kpi.Period, scopes []string, final string, extra ...kpi.Part) (string, []any, error) {
	params, err := s.parameters()
	if err != nil {
		return "", nil, err
	}
	from, to := time.Date(2000, 1, 3, 0, 0, 0, 0, time.UTC), time.Date(2000, 1, 3, 0, 0, 0, 0, time.UTC)
	if len(periods) > 0 {
		from, to = periods[0].Start, periods[0].LastDay()
		for _, p := range periods {
			if p.Start.Before(from) {
				from = p.Start
			}
			if last := p.LastDay(); last.After(to) {
				to = last
			}
		}
	}
	// Mondays of the first and last week: kpi_weeks steps 7 days from from.
	from = from.AddDate(0, 0, -((int(from.Weekday()) + 6) % 7))
	to = to.AddDate(0, 0, -((int(to.Weekday()) + 6) % 7))
	// Only the scopes asked for are computed: province and national values
	// (the kpi_period view's too) pool their regions' responses.
	base, args := kpi.QueryBase(s.Settings, scopes, from, to)
	ib, iargs := ikmBase(s, params)
	base = append(base, ib...)
	args = append(args, iargs...)
	if len(periods) > 0 {
		pp, pargs := periodsPart(periods)
		base = append(base, pp)
		args = append(args, pargs...)
	}
	base = append(base, extra...)
	return composeIKM(base, final), args, nil
}

// withPrevious adds to periods the period before each, sorted and unique:
// alerts compare a period with the one before it.
func withPrevious(periods []kpi.Period) []kpi.Period {
	out := slices.Clone(periods)
	for _, p := range periods {
		out = append(out, p.Previous())
	}
	slices.SortFunc(out, func(a, b kpi.Period) int { return strings.Compare(a.ID, b.ID) })
	return slices.CompactFunc(out, func(a, b kpi.Period) bool { return a.ID == b.ID })
}
