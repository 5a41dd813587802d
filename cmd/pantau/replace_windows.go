//go:build windows

package main

import (
	"os"
	"path/filepath"
	"strings"
)

// replaceFile moves src over dst and returns dst; when a program holds dst
// open, Windows refuses to replace it, and src becomes <dst>-baru.duckdb
// beside it instead, whose path is returned.
func replaceFile(src, dst string) (string, error) {
	if err := os.Rename(src, dst); err == nil {
		return dst, nil
	}
	ext := filepath.Ext(dst)
	beside := strings.TrimSuffix(dst, ext) + "-baru" + ext
	return beside, os.Rename(src, beside)
}
