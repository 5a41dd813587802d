package encode

import (
	"database/sql"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"math/big"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/ipc"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/apache/arrow-go/v18/parquet"
	"github.com/apache/arrow-go/v18/parquet/compress"
	"github.com/apache/arrow-go/v18/parquet/pqarrow"
)

// Rows writes a query result as an aligned table, CSV, JSON (an array
// of objects), an Arrow IPC file or a Parquet file.
func Rows(w io.Writer, rows *sql.Rows, format string) error {
	cols, err := rows.Columns()
	if err != nil {
		return err
	}
	types, err := rows.ColumnTypes()
	if err != nil {
		return err
	}
	switch format {
	case "arrow":
		return writeArrow(w, rows, cols, types)
	case "parquet":
		return writeParquet(w, rows, cols, types)
	}
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	emit, finish, err := textRows(w, format, cols)
	if err != nil {
		return err
	}
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return err
		}
		if err := emit(vals); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	return finish()
}

// textRows writes the header of a CSV, JSON or table ("table" or anything
// else) result and returns the writers of a row and of its end.
func textRows(w io.Writer, format string, cols []string) (emit func([]any) error, finish func() error, err error) {
	switch format {
	case "csv":
		return csvRows(w, cols)
	case "json":
		return jsonRows(w, cols)
	}
	return tableRows(w, cols)
}

// csvRows writes the header and returns the writers of a row and of the end
// of a CSV result.
func csvRows(w io.Writer, cols []string) (emit func([]any) error, finish func() error, err error) {
	cw := csv.NewWriter(w)
	if err := cw.Write(cols); err != nil {
		return nil, nil, err
	}
	rec := make([]string, len(cols))
	emit = func(v []any) error {
		for i := range v {
			rec[i] = Text(v[i])
		}
		return cw.Write(rec)
	}
	return emit, func() error { cw.Flush(); return cw.Error() }, nil
}

// jsonRows writes the opening bracket and returns the writers of a row (an
// object) and of the end of a JSON result.
func jsonRows(w io.Writer, cols []string) (emit func([]any) error, finish func() error, err error) {
	first := true
	if _, err := io.WriteString(w, "["); err != nil {
		return nil, nil, err
	}
	emit = func(v []any) error {
		obj := make(map[string]any, len(cols))
		for i, c := range cols {
			obj[c] = jsonValue(v[i])
		}
		b, err := json.Marshal(obj)
		if err != nil {
			return err
		}
		sep := ",\n"
		if first {
			sep, first = "\n", false
		}
		_, err = fmt.Fprintf(w, "%s  %s", sep, b)
		return err
	}
	return emit, func() error { _, err := io.WriteString(w, "\n]\n"); return err }, nil
}

// tableRows writes the header and returns the writers of a row and of the
// end of an aligned table (NULL written out).
func tableRows(w io.Writer, cols []string) (emit func([]any) error, finish func() error, err error) {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, strings.Join(cols, "\t"))
	rec := make([]string, len(cols))
	emit = func(v []any) error {
		for i := range v {
			rec[i] = Text(v[i])
			if v[i] == nil {
				rec[i] = "NULL"
			}
		}
		_, err := fmt.Fprintln(tw, strings.Join(rec, "\t"))
		return err
	}
	return emit, tw.Flush, nil
}

// Text renders a value for CSV and tables: times in ISO form, NULL as empty.
func Text(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case time.Time:
		if x.Hour() == 0 && x.Minute() == 0 && x.Second() == 0 && x.Nanosecond() == 0 {
			return x.Format(time.DateOnly)
		}
		return x.Format(time.DateTime)
	case []byte:
		return string(x)
	case float64:
		return fmt.Sprint(x)
	case *big.Int:
		return x.String()
	}
	return fmt.Sprint(v)
}

func jsonValue(v any) any {
	switch x := v.(type) {
	case time.Time:
		return Text(x)
	case []byte:
		return string(x)
	case *big.Int:
		return x.String()
	case nil, bool, string, int8, int16, int32, int64, uint8, uint16, uint32, uint64, float32, float64, int:
		return x
	}
	return fmt.Sprint(v)
}

// writeArrow streams the rows into an Arrow IPC file.
func writeArrow(w io.Writer, rows *sql.Rows, cols []string, types []*sql.ColumnType) error {
	schema := arrowSchema(cols, types)
	fw, err := ipc.NewFileWriter(w, ipc.WithSchema(schema))
	if err != nil {
		return err
	}
	if err := eachBatch(rows, schema, fw.Write); err != nil {
		return err
	}
	return fw.Close()
}

