package metrics

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
)

// part is one named relation of a composed query, written as a common
// table expression: name AS [MATERIALIZED] (body).
type part struct {
	name         string
	body         string
	materialized bool
}

// references finds the kpi_* and result_* relations an SQL text names.
var references = regexp.MustCompile(`\b(kpi|result)_[a-z0-9_]+\b`)

// sharedParts are the relations every KPI may read beyond the base ones
// (settings and weeks), in an order where each comes after those it reads.
func sharedParts() []part {
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
	return []part{
		{name: "kpi_days", body: file("kpi_days"), materialized: true},
		{name: "kpi_offices", body: file("kpi_offices")},
		{name: "kpi_scope_map", body: file("kpi_scope_map"), materialized: true},
		{name: "kpi_grid", body: file("kpi_grid"), materialized: true},
		{name: "kpi_events", body: file("kpi_events")},
		{name: "kpi_event_counts", body: file("kpi_event_counts"), materialized: true},
		{name: "kpi_application_firsts", body: file("application_firsts")},
		// Only KTP-el applications and the columns KPIs and checks read:
		// the filter and the projection reach the scan and the aggregate.
		{name: "kpi_applications", body: "SELECT " + applicationColumns + " FROM (\n" + file("applications") +
			"\n) WHERE region_code IN (SELECT region_code FROM kpi_regions) AND service = 'ktp_el'", materialized: true},
		{name: "kpi_complaints", body: inRegions("complaint_facts"), materialized: true},
		{name: "kpi_pungli", body: file("kpi_pungli")},
		{name: "kpi_blanko_ledger", body: "SELECT * FROM (\n" + file("blanko_ledger") +
			"\n) WHERE office_code IN (SELECT office_code FROM kpi_offices)", materialized: true},
		{name: "kpi_backlog", body: file("kpi_backlog"), materialized: true},
	}
}

// applicationColumns are the columns of applications that KPIs and checks read.
const applicationColumns = "application_id, service, office_code, print_office_code, submitted_at, recorded_at, " +
	"print_ready_at, printed_at, issued_at, interim_issued_at, rejected_at, cancelled_at, print_lead_workdays"

// resultPart is the relation result_<id> holding a KPI's rows.
func resultPart(d Definition) part {
	return part{name: "result_" + d.ID, body: d.SQL}
}

// compose writes one query: the base parts (always), then every shared part
// and KPI result that the final select needs, each after what it reads.
func compose(base []part, final string) string {
	all := map[string]part{}
	var order []string
	for _, p := range sharedParts() {
		all[p.name] = p
		order = append(order, p.name)
	}
	for _, d := range Definitions() {
		p := resultPart(d)
		all[p.name] = p
		order = append(order, p.name)
	}
	emitted := needed(base, final, references, func(name string) (part, bool) {
		p, ok := all[name]
		return p, ok
	})
	// Keep a stable, readable order: the declaration order, which already
	// puts each part after what it reads (needed returns a post-order).
	slices.SortStableFunc(emitted, func(a, b part) int {
		return slices.Index(order, a.name) - slices.Index(order, b.name)
	})
	var sb strings.Builder
	sb.WriteString("WITH\n")
	for i, p := range append(slices.Clone(base), emitted...) {
		if i > 0 {
			sb.WriteString(",\n")
		}
		mat := ""
		if p.materialized {
			mat = "MATERIALIZED "
		}
		fmt.Fprintf(&sb, "%s AS %s(\n%s\n)", p.name, mat, strings.TrimSpace(p.body))
	}
	sb.WriteString("\n")
	sb.WriteString(final)
	return sb.String()
}

// needed returns the parts that final reads, directly or through other
// parts, each after the parts it reads (post-order): lookup gives a part by
// name, refs finds the names a text reads; base parts and unknown names are
// left out.
func needed(base []part, final string, refs *regexp.Regexp, lookup func(string) (part, bool)) []part {
	done := map[string]bool{}
	for _, p := range base {
		done[p.name] = true
	}
	var emitted []part
	var visit func(name string)
	visit = func(name string) {
		p, ok := lookup(name)
		if !ok || done[name] {
			return
		}
		done[name] = true
		for _, ref := range refs.FindAllString(p.body, -1) {
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
