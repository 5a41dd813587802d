package synth

import (
	"fmt"
	"strconv"

	"github.com/xuri/excelize/v2"
)

// xlsxWriter writes the first sheet of a workbook with excelize's stream
// writer. Times and dates are real date cells (Excel serial numbers with a
// date number format), integers are numbers, the header is row 1.
type xlsxWriter struct {
	path      string
	f         *excelize.File
	sw        *excelize.StreamWriter
	limit     int // rows including the header
	row       int // last row written
	dateStyle int
	timeStyle int
	vals      []any
}

const xlsxSheet = "Sheet1"

func newXLSXWriter(path string, header []string, limit int) (*xlsxWriter, error) {
	f := excelize.NewFile()
	w := &xlsxWriter{path: path, f: f, limit: limit}
	dateFmt, timeFmt := "yyyy-mm-dd", "yyyy-mm-dd hh:mm:ss"
	var err error
	if w.dateStyle, err = f.NewStyle(&excelize.Style{CustomNumFmt: &dateFmt}); err != nil {
		return nil, err
	}
	if w.timeStyle, err = f.NewStyle(&excelize.Style{CustomNumFmt: &timeFmt}); err != nil {
		return nil, err
	}
	if w.sw, err = f.NewStreamWriter(xlsxSheet); err != nil {
		return nil, err
	}
	row := make([]cell, len(header))
	for i, h := range header {
		row[i] = str(h)
	}
	if err := w.writeRow(row); err != nil {
		return nil, err
	}
	return w, nil
}

func (w *xlsxWriter) writeRow(row []cell) error {
	if w.row >= w.limit {
		return fmt.Errorf("write %s: %w", w.path, ErrXLSXRowLimit)
	}
	w.row++
	vals := w.vals[:0]
	for _, c := range row {
		switch c.kind {
		case kindNull:
			vals = append(vals, nil)
		case kindString:
			vals = append(vals, c.s)
		case kindInt:
			vals = append(vals, c.n)
		case kindTime:
			vals = append(vals, excelize.Cell{StyleID: w.timeStyle, Value: excelSerialTime(c.n)})
		case kindDate:
			vals = append(vals, excelize.Cell{StyleID: w.dateStyle, Value: excelSerialDate(c.n)})
		}
	}
	w.vals = vals
	return w.sw.SetRow("A"+strconv.Itoa(w.row), vals)
}

func (w *xlsxWriter) close() error {
	defer w.f.Close()
	if err := w.sw.Flush(); err != nil {
		return fmt.Errorf("write %s: %w", w.path, err)
	}
	out, err := createOut(w.path)
	if err != nil {
		return err
	}
	if _, err := w.f.WriteTo(out); err != nil {
		out.f.Close()
		return fmt.Errorf("write %s: %w", w.path, err)
	}
	return out.close()
}
