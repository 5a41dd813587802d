// Package readsql holds the few helpers every room that reads the
// warehouse shares: run a query and scan its rows, bind parameters by
// name (lists too).
package readsql

import (
	"context"
	"database/sql"
	"fmt"
	"io/fs"
	"strings"
	"time"
)

// Queryer is a *sql.DB or a *sql.Tx.
type Queryer interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// ScanString reads a row of one text column.
func ScanString(r *sql.Rows) (string, error) {
	var v string
	err := r.Scan(&v)
	return v, err
}

// List runs a query and scans each row with scan; name says what is read
// in errors.
func List[T any](ctx context.Context, db Queryer, name, query string, scan func(*sql.Rows) (T, error), args ...any) ([]T, error) {
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

// Placeholders is n comma-separated ? markers.
func Placeholders(n int) string {
	return strings.TrimSuffix(strings.Repeat("?, ", n), ", ")
}

// Anys converts a list of strings to query arguments.
func Anys(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}

// Column is a column of a VALUES list bound by name: its name and SQL type.
type Column struct{ Name, Type string }

// NamedValues writes rows as the rows of an SQL VALUES list whose every
// value is bound by name: column c of the i-th row (from 1) is $c_i, cast
// to the column's type, as in "($tier_1::TEXT, $days_1::INTEGER),
// ($tier_2::TEXT, $days_2::INTEGER)"; it returns the list and its
// arguments (sql.Named). Each row holds one value per column.
func NamedValues(cols []Column, rows [][]any) (string, []any) {
	var sb strings.Builder
	var args []any
	for i, row := range rows {
		if i > 0 {
			sb.WriteString(", ")
		}
		sb.WriteByte('(')
		for j, c := range cols {
			if j > 0 {
				sb.WriteString(", ")
			}
			name := fmt.Sprintf("%s_%d", c.Name, i+1)
			fmt.Fprintf(&sb, "$%s::%s", name, c.Type)
			args = append(args, sql.Named(name, row[j]))
		}
		sb.WriteByte(')')
	}
	return sb.String(), args
}

// File returns the text of the file sql/<name>.sql of fsys.
func File(fsys fs.FS, name string) (string, error) {
	b, err := fs.ReadFile(fsys, "sql/"+name+".sql")
	if err != nil {
		return "", fmt.Errorf("sql/%s.sql: %w", name, err)
	}
	return string(b), nil
}

// FileValue runs the file sql/<name>.sql of fsys, which returns one row of
// one column, and scans it into dest.
func FileValue(ctx context.Context, db *sql.DB, fsys fs.FS, name string, dest any, args ...any) error {
	query, err := File(fsys, name)
	if err != nil {
		return err
	}
	if err := db.QueryRowContext(ctx, query, args...).Scan(dest); err != nil {
		return fmt.Errorf("read %s: %w", name, err)
	}
	return nil
}

// InTx runs f in one transaction and commits it; what names the work in
// errors ("refresh kpis").
func InTx(ctx context.Context, db *sql.DB, what string, f func(*sql.Tx) error) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	defer tx.Rollback() //nolint:errcheck // after Commit it is a no-op
	if err := f(tx); err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	return nil
}

// Exec runs the statement of the file sql/<name>.sql of fsys in tx.
func Exec(ctx context.Context, tx *sql.Tx, fsys fs.FS, name string, args ...any) error {
	query, err := File(fsys, name)
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, query, args...); err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	return nil
}

// Dirty reads the notes of what a refresh must make again, from the file
// sql/<name>.sql of fsys (columns region_code and from_date): region →
// earliest date; all when a note names every region ('*').
func Dirty(ctx context.Context, q Queryer, fsys fs.FS, name string) (map[string]time.Time, bool, error) {
	notes, err := Read[struct {
		Region string    `sql:"region_code"`
		From   time.Time `sql:"from_date"`
	}](ctx, q, fsys, name, nil)
	if err != nil {
		return nil, false, err
	}
	out := map[string]time.Time{}
	for _, n := range notes {
		if n.Region == "*" {
			return nil, true, nil
		}
		out[n.Region] = n.From
	}
	return out, false, nil
}
