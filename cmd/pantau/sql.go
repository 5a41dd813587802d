package main

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/spf13/cobra"
)

func (a *app) sqlCmd() *cobra.Command {
	var format, out string
	cmd := &cobra.Command{
		Use:   "sql [flags] QUERY",
		Short: "Run a read-only SQL query on the warehouse",
		Long: `Run one read-only query (SELECT, WITH, FROM, DESCRIBE, SHOW, SUMMARIZE, EXPLAIN) on the
warehouse, opened read-only. The tables and views are documented in docs/analysts.md.
Formats: table (default), csv, json, parquet, arrow and xlsx (the last three need --out).
xlsx is one worksheet for Excel: a header row, numbers as numbers, dates and timestamps as
Excel dates (TIMESTAMPTZ in the regency's time zone), NULL as an empty cell.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if !slices.Contains([]string{"table", "csv", "json", "parquet", "arrow", "xlsx"}, format) {
				return usagef("--format: %q is not table, csv, json, parquet, arrow or xlsx", format)
			}
			if (format == "parquet" || format == "arrow" || format == "xlsx") && out == "" {
				return usagef("--format %s writes a binary file: give it with --out FILE", format)
			}
			query := strings.TrimSpace(args[0])
			if err := readOnlyStatement(query); err != nil {
				return err
			}
			return a.runSQL(cmd.Context(), query, format, out)
		},
	}
	cmd.Flags().StringVar(&format, "format", "table", "table, csv, json, parquet, arrow or xlsx")
	cmd.Flags().StringVar(&out, "out", "", "write the result to this file instead of stdout")
	return cmd
}

// readOnlyStatement refuses anything but one query, with a plain message:
// a read-only warehouse would refuse writes too, but less kindly, and COPY
// or ATTACH could still write files.
func readOnlyStatement(q string) error {
	first := strings.ToUpper(strings.Fields(q + " x")[0])
	switch first {
	case "SELECT", "WITH", "FROM", "DESCRIBE", "SHOW", "SUMMARIZE", "EXPLAIN", "VALUES", "TABLE", "(":
	default:
		return fmt.Errorf("sql only reads: %s statements are refused (the warehouse changes only through 'pantau load')", first)
	}
	if strings.Contains(strings.TrimSuffix(strings.TrimSpace(q), ";"), ";") {
		return fmt.Errorf("sql runs one statement at a time")
	}
	return nil
}

func (a *app) runSQL(ctx context.Context, query, format, out string) error {
	w, err := a.openReadOnly(ctx)
	if err != nil {
		return err
	}
	defer w.Close()
	query = strings.TrimSuffix(strings.TrimSpace(query), ";")
	rows, err := w.DB.QueryContext(ctx, query)
	if err != nil {
		return friendlySQLError(err)
	}
	defer rows.Close()
	write := func(f io.Writer) error {
		if format == "xlsx" {
			return friendlySQLError(writeXLSX(f, rows, query, a.cfg.Location()))
		}
		return friendlySQLError(writeRows(f, rows, format))
	}
	if out == "" {
		return write(a.stdout)
	}
	return writeFileAtomic(out, write)
}

// friendlySQLError keeps DuckDB's first line, which names the problem; a
// file the sandbox keeps closed is a refusal.
func friendlySQLError(err error) error {
	if err == nil {
		return nil
	}
	msg := err.Error()
	if strings.Contains(msg, "read-only mode") {
		return fmt.Errorf("sql only reads: the warehouse changes only through 'pantau load'")
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
