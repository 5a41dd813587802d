package main

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"

	"github.com/disdukcapil-bekasi/pantau/warehouse"
)

// TestLoadIntoNearlyFullDisk: on a nearly full 48 MB disk (a tmpfs, which
// only root may mount), a load that needs more than is free is refused in
// one line naming both figures in MB; one whose check is passed (the free
// space misread here) fills the disk and fails saying so; both lose no
// row, and the next small load succeeds without anyone deleting a file.
func TestLoadIntoNearlyFullDisk(t *testing.T) {
	if testing.Short() {
		t.Skip("slow: loads 60 MB into a full disk")
	}
	disk := filepath.Join(t.TempDir(), "disk")
	if err := os.Mkdir(disk, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mount("tmpfs", disk, "tmpfs", 0, "size=48m"); err != nil {
		t.Skipf("the 48 MB disk is a tmpfs, and mounting one needs root: %v", err)
	}
	t.Cleanup(func() { _ = syscall.Unmount(disk, syscall.MNT_DETACH) })
	t.Setenv("PANTAU_NIK_KEY", "test-key-0123456789abcdef0123456789")
	db := filepath.Join(disk, "w.duckdb")
	input := t.TempDir() // on another disk
	small, big := filepath.Join(input, "small.csv"), filepath.Join(input, "big.csv")
	writeEvents(t, small, 1000)
	writeEvents(t, big, 700_000) // ± 60 MB
	load := func(want int, file string, freeSpace func(string) (int64, error)) string {
		t.Helper()
		var out, errOut bytes.Buffer
		if got := runApp(context.Background(), &app{freeSpace: freeSpace}, []string{"load", "--db", db, file}, nil, &out, &errOut); got != want {
			t.Fatalf("load %s = %d, want %d\n%s%s", filepath.Base(file), got, want, out.String(), errOut.String())
		}
		return errOut.String()
	}
	load(0, small, nil)
	const rows = "1000"

	// Nearly full: 14 MB left.
	free, err := warehouse.FreeSpace(disk)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(disk, "filler"), make([]byte, free-14<<20), 0o644); err != nil {
		t.Fatal(err)
	}

	errOut := load(1, big, nil)
	if !regexp.MustCompile(`not enough disk space: need ± \d+ MB, \d+ MB free in `).MatchString(errOut) || strings.Count(strings.TrimSpace(errOut), "\n") > 0 {
		t.Errorf("the refusal is not one line naming MB:\n%s", errOut)
	}
	if got := countEvents(t, db); got != rows {
		t.Errorf("after the refusal %s rows, want %s", got, rows)
	}

	lie := func(string) (int64, error) { return 1 << 40, nil }
	errOut = load(1, big, lie)
	// The file's line is DuckDB's ("… No space left on device"), then
	// the load's summary; no panic, no stack.
	if !isDiskFull(errors.New(errOut)) || strings.Contains(errOut, "goroutine ") {
		t.Errorf("the load does not say plainly that the disk is full:\n%s", errOut)
	}
	if got := countEvents(t, db); got != rows {
		t.Errorf("after the disk filled %s rows, want %s", got, rows)
	}

	more := filepath.Join(input, "more.csv")
	writeText(t, more, "event_id,application_id,event_time,service,stage,office_code,channel\ne-more,a-more,2023-02-01 08:00:00,ktp_el,recorded,KEC-01,counter\n")
	load(0, more, nil)
	if got := countEvents(t, db); got != "1001" {
		t.Errorf("after the next small load %s rows, want 1001", got)
	}
}
