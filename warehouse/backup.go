package warehouse

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"maps"
	"os"
	"slices"
	"strings"
)

// CopyOptions say what CopyTo leaves out of the copy.
type CopyOptions struct {
	// DropNIK drops every column whose name holds "nik" (service_events.
	// nik_hash): the analysts' copy carries no NIK hashes.
	DropNIK bool
}

// CopyTo writes a copy of the warehouse into the new file dest (removed
// first if a failed copy left it) with DuckDB's COPY FROM DATABASE: a
// reader's view of the file is one committed state, so the copy is
// consistent while other readers go on, and it holds what the write-ahead
// log of a killed load had too. w must be open read-only with dest's
// folder in Options.Directories. The copy is checkpointed and closed when
// CopyTo returns; it is not verified (Verify does that).
func (w *Warehouse) CopyTo(ctx context.Context, dest string, opt CopyOptions) error {
	for _, p := range []string{dest, dest + ".wal"} {
		if err := os.Remove(p); err != nil && !errors.Is(err, os.ErrNotExist) {
			return err
		}
	}
	conn, err := w.DB.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	var src string
	if err := conn.QueryRowContext(ctx, "SELECT current_database()").Scan(&src); err != nil {
		return err
	}
	const alias = "pantau_copy"
	if _, err := conn.ExecContext(ctx, "ATTACH "+QuoteLiteral(dest)+" AS "+alias+" (READ_WRITE)"); err != nil {
		return fmt.Errorf("copy to %s: %w", dest, err)
	}
	err = copyDatabase(ctx, conn, src, alias, opt)
	if _, derr := conn.ExecContext(ctx, "DETACH "+alias); err == nil && derr != nil {
		err = derr
	}
	if err != nil {
		_ = os.Remove(dest)
		_ = os.Remove(dest + ".wal")
		return fmt.Errorf("copy to %s: %w", dest, err)
	}
	return nil
}

// copyDatabase copies src into alias. Without NIK columns, the schema is
// copied first, the columns dropped from it while it is empty, and each
// table's other columns copied: a column dropped after the data would leave
// its bytes in the copy's free blocks.
func copyDatabase(ctx context.Context, conn *sql.Conn, src, alias string, opt CopyOptions) error {
	if !opt.DropNIK {
		if _, err := conn.ExecContext(ctx, "COPY FROM DATABASE "+QuoteIdent(src)+" TO "+alias); err != nil {
			return err
		}
	} else if err := copyWithoutNIK(ctx, conn, src, alias); err != nil {
		return err
	}
	_, err := conn.ExecContext(ctx, "CHECKPOINT "+alias)
	return err
}

func copyWithoutNIK(ctx context.Context, conn *sql.Conn, src, alias string) error {
	if _, err := conn.ExecContext(ctx, "COPY FROM DATABASE "+QuoteIdent(src)+" TO "+alias+" (SCHEMA)"); err != nil {
		return err
	}
	cols, err := copyColumns(ctx, conn, alias)
	if err != nil {
		return err
	}
	tables := slices.Sorted(maps.Keys(cols))
	for _, t := range tables {
		for _, c := range cols[t] {
			if strings.Contains(strings.ToLower(c), "nik") {
				q := "ALTER TABLE " + alias + "." + QuoteIdent(t) + " DROP COLUMN " + QuoteIdent(c)
				if _, err := conn.ExecContext(ctx, q); err != nil {
					return err
				}
			}
		}
	}
	if cols, err = copyColumns(ctx, conn, alias); err != nil {
		return err
	}
	for _, t := range tables {
		list := make([]string, len(cols[t]))
		for i, c := range cols[t] {
			list[i] = QuoteIdent(c)
		}
		names := strings.Join(list, ", ")
		q := "INSERT INTO " + alias + "." + QuoteIdent(t) + " (" + names + ") SELECT " + names +
			" FROM " + QuoteIdent(src) + ".main." + QuoteIdent(t)
		if _, err := conn.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("copy %s: %w", t, err)
		}
	}
	return nil
}

// copyColumns lists the columns of every base table of database db.
func copyColumns(ctx context.Context, conn *sql.Conn, db string) (map[string][]string, error) {
	rows, err := conn.QueryContext(ctx, `SELECT c.table_name, c.column_name FROM duckdb_columns() c
		JOIN duckdb_tables() t USING (database_name, schema_name, table_name)
		WHERE c.database_name = ? AND NOT c.internal ORDER BY c.table_name, c.column_index`, db)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string][]string{}
	for rows.Next() {
		var t, c string
		if err := rows.Scan(&t, &c); err != nil {
			return nil, err
		}
		out[t] = append(out[t], c)
	}
	return out, rows.Err()
}

// Counts are the rows of every table of a warehouse, by table name.
type Counts map[string]int64

// CountRows counts the rows of every base table of the database db has open.
func CountRows(ctx context.Context, db *sql.DB) (Counts, error) {
	rows, err := db.QueryContext(ctx, `SELECT table_name FROM duckdb_tables()
		WHERE database_name = current_database() AND NOT internal ORDER BY table_name`)
	if err != nil {
		return nil, err
	}
	var tables []string
	for rows.Next() {
		var t string
		if err := rows.Scan(&t); err != nil {
			rows.Close()
			return nil, err
		}
		tables = append(tables, t)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	out := Counts{}
	for _, t := range tables {
		var n int64
		if err := db.QueryRowContext(ctx, "SELECT count(*) FROM "+QuoteIdent(t)).Scan(&n); err != nil {
			return nil, fmt.Errorf("count %s: %w", t, err)
		}
		out[t] = n
	}
	return out, nil
}

// Total is the number of rows in every table.
func (c Counts) Total() int64 {
	var n int64
	for _, v := range c {
		n += v
	}
	return n
}

// ErrCopyDiffers reports a copy whose row counts are not the source's.
var ErrCopyDiffers = errors.New("the copy does not hold the warehouse's rows")

// Verify opens the copy at path read-only as a reader would (a complete,
// current schema) and compares its row counts with want, table by table.
func Verify(ctx context.Context, path string, want Counts) (Counts, error) {
	c, err := Open(ctx, path, Options{ReadOnly: true})
	if err != nil {
		return nil, err
	}
	defer c.Close()
	got, err := CountRows(ctx, c.DB)
	if err != nil {
		return nil, err
	}
	if want == nil {
		return got, nil
	}
	var diffs []string
	for _, t := range slices.Sorted(maps.Keys(want)) {
		if g, ok := got[t]; !ok || g != want[t] {
			diffs = append(diffs, fmt.Sprintf("%s %d rows, copy %d", t, want[t], g))
		}
	}
	for _, t := range slices.Sorted(maps.Keys(got)) {
		if _, ok := want[t]; !ok {
			diffs = append(diffs, fmt.Sprintf("%s only in the copy", t))
		}
	}
	if len(diffs) > 0 {
		return got, fmt.Errorf("%s: %w (%s)", path, ErrCopyDiffers, strings.Join(diffs, "; "))
	}
	return got, nil
}
