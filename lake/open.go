package lake

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

	"github.com/disdukcapil-bekasi/pantau/internal/readsql"
	"github.com/disdukcapil-bekasi/pantau/warehouse"
)

// ErrNoLake reports a --lake folder that holds no export.
var ErrNoLake = errors.New("no lake here (no " + ManifestPath + " in it or in its subfolders): write one with 'pantau export --lake DIR'")

// ErrFiles reports a lake whose files differ from its manifest.
var ErrFiles = errors.New("the lake's files differ from its manifest")

// OpenOptions say how to open lakes.
type OpenOptions struct {
	// MemoryLimit caps DuckDB's memory ("2GB"); "" keeps DuckDB's default.
	MemoryLimit string
	// TempDir is where DuckDB spills what does not fit; "" makes a new
	// folder under the system's temporary folder, removed by Close.
	TempDir string
	// Threads caps DuckDB's worker threads; 0 uses every core.
	Threads int
	// Setup, when set, runs once the reference tables hold the lakes'
	// rows and before the fact tables become views over their files: what
	// it creates (the KPI layer's settings and views) binds against empty
	// tables, not against thousands of files.
	Setup func(ctx context.Context, db *sql.DB) error
}

// Reader is an in-memory warehouse that reads lakes (Open): its DB is read
// like a warehouse file's.
type Reader struct {
	*warehouse.Warehouse
	// Roots are the export folders found (each holds ManifestPath).
	Roots []string
	// Manifests are the roots' manifests as they were read: the files the
	// views read (never replaced in place by an export).
	Manifests []Manifest
	// Pooled is true when the lakes are several exports: their province and
	// national KPI rows were each computed over one export's regions, so
	// they are not read; the caller fills the table kpi_weekly_pooled from
	// the pooled facts (kpi.RefreshPooled), which kpi_weekly shows.
	Pooled bool
	// Applications is true when every lake carries its stored KTP-el
	// applications (ktp_el_applications, an export of this pantau or
	// later): the pooling groups them, not the events. An older lake
	// lacks them; then the table is dropped and the queries group the
	// lakes' events.
	Applications bool
}

// Open opens an in-memory database that reads the lakes under dirs in
// place: the warehouse's migrations make the schema, the reference tables
// are filled from the lakes' _reference files, and each fact table and
// kpi_weekly is replaced by a view with its name over the Parquet files
// the manifests of the exports in dirs list (an export's root is a folder
// holding ManifestPath: each dir, or each of its immediate subfolders,
// a province folder of regencies' lakes). Every file is checked against
// its manifest first (ErrFiles). Views cast every column back to the
// warehouse's type, so the KPI layer reads a lake as it reads a
// warehouse file.
func Open(ctx context.Context, dirs []string, opt OpenOptions) (*Reader, error) {
	roots, err := Roots(dirs)
	if err != nil {
		return nil, err
	}
	// The sandbox holds from the start: the set-up reads the lakes' files
	// through it, as every query after does.
	w, err := warehouse.OpenMemory(ctx, warehouse.Options{MemoryLimit: opt.MemoryLimit, TempDirectory: opt.TempDir,
		Threads: opt.Threads, Directories: roots})
	if err != nil {
		return nil, fmt.Errorf("open lake %s: %w", strings.Join(dirs, ","), err)
	}
	r := &Reader{Warehouse: w, Roots: roots, Pooled: len(roots) > 1}
	if err := r.readLakes(ctx, opt.Setup); err != nil {
		w.Close()
		return nil, fmt.Errorf("open lake %s: %w", strings.Join(dirs, ","), err)
	}
	return r, nil
}

