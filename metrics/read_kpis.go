package metrics

import (
	"context"
	"database/sql"
	"slices"
	"strings"
)

// Read returns the KPI values of q from the kpi_weekly table that Refresh
// keeps, ordered as Compute orders them: what pantau kpi and the reports
// show, whatever the length of the history. Weeks asked for outside the
// table's span (before the first data, after the last) are computed, as
// Compute would give them (counts 0, figures NULL, stock carried); so is
// everything while the table holds no row (a warehouse loaded before pantau
// kept it, and not loaded since).
func Read(ctx context.Context, db *sql.DB, s Settings, q Query) ([]Value, error) {
	if _, _, _, err := computeQuery(s, q); err != nil {
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
	defs, _ := selectDefinitions(q.KPIs)
	out = append(out, stored...)
	sortValues(out, defs)
	return out, nil
}

// readStored reads the table's rows of q.
func readStored(ctx context.Context, db *sql.DB, s Settings, q Query, to string) ([]Value, error) {
	defs, _ := selectDefinitions(q.KPIs)
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
				if p := provinceOf(r); !slices.Contains(upperIDs, p) {
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
	var args []any
	list := func(name string, values []string) {
		if len(values) == 0 {
			values = []string{""} // matches no row
		}
		text = strings.ReplaceAll(text, "{"+name+"}", strings.TrimSuffix(strings.Repeat("?, ", len(values)), ", "))
	}
	for _, l := range []struct {
		name   string
		values []string
	}{{"regions", regions}, {"region_scopes", inRegion}, {"kpis", ids}, {"upper_scopes", upper}, {"upper_ids", upperIDs}} {
		list(l.name, l.values)
	}
	add := func(values ...[]string) {
		for _, vs := range values {
			if len(vs) == 0 {
				vs = []string{""}
			}
			for _, v := range vs {
				args = append(args, v)
			}
		}
	}
	args = append(args, q.From, to)
	add(regions, inRegion, ids)
	args = append(args, q.From, to)
	add(upper, upperIDs, ids)
	return queryList(ctx, db, "kpi_read", text, func(r *sql.Rows) (Value, error) {
		var v Value
		var value sql.NullFloat64
		err := r.Scan(&v.Week, &v.Scope, &v.ScopeID, &v.KPI, &value)
		if value.Valid {
			f := value.Float64
			v.Value = &f
		}
		return v, err
	}, args...)
}
