package main

import (
	"bytes"
	"context"
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
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out, errOut bytes.Buffer
			if got := run(context.Background(), tt.args, nil, &out, &errOut); got != tt.want {
				t.Errorf("pantau %v = %d, want %d\nstderr: %s", tt.args, got, tt.want, errOut.String())
			}
		})
	}
}
