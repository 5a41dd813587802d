package etl

import (
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/disdukcapil-bekasi/pantau/privacy"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/transform"
)

// stageCSV prepares DuckDB's parallel CSV reader as the source. Windows-1252
// files are first converted to a UTF-8 temp file, and files whose line
// endings change to one with LF endings only. Line numbers: the reader
// keeps file order, so a row's record number plus one (the header) is its
// line, unless quoted fields span lines (corrected before checking) or the
// reader skipped malformed lines (corrected after, in the checked table).
func stageCSV(ctx context.Context, in stageInput) (staged, error) {
	conn, path, display, facts := in.conn, in.path, in.display, in.facts
	st := staged{format: FormatCSV, cleanup: func() {}, fromLines: true, lineExpr: "row_number() OVER () + 1"}
	src := path
	if !facts.validUTF8 || facts.mixedEOL {
		converted, err := convertCopy(path, in.tmpDir, !facts.validUTF8, facts.mixedEOL)
		if err != nil {
			return st, err
		}
		st.cleanup = func() { os.Remove(converted) }
		src = converted
	}
	header, delim, err := readCSVHeader(src)
	if err != nil {
		return st, fmt.Errorf("%s:1: %w", display, err)
	}
	st.header, st.decimalComma = header, delim == ';'
	if in.stageTable != nil && src == path && !facts.quotedNewlines {
		if ok, err := stageCSVReused(ctx, in, &st, delim); ok || err != nil {
			return st, err
		}
	}
	names := columnNames(len(header))
	// The optimistic pass reads without keeping the lines it cannot split:
	// such a line stops it, and the careful pass keeps and lists them.
	rejects := ""
	if !in.optimistic {
		rejects = "store_rejects = true, rejects_table = 'stage_rejects', rejects_scan = 'stage_scans',"
	}
	st.source = fmt.Sprintf(`read_csv({1}, header = true, all_varchar = true, delim = {2}, quote = '"', escape = '"', %s
		null_padding = false, auto_detect = false, columns = {%s})`, rejects, csvColumnsStruct(names))
	st.sourceArgs = []any{src, string(delim)}
	if facts.quotedNewlines {
		if err := countSpannedLines(ctx, conn, names, &st); err != nil {
			return st, fmt.Errorf("%s: %w", display, cleanDuckDBError(err))
		}
		st.temp = append(st.temp, "stage")
	}
	if in.optimistic {
		return st, nil
	}
	st.temp = append(st.temp, "stage_rejects", "stage_scans")
	st.finish = func(ctx context.Context) ([]Reject, []int64, error) {
		rows, err := conn.QueryContext(ctx, `SELECT line_byte_position, error_type, coalesce(csv_line, '') FROM stage_rejects ORDER BY line_byte_position`)
		if err != nil {
			return nil, nil, err
		}
		var offsets []int64
		var structural []Reject
		for rows.Next() {
			var offset int64
			var typ, text string
			if err := rows.Scan(&offset, &typ, &text); err != nil {
				rows.Close()
				return nil, nil, err
			}
			offsets = append(offsets, offset)
			structural = append(structural, Reject{File: display, Value: quote(text), Reason: structuralReason(typ, len(header))})
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, nil, err
		}
		// The reader counts records, not lines: find each line from its offset.
		skipped, err := linesAt(src, offsets)
		if err != nil {
			return nil, nil, err
		}
		for i := range structural {
			structural[i].Line = skipped[i]
		}
		return structural, skipped, nil
	}
	return st, nil
}

