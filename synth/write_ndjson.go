package synth

import (
	"strconv"
	"unicode/utf8"
)

// ndjsonWriter writes one JSON object per line, keys in canonical column
// order; empty values are null, numbers are numbers, times are text.
type ndjsonWriter struct {
	out  *outFile
	keys [][]byte // `"name":` per column
	buf  []byte
}

func newNDJSONWriter(path string, header []string) (*ndjsonWriter, error) {
	out, err := createOut(path)
	if err != nil {
		return nil, err
	}
	w := &ndjsonWriter{out: out}
	for _, h := range header {
		k := appendJSONString(nil, h)
		w.keys = append(w.keys, append(k, ':'))
	}
	return w, nil
}

func (w *ndjsonWriter) writeRow(row []cell) error {
	b := append(w.buf[:0], '{')
	for i, c := range row {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, w.keys[i]...)
		switch c.kind {
		case kindNull:
			b = append(b, "null"...)
		case kindString:
			b = appendJSONString(b, c.s)
		case kindInt:
			b = strconv.AppendInt(b, c.n, 10)
		case kindTime:
			b = append(b, '"')
			b = appendWall(b, c.n)
			b = append(b, '"')
		case kindDate:
			b = append(b, '"')
			b = appendDate(b, c.n)
			b = append(b, '"')
		}
	}
	b = append(b, '}', '\n')
	w.buf = b
	_, err := w.out.Write(b)
	return err
}

func (w *ndjsonWriter) close() error { return w.out.close() }

const hexDigits = "0123456789abcdef"

// appendJSONString appends s as a JSON string. HTML characters are kept as
// they are (valid JSON); control characters are escaped.
func appendJSONString(b []byte, s string) []byte {
	b = append(b, '"')
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case c == '"' || c == '\\':
				b = append(b, '\\', c)
			case c == '\n':
				b = append(b, '\\', 'n')
			case c == '\r':
				b = append(b, '\\', 'r')
			case c == '\t':
				b = append(b, '\\', 't')
			case c < 0x20:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
			default:
				b = append(b, c)
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, `\ufffd`...)
		} else {
			b = append(b, s[i:i+size]...)
		}
		i += size
	}
	return append(b, '"')
}
