package kpi

import (
	"context"
	"database/sql"
	"regexp"
	"slices"

	"github.com/disdukcapil-bekasi/pantau/internal/readsql"
)

// Read returns the KPI values of q from the kpi_weekly table that Refresh
// keeps, ordered as Compute orders them: what pantau kpi and the reports
// show, whatever the length of the history. Weeks asked for outside the
// table's span (before the first data, after the last) are computed, as
// Compute would give them (counts 0, figures NULL, stock carried); so is
// everything while the table holds no row (a warehouse loaded before pantau
// kept it, and not loaded since).
func Read(ctx context.Context, db *sql.DB, s Settings, q Query) ([]Value, error) {
	if _, _, _, err := Default().computeQuery(s, q); err != nil {
		return nil, err // the same validation as Compute
	}
	to := q.To
	if to == "" {
		to = q.From
	}
	first, last, err := storedSpan(ctx, db)
	if err != nil || !first.Valid {
		return Compute(ctx, db, s, q)
	}
	from, _ := ParseWeek(q.From)
	until, _ := ParseWeek(to)
	var out []Value
	if from.Before(first.Time) { // weeks before the table's
		before := q
		before.From, before.To = q.From, FormatWeek(minTime(until, first.Time.AddDate(0, 0, -7)))
		vs, err := Compute(ctx, db, s, before)
		if err != nil {
			return nil, err
		}
		out = append(out, vs...)
	}
	if until.After(last.Time) { // weeks after the table's
		after := q
		after.From, after.To = FormatWeek(maxTime(from, last.Time.AddDate(0, 0, 7))), to
		vs, err := Compute(ctx, db, s, after)
		if err != nil {
			return nil, err
		}
		out = append(out, vs...)
	}
	stored, err := readStored(ctx, db, s, q, to)
	if err != nil {
		return nil, err
	}
	defs, _ := Default().selectDefinitions(q.KPIs)
	out = append(out, stored...)
	sortValues(out, defs)
	return out, nil
}

// readStored reads the table's rows of q.
func readStored(ctx context.Context, db *sql.DB, s Settings, q Query, to string) ([]Value, error) {
	defs, _ := Default().selectDefinitions(q.KPIs)
	scopes := q.Scopes
	if len(scopes) == 0 {
		scopes = regionScopes
	}
	regions := q.Regions
	if len(regions) == 0 {
		regions = []string{s.RegionCode}
	}
	var ids, inRegion, upper, upperIDs []string
	for _, d := range defs {
		ids = append(ids, d.ID)
	}
	for _, sc := range scopes {
		switch sc {
		case ScopeProvince:
			upper = append(upper, sc)
			for _, r := range regions {
				if p := ProvinceOf(r); !slices.Contains(upperIDs, p) {
					upperIDs = append(upperIDs, p)
				}
			}
		case ScopeNational:
			upper, upperIDs = append(upper, sc), append(upperIDs, NationalID)
		default:
			inRegion = append(inRegion, sc)
		}
	}
	text, err := sqlFile("kpi_read")
	if err != nil {
		return nil, err
	}
	text, args := bindLists(text, map[string][]string{"from": {q.From}, "to": {to}, "regions": regions,
		"region_scopes": inRegion, "kpis": ids, "upper_scopes": upper, "upper_ids": upperIDs})
	return readsql.List(ctx, db, "kpi_read", text, scanValue, args...)
}

// listParam is a {name} in an SQL text that stands for a list of values.
var listParam = regexp.MustCompile(`\{([a-z_]+)\}`)

// bindLists replaces each {name} of text, in order of appearance, by one ?
// per value of lists[name] and returns the arguments in that order, so
// that every filter is a constant list; an empty list binds "" (no row has
// it). Only placeholders are written into the text, never a value.
func bindLists(text string, lists map[string][]string) (string, []any) {
	var args []any
	text = listParam.ReplaceAllStringFunc(text, func(m string) string {
		values, ok := lists[m[1:len(m)-1]]
		if !ok {
			return m // not a list: left for the SQL to reject
		}
		if len(values) == 0 {
			values = []string{""}
		}
		args = append(args, readsql.Anys(values)...)
		return readsql.Placeholders(len(values))
	})
	return text, args
}
