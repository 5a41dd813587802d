package synth

import (
	"github.com/apache/arrow-go/v18/parquet"
	"github.com/apache/arrow-go/v18/parquet/compress"
	"github.com/apache/arrow-go/v18/parquet/pqarrow"
)

// parquetWriter writes one row group per batch of batchRows rows, so memory
// stays bounded by one batch.
type parquetWriter struct {
	out *outFile
	fw  *pqarrow.FileWriter
	b   *batcher
}

func newParquetWriter(path string, tbl table) (*parquetWriter, error) {
	out, err := createOut(path)
	if err != nil {
		return nil, err
	}
	schema := arrowSchema(tbl)
	props := parquet.NewWriterProperties(
		parquet.WithCompression(compress.Codecs.Snappy),
		parquet.WithMaxRowGroupLength(batchRows),
		parquet.WithCreatedBy("pantau synth"),
	)
	fw, err := pqarrow.NewFileWriter(schema, out, props, pqarrow.NewArrowWriterProperties())
	if err != nil {
		out.f.Close()
		return nil, err
	}
	w := &parquetWriter{out: out, fw: fw}
	w.b = newBatcher(tbl, schema, fw.Write)
	return w, nil
}

func (w *parquetWriter) writeRow(row []cell) error { return w.b.add(row) }

func (w *parquetWriter) close() error {
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
