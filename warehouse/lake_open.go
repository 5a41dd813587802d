package warehouse

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/duckdb/duckdb-go/v2"
)

// ErrNoLake reports a --lake folder that holds no export.
var ErrNoLake = errors.New("no lake here (no " + LakeManifestPath + " in it or in its subfolders): write one with 'pantau export --lake DIR'")

// ErrLakeFiles reports a lake whose files differ from its manifest.
var ErrLakeFiles = errors.New("the lake's files differ from its manifest")

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
	// Roots are the export folders found (each holds LakeManifestPath).
	Roots []string
	// Manifests are the roots' manifests as they were read: the files the
	// views read (never replaced in place by an export).
	Manifests []LakeManifest
	// Pooled is true when the lakes are several exports: their province and
	// national KPI rows were each computed over one export's regions, so
	// they are not read; the caller fills the table kpi_weekly_pooled from
	// the pooled facts (kpi.RefreshPooled), which kpi_weekly shows.
	Pooled bool

	ownTemp string // the spill folder OpenLake made, removed by Close
}

// OpenLake opens an in-memory database that reads the lakes under dirs in
// place: the warehouse's migrations make the schema, the reference tables
// are filled from the lakes' _reference files, and each fact table and
// kpi_weekly is replaced by a view with its name over the Parquet files
// the manifests of the exports in dirs list (an export's root is a folder
// holding LakeManifestPath: each dir, or each of its immediate subfolders,
// a province folder of regencies' lakes). Every file is checked against
// its manifest first (ErrLakeFiles). Views cast every column back to the
// warehouse's type, so the KPI layer reads a lake as it reads a
// warehouse file.
func OpenLake(ctx context.Context, dirs []string, opt LakeOptions) (*Warehouse, error) {
	roots, err := LakeRoots(dirs)
	if err != nil {
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
	// A lake holds facts, not the applications a warehouse's refresh keeps
	// beside them: its queries group the lake's events.
	if _, err := w.DB.ExecContext(ctx, "DROP TABLE ktp_el_applications"); err != nil {
		return err
	}
	return w.readLakes(ctx)
}

// readLakes reads the lakes' manifests, checks their files, fills the
// reference tables and makes the views. An export that commits meanwhile
// may remove the files of the manifest read before the views are made
// over them: then it is all done again over the new manifests.
func (w *Warehouse) readLakes(ctx context.Context) error {
	for attempt := 0; ; attempt++ {
		w.Lake.Manifests = w.Lake.Manifests[:0]
		for _, r := range w.Lake.Roots {
			m, err := readLakeRoot(ctx, r) // its errors name the files
			if err != nil {
				return err
			}
			w.Lake.Manifests = append(w.Lake.Manifests, m)
		}
		err := w.loadLakeReference(ctx)
		if err == nil {
			err = w.createLakeViews(ctx)
		}
		if err == nil || attempt == 3 || !w.Lake.changed() {
			return err
		}
	}
}

// changed tells whether a lake's manifest is no longer the one read.
func (l *Lake) changed() bool {
	for i, r := range l.Roots {
		m, _, err := ReadLakeManifest(r)
		if err != nil || m.Generation != l.Manifests[i].Generation {
			return true
		}
	}
	return false
}

// LakeRoots returns the export roots of dirs, in a stable order: a dir
// holding a manifest, else those of its immediate subfolders that hold one
// (a province folder). Nothing deeper is looked at.
func LakeRoots(dirs []string) ([]string, error) {
	var roots []string
	for _, dir := range dirs {
		if fileExists(filepath.Join(dir, LakeManifestPath)) {
			roots = append(roots, dir)
			continue
		}
		entries, err := os.ReadDir(dir)
		if err != nil {
			return nil, fmt.Errorf("open lake %s: %w", dir, err)
		}
		found := 0
		for _, e := range entries {
			if p := filepath.Join(dir, e.Name()); e.IsDir() && fileExists(filepath.Join(p, LakeManifestPath)) {
				roots = append(roots, p)
				found++
			}
		}
		if found == 0 {
			return nil, fmt.Errorf("open lake %s: %w", dir, ErrNoLake)
		}
	}
	slices.Sort(roots)
	return slices.Compact(roots), nil
}

// readLakeRoot reads a lake's manifest and checks its files against it. An
// export committing meanwhile (it adds files, replaces the manifest, then
// removes the old files) shows as a manifest that changed during the
// check: the check is then made again over the new one.
func readLakeRoot(ctx context.Context, root string) (LakeManifest, error) {
	backoff := 10 * time.Millisecond
	for attempt := 0; ; attempt++ {
		m, _, err := ReadLakeManifest(root)
		if err != nil {
			return m, err
		}
		problems, err := LakeFileProblems(root, m, nil)
		if err != nil {
			return m, err
		}
		if len(problems) == 0 {
			return m, nil
		}
		// Files a commit under way adds or removes are no problem; read
		// the commit record after the walk, so that it covers what the
		// walk saw unless the commit finished (and the manifest changed).
		c, err := ReadLakeCommit(root)
		if err != nil {
			return m, err
		}
		if problems, err = LakeFileProblems(root, m, c); err != nil {
			return m, err
		}
		again, _, err := ReadLakeManifest(root)
		if err != nil {
			return m, err
		}
		if again.Generation == m.Generation {
			if len(problems) == 0 {
				return m, nil
			}
			return m, lakeFilesError(root, problems)
		}
		if attempt == 5 {
			return m, lakeFilesError(root, problems)
		}
		select {
		case <-ctx.Done():
			return m, ctx.Err()
		case <-time.After(backoff):
		}
		backoff *= 2
	}
}

// lakeFilesError names the first files that differ from the manifest.
func lakeFilesError(root string, problems []LakeProblem) error {
	var names []string
	for _, p := range problems[:min(3, len(problems))] {
		names = append(names, filepath.Join(root, filepath.FromSlash(p.File))+": "+p.Reason)
	}
	more := ""
	if len(problems) > 3 {
		more = fmt.Sprintf("; and %d more", len(problems)-3)
	}
	return fmt.Errorf("%w: %s%s (see 'pantau lake verify --lake %s'; 'pantau export --lake %s' from its warehouse repairs it)",
		ErrLakeFiles, strings.Join(names, "; "), more, root, root)
}

// partitionFiles returns the files of table every root's manifest lists.
func (l *Lake) partitionFiles(table string) []string {
	var files []string
	for i, r := range l.Roots {
		for _, f := range slices.Sorted(maps.Keys(l.Manifests[i].Files)) {
			if strings.HasPrefix(f, table+"/") {
				files = append(files, filepath.Join(r, filepath.FromSlash(f)))
			}
		}
	}
	return files
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
		files := w.Lake.partitionFiles(LakeReferenceDir + "/" + t)
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
		globs := w.Lake.partitionFiles(t.Name)
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
		view := "CREATE VIEW " + QuoteIdent(t.Source) + " AS\n" + strings.Join(parts, "\nUNION ALL\n")
		if err := w.replaceWithView(ctx, t.Source, view); err != nil {
			return fmt.Errorf("%s: %w", t.Name, err)
		}
	}
	return nil
}

