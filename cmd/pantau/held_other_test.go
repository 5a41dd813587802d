//go:build !windows

package main

// holderUnnamed says why the system cannot name the program holding a
// file, or "" when it can: DuckDB's lock error names it.
func holderUnnamed() string { return "" }
