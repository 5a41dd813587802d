package synth

import (
	"io"
	"strconv"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/transform"
)

// csvDialect is how one CSV file is spelled.
type csvDialect struct {
	comma       byte
	bom         bool // UTF-8 byte order mark
	windows1252 bool // encode text as Windows-1252 instead of UTF-8
	crlf        bool
}

type csvWriter struct {
	out     *outFile
	w       io.Writer // out, or an encoder in front of it
	enc     io.WriteCloser
	dialect csvDialect
	buf     []byte
}

func newCSVWriter(path string, header []string, d csvDialect) (*csvWriter, error) {
	out, err := createOut(path)
	if err != nil {
		return nil, err
	}
	cw := &csvWriter{out: out, w: out, dialect: d}
	if d.bom {
		if _, err := out.Write([]byte("\xef\xbb\xbf")); err != nil {
			return nil, err
		}
	}
	if d.windows1252 {
		cw.enc = transform.NewWriter(out, charmap.Windows1252.NewEncoder())
		cw.w = cw.enc
	}
	row := make([]cell, len(header))
	for i, h := range header {
		row[i] = str(h)
	}
	if err := cw.writeRow(row); err != nil {
		out.f.Close()
		return nil, err
	}
	return cw, nil
}

func (cw *csvWriter) writeRow(row []cell) error {
	b := cw.buf[:0]
	for i, c := range row {
		if i > 0 {
			b = append(b, cw.dialect.comma)
		}
		switch c.kind {
		case kindString:
			b = appendCSVField(b, c.s, cw.dialect.comma)
		case kindInt:
			b = strconv.AppendInt(b, c.n, 10)
		case kindTime:
			b = appendWall(b, c.n)
		case kindDate:
			b = appendDate(b, c.n)
		}
	}
	if cw.dialect.crlf {
		b = append(b, '\r')
	}
	b = append(b, '\n')
	cw.buf = b
	_, err := cw.w.Write(b)
	return err
}

func (cw *csvWriter) close() error {
	if cw.enc != nil {
		if err := cw.enc.Close(); err != nil {
			cw.out.f.Close()
			return err
		}
	}
	return cw.out.close()
}

// appendCSVField quotes a field the way encoding/csv does.
func appendCSVField(b []byte, s string, comma byte) []byte {
	need := s != "" && (s[0] == ' ' || s[0] == '\t')
	if !need {
		for i := 0; i < len(s); i++ {
			if c := s[i]; c == comma || c == '"' || c == '\n' || c == '\r' {
				need = true
				break
			}
		}
	}
	if !need {
		return append(b, s...)
	}
	b = append(b, '"')
	for i := 0; i < len(s); i++ {
		if s[i] == '"' {
			b = append(b, '"')
		}
		b = append(b, s[i])
	}
	return append(b, '"')
}
