//go:build windows

package main

import "os"

// replaceFile moves src over dst and returns dst; when a program holds dst
// open, Windows refuses to replace it, and src becomes <dst>-baru.duckdb
// beside it instead, whose path is returned.
func replaceFile(src, dst string) (string, error) {
	if err := os.Rename(src, dst); err == nil {
		return dst, nil
	}
	beside := besideCopy(dst)
	return beside, os.Rename(src, beside)
}
