package kpi

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/disdukcapil-bekasi/pantau/internal/readsql"
)

// sqlFile returns the text of one of the embedded sql/<name>.sql files.
func sqlFile(name string) (string, error) { return readsql.File(files, name) }

// readWeek runs the final select sql/<name>.sql over the runner's kpi_*
// relations for one ISO week of the region in s and returns its rows as T
// (as readsql.Read does): params binds the file's own $names.
func readWeek[T any](ctx context.Context, db *sql.DB, s Settings, week, name string, params any) ([]T, error) {
	monday, err := ParseWeek(week)
	if err != nil {
		return nil, err
	}
	final, err := sqlFile(name)
	if err != nil {
		return nil, err
	}
	args, err := readsql.NamedArgs(final, params)
	if err != nil {
		return nil, fmt.Errorf("sql/%s.sql: %w", name, err)
	}
	base, baseArgs := QueryBase(s, []string{ScopeRegion}, monday, monday)
	return readsql.Rows[T](ctx, db, name, Compose(base, final), append(baseArgs, args...)...)
}
