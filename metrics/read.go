package metrics

import (
	"github.com/disdukcapil-bekasi/pantau/internal/readsql"

	"context"
	"database/sql"
	"fmt"
)

// sqlFile returns the text of one of the embedded sql/<name>.sql files.
func sqlFile(name string) (string, error) {
	b, err := files.ReadFile("sql/" + name + ".sql")
	if err != nil {
		return "", fmt.Errorf("sql/%s.sql: %w", name, err)
	}
	return string(b), nil
}

// queryFileList runs the embedded sql/<name>.sql with args and scans each row.
func queryFileList[T any](ctx context.Context, db readsql.Queryer, name string, scan func(*sql.Rows) (T, error), args ...any) ([]T, error) {
	query, err := sqlFile(name)
	if err != nil {
		return nil, err
	}
	return readsql.List(ctx, db, name, query, scan, args...)
}

// queryFileValue runs the embedded sql/<name>.sql, which returns one row of
// one column, and scans it into dest.
func queryFileValue(ctx context.Context, db *sql.DB, name string, dest any, args ...any) error {
	query, err := sqlFile(name)
	if err != nil {
		return err
	}
	if err := db.QueryRowContext(ctx, query, args...).Scan(dest); err != nil {
		return fmt.Errorf("read %s: %w", name, err)
	}
	return nil
}

// queryWeek runs a final select over the runner's kpi_* relations for one
// ISO week of the region in s; args bind the final select's parameters.
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
