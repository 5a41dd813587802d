package lake

import (
	"context"
	"database/sql"
	"fmt"
	"maps"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"github.com/disdukcapil-bekasi/pantau/warehouse"
)

// fileColumns are the columns a table's files store: the source's, but the
// partition key; kpi_weekly_scopes drops region_code too (NULL on every
// row, as its Where says).
func fileColumns(ctx context.Context, db *sql.DB, t Table) ([]string, error) {
	rows, err := db.QueryContext(ctx, `SELECT column_name FROM information_schema.columns
		WHERE table_name = ? AND table_schema = 'main' ORDER BY ordinal_position`, t.Source)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var cols []string
	for rows.Next() {
		var c string
		if err := rows.Scan(&c); err != nil {
			return nil, err
		}
		if c == t.Key || (c == "region_code" && t.Key != "region_code") {
			continue
		}
		cols = append(cols, warehouse.QuoteIdent(c))
	}
	return cols, rows.Err()
}

// partitioned is the query of t's rows with their file columns and the
// partition columns __key, year and month (text, 0000/00 for no date;
// empty for a table not partitioned by month); filters (SQL over t's columns)
// select rows.
func partitioned(t Table, cols []string, filters ...string) string {
	where := "true"
	if t.Where != "" {
		where = t.Where
	}
	for _, f := range filters {
		where += " AND (" + f + ")"
	}
	date := t.Date
	if !t.Monthly {
		date = "NULL::DATE" // one unit per key: year and month are ''
	}
	return fmt.Sprintf(`SELECT %s, CAST(%s AS VARCHAR) AS __key,
		coalesce(strftime(__date, '%%Y'), %s) AS year, coalesce(strftime(__date, '%%m'), %s) AS month
	FROM (SELECT *, %s AS __date FROM %s WHERE %s)`,
		strings.Join(cols, ", "), warehouse.QuoteIdent(t.Key), noDate(t, "0000"), noDate(t, "00"), date, warehouse.QuoteIdent(t.Source), where)
}

// noDate is the year or month text of a row without a date: year=0000 and
// month=00 of a monthly table; ” (no such folder) of another.
func noDate(t Table, text string) string {
	if !t.Monthly {
		return "''"
	}
	return warehouse.QuoteLiteral(text)
}

// tablePartitions returns the units (partition folders) of t the warehouse
// calls for, each with its rows and checksum: all of them, or those of the
// partition keys in keys (when not nil) and, of those, the units in units
// (when not nil).
func tablePartitions(ctx context.Context, db *sql.DB, t Table, keys []string, units map[string]bool) (map[string]FileInfo, error) {
	cols, err := fileColumns(ctx, db, t)
	if err != nil {
		return nil, err
	}
	var filters []string
	if keys != nil {
		var lits []string
		for _, k := range keys {
			lits = append(lits, warehouse.QuoteLiteral(k))
		}
		filters = append(filters, fmt.Sprintf("CAST(%s AS VARCHAR) IN (%s)", warehouse.QuoteIdent(t.Key), strings.Join(append(lits, "NULL"), ", ")))
	}
	q := fmt.Sprintf(`SELECT __key, year, month, count(*), CAST(sum(hash(%s)) AS VARCHAR)
		FROM (%s) GROUP BY ALL`, strings.Join(cols, ", "), partitioned(t, cols, filters...))
	rows, err := db.QueryContext(ctx, q)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]FileInfo{}
	for rows.Next() {
		var key, year, month string
		var info FileInfo
		if err := rows.Scan(&key, &year, &month, &info.Rows, &info.Checksum); err != nil {
			return nil, err
		}
		if u := unitOf(t, key, year, month); units == nil || units[u] {
			out[u] = info
		}
	}
	return out, rows.Err()
}

// referenceInfo is the rows and checksum of a reference table; ok is false
// when the warehouse has no such table.
func referenceInfo(ctx context.Context, db *sql.DB, table string) (FileInfo, bool, error) {
	var n int
	if err := db.QueryRowContext(ctx, `SELECT count(*) FROM information_schema.tables
		WHERE table_name = ? AND table_schema = 'main'`, table).Scan(&n); err != nil || n == 0 {
		return FileInfo{}, false, err
	}
	var info FileInfo
	q := "SELECT count(*), CAST(coalesce(sum(hash(t)), 0) AS VARCHAR) FROM " + warehouse.QuoteIdent(table) + " t"
	err := db.QueryRowContext(ctx, q).Scan(&info.Rows, &info.Checksum)
	return info, true, err
}

