package synth

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
)

// rowWriter writes the rows of one table to one file, streaming.
type rowWriter interface {
	writeRow(row []cell) error
	// close flushes everything and closes the file.
	close() error
}

// Format names accepted in Config.Format, with the file extension each writes.
var formatExtensions = []struct{ format, ext string }{
	{"csv", "csv"}, {"ndjson", "ndjson"}, {"parquet", "parquet"}, {"xlsx", "xlsx"}, {"arrow", "arrow"},
}

func extensionOf(format string) (string, bool) {
	for _, f := range formatExtensions {
		if f.format == format {
			return f.ext, true
		}
	}
	return "", false
}

// ErrXLSXRowLimit is returned when a table has more rows than one sheet holds.
var ErrXLSXRowLimit = errors.New("more rows than an xlsx sheet holds (1,048,576 including the header)")

// xlsxMaxRows is the row limit of one sheet, header included.
const xlsxMaxRows = 1048576

// batchRows is the number of rows per Arrow record batch and Parquet row group.
const batchRows = 65536

// outFile is a buffered file that remembers its path for error messages.
type outFile struct {
	path string
	f    *os.File
	bw   *bufio.Writer
}

func createOut(path string) (*outFile, error) {
	f, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	return &outFile{path: path, f: f, bw: bufio.NewWriterSize(f, 256<<10)}, nil
}

func (o *outFile) Write(p []byte) (int, error) { return o.bw.Write(p) }

func (o *outFile) close() error {
	err := o.bw.Flush()
	if cerr := o.f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("write %s: %w", o.path, err)
	}
	return nil
}

// newFormatWriter opens path and returns the writer of the format for tbl.
func newFormatWriter(format, path string, tbl table) (rowWriter, error) {
	header := make([]string, len(tbl.columns))
	for i, c := range tbl.columns {
		header[i] = c.name
	}
	switch format {
	case "csv":
		return newCSVWriter(path, header, csvDialect{comma: ','})
	case "ndjson":
		return newNDJSONWriter(path, header)
	case "parquet":
		return newParquetWriter(path, tbl)
	case "arrow":
		return newArrowWriter(path, tbl)
	case "xlsx":
		return newXLSXWriter(path, header, xlsxMaxRows)
	}
	return nil, fmt.Errorf("unknown format %q", format)
}

var _ io.Writer = (*outFile)(nil)
