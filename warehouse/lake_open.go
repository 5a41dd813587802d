package warehouse

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/duckdb/duckdb-go/v2"
)

// ErrNoLake reports a --lake folder that holds no export.
var ErrNoLake = errors.New("no lake here: write one with 'pantau export --lake DIR'")

// ErrLakeCommitting reports a lake whose export is renaming its new files
// into place (for milliseconds) or was killed while it did: its files may be
// part old, part new, so it is not read until an export completes it.
var ErrLakeCommitting = errors.New("an export is committing to the lake or was killed while it did: run 'pantau export --lake' again to complete it")

// lakeCommitRecord is the record an export writes before renaming its files
// into place and removes after (package lake).
const lakeCommitRecord = "_pantau/commit.json"

// LakeOptions say how to open lakes.
type LakeOptions struct {
	// MemoryLimit caps DuckDB's memory ("2GB"); "" keeps DuckDB's default.
	MemoryLimit string
	// TempDir is where DuckDB spills what does not fit; "" makes a new
	// folder under the system's temporary folder, removed by Close.
	TempDir string
	// Threads caps DuckDB's worker threads; 0 uses every core.
	Threads int
}

// Lake describes the lakes a Warehouse opened by OpenLake reads.
type Lake struct {
	// Roots are the export folders found (each holds LakeManifest).
	Roots []string
	// Pooled is true when the lakes are several exports: their province and
	// national KPI rows were each computed over one export's regions, so
	// they are not read; the caller fills the table kpi_weekly_pooled from
	// the pooled facts (metrics.RefreshPooled), which kpi_weekly shows.
	Pooled bool

	ownTemp string // the spill folder OpenLake made, removed by Close
}

// OpenLake opens an in-memory database that reads the lakes under dirs in
// place: the warehouse's migrations make the schema, the reference tables
// are filled from the lakes' _reference files, and each fact table and
// kpi_weekly is replaced by a view with its name over the Parquet files of
// every export found under dirs (an export's root is a folder holding
// LakeManifest, at any depth: a province folder of regencies' lakes is one
// dir). Views cast every column back to the warehouse's type, so the
// metrics layer reads a lake as it reads a warehouse file.
func OpenLake(ctx context.Context, dirs []string, opt LakeOptions) (*Warehouse, error) {
	roots, err := findLakeRoots(dirs)
	if err != nil {
		return nil, err
	}
	if err := waitForCommits(ctx, roots); err != nil {
		return nil, err
	}
	l := &Lake{Roots: roots, Pooled: len(roots) > 1}
	if opt.TempDir == "" {
		if opt.TempDir, err = os.MkdirTemp("", "pantau-lake-"); err != nil {
			return nil, err
		}
		l.ownTemp = opt.TempDir
	}
	connector, err := duckdb.NewConnector("?"+caps(opt.MemoryLimit, opt.TempDir, opt.Threads).Encode(), nil)
	if err != nil {
		if l.ownTemp != "" {
			_ = os.RemoveAll(l.ownTemp)
		}
		return nil, err
	}
	w := &Warehouse{DB: sql.OpenDB(connector), Path: "lake:" + strings.Join(dirs, ","), ReadOnly: true, Lake: l}
	// The sandbox holds from the start: the set-up reads the lakes' files
	// through it, as every query after does.
	if err := sandbox(ctx, w.DB, roots); err != nil {
		w.Close()
		return nil, fmt.Errorf("open lake %s: %w", strings.Join(dirs, ","), err)
	}
	if err := w.setUpLake(ctx); err != nil {
		w.Close()
		return nil, fmt.Errorf("open lake %s: %w", strings.Join(dirs, ","), err)
	}
	return w, nil
}

func (w *Warehouse) setUpLake(ctx context.Context) error {
	if err := w.migrate(ctx); err != nil {
		return err
	}
	if err := w.loadLakeReference(ctx); err != nil {
		return err
	}
	// A lake holds facts, not the applications a warehouse's refresh keeps
	// beside them: its queries group the lake's events.
	if _, err := w.DB.ExecContext(ctx, "DROP TABLE ktp_el_applications"); err != nil {
		return err
	}
	return w.createLakeViews(ctx)
}

