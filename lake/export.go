package lake

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"maps"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"github.com/disdukcapil-bekasi/pantau/warehouse"
)

const manifestPath = warehouse.LakeManifest

// Stats say what an export did.
type Stats struct {
	// Written, Removed and Unchanged count the lake's files.
	Written, Removed, Unchanged int
	// RowsWritten is the number of rows in the written files.
	RowsWritten int64
}

// Export brings the lake in dir up to date with the warehouse db (opened
// read-only, so that no load changes it meanwhile): it completes an export
// that was killed after its commit, computes every file's rows and checksum,
// and writes, renames and removes only what differs from the manifest. With
// nothing new it writes nothing at all.
func Export(ctx context.Context, db *sql.DB, dir string, logger *slog.Logger) (Stats, error) {
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return Stats{}, fmt.Errorf("export %s: %w", dir, err)
	}
	if err := recoverCommit(dir); err != nil {
		return Stats{}, fmt.Errorf("export %s: complete the last export: %w", dir, err)
	}
	old, err := readManifest(dir)
	if err != nil {
		return Stats{}, fmt.Errorf("export %s: %w", dir, err)
	}
	plan, err := planExport(ctx, db, dir, old)
	if err != nil {
		return Stats{}, fmt.Errorf("export %s: %w", dir, err)
	}
	st := Stats{Written: len(plan.write), Removed: len(plan.remove), Unchanged: len(plan.next.Files) - len(plan.write)}
	if len(plan.write) == 0 && len(plan.remove) == 0 {
		return st, nil
	}
	c, err := stage(ctx, db, dir, plan, logger)
	if err != nil {
		return st, fmt.Errorf("export %s: %w", dir, err)
	}
	for _, f := range plan.write {
		st.RowsWritten += plan.next.Files[f].Rows
	}
	if err := writeJSONAtomic(filepath.Join(dir, commitFile), c); err != nil {
		return st, fmt.Errorf("export %s: commit: %w", dir, err)
	}
	if err := apply(dir, c); err != nil {
		return st, fmt.Errorf("export %s: %w", dir, err)
	}
	return st, nil
}

// exportPlan is the manifest the warehouse calls for and what differs.
type exportPlan struct {
	next   Manifest
	write  []string                       // files to (re)write, relative
	remove []string                       // files gone from the warehouse
	tables []warehouse.LakeTable          // tables with files to write
	keys   map[string]map[string][]string // table → partition key → "YYYY/MM" to write
	refs   []string                       // reference tables to write
}

// planExport computes the warehouse's files and compares them with old.
func planExport(ctx context.Context, db *sql.DB, dir string, old Manifest) (exportPlan, error) {
	p := exportPlan{next: Manifest{Version: manifestVersion, Files: map[string]FileInfo{}}, keys: map[string]map[string][]string{}}
	for _, t := range warehouse.LakeTables() {
		parts, err := tablePartitions(ctx, db, t)
		if err != nil {
			return p, fmt.Errorf("%s: %w", t.Name, err)
		}
		keys := map[string][]string{}
		for _, f := range slices.Sorted(maps.Keys(parts)) {
			info := parts[f]
			p.next.Files[f] = info
			if changed(dir, old, f, info) {
				p.write = append(p.write, f)
				k, month := partitionOf(f)
				keys[k] = append(keys[k], month)
			}
		}
		if len(keys) > 0 {
			p.tables = append(p.tables, t)
			p.keys[t.Name] = keys
		}
	}
	for _, t := range warehouse.LakeReferenceTables() {
		info, ok, err := referenceInfo(ctx, db, t)
		if err != nil {
			return p, fmt.Errorf("%s: %w", t, err)
		}
		if !ok {
			continue
		}
		f := path.Join(warehouse.LakeReferenceDir, t+".parquet")
		p.next.Files[f] = info
		if changed(dir, old, f, info) {
			p.write = append(p.write, f)
			p.refs = append(p.refs, t)
		}
	}
	for f := range old.Files {
		if _, ok := p.next.Files[f]; !ok {
			p.remove = append(p.remove, f)
		}
	}
	slices.Sort(p.write)
	slices.Sort(p.remove)
	return p, nil
}

// changed tells whether f must be written: new, different, or missing on disk.
func changed(dir string, old Manifest, f string, info FileInfo) bool {
	if was, ok := old.Files[f]; !ok || was != info {
		return true
	}
	_, err := os.Stat(filepath.Join(dir, filepath.FromSlash(f)))
	return err != nil
}

