package lake

import (
	"os"

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
// rename is on the disk.
func moveFile(from, to string) error {
	f, err := windows.UTF16PtrFromString(from)
	if err != nil {
		return &os.LinkError{Op: "rename", Old: from, New: to, Err: err}
	}
	t, err := windows.UTF16PtrFromString(to)
	if err != nil {
		return &os.LinkError{Op: "rename", Old: from, New: to, Err: err}
	}
	if err := windows.MoveFileEx(f, t, windows.MOVEFILE_REPLACE_EXISTING|windows.MOVEFILE_WRITE_THROUGH); err != nil {
		return &os.LinkError{Op: "rename", Old: from, New: to, Err: err}
	}
	return nil
}
