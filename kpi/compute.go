package kpi

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/disdukcapil-bekasi/pantau/internal/readsql"
)

// Scopes a KPI is computed for. Province and national values are computed
// from the pooled rows of their regions, never from the regions' results.
const (
	ScopeRegion    = "region"
	ScopeOffice    = "office"
	ScopeKecamatan = "kecamatan"
	ScopeProvince  = "province"
	ScopeNational  = "national"
)

// NationalID is the scope id of the national scope.
const NationalID = "ID"

// allScopes are the scopes in display order.
var allScopes = []string{ScopeRegion, ScopeOffice, ScopeKecamatan, ScopeProvince, ScopeNational}

// Scopes returns every scope in display order.
func Scopes() []string { return slices.Clone(allScopes) }

// RegionScopes returns the scopes inside one region: the region, its
// offices and its kecamatan.
func RegionScopes() []string { return slices.Clone(regionScopes) }

// Query says which KPIs to compute, for which weeks and scopes.
type Query struct {
	// From and To are ISO weeks like 2023-W01, both included. To defaults to From.
	From, To string
	// Scopes are region, office, kecamatan, province and national; empty
	// means region, office and kecamatan.
	Scopes []string
	// Regions are the regions computed (their offices, kecamatan, the
	// regions themselves, and the provinces and the nation from their pooled
	// rows); empty means the region of the settings.
	Regions []string
	// KPIs are KPI ids (recordings, backlog_age, ...); empty means all.
	KPIs []string
}

// Value is one figure: a KPI value name for one week and one scope.
type Value struct {
	Week    string   `json:"week"`
	Scope   string   `json:"scope"`
	ScopeID string   `json:"scope_id"`
	KPI     string   `json:"kpi"`
	Value   *float64 `json:"value"` // nil: nothing to measure (NULL)
}

// Compute computes the KPIs of q for every week from q.From to q.To and
// every scope asked for, in one query. The rows come ordered by week, scope
// (region, office, kecamatan), scope id and the KPIs' display order.
func Compute(ctx context.Context, db *sql.DB, s Settings, q Query) ([]Value, error) {
	return Default().Compute(ctx, db, s, q)
}

// Compute computes the catalogue's KPIs of q (see Compute).
func (c *Catalogue) Compute(ctx context.Context, db *sql.DB, s Settings, q Query) ([]Value, error) {
	text, args, defs, err := c.computeQuery(s, q)
	if err != nil {
		return nil, err
	}
	out, err := readsql.List(ctx, db, "kpis", text, scanValue, args...)
	if err != nil {
		return nil, err
	}
	sortValues(out, defs)
	return out, nil
}

// scanValue reads a row of week, scope, scope_id, kpi, value (NULL: nil).
func scanValue(r *sql.Rows) (Value, error) {
	var v Value
	err := r.Scan(&v.Week, &v.Scope, &v.ScopeID, &v.KPI, &v.Value)
	return v, err
}

// computeQuery validates q and writes its SQL and arguments.
func (c *Catalogue) computeQuery(s Settings, q Query) (string, []any, []Definition, error) {
	if q.From == "" {
		return "", nil, nil, fmt.Errorf("compute kpis: no week given")
	}
	if q.To == "" {
		q.To = q.From
	}
	from, err := ParseWeek(q.From)
	if err != nil {
		return "", nil, nil, err
	}
	to, err := ParseWeek(q.To)
	if err != nil {
		return "", nil, nil, err
	}
	if to.Before(from) {
		return "", nil, nil, fmt.Errorf("week range %s to %s ends before it starts", q.From, q.To)
	}
	scopes := q.Scopes
	if len(scopes) == 0 {
		scopes = []string{ScopeRegion, ScopeOffice, ScopeKecamatan}
	}
	for _, sc := range scopes {
		if !slices.Contains(allScopes, sc) {
			return "", nil, nil, fmt.Errorf("scope %q is not region, office, kecamatan, province or national", sc)
		}
	}
	regions := q.Regions
	if len(regions) == 0 {
		regions = []string{s.RegionCode}
	}
	defs, err := c.selectDefinitions(q.KPIs)
	if err != nil {
		return "", nil, nil, err
	}
	base, args := QueryBaseOf(s, regions, scopes, from, to)
	return c.Compose(base, unionOf(defs)), args, defs, nil
}

// selectDefinitions returns the KPIs named, in display order; none named: all.
func (c *Catalogue) selectDefinitions(ids []string) ([]Definition, error) {
	all := c.defs
	if len(ids) == 0 {
		return all, nil
	}
	var out []Definition
	for _, id := range ids {
		i := slices.IndexFunc(all, func(d Definition) bool { return d.ID == id })
		if i < 0 {
			return nil, fmt.Errorf("unknown KPI %q (see pantau kpi list)", id)
		}
		if !slices.ContainsFunc(out, func(d Definition) bool { return d.ID == id }) {
			out = append(out, all[i])
		}
	}
	slices.SortFunc(out, func(a, b Definition) int {
		return slices.IndexFunc(all, func(d Definition) bool { return d.ID == a.ID }) -
			slices.IndexFunc(all, func(d Definition) bool { return d.ID == b.ID })
	})
	return out, nil
}

