package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/disdukcapil-bekasi/pantau/warehouse"
)

func (a *app) backupCmd() *cobra.Command {
	var to string
	keep := -1
	cmd := &cobra.Command{
		Use:   "backup --to DIR [--keep N]",
		Short: "Write one consistent, verified copy of the warehouse into DIR, named by date and time",
		Long: `Copies the warehouse into DIR as <name>-YYYYMMDD-HHMMSS.duckdb while readers go on
(a running load is waited for, as a reader waits), opens the copy and compares its rows,
table by table, with the warehouse before it counts, then removes the oldest copies beyond
--keep (default run.backup.keep, else 8; 0 keeps all). The NIK key is never copied: keep it
elsewhere (see docs/operasi.md).`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if to == "" {
				to = a.cfg.Run.Backup.To
			}
			if to == "" {
				return usagef("backup: give --to DIR (or run.backup.to in the settings)")
			}
			if keep < 0 {
				keep = a.cfg.Run.Backup.KeepOrDefault()
			}
			_, err := a.backup(cmd.Context(), to, keep)
			return err
		},
	}
	cmd.Flags().StringVar(&to, "to", "", "folder of the copies (default run.backup.to)")
	cmd.Flags().IntVar(&keep, "keep", -1, "how many copies to keep, newest first (0: all; default run.backup.keep, else 8)")
	return cmd
}

// backupStamp names a copy by the clock's local date and time; it sorts
// as it ages.
const backupStamp = "20060102-150405"

// backup copies the warehouse into dir, verifies the copy, prunes the
// oldest beyond keep and returns the copy's path.
func (a *app) backup(ctx context.Context, dir string, keep int) (string, error) {
	if len(a.lakes) > 0 {
		return "", usagef("backup copies a warehouse file: --lake has none (use --db)")
	}
	if !fileExists(a.dbPath) {
		return "", fmt.Errorf("open %s: %w", a.dbPath, warehouse.ErrNotFound)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	if key := a.nikKeyFile(); fileExists(key) && sameDir(filepath.Dir(key), dir) {
		return "", fmt.Errorf("backup: %s holds the NIK key (%s): keep backups in another folder, and the key apart from them", dir, filepath.Base(key))
	}
	if err := a.checkSpace(dir, warehouseSize(a.dbPath)); err != nil {
		return "", err
	}
	stem := strings.TrimSuffix(filepath.Base(a.dbPath), filepath.Ext(a.dbPath))
	dest := filepath.Join(dir, stem+"-"+a.now().In(a.cfg.Location()).Format(backupStamp)+".duckdb")
	counts, err := a.copyWarehouse(ctx, dest, warehouse.CopyOptions{})
	if err != nil {
		return "", err
	}
	fmt.Fprintf(a.stdout, "%s: %d tables, %d rows, verified\n", dest, len(counts), counts.Total())
	if err := pruneBackups(dir, stem, keep); err != nil {
		return dest, err
	}
	return dest, nil
}

// copyWarehouse copies the warehouse, read-only, to a temporary file
// beside dest, verifies it against the warehouse's row counts and moves it
// to dest with replace (the analysts' copy may be held open). It returns
// the copy's counts.
func (a *app) copyWarehouse(ctx context.Context, dest string, opt warehouse.CopyOptions) (warehouse.Counts, error) {
	wopt := a.warehouseOptions(true)
	wopt.Directories = []string{filepath.Dir(dest)}
	w, err := warehouse.Open(ctx, a.dbPath, wopt)
	if err != nil {
		return nil, err
	}
	defer w.Close()
	want, err := warehouse.CountRows(ctx, w.DB)
	if err != nil {
		return nil, err
	}
	tmp := dest + ".tmp"
	if err := w.CopyTo(ctx, tmp, opt); err != nil {
		return nil, err
	}
	got, err := warehouse.Verify(ctx, tmp, want)
	if err == nil {
		err = os.Rename(tmp, dest)
	}
	if err != nil {
		_ = os.Remove(tmp)
		return nil, err
	}
	return got, nil
}

// pruneBackups removes the oldest of stem's copies in dir beyond keep
// (0 keeps all); only files named as backup names them are touched.
func pruneBackups(dir, stem string, keep int) error {
	if keep <= 0 {
		return nil
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	var copies []string
	for _, e := range entries {
		name := e.Name()
		stamp, ok := strings.CutPrefix(name, stem+"-")
		if stamp, ok = strings.CutSuffix(stamp, ".duckdb"); !ok || e.IsDir() || !isStamp(stamp) {
			continue
		}
		copies = append(copies, name)
	}
	slices.Sort(copies)
	for len(copies) > keep {
		if err := os.Remove(filepath.Join(dir, copies[0])); err != nil {
			return err
		}
		copies = copies[1:]
	}
	return nil
}

func isStamp(s string) bool {
	if len(s) != len(backupStamp) {
		return false
	}
	for i, c := range s {
		if (backupStamp[i] == '-') != (c == '-') || (c != '-' && (c < '0' || c > '9')) {
			return false
		}
	}
	return true
}

// warehouseSize is the bytes of the warehouse file and its write-ahead log.
func warehouseSize(path string) int64 {
	var n int64
	for _, p := range []string{path, path + ".wal"} {
		if fi, err := os.Stat(p); err == nil {
			n += fi.Size()
		}
	}
	return n
}

func sameDir(a, b string) bool {
	fa, errA := os.Stat(a)
	fb, errB := os.Stat(b)
	return errA == nil && errB == nil && os.SameFile(fa, fb)
}

// nikKeyFile is where the NIK key file is (when PANTAU_NIK_KEY is unset).
func (a *app) nikKeyFile() string {
	file := a.cfg.NIKKeyFile
	if !filepath.IsAbs(file) {
		file = filepath.Join(filepath.Dir(a.dbPath), file)
	}
	return file
}

// errExists reports a restore onto a file that exists without --force.
var errExists = errors.New("exists: give --force to replace it (the old file is kept as .bak)")
