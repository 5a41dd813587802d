//go:build !windows

package lake

import "os"

// syncFile flushes a file DuckDB wrote to the disk.
func syncFile(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	return f.Sync()
}

// syncDir makes a rename in dir durable.
func syncDir(dir string) error {
	f, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer f.Close()
	_ = f.Sync() // not every filesystem syncs folders; the rename stands
	return nil
}

// moveFile renames from to to, replacing it; syncDir makes it durable.
func moveFile(from, to string) error { return os.Rename(from, to) }

// readLakeFile reads a file an export may be replacing at that moment
// (the rename is atomic here).
func readLakeFile(path string) ([]byte, error) { return os.ReadFile(path) }