// copyPartitions writes the months ("YYYY/MM") of t's partition key into
// out/year=Y/month=M/data_N.parquet, or all its rows into out/data.parquet
// for a table not partitioned by month. Row groups of 50,000 rows (DuckDB's
// default is 122,880) keep the writer of each open partition small, so
// that an export stays near the memory cap (docs/performance.md).
func copyPartitions(ctx context.Context, db *sql.DB, t Table, cols []string, key string, months []string, out string) error {
	if !t.Monthly {
		q := fmt.Sprintf(`COPY (SELECT %s FROM (%s) WHERE __key = $1)
		TO %s (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE 50000)`,
			strings.Join(cols, ", "), partitioned(t, cols), warehouse.QuoteLiteral(filepath.Join(out, "data.parquet")))
		_, err := db.ExecContext(ctx, q, key)
		return err
	}
	q := fmt.Sprintf(`COPY (SELECT %s, year, month FROM (%s)
		WHERE __key = $1 AND year || '/' || month IN (SELECT unnest(string_split($2, ','))))
		TO %s (FORMAT parquet, COMPRESSION zstd, PARTITION_BY (year, month), FILENAME_PATTERN 'data_{i}', ROW_GROUP_SIZE 50000)`,
		strings.Join(cols, ", "), partitioned(t, cols), warehouse.QuoteLiteral(out))
	_, err := db.ExecContext(ctx, q, key, strings.Join(months, ","))
	return err
}

// compact leaves the staged unit of file as that one file, synced: DuckDB
// may have written a partition as several (data_0, data_1, ...).
func compact(ctx context.Context, db *sql.DB, file string) error {
	if _, err := os.Stat(file); err == nil { // a reference table: one COPY, one file
		return syncFile(file)
	}
	parts, err := filepath.Glob(filepath.Join(filepath.Dir(file), "data_*.parquet"))
	if err != nil {
		return err
	}
	switch len(parts) {
	case 0:
		return fmt.Errorf("no staged file in %s", filepath.Dir(file))
	case 1:
		if err := os.Rename(parts[0], file); err != nil {
			return err
		}
	default:
		var lits []string
		for _, p := range parts {
			lits = append(lits, warehouse.QuoteLiteral(p))
		}
		q := fmt.Sprintf("COPY (SELECT * FROM read_parquet([%s])) TO %s (FORMAT parquet, COMPRESSION zstd)", strings.Join(lits, ", "), warehouse.QuoteLiteral(file))
		if _, err := db.ExecContext(ctx, q); err != nil {
			return err
		}
		for _, p := range parts {
			if err := os.Remove(p); err != nil {
				return err
			}
		}
	}
	return syncFile(file)
}

// fileProblems checks files of the lake against their manifest entries:
// their sizes, then their rows and checksums read back with DuckDB (db
// holds the warehouse's schema, for the columns' types), one query per
// table. It returns what differs, by file.
func fileProblems(ctx context.Context, db *sql.DB, dir string, files map[string]FileInfo) (map[string]string, error) {
	problems := map[string]string{}
	groups := map[string][]string{} // table folder → files to read
	for _, f := range slices.Sorted(maps.Keys(files)) {
		p, err := statProblem(dir, f, files[f])
		if err != nil {
			return nil, err
		}
		if p != "" {
			problems[f] = p
			continue
		}
		g := strings.Split(f, "/")[0]
		if g == ReferenceDir {
			g = path.Dir(f)
		}
		groups[g] = append(groups[g], f)
	}
	compare := func(f string, got FileInfo) {
		if want := files[f]; got.Rows != want.Rows || got.Checksum != want.Checksum {
			problems[f] = fmt.Sprintf("%d rows with checksum %s, the manifest says %d rows with checksum %s", got.Rows, got.Checksum, want.Rows, want.Checksum)
		}
	}
	for _, g := range slices.Sorted(maps.Keys(groups)) {
		got, err := checksums(ctx, db, dir, groups[g])
		if err == nil {
			for _, f := range groups[g] {
				compare(f, got[f])
			}
			continue
		}
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		for _, f := range groups[g] { // which one DuckDB cannot read
			one, err := checksums(ctx, db, dir, []string{f})
			switch {
			case ctx.Err() != nil:
				return nil, ctx.Err()
			case err != nil:
				problems[f] = "unreadable: " + firstLine(err.Error())
			default:
				compare(f, one[f])
			}
		}
	}
	return problems, nil
}

