package lake

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
)

// emptyManifest is the manifest of a new lake.
func emptyManifest() Manifest {
	return Manifest{Version: ManifestVersion, Files: map[string]FileInfo{}}
}

// writeJSONAtomic writes v to path through a synced temporary file renamed
// over it, then syncs the folder: a reader sees the old file or the new.
func writeJSONAtomic(path string, v any) error {
	b, err := json.MarshalIndent(v, "", " ")
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	tmp := fmt.Sprintf("%s.tmp-%d", path, os.Getpid())
	f, err := os.Create(tmp)
	if err != nil {
		return err
	}
	if _, err := f.Write(append(b, '\n')); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	if err := moveFile(tmp, path); err != nil {
		return err
	}
	return syncDir(filepath.Dir(path))
}
