package etl

import (
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"golang.org/x/text/encoding/charmap"
)

// Format is an input file format.
type Format string

// The input formats.
const (
	FormatCSV     Format = "csv"
	FormatNDJSON  Format = "ndjson"
	FormatParquet Format = "parquet"
	FormatXLSX    Format = "xlsx"
	FormatArrow   Format = "arrow"
)

// detectFormat tells a file's format from its first bytes, then its name.
func detectFormat(path string) (Format, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	head := make([]byte, 8)
	n, _ := io.ReadFull(f, head)
	head = head[:n]
	switch {
	case bytes.HasPrefix(head, []byte("PAR1")):
		return FormatParquet, nil
	case bytes.HasPrefix(head, []byte("ARROW1")), bytes.HasPrefix(head, []byte{0xff, 0xff, 0xff, 0xff}):
		return FormatArrow, nil
	case bytes.HasPrefix(head, []byte("PK\x03\x04")):
		return FormatXLSX, nil
	}
	switch strings.ToLower(filepath.Ext(path)) {
	case ".ndjson", ".jsonl", ".json":
		return FormatNDJSON, nil
	case ".csv", ".txt", ".tsv":
		return FormatCSV, nil
	case ".arrow", ".feather", ".ipc":
		return FormatArrow, nil
	}
	trimmed := bytes.TrimLeft(head, " \t\r\n\ufeff")
	if len(trimmed) > 0 && trimmed[0] == '{' {
		return FormatNDJSON, nil
	}
	return FormatCSV, nil
}

// staged describes a file ready to check: source is an SQL relation with a
// column _line (the row's position in the file) and one VARCHAR column per
// header cell, named c0, c1, ...: the temp table "stage", or for CSV a
// read_csv call that DuckDB runs in parallel while checking.
type staged struct {
	format Format
	header []string
	// source is read by the checks; {1}, {2}, ... in it stand for sourceArgs.
	source     string
	sourceArgs []any
	// lineExpr computes each row's line over source.
	lineExpr string
	// fromLines says the file's records are its lines but the header (known
	// once the whole file is scanned); else they are the rows of "stage".
	fromLines bool
	// decimalComma is true when numbers use a decimal comma (";"-separated CSV).
	decimalComma bool
	// finish runs once the source has been read; it returns the rows the
	// reader could not split into fields and their lines.
	finish  func(ctx context.Context) ([]Reject, []int64, error)
	cleanup func()
}

func stageColumns(n int) string {
	cols := make([]string, n)
	for i := range cols {
		cols[i] = fmt.Sprintf("c%d VARCHAR", i)
	}
	return strings.Join(cols, ", ")
}

func columnNames(n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprintf("c%d", i)
	}
	return out
}

