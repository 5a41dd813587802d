package lake

import (
	"errors"
	"os"
	"time"

	"golang.org/x/sys/windows"
)

// syncFile flushes a file DuckDB wrote to the disk: Windows'
// FlushFileBuffers needs a handle opened for writing.
func syncFile(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return err
	}
	defer f.Close()
	return f.Sync()
}

// syncDir does nothing: Windows cannot sync a folder; moveFile writes its
// rename through instead.
func syncDir(string) error { return nil }

// moveFile renames from to to, replacing it, and returns only when the
// rename is on the disk. A reader holding to open (a manifest being read)
// makes Windows refuse the rename for as long as it does: the rename is
// tried again for up to about two seconds (shareRetry).
func moveFile(from, to string) error {
	f, err := windows.UTF16PtrFromString(from)
	if err != nil {
		return &os.LinkError{Op: "rename", Old: from, New: to, Err: err}
	}
	t, err := windows.UTF16PtrFromString(to)
	if err != nil {
		return &os.LinkError{Op: "rename", Old: from, New: to, Err: err}
	}
	err = shareRetry(func() error {
		return windows.MoveFileEx(f, t, windows.MOVEFILE_REPLACE_EXISTING|windows.MOVEFILE_WRITE_THROUGH)
	})
	if err != nil {
		return &os.LinkError{Op: "rename", Old: from, New: to, Err: err}
	}
	return nil
}

// readLakeFile reads a file an export may be replacing at that moment:
// Windows refuses to open a file while it is being replaced, so the read
// is tried again for up to about two seconds (shareRetry).
func readLakeFile(path string) ([]byte, error) {
	var b []byte
	err := shareRetry(func() (err error) {
		b, err = os.ReadFile(path)
		return err
	})
	return b, err
}

// shareRetry runs do until it succeeds, fails otherwise than by another
// handle on the file (access denied, a sharing violation), or about two
// seconds have passed in sleeps that double from 1 ms to 100 ms.
func shareRetry(do func() error) error {
	wait, left := time.Millisecond, 2*time.Second
	for {
		err := do()
		if !errors.Is(err, windows.ERROR_ACCESS_DENIED) && !errors.Is(err, windows.ERROR_SHARING_VIOLATION) || left <= 0 {
			return err
		}
		time.Sleep(wait)
		left -= wait
		wait = min(2*wait, 100*time.Millisecond)
	}
}
