package etl

import (
	"context"
	"database/sql/driver"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/ipc"
	"github.com/duckdb/duckdb-go/v2"
	"github.com/xuri/excelize/v2"
)

// appendStage creates the stage table for header and fills it from rows,
// which yields each row's line and cells (nil cell = missing).
func appendStage(ctx context.Context, conn execer, header []string, rows func(yield func(line int64, cells []*string) error) error) error {
	if _, err := conn.ExecContext(ctx, fmt.Sprintf(`CREATE TEMP TABLE stage (_line BIGINT, %s)`, stageColumns(len(header)))); err != nil {
		return err
	}
	return appendRows(conn, "stage", nil, len(header), rows)
}

// appendRows appends rows to the temp table of that name: each row's
// line, the values of lead, then width cells.
func appendRows(conn execer, table string, lead []driver.Value, width int, rows func(yield func(line int64, cells []*string) error) error) error {
	return conn.Raw(func(dc any) error {
		app, err := duckdb.NewAppender(dc.(driver.Conn), "temp", "main", table)
		if err != nil {
			return err
		}
		vals := make([]driver.Value, 1+len(lead)+width)
		copy(vals[1:], lead)
		cellVals := vals[1+len(lead):]
		err = rows(func(line int64, cells []*string) error {
			vals[0] = line
			for i := range width {
				cellVals[i] = nil
				if i < len(cells) && cells[i] != nil {
					cellVals[i] = *cells[i]
				}
			}
			return app.AppendRow(vals...)
		})
		if cerr := app.Close(); err == nil {
			err = cerr
		}
		return err
	})
}

// stageXLSX reads a sheet (the named one, else the first) with raw cell
// values: dates arrive as Excel serial numbers, which ParseTime reads.
func stageXLSX(ctx context.Context, in stageInput) (staged, error) {
	conn, path, display, sheet := in.conn, in.path, in.display, in.sheet
	f, err := excelize.OpenFile(path)
	if err != nil {
		return staged{}, fmt.Errorf("%s: not a readable XLSX workbook: %w", display, err)
	}
	defer f.Close()
	if sheet == "" {
		sheet = f.GetSheetName(0)
	}
	rows, err := f.Rows(sheet)
	if err != nil {
		return staged{}, fmt.Errorf("%s: sheet %q: %w", display, sheet, err)
	}
	defer rows.Close()
	var header []string
	line := int64(0)
	for header == nil && rows.Next() {
		line++
		cells, err := rows.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			return staged{}, fmt.Errorf("%s:%d: %w", display, line, err)
		}
		if len(cells) > 0 && strings.Join(cells, "") != "" {
			header = trimAll(cells)
		}
	}
	if header == nil {
		return staged{}, fmt.Errorf("%s: sheet %q is empty: a header row is required", display, sheet)
	}
	err = appendStage(ctx, conn, header, func(yield func(int64, []*string) error) error {
		ptrs := make([]*string, len(header))
		for rows.Next() {
			line++
			cells, err := rows.Columns(excelize.Options{RawCellValue: true})
			if err != nil {
				return fmt.Errorf("%s:%d: %w", display, line, err)
			}
			if strings.TrimSpace(strings.Join(cells, "")) == "" {
				continue
			}
			for i := range ptrs {
				ptrs[i] = nil
				if i < len(cells) && cells[i] != "" {
					ptrs[i] = &cells[i]
				}
			}
			if err := yield(line, ptrs); err != nil {
				return err
			}
		}
		return rows.Error()
	})
	if err != nil {
		return staged{}, fmt.Errorf("%s: %w", display, err)
	}
	return staged{format: FormatXLSX, header: header, source: "stage", lineExpr: "_line", temp: []string{"stage"}}, nil
}

func trimAll(cells []string) []string {
	out := make([]string, len(cells))
	for i, c := range cells {
		out[i] = strings.TrimSpace(c)
	}
	return out
}

// stageArrow reads an Arrow IPC file (or stream); a row's "line" is its
// 1-based position in the file.
func stageArrow(ctx context.Context, in stageInput) (staged, error) {
	conn, path, display := in.conn, in.path, in.display
	f, err := os.Open(path)
	if err != nil {
		return staged{}, err
	}
	defer f.Close()
	schema, records, release, err := arrowRecords(f)
	if err != nil {
		return staged{}, fmt.Errorf("%s: %w", display, err)
	}
	defer release()
	header := make([]string, schema.NumFields())
	for i, fld := range schema.Fields() {
		header[i] = fld.Name
	}
	err = appendStage(ctx, conn, header, func(yield func(int64, []*string) error) error {
		line := int64(0)
		cells := make([]string, len(header))
		ptrs := make([]*string, len(header))
		return records(func(rec arrow.RecordBatch) error {
			for row := 0; row < int(rec.NumRows()); row++ {
				line++
				for c := 0; c < int(rec.NumCols()); c++ {
					ptrs[c] = nil
					if s, ok := arrowText(rec.Column(c), row); ok {
						cells[c] = s
						ptrs[c] = &cells[c]
					}
				}
				if err := yield(line, ptrs); err != nil {
					return err
				}
			}
			return nil
		})
	})
	if err != nil {
		return staged{}, fmt.Errorf("%s: %w", display, err)
	}
	return staged{format: FormatArrow, header: header, source: "stage", lineExpr: "_line", temp: []string{"stage"}}, nil
}

// arrowRecords opens an Arrow IPC file, else an Arrow IPC stream, and
// returns its schema and an iterator over its record batches.
func arrowRecords(f *os.File) (*arrow.Schema, func(yield func(arrow.RecordBatch) error) error, func(), error) {
	if fr, err := ipc.NewFileReader(f); err == nil {
		records := func(yield func(arrow.RecordBatch) error) error {
			for i := 0; i < fr.NumRecords(); i++ {
				rec, err := fr.RecordBatch(i)
				if err != nil {
					return err
				}
				if err := yield(rec); err != nil {
					return err
				}
			}
			return nil
		}
		return fr.Schema(), records, func() { fr.Close() }, nil
	}
	if _, err := f.Seek(0, 0); err != nil {
		return nil, nil, nil, err
	}
	sr, err := ipc.NewReader(f)
	if err != nil {
		return nil, nil, nil, fmt.Errorf("not an Arrow IPC file or stream: %w", err)
	}
	records := func(yield func(arrow.RecordBatch) error) error {
		for sr.Next() {
			if err := yield(sr.RecordBatch()); err != nil {
				return err
			}
		}
		return sr.Err()
	}
	return sr.Schema(), records, sr.Release, nil
}

// arrowText renders one Arrow value as the text the checks parse. Times
// without a zone are wall-clock times; with a zone they keep their offset.
func arrowText(col arrow.Array, row int) (string, bool) {
	if col.IsNull(row) {
		return "", false
	}
	switch a := col.(type) {
	case *array.Timestamp:
		unit := a.DataType().(*arrow.TimestampType)
		t := a.Value(row).ToTime(unit.Unit)
		if unit.TimeZone == "" {
			return t.UTC().Format("2006-01-02 15:04:05"), true
		}
		return t.UTC().Format(time.RFC3339), true
	case *array.Date32:
		return a.Value(row).ToTime().Format(time.DateOnly), true
	case *array.Date64:
		return a.Value(row).ToTime().Format(time.DateOnly), true
	case *array.Int64:
		return strconv.FormatInt(a.Value(row), 10), true
	case *array.Int32:
		return strconv.FormatInt(int64(a.Value(row)), 10), true
	case *array.String:
		return a.Value(row), true
	case *array.LargeString:
		return a.Value(row), true
	}
	return col.ValueStr(row), true
}