// partitionOf splits a file path TABLE/key=K/year=Y/month=M/data.parquet
// into K and "Y/M".
func partitionOf(f string) (key, month string) {
	parts := strings.Split(f, "/")
	value := func(i int) string { _, v, _ := strings.Cut(parts[i], "="); return v }
	return value(1), value(2) + "/" + value(3)
}

// stage writes every file of the plan into the staging folder, one COPY per
// table and partition key, and returns the commit that installs them.
func stage(ctx context.Context, db *sql.DB, dir string, p exportPlan, logger *slog.Logger) (commit, error) {
	staging := filepath.Join(dir, filepath.FromSlash(stagingDir))
	if err := os.RemoveAll(staging); err != nil {
		return commit{}, err
	}
	c := commit{Removes: p.remove, Manifest: p.next}
	for _, t := range p.tables {
		cols, err := fileColumns(ctx, db, t)
		if err != nil {
			return c, err
		}
		for _, k := range slices.Sorted(maps.Keys(p.keys[t.Name])) {
			out := filepath.Join(staging, t.Name, t.Key+"="+k)
			if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
				return c, err
			}
			if err := copyPartitions(ctx, db, t, cols, k, p.keys[t.Name][k], out); err != nil {
				return c, fmt.Errorf("%s %s=%s: %w", t.Name, t.Key, k, err)
			}
		}
		logger.Debug("staged", "table", t.Name, "keys", len(p.keys[t.Name]))
	}
	for _, t := range p.refs {
		out := filepath.Join(staging, warehouse.LakeReferenceDir, t+".parquet")
		if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
			return c, err
		}
		q := fmt.Sprintf("COPY (SELECT * FROM %s) TO %s (FORMAT parquet, COMPRESSION zstd)", warehouse.QuoteIdent(t), warehouse.QuoteLiteral(out))
		if _, err := db.ExecContext(ctx, q); err != nil {
			return c, fmt.Errorf("%s: %w", t, err)
		}
	}
	for _, f := range p.write {
		from := path.Join(stagingDir, f)
		if err := compact(ctx, db, filepath.Join(dir, filepath.FromSlash(from))); err != nil {
			return c, fmt.Errorf("%s: %w", f, err)
		}
		c.Renames = append(c.Renames, rename{From: from, To: f})
	}
	return c, nil
}

// apply installs a commit: renames each staged file over its place, removes
// the files gone, replaces the manifest and drops the commit record. Every
// step may be repeated, so that an export killed halfway through it is
// completed by running apply again.
func apply(dir string, c commit) error {
	abs := func(f string) string { return filepath.Join(dir, filepath.FromSlash(f)) }
	synced := map[string]bool{}
	for _, r := range c.Renames {
		from, to := abs(r.From), abs(r.To)
		if _, err := os.Stat(from); err != nil {
			continue // renamed before the last export was killed
		}
		if err := os.MkdirAll(filepath.Dir(to), 0o755); err != nil {
			return err
		}
		if err := os.Rename(from, to); err != nil {
			return err
		}
		synced[filepath.Dir(to)] = true
	}
	for _, f := range c.Removes {
		if err := os.Remove(abs(f)); err != nil && !os.IsNotExist(err) {
			return err
		}
		removeEmptyParents(dir, filepath.Dir(abs(f)))
	}
	for d := range synced {
		if err := syncDir(d); err != nil {
			return err
		}
	}
	if err := writeJSONAtomic(abs(manifestPath), c.Manifest); err != nil {
		return err
	}
	if err := os.Remove(abs(commitFile)); err != nil && !os.IsNotExist(err) {
		return err
	}
	return os.RemoveAll(abs(stagingDir))
}

// recoverCommit completes an export killed after its commit record, and
// drops the staged files of one killed before it.
func recoverCommit(dir string) error {
	var c commit
	b, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(commitFile)))
	switch {
	case os.IsNotExist(err):
		return os.RemoveAll(filepath.Join(dir, filepath.FromSlash(stagingDir)))
	case err != nil:
		return err
	}
	if err := jsonUnmarshal(b, &c); err != nil {
		return err
	}
	return apply(dir, c)
}

// removeEmptyParents removes d and its parents while they are empty, up to dir.
func removeEmptyParents(dir, d string) {
	for d != dir && strings.HasPrefix(d, dir) {
		if os.Remove(d) != nil {
			return
		}
		d = filepath.Dir(d)
	}
}
