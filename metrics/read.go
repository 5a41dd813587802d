package metrics

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
)

// sqlFile returns the text of one of the embedded sql/<name>.sql files.
func sqlFile(name string) (string, error) {
	b, err := files.ReadFile("sql/" + name + ".sql")
	if err != nil {
		return "", fmt.Errorf("sql/%s.sql: %w", name, err)
	}
	return string(b), nil
}

// queryer is a *sql.DB or a *sql.Tx.
type queryer interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// scanString reads a row of one text column.
func scanString(r *sql.Rows) (string, error) {
	var v string
	err := r.Scan(&v)
	return v, err
}

// queryList runs a query and scans each row with scan; name says what is
// read in errors.
func queryList[T any](ctx context.Context, db queryer, name, query string, scan func(*sql.Rows) (T, error), args ...any) ([]T, error) {
	rows, err := db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, fmt.Errorf("read %s: %w", name, err)
		}
		out = append(out, v)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	return out, nil
}

// queryFileList runs the embedded sql/<name>.sql with args and scans each row.
func queryFileList[T any](ctx context.Context, db queryer, name string, scan func(*sql.Rows) (T, error), args ...any) ([]T, error) {
	query, err := sqlFile(name)
	if err != nil {
		return nil, err
	}
	return queryList(ctx, db, name, query, scan, args...)
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
	base, baseArgs := queryBase(s, []string{ScopeRegion}, monday, monday)
	return queryList(ctx, db, name, compose(base, final), scan, append(baseArgs, args...)...)
}

// placeholders is n comma-separated ? markers.
func placeholders(n int) string {
	return strings.TrimSuffix(strings.Repeat("?, ", n), ", ")
}

// anys converts a list of strings to query arguments.
func anys(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}
