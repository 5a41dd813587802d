package synth

import (
	"fmt"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/ipc"
	"github.com/apache/arrow-go/v18/arrow/memory"
)

// arrowSchema maps a table to Arrow types: string, int64, timestamp[us]
// without a zone (local wall time) and date32. Every column is nullable.
func arrowSchema(tbl table) *arrow.Schema {
	fields := make([]arrow.Field, len(tbl.columns))
	for i, c := range tbl.columns {
		var t arrow.DataType
		switch c.kind {
		case kindInt:
			t = arrow.PrimitiveTypes.Int64
		case kindTime:
			t = &arrow.TimestampType{Unit: arrow.Microsecond}
		case kindDate:
			t = arrow.FixedWidthTypes.Date32
		default:
			t = arrow.BinaryTypes.String
		}
		fields[i] = arrow.Field{Name: c.name, Type: t, Nullable: true}
	}
	return arrow.NewSchema(fields, nil)
}

// batcher accumulates rows into Arrow record batches of batchRows rows.
type batcher struct {
	tbl   table
	rb    *array.RecordBuilder
	rows  int
	flush func(arrow.RecordBatch) error
}

func newBatcher(tbl table, schema *arrow.Schema, flush func(arrow.RecordBatch) error) *batcher {
	return &batcher{tbl: tbl, rb: array.NewRecordBuilder(memory.DefaultAllocator, schema), flush: flush}
}

func (b *batcher) add(row []cell) error {
	for i, c := range row {
		fb := b.rb.Field(i)
		if c.kind == kindNull {
			fb.AppendNull()
			continue
		}
		switch want := b.tbl.columns[i].kind; {
		case want == kindInt && c.kind == kindInt:
			fb.(*array.Int64Builder).Append(c.n)
		case want == kindTime && c.kind == kindTime:
			fb.(*array.TimestampBuilder).Append(arrow.Timestamp(c.n * 1_000_000))
		case want == kindDate && c.kind == kindDate:
			fb.(*array.Date32Builder).Append(arrow.Date32(c.n))
		case want == kindString && c.kind == kindString:
			fb.(*array.StringBuilder).Append(c.s)
		default:
			return fmt.Errorf("column %s: value of kind %d in a column of kind %d", b.tbl.columns[i].name, c.kind, want)
		}
	}
	b.rows++
	if b.rows == batchRows {
		return b.emit()
	}
	return nil
}

func (b *batcher) emit() error {
	if b.rows == 0 {
		return nil
	}
	rec := b.rb.NewRecordBatch()
	defer rec.Release()
	b.rows = 0
	return b.flush(rec)
}

func (b *batcher) release() { b.rb.Release() }

// arrowWriter writes the Arrow IPC file format.
type arrowWriter struct {
	out *outFile
	fw  *ipc.FileWriter
	b   *batcher
}

func newArrowWriter(path string, tbl table) (*arrowWriter, error) {
	out, err := createOut(path)
	if err != nil {
		return nil, err
	}
	schema := arrowSchema(tbl)
	fw, err := ipc.NewFileWriter(out, ipc.WithSchema(schema))
	if err != nil {
		out.f.Close()
		return nil, err
	}
	w := &arrowWriter{out: out, fw: fw}
	w.b = newBatcher(tbl, schema, fw.Write)
	return w, nil
}

func (w *arrowWriter) writeRow(row []cell) error { return w.b.add(row) }

func (w *arrowWriter) close() error {
	defer w.b.release()
	if err := w.b.emit(); err != nil {
		w.out.f.Close()
		return err
	}
	if err := w.fw.Close(); err != nil {
		w.out.f.Close()
		return err
	}
	return w.out.close()
}
