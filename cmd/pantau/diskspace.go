package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/disdukcapil-bekasi/pantau/warehouse"
)

// loadGrowth is how much the warehouse and its write-ahead log grow, at
// the most during a load, per byte of input: measured 0.41 for the demo's
// 192 MB of CSV (78 MB of warehouse at the peak and after), rounded up.
// exportGrowth is the lake's size per byte of warehouse: an export
// stages every file it writes before replacing any, and the whole demo
// lake is 0.39 of its warehouse (31 of 79 MB), rounded up.
// spaceMargin is room for the KPI refresh and DuckDB's checkpoint: small,
// so that the next small load after a disk filled still runs.
const (
	loadGrowth   = 0.5
	exportGrowth = 0.5
	spaceMargin  = 8 << 20
)

// errNoSpace reports that a disk has less free space than the work needs.
type errNoSpace struct {
	need, free int64
	dir        string
}

func (e errNoSpace) Error() string {
	need, free := mb(e.need), mb(e.free)
	return fmt.Sprintf("not enough disk space: need ± %d MB, %d MB free in %s (perlu ± %d MB, tersedia %d MB di %s)",
		need, free, e.dir, need, free, e.dir)
}

func mb(n int64) int64 { return (n + 1<<20 - 1) >> 20 }

// checkSpace refuses work that needs more than the free space of the disk
// of dir (need bytes plus a margin). A disk whose free space cannot be
// read is not refused: the work fails plainly if the disk fills.
func (a *app) checkSpace(dir string, need int64) error {
	free := a.freeSpace
	if free == nil {
		free = warehouse.FreeSpace
	}
	if abs, err := filepath.Abs(dir); err == nil {
		dir = abs
	}
	have, err := free(existingDir(dir))
	if err != nil {
		a.logger.Debug("free space unknown", "dir", dir, "err", err)
		return nil
	}
	need += spaceMargin
	if have < need {
		return errNoSpace{need: need, free: have, dir: dir}
	}
	return nil
}

// loadNeed is the space a load of paths needs beside the warehouse.
func loadNeed(paths []string) int64 {
	var n int64
	for _, p := range paths {
		_ = filepath.WalkDir(p, func(_ string, d os.DirEntry, err error) error {
			if err == nil && !d.IsDir() {
				if fi, err := d.Info(); err == nil {
					n += fi.Size()
				}
			}
			return nil
		})
	}
	return int64(float64(n) * loadGrowth)
}

// existingDir is dir or its nearest existing parent (a warehouse's folder
// may not exist yet).
func existingDir(dir string) string {
	for {
		if fi, err := os.Stat(dir); err == nil && fi.IsDir() {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return dir
		}
		dir = parent
	}
}

// isDiskFull tells DuckDB's errors of a full disk: "Could not write file
// ...: No space left on device" (Windows: "There is not enough space on
// the disk").
func isDiskFull(err error) bool {
	msg := err.Error()
	return strings.Contains(msg, "No space left on device") || strings.Contains(msg, "not enough space on the disk")
}
