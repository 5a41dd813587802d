package metrics

import (
	"context"
	"database/sql"
	"strings"
)

// Read returns the KPI values of q from the kpi_weekly table that Refresh
// keeps, ordered as Compute orders them: what pantau kpi and the reports
// show, whatever the length of the history. While the table holds no row
// (a warehouse loaded before pantau kept it, and not loaded since) it
// computes them instead.
func Read(ctx context.Context, db *sql.DB, s Settings, q Query) ([]Value, error) {
	var stored bool
	if err := db.QueryRowContext(ctx, `SELECT count(*) > 0 FROM (SELECT 1 FROM kpi_weekly LIMIT 1)`).Scan(&stored); err != nil || !stored {
		return Compute(ctx, db, s, q)
	}
	if _, _, _, err := computeQuery(s, q); err != nil {
		return nil, err // the same validation as Compute
	}
	defs, _ := selectDefinitions(q.KPIs)
	to := q.To
	if to == "" {
		to = q.From
	}
	scopes := q.Scopes
	if len(scopes) == 0 {
		scopes = regionScopes
	}
	regions := q.Regions
	if len(regions) == 0 {
		regions = []string{s.RegionCode}
	}
	var ids, provinces []string
	for _, d := range defs {
		ids = append(ids, d.ID)
	}
	for _, r := range regions {
		provinces = append(provinces, provinceOf(r))
	}
	values, err := queryFileList(ctx, db, "kpi_read", func(r *sql.Rows) (Value, error) {
		var v Value
		var value sql.NullFloat64
		err := r.Scan(&v.Week, &v.Scope, &v.ScopeID, &v.KPI, &value)
		if value.Valid {
			f := value.Float64
			v.Value = &f
		}
		return v, err
	}, q.From, to, strings.Join(scopes, ","), strings.Join(ids, ","), strings.Join(regions, ","), strings.Join(provinces, ","))
	if err != nil {
		return nil, err
	}
	sortValues(values, defs)
	return values, nil
}
