package main

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"unicode"

	"github.com/duckdb/duckdb-go/v2/mapping"
	"github.com/spf13/cobra"

	"github.com/disdukcapil-bekasi/pantau/encode"
)

func (a *app) sqlCmd() *cobra.Command {
	var format, out string
	cmd := &cobra.Command{
		Use:   "sql [flags] QUERY",
		Short: "Run a read-only SQL query on the warehouse",
		Long: `Run one query on the warehouse, opened read-only: one statement that DuckDB's parser takes
for a query (SELECT, WITH, FROM, VALUES, TABLE, DESCRIBE, SHOW, SUMMARIZE, PIVOT with its IN
list), or EXPLAIN [ANALYZE] of one. COPY, ATTACH, INSTALL, LOAD, SET, PRAGMA, CALL, CREATE,
INSERT and every other statement are refused (exit 2), and the query reads no file but the
warehouse or the --lake folders: read_csv, read_text or a file name in FROM are refused too.
A query that starts with a -- comment goes after --: pantau sql -- '-- note' ...
The tables and views are documented in docs/analysts.md.
Formats: table (default), csv, json, parquet, arrow and xlsx (the last three need --out).
xlsx is one worksheet for Excel: a header row, numbers as numbers, dates and timestamps as
Excel dates (TIMESTAMPTZ in the regency's time zone), NULL as an empty cell. --out is
replaced only when the whole result is written.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if !slices.Contains([]string{"table", "csv", "json", "parquet", "arrow", "xlsx"}, format) {
				return usagef("--format: %q is not table, csv, json, parquet, arrow or xlsx", format)
			}
			if (format == "parquet" || format == "arrow" || format == "xlsx") && out == "" {
				return usagef("--format %s writes a binary file: give it with --out FILE", format)
			}
			return a.runSQL(cmd.Context(), args[0], format, out)
		},
	}
	cmd.Flags().StringVar(&format, "format", "table", "table, csv, json, parquet, arrow or xlsx")
	cmd.Flags().StringVar(&out, "out", "", "write the result to this file instead of stdout")
	return cmd
}

func (a *app) runSQL(ctx context.Context, query, format, out string) error {
	w, err := a.openReadOnly(ctx)
	if err != nil {
		return err
	}
	defer w.Close()
	conn, err := w.DB.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	if err := readStatement(ctx, conn, query); err != nil {
		return err
	}
	rows, err := conn.QueryContext(ctx, query)
	if err != nil {
		return friendlySQLError(err)
	}
	defer rows.Close()
	write := func(f io.Writer) error {
		if format == "xlsx" {
			return friendlySQLError(encode.XLSX(f, rows, query, a.cfg.Location()))
		}
		return friendlySQLError(encode.Rows(f, rows, format))
	}
	if out == "" {
		return write(a.stdout)
	}
	return writeFileAtomic(out, write)
}

// readStatement refuses, with one plain line, anything but one statement
// that DuckDB's parser takes for a query, or EXPLAIN of one. Nothing is
// prepared before that: DuckDB binds what it prepares, and binding EXPORT
// DATABASE already makes its folder. A query that reads files is stopped
// by the connection's sandbox (warehouse.Open and lake.Open), not here.
func readStatement(ctx context.Context, conn *sql.Conn, query string) error {
	n, err := countStatements(query)
	switch {
	case err != nil:
		return err
	case n == 0:
		return usagef("sql needs a query")
	case n > 1:
		return usagef("sql runs one statement at a time")
	}
	if ok, err := isQuery(ctx, conn, query); ok || err != nil {
		return err
	}
	// EXPLAIN ANALYZE runs the statement it explains: that one must be a
	// query too.
	if inner, ok := explained(query); ok {
		if ok, _ := isQuery(ctx, conn, inner); ok {
			return nil
		}
		return usagef("sql only reads: EXPLAIN [ANALYZE] is allowed of a query only, without options")
	}
	return usagef("sql only reads: %s statements are refused (the warehouse changes only through 'pantau load')", firstWord(query))
}

// countStatements is how many statements DuckDB's parser finds in query:
// a parser of its own, so that nothing is bound or run.
func countStatements(query string) (int, error) {
	var db mapping.Database
	if mapping.Open("", &db) == mapping.StateError {
		return 0, errors.New("sql: cannot start DuckDB's parser")
	}
	defer mapping.Close(&db)
	var conn mapping.Connection
	if mapping.Connect(db, &conn) == mapping.StateError {
		return 0, errors.New("sql: cannot start DuckDB's parser")
	}
	defer mapping.Disconnect(&conn)
	var stmts mapping.ExtractedStatements
	n := mapping.ExtractStatements(conn, query, &stmts)
	defer mapping.DestroyExtracted(&stmts)
	if msg := mapping.ExtractStatementsError(stmts); n == 0 && msg != "" {
		return 0, friendlySQLError(errors.New(msg))
	}
	return int(n), nil
}

// isQuery says whether query is one statement that DuckDB's parser takes
// for a query (SELECT, WITH, FROM, VALUES, TABLE, DESCRIBE, SHOW,
// SUMMARIZE): json_serialize_sql parses, and serializes queries only.
func isQuery(ctx context.Context, conn *sql.Conn, query string) (bool, error) {
	var parsed string
	if err := conn.QueryRowContext(ctx, "SELECT json_serialize_sql(?::VARCHAR)::VARCHAR", query).Scan(&parsed); err != nil {
		return false, err
	}
	var r struct {
		Error        bool              `json:"error"`
		ErrorType    string            `json:"error_type"`
		ErrorMessage string            `json:"error_message"`
		Statements   []json.RawMessage `json:"statements"`
	}
	if err := json.Unmarshal([]byte(parsed), &r); err != nil {
		return false, err
	}
	if r.Error && r.ErrorType == "parser" {
		return false, friendlySQLError(errors.New("Parser Error: " + r.ErrorMessage))
	}
	return !r.Error && len(r.Statements) == 1, nil
}

// firstWord is the word query starts with, after its comments, in capitals:
// the name of a refused statement, for the message only.
func firstWord(query string) string {
	s := skipSpace(query)
	end := strings.IndexFunc(s, func(r rune) bool { return !unicode.IsLetter(r) })
	if end < 0 {
		end = len(s)
	}
	if end == 0 {
		return "such"
	}
	return strings.ToUpper(s[:end])
}

// explained is the statement an EXPLAIN statement explains: the text after
// its leading comments, EXPLAIN and an optional ANALYZE. ok is false when
// the text does not start so (EXPLAIN with options, say).
func explained(query string) (string, bool) {
	rest, ok := keyword(skipSpace(query), "EXPLAIN")
	if !ok {
		return "", false
	}
	rest = skipSpace(rest)
	for _, k := range []string{"ANALYZE", "ANALYSE"} {
		if after, ok := keyword(rest, k); ok {
			rest = after
		}
	}
	return rest, true
}

// keyword is s after the keyword k (any case) that starts it.
func keyword(s, k string) (string, bool) {
	if len(s) < len(k) || !strings.EqualFold(s[:len(k)], k) {
		return "", false
	}
	rest := s[len(k):]
	if r := []rune(rest + " ")[0]; r == '_' || r == '$' || unicode.IsLetter(r) || unicode.IsDigit(r) {
		return "", false
	}
	return rest, true
}

// skipSpace is s after its leading white space and comments (-- to the end
// of the line, /* */ nested as DuckDB nests them).
func skipSpace(s string) string {
	for {
		s = strings.TrimLeftFunc(s, unicode.IsSpace)
		switch {
		case strings.HasPrefix(s, "--"):
			i := strings.IndexAny(s, "\n\r")
			if i < 0 {
				return ""
			}
			s = s[i:]
		case strings.HasPrefix(s, "/*"):
			depth, i := 0, 0
			for i < len(s) {
				if strings.HasPrefix(s[i:], "/*") {
					depth++
					i += 2
				} else if strings.HasPrefix(s[i:], "*/") {
					depth--
					i += 2
					if depth == 0 {
						break
					}
				} else {
					i++
				}
			}
			s = s[i:]
		default:
			return s
		}
	}
}

// friendlySQLError keeps DuckDB's first line, which names the problem; a
// file the sandbox keeps closed is a refusal.
func friendlySQLError(err error) error {
	if err == nil {
		return nil
	}
	var ue usageError
	if errors.As(err, &ue) {
		return err
	}
	msg := err.Error()
	if strings.Contains(msg, "read-only mode") {
		return usagef("sql only reads: the warehouse changes only through 'pantau load'")
	}
	if i := strings.Index(msg, "\n"); i > 0 {
		msg = msg[:i]
	}
	if _, reason, ok := strings.Cut(msg, "Permission Error: "); ok {
		if _, file, ok := strings.Cut(reason, `Cannot access file "`); ok {
			reason = `"` + strings.SplitN(file, `"`, 2)[0] + `" is out of its reach`
		}
		return usagef("sql reads no file but the warehouse and the --lake folders: %s", reason)
	}
	return fmt.Errorf("query: %s", msg)
}
