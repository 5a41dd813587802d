package main

import (
	"errors"
	"io"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"
)

// TestCheckSpace: work that needs more than the disk has free is refused
// in one line with both figures in MB; a disk whose free space cannot be
// read is not refused.
func TestCheckSpace(t *testing.T) {
	const mib = 1 << 20
	tests := []struct {
		name string
		free int64
		err  error
		need int64
		want string
	}{
		{"room", 900 * mib, nil, 800 * mib, ""},
		{"no room", 120 * mib, nil, 842 * mib, "not enough disk space: need ± 850 MB, 120 MB free in /data (perlu ± 850 MB, tersedia 120 MB di /data)"},
		{"the margin counts", 15 * mib, nil, 10 * mib, "not enough disk space: need ± 18 MB, 15 MB free in /data (perlu ± 18 MB, tersedia 15 MB di /data)"},
		{"unknown", 0, errors.New("statfs: not supported"), 800 * mib, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := &app{logger: slog.New(slog.NewTextHandler(io.Discard, nil)),
				freeSpace: func(string) (int64, error) { return tt.free, tt.err }}
			err := a.checkSpace("/data", tt.need)
			got := ""
			if err != nil {
				got = err.Error()
			}
			// The message names the folder as the system writes it
			// (Z:\data under Wine).
			dir, _ := filepath.Abs("/data")
			if want := strings.ReplaceAll(tt.want, "/data", dir); got != want {
				t.Errorf("checkSpace = %q, want %q", got, want)
			}
		})
	}
}

func TestLoadNeed(t *testing.T) {
	dir := t.TempDir()
	writeText(t, dir+"/a.csv", string(make([]byte, 1000)))
	writeText(t, dir+"/b.csv", string(make([]byte, 3000)))
	if got := loadNeed([]string{dir}); got != 2000 {
		t.Errorf("loadNeed = %d, want 2000 (half the input)", got)
	}
}