// findLakeRoots walks dirs for export roots, in a stable order.
func findLakeRoots(dirs []string) ([]string, error) {
	var roots []string
	for _, dir := range dirs {
		found := 0
		err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if !d.IsDir() {
				return nil
			}
			if fileExists(filepath.Join(p, LakeManifest)) {
				roots = append(roots, p)
				found++
				return filepath.SkipDir // an export holds no other export
			}
			if strings.Contains(d.Name(), "=") {
				return filepath.SkipDir // a partition of a stray table folder
			}
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("open lake %s: %w", dir, err)
		}
		if found == 0 {
			return nil, fmt.Errorf("open lake %s: %w", dir, ErrNoLake)
		}
	}
	slices.Sort(roots)
	return slices.Compact(roots), nil
}

// waitForCommits waits, briefly, while an export commits to one of roots.
func waitForCommits(ctx context.Context, roots []string) error {
	backoff := 20 * time.Millisecond
	for _, r := range roots {
		for fileExists(filepath.Join(r, lakeCommitRecord)) {
			if backoff > time.Second {
				return fmt.Errorf("open lake %s: %w", r, ErrLakeCommitting)
			}
			select {
			case <-ctx.Done():
				return ctx.Err()
			case <-time.After(backoff):
			}
			backoff *= 2
		}
	}
	return nil
}

// partitionGlobs returns, for each root holding files of table, its glob.
func (l *Lake) partitionGlobs(table string) []string {
	var globs []string
	for _, r := range l.Roots {
		g := filepath.Join(r, table, "*", "*", "*", "*.parquet")
		if m, _ := filepath.Glob(g); len(m) > 0 {
			globs = append(globs, g)
		}
	}
	return globs
}

// loadLakeReference replaces the rows of each reference table by the union
// of the lakes' (every regency's warehouse holds the default region's
// reference too): one row per primary key, the first in file-name order.
func (w *Warehouse) loadLakeReference(ctx context.Context) error {
	for _, t := range LakeReferenceTables() {
		cols, err := tableColumns(ctx, w.DB, t)
		if err != nil || len(cols) == 0 {
			continue // a table this schema lacks
		}
		var files []string
		for _, r := range w.Lake.Roots {
			if f := filepath.Join(r, LakeReferenceDir, t+".parquet"); fileExists(f) {
				files = append(files, f)
			}
		}
		if len(files) == 0 {
			continue
		}
		key, err := primaryKey(ctx, w.DB, t)
		if err != nil {
			return err
		}
		var names []string
		for _, c := range cols {
			names = append(names, QuoteIdent(c.name))
		}
		if len(key) == 0 {
			key = names
		}
		q := fmt.Sprintf(`INSERT INTO %s (%s) SELECT %s FROM (
			SELECT DISTINCT %s, filename FROM read_parquet(%s, union_by_name = true, filename = true))
			QUALIFY row_number() OVER (PARTITION BY %s ORDER BY filename) = 1`,
			QuoteIdent(t), strings.Join(names, ", "), strings.Join(names, ", "),
			castColumns(cols, ""), literalList(files), strings.Join(key, ", "))
		if _, err := w.DB.ExecContext(ctx, "DELETE FROM "+QuoteIdent(t)); err != nil {
			return fmt.Errorf("%s: %w", t, err)
		}
		if _, err := w.DB.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("%s: %w", t, err)
		}
	}
	return nil
}