// QueryBase writes the base relations of a query of the region of s with
// the settings, scopes and weeks bound as named parameters (sql.Named).
func QueryBase(s Settings, scopes []string, from, to time.Time) ([]Part, []any) {
	return QueryBaseOf(s, []string{s.RegionCode}, scopes, from, to)
}

// QueryBaseOf writes the base relations of a query of the given regions:
// kpi_regions holds them with their province (the first two digits of a
// Kemendagri region code). Every value is bound by name: $region_code,
// $cuti_bersama_off, $issuance_standard_days, $first_monday, $last_monday,
// and the lists as $sla_tier_1, $sla_days_1, …, $scope_1, …, $region_1, ….
// A final select may add its own $names, never one of these.
func QueryBaseOf(s Settings, regions, scopes []string, from, to time.Time) ([]Part, []any) {
	settings := Part{Name: "kpi_settings",
		Body: "SELECT $region_code::TEXT AS region_code, $cuti_bersama_off::BOOLEAN AS cuti_bersama_off, $issuance_standard_days::INTEGER AS issuance_standard_days"}
	args := []any{sql.Named("region_code", s.RegionCode), sql.Named("cuti_bersama_off", s.CutiBersamaOff),
		sql.Named("issuance_standard_days", s.IssuanceStandardDays)}

	tiers := make([]string, 0, len(s.SLADays))
	for t := range s.SLADays {
		tiers = append(tiers, t)
	}
	slices.Sort(tiers)
	sla := Part{Name: "kpi_sla", Body: "SELECT NULL::TEXT AS tier, NULL::INTEGER AS days WHERE false"}
	if len(tiers) > 0 {
		var rows [][]any
		for _, t := range tiers {
			rows = append(rows, []any{t, s.SLADays[t]})
		}
		list, largs := readsql.NamedValues([]readsql.Column{{Name: "sla_tier", Type: "TEXT"}, {Name: "sla_days", Type: "INTEGER"}}, rows)
		sla.Body = "SELECT * FROM (VALUES " + list + ") t(tier, days)"
		args = append(args, largs...)
	}

	list, largs := readsql.NamedValues([]readsql.Column{{Name: "scope", Type: "TEXT"}}, column(scopes))
	kinds := Part{Name: "kpi_scope_kinds", Body: "SELECT * FROM (VALUES " + list + ") t(scope)"}
	args = append(args, largs...)

	weeks := Part{Name: "kpi_weeks", Body: weeksBody(
		"SELECT unnest(generate_series($first_monday::TIMESTAMP, $last_monday::TIMESTAMP, INTERVAL 7 DAY)) AS d")}
	args = append(args, sql.Named("first_monday", from.Format(time.DateOnly)), sql.Named("last_monday", to.Format(time.DateOnly)))

	list, largs = readsql.NamedValues([]readsql.Column{{Name: "region", Type: "TEXT"}}, column(regions))
	regionList := Part{Name: "kpi_regions", Body: "SELECT region_code, left(region_code, 2) AS province_code FROM (VALUES " +
		list + ") t(region_code)"}
	args = append(args, largs...)
	return []Part{settings, sla, kinds, weeks, regionList}, args
}

// column is the rows of a one-column VALUES list.
func column(values []string) [][]any {
	rows := make([][]any, len(values))
	for i, v := range values {
		rows[i] = []any{v}
	}
	return rows
}

// weeksBody turns a relation of Mondays (column d, TIMESTAMP) into kpi_weeks.
func weeksBody(mondays string) string {
	return `SELECT strftime(d, '%G-W%V') AS week, d::DATE AS week_start,
       (d + INTERVAL 6 DAY)::DATE AS week_end, d + INTERVAL 7 DAY AS next_start
FROM (` + mondays + `)`
}

// sortValues orders values by week, scope, scope id and display order. The
// order keys are worked out once per value, not per comparison: a report
// reads tens of thousands of values.
func sortValues(vs []Value, defs []Definition) {
	rank := map[string]int{}
	last := map[string]int{} // a KPI's last listed value name's rank
	n := 0
	for _, d := range defs {
		for _, v := range d.Values {
			rank[v.Name] = n
			n++
		}
		last[d.ID] = n - 1
	}
	scopeRank := map[string]int{}
	for i, sc := range allScopes {
		scopeRank[sc] = i
	}
	type keyed struct {
		v           Value
		scope, name int
		extra       int // 1: a name the metadata does not list (a category found only in the data)
	}
	ks := make([]keyed, len(vs))
	for i, v := range vs {
		k := keyed{v: v, scope: scopeRank[v.Scope]}
		if r, ok := rank[v.KPI]; ok {
			k.name = r
		} else {
			id, _, _ := strings.Cut(v.KPI, ".")
			k.name, k.extra = last[id], 1
		}
		ks[i] = k
	}
	slices.SortStableFunc(ks, func(a, b keyed) int {
		return cmp.Or(cmp.Compare(a.v.Week, b.v.Week), cmp.Compare(a.scope, b.scope), cmp.Compare(a.v.ScopeID, b.v.ScopeID),
			cmp.Compare(a.name, b.name), cmp.Compare(a.extra, b.extra), cmp.Compare(a.v.KPI, b.v.KPI))
	})
	for i := range ks {
		vs[i] = ks[i].v
	}
}
