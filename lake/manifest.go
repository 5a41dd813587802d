package lake

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// Manifest is what the last export wrote: every file of the lake, by its
// path relative to the lake folder (slash-separated), with its rows and
// checksum. It lives at warehouse.LakeManifest.
type Manifest struct {
	Version int                 `json:"version"`
	Files   map[string]FileInfo `json:"files"`
}

// FileInfo is the content of one lake file, as the warehouse computed it:
// the number of rows and the sum of DuckDB's hash of each row's stored
// columns (as decimal text; order-free, and unlike a XOR not fooled by
// duplicate rows).
type FileInfo struct {
	Rows     int64  `json:"rows"`
	Checksum string `json:"checksum"`
}

// manifestVersion changes when the layout does; an older manifest makes
// the export rewrite every file.
const manifestVersion = 1

// commit is the record an export writes once every new file is staged:
// what to rename and remove, and the manifest that holds afterwards.
type commit struct {
	Renames  []rename `json:"renames"`
	Removes  []string `json:"removes"`
	Manifest Manifest `json:"manifest"`
}

type rename struct {
	From string `json:"from"` // staged file, relative to the lake folder
	To   string `json:"to"`
}

const (
	metaDir    = "_pantau"
	commitFile = "_pantau/commit.json" // warehouse.OpenLake waits while it exists
	stagingDir = "_pantau/staging"
)

// readManifest reads dir's manifest; none (a new lake) or an older version
// gives an empty one.
func readManifest(dir string) (Manifest, error) {
	m := Manifest{Version: manifestVersion, Files: map[string]FileInfo{}}
	b, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(manifestPath)))
	if errors.Is(err, fs.ErrNotExist) {
		return m, nil
	}
	if err != nil {
		return m, err
	}
	var got Manifest
	if err := json.Unmarshal(b, &got); err != nil {
		return m, fmt.Errorf("read manifest: %w", err)
	}
	if got.Version != manifestVersion || got.Files == nil {
		return m, nil
	}
	return got, nil
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
	if err := os.Rename(tmp, path); err != nil {
		return err
	}
	return syncDir(filepath.Dir(path))
}

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