// statProblem checks a file's kind and size against its manifest entry.
func statProblem(dir, f string, want FileInfo) (string, error) {
	if insideLake(dir, f) != nil {
		return "behind a symbolic link", nil
	}
	fi, err := os.Lstat(filepath.Join(dir, filepath.FromSlash(f)))
	switch {
	case os.IsNotExist(err):
		return "missing", nil
	case err != nil:
		return "", err
	case !fi.Mode().IsRegular():
		return "not a regular file (a link?)", nil
	case fi.Size() != want.Size:
		return fmt.Sprintf("%d bytes, the manifest says %d", fi.Size(), want.Size), nil
	}
	return "", nil
}

// checksums reads files of one table (all in one folder of the lake) and
// returns each one's rows and checksum as the export computes them
// (tablePartitions, referenceInfo): its columns cast to the warehouse's
// types.
func checksums(ctx context.Context, db *sql.DB, dir string, files []string) (map[string]FileInfo, error) {
	parts := strings.Split(files[0], "/")
	table, key := parts[0], ""
	if table == ReferenceDir {
		table = parts[1]
	} else {
		i := slices.IndexFunc(Tables(), func(t Table) bool { return t.Name == table })
		if i < 0 {
			return nil, fmt.Errorf("%s: no table of the lake", files[0])
		}
		t := Tables()[i]
		table, key = t.Source, t.Key
	}
	rows, err := db.QueryContext(ctx, `SELECT column_name, data_type FROM information_schema.columns
		WHERE table_name = ? AND table_schema = 'main' ORDER BY ordinal_position`, table)
	if err != nil {
		return nil, err
	}
	var casts, names []string
	for rows.Next() {
		var c, typ string
		if err := rows.Scan(&c, &typ); err != nil {
			rows.Close()
			return nil, err
		}
		if key != "" && (c == key || c == "region_code") {
			continue // not stored (fileColumns)
		}
		casts = append(casts, fmt.Sprintf("CAST(%s AS %s) AS %s", warehouse.QuoteIdent(c), typ, warehouse.QuoteIdent(c)))
		names = append(names, warehouse.QuoteIdent(c))
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if len(casts) == 0 {
		return nil, fmt.Errorf("%s: the warehouse has no table %s", files[0], table)
	}
	hash := "hash(" + strings.Join(names, ", ") + ")"
	if key == "" { // a reference table's checksum hashes its whole row
		var fields []string
		for _, n := range names {
			fields = append(fields, n+" := "+n)
		}
		hash = "hash(struct_pack(" + strings.Join(fields, ", ") + "))"
	}
	abs := map[string]string{}
	var lits []string
	for _, f := range files {
		a := filepath.Join(dir, filepath.FromSlash(f))
		abs[a] = f
		lits = append(lits, warehouse.QuoteLiteral(a))
	}
	q := fmt.Sprintf(`SELECT __file, count(*), CAST(coalesce(sum(%s), 0) AS VARCHAR)
		FROM (SELECT %s, filename AS __file FROM read_parquet([%s], filename = true)) GROUP BY __file`,
		hash, strings.Join(casts, ", "), strings.Join(lits, ", "))
	rows, err = db.QueryContext(ctx, q)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]FileInfo{}
	for rows.Next() {
		var file string
		var info FileInfo
		if err := rows.Scan(&file, &info.Rows, &info.Checksum); err != nil {
			return nil, err
		}
		out[abs[file]] = info
	}
	return out, rows.Err()
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}
