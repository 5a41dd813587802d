package lake

import (
	"context"
	"database/sql"
	"fmt"
	"hash/fnv"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/apache/arrow-go/v18/parquet/file"
	"github.com/apache/arrow-go/v18/parquet/pqarrow"

	"github.com/disdukcapil-bekasi/pantau/warehouse"
)

// TestArrowReadsWhatTheWarehouseHolds reads every partition of an export
// with a second, independent reader (Arrow Go's Parquet reader) and checks
// that it holds the warehouse's rows of that partition: the same count and
// the same checksum, a sum of FNV-64a hashes of each row's canonical text,
// computed here on both sides (not DuckDB's hash, which the manifest uses).
func TestArrowReadsWhatTheWarehouseHolds(t *testing.T) {
	ctx := context.Background()
	w := fixture(t)
	dir := t.TempDir()
	if _, err := Export(ctx, w.DB, dir, Options{}); err != nil {
		t.Fatal(err)
	}
	m, _, err := ReadManifest(dir)
	if err != nil {
		t.Fatal(err)
	}
	tables := map[string]Table{}
	for _, lt := range Tables() {
		tables[lt.Name] = lt
	}
	checked := 0
	for f, info := range m.Files {
		if strings.HasPrefix(f, ReferenceDir+"/") {
			continue
		}
		cols, n, sum := arrowChecksum(t, filepath.Join(dir, filepath.FromSlash(f)))
		wn, wsum := warehouseChecksum(t, w.DB, tables[strings.Split(f, "/")[0]], f, cols)
		if n != wn || sum != wsum || n != info.Rows {
			t.Errorf("%s: arrow reads %d rows (checksum %x), the warehouse holds %d (%x), the manifest says %d", f, n, sum, wn, wsum, info.Rows)
		}
		checked++
	}
	if checked < 10 {
		t.Errorf("only %d partitions checked", checked)
	}
}

// arrowChecksum reads a Parquet file with Arrow: its column names, rows and
// the sum of its rows' hashes.
func arrowChecksum(t *testing.T, path string) (cols []string, n int64, sum uint64) {
	t.Helper()
	pf, err := file.OpenParquetFile(path, false)
	if err != nil {
		t.Fatal(err)
	}
	defer pf.Close()
	fr, err := pqarrow.NewFileReader(pf, pqarrow.ArrowReadProperties{BatchSize: 1024}, memory.DefaultAllocator)
	if err != nil {
		t.Fatal(err)
	}
	tbl, err := fr.ReadTable(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer tbl.Release()
	for _, f := range tbl.Schema().Fields() {
		cols = append(cols, f.Name)
	}
	tr := array.NewTableReader(tbl, 1024)
	defer tr.Release()
	for tr.Next() {
		rec := tr.RecordBatch()
		for r := range int(rec.NumRows()) {
			vals := make([]string, rec.NumCols())
			for c := range int(rec.NumCols()) {
				vals[c] = arrowValue(t, rec.Column(c), r)
			}
			sum += rowHash(vals)
			n++
		}
	}
	return cols, n, sum
}

func arrowValue(t *testing.T, a arrow.Array, r int) string {
	if a.IsNull(r) {
		return "NULL"
	}
	switch a := a.(type) {
	case *array.String:
		return strconv.Quote(a.Value(r))
	case *array.LargeString:
		return strconv.Quote(a.Value(r))
	case *array.Int8:
		return strconv.FormatInt(int64(a.Value(r)), 10)
	case *array.Int32:
		return strconv.FormatInt(int64(a.Value(r)), 10)
	case *array.Int64:
		return strconv.FormatInt(a.Value(r), 10)
	case *array.Float64:
		return strconv.FormatFloat(a.Value(r), 'g', -1, 64)
	case *array.Boolean:
		return strconv.FormatBool(a.Value(r))
	case *array.Date32:
		return a.Value(r).ToTime().Format(time.DateOnly)
	case *array.Timestamp:
		unit := a.DataType().(*arrow.TimestampType).Unit
		return a.Value(r).ToTime(unit).UTC().Format(time.RFC3339Nano)
	}
	t.Fatalf("no canonical text for %s", a.DataType())
	return ""
}

// warehouseChecksum reads the rows of one partition (named by its path)
// from the warehouse, columns cols, and hashes them like arrowChecksum.
func warehouseChecksum(t *testing.T, db *sql.DB, lt Table, f string, cols []string) (n int64, sum uint64) {
	t.Helper()
	parts := strings.Split(f, "/")
	value := func(i int) string { _, v, _ := strings.Cut(parts[i], "="); return v }
	key := value(1)
	var quoted []string
	for _, c := range cols {
		quoted = append(quoted, warehouse.QuoteIdent(c))
	}
	where := "true"
	if lt.Where != "" {
		where = lt.Where
	}
	q := fmt.Sprintf(`SELECT %s FROM (SELECT *, %s AS d FROM %s WHERE %s)
		WHERE CAST(%s AS VARCHAR) = ?`,
		strings.Join(quoted, ", "), lt.Date, lt.Source, where, warehouse.QuoteIdent(lt.Key))
	args := []any{key}
	if lt.Monthly { // TABLE/key=K/year=Y/month=M/data_G.parquet
		q += " AND coalesce(year(d), 0) = ? AND coalesce(month(d), 0) = ?"
		y, _ := strconv.Atoi(value(2))
		mo, _ := strconv.Atoi(value(3))
		args = append(args, y, mo)
	}
	rows, err := db.Query(q, args...)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	types, err := rows.ColumnTypes()
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		texts := make([]string, len(cols))
		for i, v := range vals {
			texts[i] = sqlValue(t, v, types[i].DatabaseTypeName())
		}
		sum += rowHash(texts)
		n++
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return n, sum
}

func sqlValue(t *testing.T, v any, dbType string) string {
	switch v := v.(type) {
	case nil:
		return "NULL"
	case string:
		return strconv.Quote(v)
	case int8:
		return strconv.FormatInt(int64(v), 10)
	case int32:
		return strconv.FormatInt(int64(v), 10)
	case int64:
		return strconv.FormatInt(v, 10)
	case float64:
		return strconv.FormatFloat(v, 'g', -1, 64)
	case bool:
		return strconv.FormatBool(v)
	case time.Time:
		if dbType == "DATE" {
			return v.Format(time.DateOnly)
		}
		return v.UTC().Format(time.RFC3339Nano)
	}
	t.Fatalf("no canonical text for %T", v)
	return ""
}

func rowHash(vals []string) uint64 {
	h := fnv.New64a()
	h.Write([]byte(strings.Join(vals, "\x1f")))
	return h.Sum64()
}
