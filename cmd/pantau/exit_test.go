package main

import (
	"bytes"
	"context"
	"errors"
	"path/filepath"
	"testing"
)

// TestExitCodes: 0 success, 1 failure, 2 a mistake in how pantau was called.
func TestExitCodes(t *testing.T) {
	db := filepath.Join(t.TempDir(), "w.duckdb")
	tests := []struct {
		name string
		args []string
		want int
	}{
		{"help", []string{"--help"}, 0},
		{"unknown command", []string{"frobnicate"}, 2},
		{"unknown flag", []string{"load", "--bogus", "x"}, 2},
		{"missing argument", []string{"load"}, 2},
		{"bad reject rate", []string{"load", "--db", db, "--max-reject-rate", "3", "x.csv"}, 2},
		{"bad sql format", []string{"sql", "--db", db, "--format", "xml", "SELECT 1"}, 2},
		{"bad log level", []string{"--log-level", "loud", "kpi", "list"}, 2},
		{"missing file", []string{"load", "--db", db, filepath.Join(t.TempDir(), "none.csv")}, 1},
		{"no warehouse", []string{"sql", "--db", db, "SELECT 1"}, 1},
		{"write refused", []string{"sql", "--db", db, "DELETE FROM offices"}, 1},
		{"kpi list", []string{"kpi", "list"}, 0},
		{"supply not a number", []string{"forecast", "allocate", "--supply", "abc"}, 2},
		{"supply beyond a billion", []string{"forecast", "allocate", "--supply", "9223372036854775807"}, 2},
		{"interrupted", []string{"kpi", "--db", db}, 130},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out, errOut bytes.Buffer
			ctx, cancel := context.WithCancel(context.Background())
			if tt.want == 130 {
				cancel() // as SIGINT does
			}
			defer cancel()
			if got := run(ctx, tt.args, nil, &out, &errOut); got != tt.want {
				t.Errorf("pantau %v = %d, want %d\nstderr: %s", tt.args, got, tt.want, errOut.String())
			}
		})
	}
}

// TestPlainError: DuckDB's errors in one line, naming the setting to change.
func TestPlainError(t *testing.T) {
	oom := errors.New("refresh kpis: regions 3216: Out of Memory Error: failed to pin block of size 256.0 KiB (95.1 MiB/95.3 MiB used)\n\nPossible solutions:\n* Reducing the number of threads (SET threads=X)")
	tests := []struct {
		name, limit string
		err         error
		want        string
	}{
		{"memory under a cap", "100MB", oom, "DuckDB ran out of memory under duckdb.memory_limit 100MB: raise it in the settings (with duckdb.temp_directory it spills to disk beyond it)"},
		{"memory without a cap", "", oom, "DuckDB ran out of memory: set duckdb.memory_limit below the machine's memory and duckdb.temp_directory, so that it spills to disk"},
		{"not a warehouse", "", errors.New(`open x.duckdb: database/sql/driver: could not connect to database: IO Error: The file "/tmp/x.duckdb" exists, but it is not a valid DuckDB database file!`),
			"w.duckdb is not a DuckDB warehouse file (give another --db, or move it away)"},
		{"another DuckDB error keeps its first line", "", errors.New("query: Binder Error: no column x\n\nLINE 1: SELECT x"), "query: Binder Error: no column x"},
		{"ours untouched", "", errors.New("--week: bad\nsecond"), "--week: bad\nsecond"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := &app{dbPath: "w.duckdb"}
			a.cfg.DuckDB.MemoryLimit = tt.limit
			if got := a.plainError(tt.err).Error(); got != tt.want {
				t.Errorf("plainError = %q, want %q", got, tt.want)
			}
		})
	}
}
