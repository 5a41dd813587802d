package kpi

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/disdukcapil-bekasi/pantau/enums"
)

// Part is one named relation of a composed query, written as a common
// table expression: name AS [MATERIALIZED] (body).
type Part struct {
	Name         string
	Body         string
	Materialized bool
}

// references finds the kpi_* and result_* relations an SQL text names.
var references = regexp.MustCompile(`\b(kpi|result)_[a-z0-9_]+\b`)

// sharedParts are the relations every KPI may read beyond the base ones
// (settings and weeks), in an order where each comes after those it reads.
func sharedParts() []Part {
	file := func(name string) string {
		b, err := files.ReadFile("sql/" + name + ".sql")
		if err != nil {
			panic(err) // embedded; a missing file is a build mistake the tests catch
		}
		return string(b)
	}
	inRegions := func(name string) string {
		return "SELECT * FROM (\n" + file(name) + "\n) WHERE region_code IN (SELECT region_code FROM kpi_regions)"
	}
	return []Part{
		// The enumerated values of enums.yaml as (enum, value, ord).
		{Name: "kpi_enum_values", Body: enums.SQL()},
		{Name: "kpi_days", Body: file("kpi_days"), Materialized: true},
		{Name: "kpi_offices", Body: file("kpi_offices")},
		{Name: "kpi_scope_map", Body: file("kpi_scope_map"), Materialized: true},
		{Name: "kpi_grid", Body: file("kpi_grid"), Materialized: true},
		{Name: "kpi_events", Body: file("kpi_events")},
		{Name: "kpi_event_counts", Body: file("kpi_event_counts"), Materialized: true},
		{Name: "kpi_application_firsts", Body: file("application_firsts")},
		// Only KTP-el applications and the columns KPIs and checks read:
		// the filter and the projection reach the scan and the aggregate.
		{Name: "kpi_applications", Body: "SELECT " + applicationColumns + " FROM (\n" + file("applications") +
			"\n) WHERE region_code IN (SELECT region_code FROM kpi_regions) AND service = 'ktp_el'", Materialized: true},
		{Name: "kpi_complaints", Body: inRegions("complaint_facts"), Materialized: true},
		{Name: "kpi_pungli", Body: file("kpi_pungli")},
		{Name: "kpi_blanko_ledger", Body: "SELECT * FROM (\n" + file("blanko_ledger") +
			"\n) WHERE office_code IN (SELECT office_code FROM kpi_offices)", Materialized: true},
		{Name: "kpi_backlog", Body: file("kpi_backlog"), Materialized: true},
	}
}

// applicationColumns are the columns of applications that KPIs and checks read.
const applicationColumns = "application_id, service, office_code, print_office_code, submitted_at, recorded_at, " +
	"print_ready_at, printed_at, issued_at, interim_issued_at, rejected_at, cancelled_at, print_lead_workdays"

// resultPart is the relation result_<id> holding a KPI's rows.
func resultPart(d Definition) Part {
	return Part{Name: "result_" + d.ID, Body: d.SQL}
}

// Compose writes one query: the base parts (always), then every shared part
// and KPI result that the final select needs, each after what it reads.
func Compose(base []Part, final string) string { return Default().Compose(base, final) }

// Compose writes one query over the catalogue's KPIs (see Compose).
func (c *Catalogue) Compose(base []Part, final string) string {
	all := map[string]Part{}
	var order []string
	for _, p := range sharedParts() {
		all[p.Name] = p
		order = append(order, p.Name)
	}
	for _, d := range c.computeOrder {
		p := resultPart(d)
		all[p.Name] = p
		order = append(order, p.Name)
	}
	emitted := Needed(base, final, references, func(name string) (Part, bool) {
		p, ok := all[name]
		return p, ok
	})
	// Keep a stable, readable order: the shared parts as declared, then the
	// KPIs' results in the catalogue's compute order; both put each part
	// after what it reads (as does Needed's post-order).
	slices.SortStableFunc(emitted, func(a, b Part) int {
		return slices.Index(order, a.Name) - slices.Index(order, b.Name)
	})
	var sb strings.Builder
	sb.WriteString("WITH\n")
	for i, p := range append(slices.Clone(base), emitted...) {
		if i > 0 {
			sb.WriteString(",\n")
		}
		mat := ""
		if p.Materialized {
			mat = "MATERIALIZED "
		}
		fmt.Fprintf(&sb, "%s AS %s(\n%s\n)", p.Name, mat, strings.TrimSpace(p.Body))
	}
	sb.WriteString("\n")
	sb.WriteString(final)
	return sb.String()
}

// Needed returns the parts that final reads, directly or through other
// parts, each after the parts it reads (post-order): lookup gives a part by
// name, refs finds the names a text reads; base parts and unknown names are
// left out.
func Needed(base []Part, final string, refs *regexp.Regexp, lookup func(string) (Part, bool)) []Part {
	done := map[string]bool{}
	for _, p := range base {
		done[p.Name] = true
	}
	var emitted []Part
	var visit func(name string)
	visit = func(name string) {
		p, ok := lookup(name)
		if !ok || done[name] {
			return
		}
		done[name] = true
		for _, ref := range refs.FindAllString(p.Body, -1) {
			visit(ref)
		}
		emitted = append(emitted, p)
	}
	for _, ref := range refs.FindAllString(final, -1) {
		visit(ref)
	}
	return emitted
}

// unionOf selects the rows of the given KPIs' results.
func unionOf(defs []Definition) string {
	var sb strings.Builder
	for i, d := range defs {
		if i > 0 {
			sb.WriteString("\nUNION ALL\n")
		}
		fmt.Fprintf(&sb, "SELECT week, scope, scope_id, kpi, value FROM result_%s", d.ID)
	}
	return sb.String()
}
