package encode

import (
	"database/sql"
	"fmt"
	"io"
	"math/big"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"
)

// xlsxMaxRows is Excel's row limit less the header row.
const xlsxMaxRows = 1_048_575

// XLSX writes a query result as one worksheet for the analysts: a
// bold, frozen header row, numbers as numbers, dates and timestamps as
// Excel dates with a date format (TIMESTAMPTZ in loc, the regency's clock),
// NULL as an empty cell. The query is kept in the file's description.
func XLSX(w io.Writer, rows *sql.Rows, query string, loc *time.Location) error {
	cols, err := rows.Columns()
	if err != nil {
		return err
	}
	types, err := rows.ColumnTypes()
	if err != nil {
		return err
	}
	f := excelize.NewFile()
	defer f.Close()
	const sheet = "hasil"
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return err
	}
	if err := f.SetDocProps(&excelize.DocProperties{Creator: "pantau sql", Description: query}); err != nil {
		return err
	}
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return err
	}
	header, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"F4F6F8"}}})
	if err != nil {
		return err
	}
	styles, tz, err := xlsxColumns(f, sw, cols, types)
	if err != nil {
		return err
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	head := make([]any, len(cols))
	for i, c := range cols {
		head[i] = excelize.Cell{StyleID: header, Value: c}
	}
	if err := sw.SetRow("A1", head); err != nil {
		return err
	}
	if err := xlsxRows(sw, rows, styles, tz, loc); err != nil {
		return err
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	return f.Write(w)
}

// xlsxRows writes every row below the header, each value in its column's
// style.
func xlsxRows(sw *excelize.StreamWriter, rows *sql.Rows, styles []int, tz []bool, loc *time.Location) error {
	vals := make([]any, len(styles))
	ptrs := make([]any, len(styles))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	out := make([]any, len(styles))
	n := 0
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return err
		}
		if n++; n > xlsxMaxRows {
			return fmt.Errorf("a worksheet holds at most %d rows: narrow the query, or use --format parquet or csv", xlsxMaxRows)
		}
		for i, v := range vals {
			out[i] = xlsxCell(v, styles[i], tz[i], loc)
		}
		cell, err := excelize.CoordinatesToCellName(1, n+1)
		if err != nil {
			return err
		}
		if err := sw.SetRow(cell, out); err != nil {
			return fmt.Errorf("row %d: %w", n, err)
		}
	}
	return rows.Err()
}

// xlsxColumns sets each column's width and returns its style and whether
// it holds times with a zone, from its database type.
func xlsxColumns(f *excelize.File, sw *excelize.StreamWriter, cols []string, types []*sql.ColumnType) (styles []int, tz []bool, err error) {
	dateFmt, timestampFmt := "yyyy-mm-dd", "yyyy-mm-dd hh:mm:ss"
	dateStyle, err := f.NewStyle(&excelize.Style{CustomNumFmt: &dateFmt})
	if err != nil {
		return nil, nil, err
	}
	timestampStyle, err := f.NewStyle(&excelize.Style{CustomNumFmt: &timestampFmt})
	if err != nil {
		return nil, nil, err
	}
	styles = make([]int, len(cols))
	tz = make([]bool, len(cols))
	for i, t := range types {
		name := strings.ToUpper(t.DatabaseTypeName())
		width := max(10, min(40, float64(len(cols[i])+2)))
		switch {
		case name == "DATE":
			styles[i], width = dateStyle, 12
		case strings.HasPrefix(name, "TIMESTAMP"):
			styles[i], width = timestampStyle, 20
			tz[i] = strings.Contains(name, "TZ") || strings.Contains(name, "TIME ZONE")
		}
		if err := sw.SetColWidth(i+1, i+1, width); err != nil {
			return nil, nil, err
		}
	}
	return styles, tz, nil
}

// xlsxCell is one value as a typed cell: nil stays empty, numbers stay
// numbers, times become Excel dates in the column's date style.
func xlsxCell(v any, style int, inZone bool, loc *time.Location) any {
	switch x := v.(type) {
	case nil:
		return nil
	case time.Time:
		if inZone && loc != nil {
			x = x.In(loc)
		}
		// Excel has no time zones: keep the wall clock.
		wall := time.Date(x.Year(), x.Month(), x.Day(), x.Hour(), x.Minute(), x.Second(), x.Nanosecond(), time.UTC)
		return excelize.Cell{StyleID: style, Value: wall}
	case bool, string, int, int8, int16, int32, int64, uint8, uint16, uint32, uint64, float32, float64:
		return x
	case []byte:
		return string(x)
	case *big.Int: // HUGEINT
		f, _ := new(big.Float).SetInt(x).Float64()
		return f
	case interface{ Float64() float64 }: // DECIMAL
		return x.Float64()
	}
	return fmt.Sprint(v)
}
