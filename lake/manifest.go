package lake

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"

	"github.com/disdukcapil-bekasi/pantau/warehouse"
)

// The manifest, the commit record and their paths are the layout's
// (warehouse/lake_layout.go): the reader checks the lake against them too.
type (
	// Manifest is what the last export wrote.
	Manifest = warehouse.LakeManifest
	// FileInfo is one file of a manifest.
	FileInfo = warehouse.LakeFile
	commit   = warehouse.LakeCommit
	rename   = warehouse.LakeRename
)

const (
	manifestPath = warehouse.LakeManifestPath
	commitFile   = warehouse.LakeCommitPath
	stagingDir   = warehouse.LakeStagingDir
)

// emptyManifest is the manifest of a new lake.
func emptyManifest() Manifest {
	return Manifest{Version: warehouse.LakeManifestVersion, Files: map[string]FileInfo{}}
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