// replaceWithView drops the table (or the view an earlier attempt made,
// readLakes) name and creates view, in one transaction: a view that cannot
// be made leaves the table for the next attempt.
func (w *Warehouse) replaceWithView(ctx context.Context, name, view string) error {
	var kind string
	err := w.DB.QueryRowContext(ctx, `SELECT CASE table_type WHEN 'VIEW' THEN 'VIEW' ELSE 'TABLE' END
		FROM information_schema.tables WHERE table_name = ? AND table_schema = 'main'`, name).Scan(&kind)
	if err != nil {
		return err
	}
	tx, err := w.DB.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, "DROP "+kind+" "+QuoteIdent(name)); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, view); err != nil {
		return err
	}
	return tx.Commit()
}

// kpiScopeRows is the query of kpi_weekly's province and national rows: the
// export's own when there is one export, else the table kpi_weekly_pooled
// (created here, filled by the caller); "" when there are none.
func (w *Warehouse) kpiScopeRows(ctx context.Context, cols []column) (string, error) {
	if w.Lake.Pooled {
		if _, err := w.DB.ExecContext(ctx, `CREATE OR REPLACE TABLE kpi_weekly_pooled AS SELECT * FROM kpi_weekly WHERE false`); err != nil {
			return "", err
		}
		return "SELECT * FROM kpi_weekly_pooled", nil
	}
	globs := w.Lake.partitionFiles("kpi_weekly_scopes")
	if len(globs) == 0 {
		return "", nil
	}
	return fmt.Sprintf("SELECT %s FROM %s", castColumns(cols, "region_code"), readPartitions(globs, "scope")), nil
}

// readPartitions is the read_parquet call over files (globs), with the
// partition columns read as text.
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