// writeParquet streams the rows into a Parquet file (zstd), one row group
// per batch, with the column types of writeArrow.
func writeParquet(w io.Writer, rows *sql.Rows, cols []string, types []*sql.ColumnType) error {
	schema := arrowSchema(cols, types)
	props := parquet.NewWriterProperties(parquet.WithCompression(compress.Codecs.Zstd))
	// The writer closes what it writes to when it can: the caller closes w.
	fw, err := pqarrow.NewFileWriter(schema, struct{ io.Writer }{w}, props, pqarrow.DefaultWriterProps())
	if err != nil {
		return err
	}
	if err := eachBatch(rows, schema, fw.Write); err != nil {
		fw.Close()
		return err
	}
	return fw.Close()
}

func arrowSchema(cols []string, types []*sql.ColumnType) *arrow.Schema {
	fields := make([]arrow.Field, len(cols))
	for i, c := range cols {
		fields[i] = arrow.Field{Name: c, Type: arrowType(types[i].DatabaseTypeName()), Nullable: true}
	}
	return arrow.NewSchema(fields, nil)
}

// eachBatch reads the rows into record batches of schema, 64k rows each,
// and hands each to write.
func eachBatch(rows *sql.Rows, schema *arrow.Schema, write func(arrow.RecordBatch) error) error {
	b := array.NewRecordBuilder(memory.DefaultAllocator, schema)
	defer b.Release()
	vals := make([]any, len(schema.Fields()))
	ptrs := make([]any, len(vals))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	n := 0
	flush := func() error {
		rec := b.NewRecordBatch()
		defer rec.Release()
		n = 0
		return write(rec)
	}
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return err
		}
		for i, v := range vals {
			appendArrow(b.Field(i), v)
		}
		if n++; n == 65536 {
			if err := flush(); err != nil {
				return err
			}
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	if n > 0 {
		return flush()
	}
	return nil
}

func arrowType(dbType string) arrow.DataType {
	switch {
	case dbType == "BOOLEAN":
		return arrow.FixedWidthTypes.Boolean
	case slices.Contains([]string{"TINYINT", "SMALLINT", "INTEGER", "BIGINT", "UTINYINT", "USMALLINT", "UINTEGER"}, dbType):
		return arrow.PrimitiveTypes.Int64
	case slices.Contains([]string{"FLOAT", "DOUBLE"}, dbType) || strings.HasPrefix(dbType, "DECIMAL"):
		return arrow.PrimitiveTypes.Float64
	case dbType == "DATE":
		return arrow.FixedWidthTypes.Date32
	case slices.Contains([]string{"TIMESTAMP", "TIMESTAMP_S", "TIMESTAMP_MS", "TIMESTAMP_NS"}, dbType):
		return &arrow.TimestampType{Unit: arrow.Microsecond}
	case dbType == "TIMESTAMPTZ":
		return &arrow.TimestampType{Unit: arrow.Microsecond, TimeZone: "UTC"}
	}
	return arrow.BinaryTypes.String
}

func appendArrow(b array.Builder, v any) {
	if v == nil {
		b.AppendNull()
		return
	}
	switch bb := b.(type) {
	case *array.BooleanBuilder:
		bb.Append(v.(bool))
	case *array.Int64Builder:
		switch x := v.(type) {
		case int64:
			bb.Append(x)
		case int32:
			bb.Append(int64(x))
		case int16:
			bb.Append(int64(x))
		case int8:
			bb.Append(int64(x))
		case uint32:
			bb.Append(int64(x))
		case uint16:
			bb.Append(int64(x))
		case uint8:
			bb.Append(int64(x))
		default:
			bb.AppendNull()
		}
	case *array.Float64Builder:
		switch x := v.(type) {
		case float64:
			bb.Append(x)
		case float32:
			bb.Append(float64(x))
		default:
			var f float64
			if _, err := fmt.Sscan(fmt.Sprint(x), &f); err == nil {
				bb.Append(f)
			} else {
				bb.AppendNull()
			}
		}
	case *array.Date32Builder:
		bb.Append(arrow.Date32FromTime(v.(time.Time)))
	case *array.TimestampBuilder:
		bb.Append(arrow.Timestamp(v.(time.Time).UnixMicro()))
	case *array.StringBuilder:
		bb.Append(Text(v))
	default:
		b.AppendNull()
	}
}