// stageCSV prepares DuckDB's parallel CSV reader as the source. Windows-1252
// files are first converted to a UTF-8 temp file. Line numbers: the reader
// keeps file order, so a row's record number plus one (the header) is its
// line, unless quoted fields span lines (corrected before checking) or the
// reader skipped malformed lines (corrected after, in the checked table).
func stageCSV(ctx context.Context, conn execer, path, display string, facts fileFacts, tmpDir string) (staged, error) {
	st := staged{format: FormatCSV, cleanup: func() {}, fromLines: true, lineExpr: "row_number() OVER () + 1"}
	src := path
	if !facts.validUTF8 {
		converted, err := convertWindows1252(path, tmpDir)
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
	names := columnNames(len(header))
	st.source = fmt.Sprintf(`read_csv({1}, header = true, all_varchar = true, delim = {2}, quote = '"', escape = '"',
		store_rejects = true, rejects_table = 'stage_rejects', rejects_scan = 'stage_scans',
		null_padding = false, auto_detect = false, columns = {%s})`, csvColumnsStruct(names))
	st.sourceArgs = []any{src, string(delim)}
	if facts.quotedNewlines {
		if err := countSpannedLines(ctx, conn, names, &st); err != nil {
			return st, fmt.Errorf("%s: %w", display, cleanDuckDBError(err))
		}
	}
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
			structural = append(structural, Reject{File: display, Value: truncate(text, 200), Reason: structuralReason(typ, len(header))})
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

// convertWindows1252 writes a UTF-8 copy of a Windows-1252 file (the
// encoding of Excel's "CSV" export on Indonesian Windows).
func convertWindows1252(path, tmpDir string) (string, error) {
	in, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer in.Close()
	out, err := os.CreateTemp(tmpDir, "pantau-utf8-*.csv")
	if err != nil {
		return "", err
	}
	defer out.Close()
	if _, err := io.Copy(out, charmap.Windows1252.NewDecoder().Reader(in)); err != nil {
		os.Remove(out.Name())
		return "", err
	}
	return out.Name(), nil
}

// stageNDJSON lets DuckDB's JSON reader fill the stage table; the keys are
// taken from the first records.
func stageNDJSON(ctx context.Context, conn execer, path, display string) (staged, error) {
	header, err := ndjsonKeys(path, 1000)
	if err != nil {
		return staged{}, fmt.Errorf("%s: %w", display, err)
	}
	names := columnNames(len(header))
	cols := make([]string, len(header))
	sel := make([]string, len(header))
	for i, h := range header {
		cols[i] = fmt.Sprintf("'%s': 'VARCHAR'", strings.ReplaceAll(h, "'", "''"))
		sel[i] = fmt.Sprintf(`%s AS %s`, quoteIdent(h), names[i])
	}
	q := fmt.Sprintf(`CREATE TEMP TABLE stage AS
		SELECT row_number() OVER () AS _line, %s
		FROM read_json(?, format = 'newline_delimited', records = true, columns = {%s})`,
		strings.Join(sel, ", "), strings.Join(cols, ", "))
	if _, err := conn.ExecContext(ctx, q, path); err != nil {
		return staged{}, fmt.Errorf("%s: %w", display, cleanDuckDBError(err))
	}
	return staged{format: FormatNDJSON, header: header, source: "stage", lineExpr: "_line"}, nil
}

// ndjsonKeys returns the keys of the first records, in first-seen order.
func ndjsonKeys(path string, maxRecords int) ([]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	seen := map[string]bool{}
	var keys []string
	for line, n := 0, 0; sc.Scan() && n < maxRecords; {
		line++
		b := bytes.TrimSpace(sc.Bytes())
		if line == 1 {
			b = bytes.TrimPrefix(b, []byte("\ufeff"))
		}
		if len(b) == 0 {
			continue
		}
		n++
		dec := json.NewDecoder(bytes.NewReader(b))
		tok, err := dec.Token()
		if err != nil || tok != json.Delim('{') {
			return nil, fmt.Errorf("%d: the line is not a JSON object", line)
		}
		for dec.More() {
			t, err := dec.Token()
			if err != nil {
				return nil, fmt.Errorf("%d: %v", line, err)
			}
			k, _ := t.(string)
			if !seen[k] {
				seen[k] = true
				keys = append(keys, k)
			}
			var skip json.RawMessage
			if err := dec.Decode(&skip); err != nil {
				return nil, fmt.Errorf("%d: %v", line, err)
			}
		}
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	if len(keys) == 0 {
		return nil, fmt.Errorf("1: the file holds no JSON records")
	}
	return keys, nil
}

// stageParquet reads a Parquet file with DuckDB, every column as text.
func stageParquet(ctx context.Context, conn execer, path, display string) (staged, error) {
	rows, err := conn.QueryContext(ctx, `SELECT column_name FROM (DESCRIBE SELECT * FROM read_parquet(?))`, path)
	if err != nil {
		return staged{}, fmt.Errorf("%s: %w", display, cleanDuckDBError(err))
	}
	var header []string
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			rows.Close()
			return staged{}, err
		}
		header = append(header, name)
	}
	rows.Close()
	names := columnNames(len(header))
	sel := make([]string, len(header))
	for i, h := range header {
		sel[i] = fmt.Sprintf("CAST(%s AS VARCHAR) AS %s", quoteIdent(h), names[i])
	}
	q := fmt.Sprintf(`CREATE TEMP TABLE stage AS
		SELECT file_row_number + 1 AS _line, %s FROM read_parquet(?, file_row_number = true)`, strings.Join(sel, ", "))
	if _, err := conn.ExecContext(ctx, q, path); err != nil {
		return staged{}, fmt.Errorf("%s: %w", display, cleanDuckDBError(err))
	}
	return staged{format: FormatParquet, header: header, source: "stage", lineExpr: "_line"}, nil
}

func quoteIdent(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}

// cleanDuckDBError drops DuckDB's multi-line context from an error message.
func cleanDuckDBError(err error) error {
	msg := err.Error()
	if i := strings.Index(msg, "\n"); i > 0 {
		msg = msg[:i]
	}
	return fmt.Errorf("%s", strings.TrimSpace(msg))
}