// stageCSVReused reads a small file with Go's CSV reader into the
// loader's stage table of its width (see reuse.go). It gives up (false)
// on anything DuckDB's reader might read otherwise: a line with another
// number of fields, a stray quote, a NUL byte; DuckDB's reader then reads
// the file as before. Empty cells are NULL, as DuckDB reads them.
func stageCSVReused(ctx context.Context, in stageInput, st *staged, delim rune) (bool, error) {
	data, err := os.ReadFile(in.path)
	if err != nil {
		return false, err
	}
	if bytes.IndexByte(data, 0) >= 0 {
		return false, nil
	}
	width := len(st.header)
	r := csv.NewReader(bytes.NewReader(data))
	r.Comma, r.FieldsPerRecord = delim, width
	if _, err := r.Read(); err != nil { // the header
		return false, nil
	}
	var lines []int64
	var cells [][]*string
	personal := map[int]bool{}
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return false, nil
		}
		line, _ := r.FieldPos(0)
		row := make([]*string, width)
		for i := range rec {
			if rec[i] != "" {
				row[i] = &rec[i]
				if privacy.Find(rec[i]) != nil || privacy.Find(strings.TrimSpace(rec[i])) != nil {
					personal[i] = true
				}
			}
		}
		lines, cells = append(lines, int64(line)), append(cells, row)
	}
	table, lead, err := in.stageTable(ctx, width, int64(len(lines)))
	if err != nil {
		return false, err
	}
	err = appendRows(in.conn, table, lead, width, func(yield func(int64, []*string) error) error {
		for i := range lines {
			if err := yield(lines[i], cells[i]); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return false, err
	}
	st.source, st.sourceArgs, st.lineExpr, st.reused, st.personal = "temp."+table, nil, "_line", true, personal
	return true, nil
}

func csvColumnsStruct(names []string) string {
	parts := make([]string, len(names))
	for i, n := range names {
		parts[i] = fmt.Sprintf("'%s': 'VARCHAR'", n)
	}
	return strings.Join(parts, ", ")
}

// linesAt returns the 1-based line of each byte offset (sorted ascending).
func linesAt(path string, offsets []int64) ([]int64, error) {
	if len(offsets) == 0 {
		return nil, nil
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	br := bufio.NewReaderSize(f, 1<<20)
	out := make([]int64, len(offsets))
	line, pos := int64(1), int64(0)
	for i, off := range offsets {
		for ; pos < off; pos++ {
			b, err := br.ReadByte()
			if err != nil {
				return nil, err
			}
			if b == '\n' {
				line++
			}
		}
		out[i] = line
	}
	return out, nil
}

// countSpannedLines materialises the source with each row's line moved
// down by the newlines inside quoted fields of the rows before it.
func countSpannedLines(ctx context.Context, conn execer, names []string, st *staged) error {
	parts := make([]string, len(names))
	for i, n := range names {
		parts[i] = fmt.Sprintf("coalesce(length(%s) - length(replace(%s, chr(10), '')), 0)", n, n)
	}
	src := strings.NewReplacer("{1}", "$1", "{2}", "$2").Replace(st.source)
	_, err := conn.ExecContext(ctx, fmt.Sprintf(`CREATE TEMP TABLE stage AS
		SELECT _rec + coalesce(sum(%s) OVER (ORDER BY _rec ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS _line,
		       * EXCLUDE (_rec)
		FROM (SELECT row_number() OVER () + 1 AS _rec, * FROM %s)`, strings.Join(parts, " + "), src), st.sourceArgs...)
	st.source, st.sourceArgs, st.lineExpr, st.fromLines = "stage", nil, "_line", false
	return err
}

func structuralReason(errorType string, want int) string {
	switch strings.ToUpper(errorType) {
	case "MISSING COLUMNS":
		return fmt.Sprintf("the line has fewer fields than the header's %d", want)
	case "TOO MANY COLUMNS":
		return fmt.Sprintf("the line has more fields than the header's %d", want)
	case "UNQUOTED VALUE":
		return "a quoted field is followed by other characters"
	case "LINE SIZE OVER MAXIMUM":
		return "the line is too long"
	case "INVALID UNICODE", "INVALID ENCODING":
		return "the line is not valid UTF-8 text"
	}
	return "the line cannot be read: " + strings.ToLower(errorType)
}

// readCSVHeader reads the first line and picks the delimiter that splits it
// into the most fields among ',', ';', tab and '|'.
func readCSVHeader(path string) ([]string, rune, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, 0, err
	}
	defer f.Close()
	br := bufio.NewReader(f)
	line, err := br.ReadString('\n')
	if err != nil && err != io.EOF {
		return nil, 0, err
	}
	line = strings.TrimPrefix(strings.TrimRight(line, "\r\n"), "\ufeff")
	if strings.TrimSpace(line) == "" {
		return nil, 0, fmt.Errorf("the file is empty: a header line is required")
	}
	best, bestN := ',', 0
	for _, d := range []rune{',', ';', '\t', '|'} {
		r := csv.NewReader(strings.NewReader(line))
		r.Comma = d
		r.LazyQuotes = true
		rec, err := r.Read()
		if err == nil && len(rec) > bestN {
			best, bestN = d, len(rec)
		}
	}
	r := csv.NewReader(strings.NewReader(line))
	r.Comma = best
	r.LazyQuotes = true
	header, err := r.Read()
	if err != nil {
		return nil, 0, fmt.Errorf("the header cannot be read: %w", err)
	}
	for i := range header {
		header[i] = strings.TrimSpace(header[i])
	}
	return header, best, nil
}

// convertCopy writes a copy of a file that DuckDB reads as it is meant:
// from Windows-1252 (the encoding of Excel's "CSV" export on Indonesian
// Windows) to UTF-8, and with every line ending (CRLF, LF, lone CR) made LF.
func convertCopy(path, tmpDir string, from1252, lf bool) (string, error) {
	in, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer in.Close()
	out, err := os.CreateTemp(tmpDir, "pantau-copy-*.csv")
	if err != nil {
		return "", err
	}
	defer out.Close()
	var r io.Reader = in
	if from1252 {
		r = charmap.Windows1252.NewDecoder().Reader(r)
	}
	if lf {
		r = transform.NewReader(r, lineFeeds{})
	}
	if _, err := io.Copy(out, r); err != nil {
		os.Remove(out.Name())
		return "", err
	}
	return out.Name(), nil
}

// lineFeeds is a transform that ends every line with LF: CRLF and a lone
// CR become LF.
type lineFeeds struct{ transform.NopResetter }

func (lineFeeds) Transform(dst, src []byte, atEOF bool) (nDst, nSrc int, err error) {
	for nSrc < len(src) {
		i := bytes.IndexByte(src[nSrc:], '\r')
		if i < 0 {
			i = len(src) - nSrc
		}
		if nDst+i > len(dst) {
			n := copy(dst[nDst:], src[nSrc:nSrc+len(dst)-nDst])
			return nDst + n, nSrc + n, transform.ErrShortDst
		}
		nDst += copy(dst[nDst:], src[nSrc:nSrc+i])
		nSrc += i
		if nSrc == len(src) {
			break
		}
		// src[nSrc] is CR: it needs the next byte to tell CRLF from a lone CR.
		if nSrc+1 == len(src) && !atEOF {
			return nDst, nSrc, transform.ErrShortSrc
		}
		if nDst == len(dst) {
			return nDst, nSrc, transform.ErrShortDst
		}
		dst[nDst] = '\n'
		nDst++
		nSrc++
		if nSrc < len(src) && src[nSrc] == '\n' {
			nSrc++
		}
	}
	return nDst, nSrc, nil
}
