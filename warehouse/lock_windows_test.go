package warehouse

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"golang.org/x/sys/windows"
)

// TestHolderMarkOnWindows: a pantau holding the warehouse marks it, so
// that another open names it by its PID from the sharing violation alone;
// the mark goes with the hold, and a mark left by a process that is gone
// is removed by the next open that meets it.
func TestHolderMarkOnWindows(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "w.duckdb")
	mark := path + ".pantau-" + strconv.Itoa(os.Getpid())

	w, err := Open(ctx, path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(mark); err != nil {
		t.Errorf("no mark while the warehouse is held: %v", err)
	}
	var busy *BusyError
	if _, err := Open(ctx, path, Options{ReadOnly: true}); !errors.As(err, &busy) || busy.PID != os.Getpid() {
		t.Errorf("open while held = %v, want a BusyError naming PID %d", err, os.Getpid())
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(mark); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the mark outlived the hold: %v", err)
	}

	// A killed pantau's mark: this PID, another start time.
	if err := os.WriteFile(mark, []byte("1"), 0o644); err != nil {
		t.Fatal(err)
	}
	p, err := windows.UTF16PtrFromString(path)
	if err != nil {
		t.Fatal(err)
	}
	h, err := windows.CreateFile(p, windows.GENERIC_READ|windows.GENERIC_WRITE, 0, nil, windows.OPEN_EXISTING, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	_, err = Open(ctx, path, Options{ReadOnly: true})
	windows.CloseHandle(h)
	if !errors.Is(err, ErrBusy) {
		t.Errorf("open while another handle holds the file = %v, want ErrBusy", err)
	}
	if _, err := os.Stat(mark); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the stale mark stayed: %v", err)
	}
}
