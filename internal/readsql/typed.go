package readsql

import (
	"context"
	"database/sql"
	"fmt"
	"io/fs"
	"reflect"
	"regexp"
	"slices"
	"strings"
)

// Read runs the file sql/<name>.sql of fsys and returns its rows as T, a
// struct whose fields carry the column names as `sql:"column"` tags. The
// file's parameters are named ($office); params is a struct whose
// `sql:"name"` tags name them, or nil when the file has none. A column
// without its field, a tagged field without its column, a $name without its
// parameter or a parameter the file does not use is an error naming the
// file: the Go side and the .sql file cannot drift apart unnoticed.
func Read[T any](ctx context.Context, q Queryer, fsys fs.FS, name string, params any) ([]T, error) {
	query, err := File(fsys, name)
	if err != nil {
		return nil, err
	}
	args, err := NamedArgs(query, params)
	if err != nil {
		return nil, fmt.Errorf("sql/%s.sql: %w", name, err)
	}
	return Rows[T](ctx, q, name, query, args...)
}

// Rows runs query with args and returns its rows as T, as Read does; name
// says what is read in errors. A composed query (kpi.Compose over a file)
// is read with it, its file's parameters bound by NamedArgs.
func Rows[T any](ctx context.Context, q Queryer, name, query string, args ...any) ([]T, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	var zero T
	fields, err := columnFields(reflect.TypeOf(zero), cols)
	if err != nil {
		return nil, fmt.Errorf("sql/%s.sql: %w", name, err)
	}
	var out []T
	dest := make([]any, len(cols))
	for rows.Next() {
		var v T
		rv := reflect.ValueOf(&v).Elem()
		for i, f := range fields {
			dest[i] = rv.FieldByIndex(f).Addr().Interface()
		}
		if err := rows.Scan(dest...); err != nil {
			return nil, fmt.Errorf("read %s: %w", name, err)
		}
		out = append(out, v)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	return out, nil
}

// paramRef finds the named parameters ($office) of an SQL text.
var paramRef = regexp.MustCompile(`\$([A-Za-z_][A-Za-z0-9_]*)`)

// lineComment finds an SQL comment to the end of its line.
var lineComment = regexp.MustCompile(`--[^\n]*`)

// NamedArgs binds the tagged fields of params (a struct, or nil) to the
// $names of query: a $name without its field or a field the query does not
// use is an error.
func NamedArgs(query string, params any) ([]any, error) {
	used := map[string]bool{}
	for _, m := range paramRef.FindAllStringSubmatch(lineComment.ReplaceAllString(query, ""), -1) {
		used[m[1]] = true
	}
	var args []any
	given := map[string]bool{}
	if params != nil {
		v := reflect.ValueOf(params)
		t := v.Type()
		if t.Kind() != reflect.Struct {
			return nil, fmt.Errorf("parameters are a %s, not a struct", t)
		}
		for _, f := range reflect.VisibleFields(t) { // an embedded struct's fields too
			tag := f.Tag.Get("sql")
			if tag == "" || !f.IsExported() {
				continue
			}
			if !used[tag] {
				return nil, fmt.Errorf("parameter %s is not used (no $%s)", tag, tag)
			}
			given[tag] = true
			args = append(args, sql.Named(tag, v.FieldByIndex(f.Index).Interface()))
		}
	}
	var missing []string
	for p := range used {
		if !given[p] {
			missing = append(missing, "$"+p)
		}
	}
	if len(missing) > 0 {
		slices.Sort(missing)
		return nil, fmt.Errorf("no parameter for %s", strings.Join(missing, ", "))
	}
	return args, nil
}

// columnFields returns, for each column, the index of the field of t that
// is tagged with its name; every tagged field must have its column.
func columnFields(t reflect.Type, cols []string) ([][]int, error) {
	if t == nil || t.Kind() != reflect.Struct {
		return nil, fmt.Errorf("rows are read into a %v, not a struct", t)
	}
	byName := map[string][]int{}
	for _, f := range reflect.VisibleFields(t) {
		if tag := f.Tag.Get("sql"); tag != "" && f.IsExported() {
			byName[tag] = f.Index
		}
	}
	out := make([][]int, len(cols))
	for i, c := range cols {
		idx, ok := byName[c]
		if !ok {
			return nil, fmt.Errorf("column %s has no field in %s", c, t)
		}
		out[i] = idx
		delete(byName, c)
	}
	if len(byName) > 0 {
		var left []string
		for n := range byName {
			left = append(left, n)
		}
		slices.Sort(left)
		return nil, fmt.Errorf("%s expects the columns %s, which the query does not return", t, strings.Join(left, ", "))
	}
	return out, nil
}