// createLakeViews replaces each fact table and kpi_weekly by a view over
// the lakes' files; a table no lake has files of stays an empty table.
func (w *Warehouse) createLakeViews(ctx context.Context) error {
	scopes := ""
	for _, t := range LakeTables() {
		if t.Source != t.Name {
			continue
		}
		cols, err := tableColumns(ctx, w.DB, t.Source)
		if err != nil {
			return err
		}
		globs := w.Lake.partitionGlobs(t.Name)
		if t.Name == "kpi_weekly" {
			scopes, err = w.kpiScopeRows(ctx, cols)
			if err != nil {
				return err
			}
			if len(globs) == 0 && scopes == "" {
				continue
			}
		} else if len(globs) == 0 {
			continue
		}
		var parts []string
		if len(globs) > 0 {
			parts = append(parts, fmt.Sprintf("SELECT %s FROM %s", castColumns(cols, ""), readPartitions(globs, t.Key)))
		}
		if scopes != "" && t.Name == "kpi_weekly" {
			parts = append(parts, scopes)
		}
		if _, err := w.DB.ExecContext(ctx, "DROP TABLE "+QuoteIdent(t.Source)); err != nil {
			return fmt.Errorf("%s: %w", t.Name, err)
		}
		view := "CREATE VIEW " + QuoteIdent(t.Source) + " AS\n" + strings.Join(parts, "\nUNION ALL\n")
		if _, err := w.DB.ExecContext(ctx, view); err != nil {
			return fmt.Errorf("%s: %w", t.Name, err)
		}
	}
	return nil
}

// kpiScopeRows is the query of kpi_weekly's province and national rows: the
// export's own when there is one export, else the table kpi_weekly_pooled
// (created here, filled by the caller); "" when there are none.
func (w *Warehouse) kpiScopeRows(ctx context.Context, cols []column) (string, error) {
	if w.Lake.Pooled {
		if _, err := w.DB.ExecContext(ctx, `CREATE TABLE kpi_weekly_pooled AS SELECT * FROM kpi_weekly WHERE false`); err != nil {
			return "", err
		}
		return "SELECT * FROM kpi_weekly_pooled", nil
	}
	globs := w.Lake.partitionGlobs("kpi_weekly_scopes")
	if len(globs) == 0 {
		return "", nil
	}
	return fmt.Sprintf("SELECT %s FROM %s", castColumns(cols, "region_code"), readPartitions(globs, "scope")), nil
}

// readPartitions is the read_parquet call over globs, with the partition
// columns read as text.
func readPartitions(globs []string, key string) string {
	return fmt.Sprintf("read_parquet(%s, hive_partitioning = true, union_by_name = true, hive_types = {%s: 'VARCHAR', 'year': 'VARCHAR', 'month': 'VARCHAR'})",
		literalList(globs), QuoteLiteral(key))
}

type column struct{ name, dataType string }

func tableColumns(ctx context.Context, db *sql.DB, table string) ([]column, error) {
	rows, err := db.QueryContext(ctx, `SELECT column_name, data_type FROM information_schema.columns
		WHERE table_name = ? AND table_schema = 'main' ORDER BY ordinal_position`, table)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []column
	for rows.Next() {
		var c column
		if err := rows.Scan(&c.name, &c.dataType); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

func primaryKey(ctx context.Context, db *sql.DB, table string) ([]string, error) {
	var key []string
	rows, err := db.QueryContext(ctx, `SELECT unnest(constraint_column_names) FROM duckdb_constraints()
		WHERE table_name = ? AND constraint_type = 'PRIMARY KEY'`, table)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var c string
		if err := rows.Scan(&c); err != nil {
			return nil, err
		}
		key = append(key, QuoteIdent(c))
	}
	return key, rows.Err()
}

// castColumns selects cols cast to their warehouse types; the column named
// null (if any) is NULL, for a column the files do not carry.
func castColumns(cols []column, null string) string {
	var out []string
	for _, c := range cols {
		src := QuoteIdent(c.name)
		if c.name == null {
			src = "NULL"
		}
		out = append(out, fmt.Sprintf("CAST(%s AS %s) AS %s", src, c.dataType, QuoteIdent(c.name)))
	}
	return strings.Join(out, ", ")
}

func literalList(items []string) string {
	var q []string
	for _, s := range items {
		q = append(q, QuoteLiteral(s))
	}
	return "[" + strings.Join(q, ", ") + "]"
}