// readLakes reads the lakes' manifests, checks their files, fills the
// reference tables and makes the views. An export that commits meanwhile
// may remove the files of the manifest read before the views are made
// over them: then it is all done again over the new manifests.
func (w *Reader) readLakes(ctx context.Context, setup func(context.Context, *sql.DB) error) error {
	for attempt := 0; ; attempt++ {
		w.Manifests = w.Manifests[:0]
		for _, r := range w.Roots {
			m, err := readLakeRoot(ctx, r) // its errors name the files
			if err != nil {
				return err
			}
			w.Manifests = append(w.Manifests, m)
		}
		err := w.loadLakeReference(ctx)
		if err == nil && setup != nil {
			err = setup(ctx, w.DB)
		}
		if err == nil {
			err = w.createLakeViews(ctx)
		}
		if err == nil {
			err = w.factsFromManifests(ctx)
		}
		if err == nil || attempt == 3 || !w.changed() {
			return err
		}
	}
}

// changed tells whether a lake's manifest is no longer the one read.
func (l *Reader) changed() bool {
	for i, r := range l.Roots {
		m, _, err := ReadManifest(r)
		if err != nil || m.Generation != l.Manifests[i].Generation {
			return true
		}
	}
	return false
}

// Roots returns the export roots of dirs, in a stable order: a dir
// holding a manifest, else those of its immediate subfolders that hold one
// (a province folder). Nothing deeper is looked at.
func Roots(dirs []string) ([]string, error) {
	var roots []string
	for _, dir := range dirs {
		if fileExists(filepath.Join(dir, ManifestPath)) {
			roots = append(roots, dir)
			continue
		}
		entries, err := os.ReadDir(dir)
		if err != nil {
			return nil, fmt.Errorf("open lake %s: %w", dir, err)
		}
		found := 0
		for _, e := range entries {
			if p := filepath.Join(dir, e.Name()); e.IsDir() && fileExists(filepath.Join(p, ManifestPath)) {
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
func readLakeRoot(ctx context.Context, root string) (Manifest, error) {
	backoff := 10 * time.Millisecond
	for attempt := 0; ; attempt++ {
		m, _, err := ReadManifest(root)
		if err != nil {
			return m, err
		}
		problems, err := FileProblems(root, m, nil)
		if err != nil {
			return m, err
		}
		if len(problems) == 0 {
			return m, nil
		}
		// Files a commit under way adds or removes are no problem; read
		// the commit record after the walk, so that it covers what the
		// walk saw unless the commit finished (and the manifest changed).
		c, err := readCommit(root)
		if err != nil {
			return m, err
		}
		if problems, err = FileProblems(root, m, c); err != nil {
			return m, err
		}
		again, _, err := ReadManifest(root)
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
func lakeFilesError(root string, problems []Problem) error {
	var names []string
	for _, p := range problems[:min(3, len(problems))] {
		names = append(names, filepath.Join(root, filepath.FromSlash(p.File))+": "+p.Reason)
	}
	more := ""
	if len(problems) > 3 {
		more = fmt.Sprintf("; and %d more", len(problems)-3)
	}
	return fmt.Errorf("%w: %s%s (see 'pantau lake verify --lake %s'; 'pantau export --lake %s' from its warehouse repairs it)",
		ErrFiles, strings.Join(names, "; "), more, root, root)
}

// partitionFiles returns the files of table every root's manifest lists.
func (l *Reader) partitionFiles(table string) []string {
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

// distinctFiles returns the files of table every root's manifest lists,
// in file-name order, but each file whose rows and checksum an earlier one
// has.
func (l *Reader) distinctFiles(table string) []string {
	seen := map[FileInfo]bool{}
	var files []string
	for i, r := range l.Roots {
		for _, f := range slices.Sorted(maps.Keys(l.Manifests[i].Files)) {
			info := l.Manifests[i].Files[f]
			info.Size = 0 // the same rows may compress to other sizes
			if strings.HasPrefix(f, table+"/") && !seen[info] {
				seen[info] = true
				files = append(files, filepath.Join(r, filepath.FromSlash(f)))
			}
		}
	}
	return files
}

// loadLakeReference replaces the rows of each reference table by the union
// of the lakes' (every regency's warehouse holds the default region's
// reference too): one row per primary key, the first in file-name order.
// Lakes whose manifests give a reference file the same rows and checksum
// hold the same rows (every regency's warehouse seeds the nation's
// reference): only the first such file is read, not one per lake.
func (w *Reader) loadLakeReference(ctx context.Context) error {
	for _, t := range ReferenceTables() {
		cols, err := tableColumns(ctx, w.DB, t)
		if err != nil || len(cols) == 0 {
			continue // a table this schema lacks
		}
		files := w.distinctFiles(ReferenceDir + "/" + t)
		if len(files) == 0 {
			continue
		}
		key, err := primaryKey(ctx, w.DB, t)
		if err != nil {
			return err
		}
		var names []string
		for _, c := range cols {
			names = append(names, warehouse.QuoteIdent(c.name))
		}
		if len(key) == 0 {
			key = names
		}
		q := fmt.Sprintf(`INSERT INTO %s (%s) SELECT %s FROM (
			SELECT DISTINCT %s, filename FROM read_parquet(%s, union_by_name = %v, filename = true))
			QUALIFY row_number() OVER (PARTITION BY %s ORDER BY filename) = 1`,
			warehouse.QuoteIdent(t), strings.Join(names, ", "), strings.Join(names, ", "),
			castColumns(cols, ""), literalList(files), !w.sameColumns(ReferenceDir+"/"+t, cols, ""), strings.Join(key, ", "))
		if _, err := w.DB.ExecContext(ctx, "DELETE FROM "+warehouse.QuoteIdent(t)); err != nil {
			return fmt.Errorf("%s: %w", t, err)
		}
		if _, err := w.DB.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("%s: %w", t, err)
		}
	}
	return nil
}

// factsFromManifests makes region_facts a table of the manifests' facts
// and fills kpi_span from their spans, when every manifest carries them:
// then the regions with facts, the span of their dates and of the stored
// KPIs are read without opening the lakes' files (over 514 lakes, each
// such question opens some 10,000 files). With an older lake among them
// region_facts stays the view over the lakes' files, and kpi_span empty
// (the reads then ask kpi_weekly).
func (w *Reader) factsFromManifests(ctx context.Context) error {
	var facts []RegionFacts
	var first, last string
	spans := true
	for _, m := range w.Manifests {
		if m.Facts == nil {
			return nil
		}
		facts = append(facts, m.Facts...)
		if len(m.KPISpan) != 2 {
			spans = false
			continue
		}
		if first == "" || m.KPISpan[0] < first {
			first = m.KPISpan[0]
		}
		last = max(last, m.KPISpan[1])
	}
	var kind string // the view, or the table of an earlier attempt (readLakes)
	if err := w.DB.QueryRowContext(ctx, `SELECT CASE table_type WHEN 'VIEW' THEN 'VIEW' ELSE 'TABLE' END
		FROM information_schema.tables WHERE table_name = 'region_facts' AND table_schema = 'main'`).Scan(&kind); err != nil {
		return fmt.Errorf("region facts: %w", err)
	}
	tx, err := w.DB.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `DROP `+kind+` region_facts;
		CREATE TABLE region_facts (region_code TEXT, first_event TIMESTAMP, last_event TIMESTAMP, first_complaint TIMESTAMP, last_complaint TIMESTAMP);
		DELETE FROM kpi_span`); err != nil {
		return fmt.Errorf("region facts: %w", err)
	}
	if len(facts) > 0 {
		rows := make([][]any, len(facts))
		for i, f := range facts {
			rows[i] = []any{f.Region, f.FirstEvent, f.LastEvent, f.FirstComplaint, f.LastComplaint}
		}
		list, args := readsql.NamedValues([]readsql.Column{{Name: "region", Type: "TEXT"}, {Name: "first_event", Type: "TEXT"},
			{Name: "last_event", Type: "TEXT"}, {Name: "first_complaint", Type: "TEXT"}, {Name: "last_complaint", Type: "TEXT"}}, rows)
		// A region two lakes hold is one row, as in the view over their
		// files: the earliest first and the latest last.
		if _, err := tx.ExecContext(ctx, `INSERT INTO region_facts
			SELECT region, min(NULLIF(first_event, '')::TIMESTAMP), max(NULLIF(last_event, '')::TIMESTAMP),
			       min(NULLIF(first_complaint, '')::TIMESTAMP), max(NULLIF(last_complaint, '')::TIMESTAMP)
			FROM (VALUES `+list+`) t(region, first_event, last_event, first_complaint, last_complaint)
			GROUP BY region`, args...); err != nil {
			return fmt.Errorf("region facts: %w", err)
		}
	}
	if spans && first != "" {
		if _, err := tx.ExecContext(ctx, `INSERT INTO kpi_span VALUES (?, ?)`, first, last); err != nil {
			return fmt.Errorf("kpi span: %w", err)
		}
	}
	return tx.Commit()
}

// createLakeViews replaces each fact table and kpi_weekly by a view over
// the lakes' files; a table no lake has files of stays an empty table.
func (w *Reader) createLakeViews(ctx context.Context) error {
	scopes := ""
	for _, t := range Tables() {
		if t.Source != t.Name {
			continue
		}
		cols, err := tableColumns(ctx, w.DB, t.Source)
		if err != nil {
			return err
		}
		globs := w.partitionFiles(t.Name)
		if t.Name == applicationsTable {
			if err := w.applicationsView(ctx, cols, globs); err != nil {
				return err
			}
			continue
		}
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
			parts = append(parts, fmt.Sprintf("SELECT %s FROM %s", castColumns(cols, ""), readPartitions(globs, t.Key, !w.sameColumns(t.Name, cols, t.Key))))
		}
		if scopes != "" && t.Name == "kpi_weekly" {
			parts = append(parts, scopes)
		}
		view := "CREATE VIEW " + warehouse.QuoteIdent(t.Source) + " AS\n" + strings.Join(parts, "\nUNION ALL\n")
		if err := w.replaceWithView(ctx, t.Source, view); err != nil {
			return fmt.Errorf("%s: %w", t.Name, err)
		}
	}
	return nil
}

// applicationsView makes ktp_el_applications a view over the lakes' stored
// applications when every lake carries them (Manifest.Applications), an
// empty one when none has a file; otherwise (a lake of an older pantau)
// there is no such relation, and the queries group the lakes' events.
func (w *Reader) applicationsView(ctx context.Context, cols []column, globs []string) error {
	w.Applications = len(w.Manifests) > 0
	for _, m := range w.Manifests {
		w.Applications = w.Applications && m.Applications
	}
	if w.Applications && len(cols) == 0 {
		// an earlier attempt (readLakes) dropped it: the lakes changed
		// while they were opened
		return fmt.Errorf("%s: the lakes changed while they were opened; open them again", applicationsTable)
	}
	if !w.Applications {
		_, err := w.DB.ExecContext(ctx, "DROP TABLE IF EXISTS "+applicationsTable+"; DROP VIEW IF EXISTS "+applicationsTable)
		return err
	}
	body := "SELECT " + castColumns(cols, "") + " FROM " + readPartitions(globs, "region_code", !w.sameColumns(applicationsTable, cols, "region_code"))
	if len(globs) == 0 {
		var nulls []string
		for _, c := range cols {
			nulls = append(nulls, fmt.Sprintf("CAST(NULL AS %s) AS %s", c.dataType, warehouse.QuoteIdent(c.name)))
		}
		body = "SELECT " + strings.Join(nulls, ", ") + " WHERE false"
	}
	return w.replaceWithView(ctx, applicationsTable, "CREATE VIEW "+applicationsTable+" AS\n"+body)
}

// replaceWithView drops the table (or the view an earlier attempt made,
// readLakes) name and creates view, in one transaction: a view that cannot
// be made leaves the table for the next attempt.
func (w *Reader) replaceWithView(ctx context.Context, name, view string) error {
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
	if _, err := tx.ExecContext(ctx, "DROP "+kind+" "+warehouse.QuoteIdent(name)); err != nil {
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
func (w *Reader) kpiScopeRows(ctx context.Context, cols []column) (string, error) {
	if w.Pooled {
		if _, err := w.DB.ExecContext(ctx, `CREATE OR REPLACE TABLE kpi_weekly_pooled AS SELECT * FROM kpi_weekly WHERE false`); err != nil {
			return "", err
		}
		return "SELECT * FROM kpi_weekly_pooled", nil
	}
	globs := w.partitionFiles("kpi_weekly_scopes")
	if len(globs) == 0 {
		return "", nil
	}
	return fmt.Sprintf("SELECT %s FROM %s", castColumns(cols, "region_code"), readPartitions(globs, "scope", !w.sameColumns("kpi_weekly_scopes", cols, "scope", "region_code"))), nil
}

// readPartitions is the read_parquet call over files (globs), with the
// partition columns read as text. With unite, DuckDB opens every file to
// unite their columns by name (files of lakes written by different
// pantaus); without, it takes the first file's (sameColumns). Files
// partitioned by month (every table of a version 2 lake, the big tables
// of a version 3 one) and files that are not are read by one call each,
// united by name: one call takes one set of partition columns.
func readPartitions(globs []string, key string, unite bool) string {
	var monthly, whole []string
	for _, g := range globs {
		if strings.HasPrefix(filepath.Base(filepath.Dir(g)), "month=") {
			monthly = append(monthly, g)
		} else {
			whole = append(whole, g)
		}
	}
	read := func(files []string, months bool) string {
		types := warehouse.QuoteLiteral(key) + ": 'VARCHAR'"
		if months {
			types += ", 'year': 'VARCHAR', 'month': 'VARCHAR'"
		}
		return fmt.Sprintf("read_parquet(%s, hive_partitioning = true, union_by_name = %v, hive_types = {%s})", literalList(files), unite, types)
	}
	switch {
	case len(whole) == 0:
		return read(monthly, true)
	case len(monthly) == 0:
		return read(whole, false)
	}
	return fmt.Sprintf("(SELECT * FROM %s UNION ALL BY NAME SELECT * FROM %s)", read(monthly, true), read(whole, false))
}

// sameColumns tells whether every lake's manifest says the files of table
// hold the same columns, in the same order, and among them every column of
// cols but those named in path (partition columns, or not stored): then
// they are read without opening each file to unite their schemas, which
// over hundreds of lakes takes longer than the query.
func (w *Reader) sameColumns(table string, cols []column, inPath ...string) bool {
	var first []string
	for i, m := range w.Manifests {
		c, ok := m.Columns[table]
		if !ok || (i > 0 && !slices.Equal(c, first)) {
			return false
		}
		first = c
	}
	for _, c := range cols {
		if !slices.Contains(inPath, c.name) && !slices.Contains(first, c.name) {
			return false
		}
	}
	return first != nil
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
		key = append(key, warehouse.QuoteIdent(c))
	}
	return key, rows.Err()
}

// castColumns selects cols cast to their warehouse types; the column named
// null (if any) is NULL, for a column the files do not carry.
func castColumns(cols []column, null string) string {
	var out []string
	for _, c := range cols {
		src := warehouse.QuoteIdent(c.name)
		if c.name == null {
			src = "NULL"
		}
		out = append(out, fmt.Sprintf("CAST(%s AS %s) AS %s", src, c.dataType, warehouse.QuoteIdent(c.name)))
	}
	return strings.Join(out, ", ")
}

func literalList(items []string) string {
	var q []string
	for _, s := range items {
		q = append(q, warehouse.QuoteLiteral(s))
	}
	return "[" + strings.Join(q, ", ") + "]"
}

func fileExists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}
