//go:build !windows

package main

import "os"

// replaceFile moves src over dst and returns dst: a program holding dst
// open keeps reading the old file (its inode lives until closed).
func replaceFile(src, dst string) (string, error) {
	return dst, os.Rename(src, dst)
}
