package etl

import (
	"bufio"
	"bytes"
	"context"
	"database/sql/driver"
	"encoding/json"
	"fmt"
	"os"
	"strings"

	"github.com/disdukcapil-bekasi/pantau/privacy"
	"github.com/disdukcapil-bekasi/pantau/warehouse"
)

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
	// temp names the temp tables staging created, dropped after the load.
	temp []string
	// reused: source is a stage table the loader keeps (see reuse.go).
	reused bool
	// personal: Go read every cell (reused), and these are the columns
	// (cN) where privacy.Find found a personal number in a cell.
	personal map[int]bool
}

// stageInput is what a format's stage function is given.
type stageInput struct {
	conn          execer
	path, display string
	facts         fileFacts
	tmpDir        string // for a converted copy of the file
	sheet         string // the XLSX sheet to read; "" = the first
	optimistic    bool   // the optimistic pass (see fileLoad.optimistic)
	// stageTable, when set, returns the loader's empty stage table of a
	// width for n rows, and the file's values that lead each of its rows
	// (see reuse.go): a small file's optimistic pass.
	stageTable func(ctx context.Context, width int, n int64) (string, []driver.Value, error)
}

// stageFile is the step that stages the file with its format's function.
func (l *Loader) stageFile(ctx context.Context, fl *fileLoad) error {
	in := stageInput{conn: l.sql(), path: fl.path, display: fl.display, facts: fl.facts, tmpDir: l.tmpDir, optimistic: fl.optimistic}
	if fl.optimistic && fl.small() && fl.scan.ready() {
		in.stageTable = func(ctx context.Context, width int, n int64) (string, []driver.Value, error) {
			table, err := l.reuse.stageTable(ctx, l.conn, width, n)
			if err != nil {
				return "", nil, err
			}
			if fl.loadID, err = l.reuse.nextLoadID(ctx, l.conn); err != nil {
				return "", nil, err
			}
			soonest, latest := dateBounds(fl.started.Add(l.cfg.Load.MaxFuture))
			return table, []driver.Value{fl.loadID, soonest, latest}, nil
		}
	}
	if fl.opt.Kind != "" {
		in.sheet = l.cfg.Sources[string(fl.opt.Kind)].Sheet
	}
	st, err := fl.format.stage(ctx, in)
	fl.st = st
	if err != nil && fl.optimistic {
		// A line the reader cannot split stops the optimistic pass; the
		// careful pass keeps it as a reject or says what is wrong.
		return errSomeRowsBad
	}
	return err
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

// stageNDJSON lets DuckDB's JSON reader fill the stage table; the keys are
// taken from the first records.
func stageNDJSON(ctx context.Context, in stageInput) (staged, error) {
	conn, path, display := in.conn, in.path, in.display
	header, err := ndjsonKeys(path, 1000)
	if err != nil {
		return staged{}, fmt.Errorf("%s: %w", display, err)
	}
	names := columnNames(len(header))
	cols := make([]string, len(header))
	sel := make([]string, len(header))
	for i, h := range header {
		cols[i] = warehouse.QuoteLiteral(h) + ": 'VARCHAR'"
		sel[i] = fmt.Sprintf(`%s AS %s`, warehouse.QuoteIdent(h), names[i])
	}
	q := fmt.Sprintf(`CREATE TEMP TABLE stage AS
		SELECT row_number() OVER () AS _line, %s
		FROM read_json(?, format = 'newline_delimited', records = true, columns = {%s})`,
		strings.Join(sel, ", "), strings.Join(cols, ", "))
	if _, err := conn.ExecContext(ctx, q, path); err != nil {
		return staged{}, fmt.Errorf("%s: %w", display, cleanDuckDBError(err))
	}
	return staged{format: FormatNDJSON, header: header, source: "stage", lineExpr: "_line", temp: []string{"stage"}}, nil
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
func stageParquet(ctx context.Context, in stageInput) (staged, error) {
	conn, path, display := in.conn, in.path, in.display
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
		sel[i] = fmt.Sprintf("CAST(%s AS VARCHAR) AS %s", warehouse.QuoteIdent(h), names[i])
	}
	q := fmt.Sprintf(`CREATE TEMP TABLE stage AS
		SELECT file_row_number + 1 AS _line, %s FROM read_parquet(?, file_row_number = true)`, strings.Join(sel, ", "))
	if _, err := conn.ExecContext(ctx, q, path); err != nil {
		return staged{}, fmt.Errorf("%s: %w", display, cleanDuckDBError(err))
	}
	return staged{format: FormatParquet, header: header, source: "stage", lineExpr: "_line", temp: []string{"stage"}}, nil
}

// cleanDuckDBError drops DuckDB's multi-line context from an error message.
func cleanDuckDBError(err error) error {
	msg := err.Error()
	if i := strings.Index(msg, "\n"); i > 0 {
		msg = msg[:i]
	}
	// DuckDB's messages quote values ("Could not convert string '…'").
	return fmt.Errorf("%s", privacy.Redact(strings.TrimSpace(msg)))
}
