package kpi

import (
	"context"
	"database/sql"

	"github.com/disdukcapil-bekasi/pantau/internal/readsql"
)

// sqlFile returns the text of one of the embedded sql/<name>.sql files.
func sqlFile(name string) (string, error) { return readsql.File(files, name) }

// queryWeek runs a final select over the runner's kpi_* relations for one
// ISO week of the region in s; args bind the final select's $names
// (sql.Named).
func queryWeek[T any](ctx context.Context, db *sql.DB, s Settings, week, name string, scan func(*sql.Rows) (T, error), args ...any) ([]T, error) {
	monday, err := ParseWeek(week)
	if err != nil {
		return nil, err
	}
	final, err := sqlFile(name)
	if err != nil {
		return nil, err
	}
	base, baseArgs := QueryBase(s, []string{ScopeRegion}, monday, monday)
	return readsql.List(ctx, db, name, Compose(base, final), scan, append(baseArgs, args...)...)
}
