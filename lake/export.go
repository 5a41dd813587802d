package lake

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"maps"
	"os"
	"path"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"time"

	"github.com/disdukcapil-bekasi/pantau/internal/readsql"
	"github.com/disdukcapil-bekasi/pantau/warehouse"
)

// Options say how to export.
type Options struct {
	// Rebuild rewrites the lake whole from the warehouse whatever its
	// manifest, commit record and owner hold, removing the files of the
	// lake's layout the new manifest does not list.
	Rebuild bool
	// Check reads every file of the lake back (rows and checksum, as
	// 'pantau lake verify' does) and recomputes every partition in the
	// warehouse, whatever the watermark says, repairing what differs.
	// Without it, files are checked by their size only and the warehouse's
	// partitions are recomputed only where loads since the last export may
	// have changed them (Watermark).
	Check  bool
	Logger *slog.Logger
	// Hold, a test hook (nil otherwise), is called at each step of the
	// commit: "staged" (every file staged, no commit record yet),
	// "committing" (the record written), "renamed" (the files in place,
	// the old manifest still there), "manifest" (the new manifest in
	// place, old files and the record not yet removed).
	Hold func(step string)
	// Now is the export's clock, which dates the files it retires and
	// removes those retired Retention before; zero:
	// time.Now().
	Now time.Time
}

// Stats say what an export did.
type Stats struct {
	// Written, Removed and Unchanged count the lake's files; Retired the
	// files superseded and kept for the commands that opened the lake
	// before (removed by an export Retention later).
	Written, Removed, Unchanged, Retired int
	// Repaired counts the files written or removed because they differed
	// from the manifest (edited, replaced, truncated, missing, extra).
	Repaired int
	// RowsWritten is the number of rows in the written files.
	RowsWritten int64
	// Computed counts the partitions whose rows and checksum were computed
	// in the warehouse (the others were known unchanged from the
	// watermark); Checked the files read back (Options.Check).
	Computed, Checked int
}

// ErrOtherWarehouse reports an export into a lake another warehouse wrote.
var ErrOtherWarehouse = errors.New("the lake belongs to another warehouse")

// Export brings the lake in dir up to date with the warehouse db (opened
// read-only, so that no load changes it meanwhile): it completes an export
// that was killed after its commit, computes every file's rows and checksum,
// checks every file of the lake against the manifest (size, rows and
// checksum), and writes, renames and removes only what differs. With
// nothing new and nothing damaged it writes nothing at all.
func Export(ctx context.Context, db *sql.DB, dir string, opt Options) (Stats, error) {
	logger := opt.Logger
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	fail := func(err error) (Stats, error) { return Stats{}, fmt.Errorf("export %s: %w", dir, err) }
	old, err := openForExport(dir, opt.Rebuild)
	if err != nil {
		return fail(err)
	}
	mark, err := watermarkOf(ctx, db)
	if err != nil {
		return fail(fmt.Errorf("read what was loaded: %w", err))
	}
	todo := changes{all: true}
	if !opt.Rebuild && !opt.Check {
		if todo, err = changesSince(ctx, db, old, mark); err != nil {
			return fail(fmt.Errorf("read what was loaded: %w", err))
		}
	}
	want, applications, computed, err := warehouseFiles(ctx, db, old, todo)
	if err != nil {
		return fail(err)
	}
	owner, err := ownerOf(ctx, db, want)
	if err != nil {
		return fail(err)
	}
	if !opt.Rebuild {
		if err := checkOwner(dir, old.Owner, owner); err != nil {
			return Stats{}, err
		}
	}
	now := opt.Now
	if now.IsZero() {
		now = time.Now()
	}
	plan, err := planExport(ctx, db, dir, old, want, owner, now, opt.Check, logger)
	if err != nil {
		return fail(err)
	}
	plan.next.Applications = applications
	plan.next.Watermark = mark
	if plan.next.Columns, err = columnsOf(ctx, db); err != nil {
		return fail(err)
	}
	if plan.next.Facts, plan.next.KPISpan, err = factsOf(ctx, db, old, mark); err != nil {
		return fail(err)
	}
	st := Stats{Written: len(plan.write), Removed: len(plan.remove), Unchanged: len(plan.next.Files) - len(plan.write), Retired: plan.retired,
		Repaired: plan.repaired, Computed: computed, Checked: plan.checked}
	if len(plan.write) == 0 && len(plan.remove) == 0 && plan.retired == 0 && plan.next.Applications == old.Applications &&
		reflect.DeepEqual(plan.next.Watermark, old.Watermark) && reflect.DeepEqual(plan.next.Columns, old.Columns) &&
		reflect.DeepEqual(plan.next.Facts, old.Facts) && reflect.DeepEqual(plan.next.KPISpan, old.KPISpan) {
		return st, nil
	}
	c, err := stage(ctx, db, dir, plan, logger)
	if err != nil {
		return st, fmt.Errorf("export %s: %w", dir, err)
	}
	hold := opt.Hold
	if hold == nil {
		hold = func(string) {}
	}
	hold("staged")
	for _, u := range plan.write {
		st.RowsWritten += plan.want[u].Rows
	}
	if err := writeJSONAtomic(filepath.Join(dir, CommitPath), c); err != nil {
		return st, fmt.Errorf("export %s: commit: %w", dir, err)
	}
	hold("committing")
	if err := apply(dir, c, hold); err != nil {
		return st, fmt.Errorf("export %s: %w", dir, err)
	}
	return st, nil
}

// openForExport completes or discards the last export and returns the
// lake's manifest (an empty one for a new lake, or when rebuilding). It
// refuses a province folder (lakes in its subfolders), and lake files
// without a manifest unless rebuilding.
func openForExport(dir string, rebuild bool) (Manifest, error) {
	if roots, err := Roots([]string{dir}); err == nil && !slices.Contains(roots, dir) {
		return Manifest{}, fmt.Errorf("%s holds the lakes %s in its subfolders: export into a folder of its own, e.g. %s",
			dir, strings.Join(roots, ", "), filepath.Join(dir, "REGION"))
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return Manifest{}, err
	}
	if rebuild {
		if err := os.Remove(filepath.Join(dir, CommitPath)); err != nil && !os.IsNotExist(err) {
			return Manifest{}, err
		}
		return emptyManifest(), os.RemoveAll(filepath.Join(dir, StagingDir))
	}
	if err := recoverCommit(dir); err != nil {
		return Manifest{}, fmt.Errorf("complete the last export: %w", err)
	}
	if olderVersion(dir) {
		return emptyManifest(), nil // an older pantau's lake: rewritten whole, its files removed
	}
	m, ok, err := ReadManifest(dir)
	if err != nil {
		return m, err
	}
	if !ok {
		m = emptyManifest()
		problems, err := FileProblems(dir, m, nil)
		if err != nil {
			return m, err
		}
		if len(problems) > 0 {
			return m, fmt.Errorf("%s holds %d files of a lake (%s, ...) but no %s: take them over with 'pantau export --rebuild --lake %s'",
				dir, len(problems), problems[0].File, ManifestPath, dir)
		}
	}
	return m, nil
}

// olderVersion tells whether dir's manifest is an older pantau's.
func olderVersion(dir string) bool {
	b, err := os.ReadFile(filepath.Join(dir, ManifestPath))
	var v struct {
		Version int `json:"version"`
	}
	return err == nil && json.Unmarshal(b, &v) == nil && v.Version > 0 && v.Version < ManifestVersion
}

// ownerOf identifies the warehouse: a hash of its first load (when and
// which file), which no later load changes and a backup keeps, and the
// regions of its files.
func ownerOf(ctx context.Context, db *sql.DB, want map[string]FileInfo) (Owner, error) {
	var o Owner
	var first string
	err := db.QueryRowContext(ctx, `SELECT CAST(started_at AS VARCHAR) || ' ' || file_hash FROM load_runs ORDER BY load_id LIMIT 1`).Scan(&first)
	switch {
	case errors.Is(err, sql.ErrNoRows):
	case err != nil:
		return o, fmt.Errorf("identify the warehouse: %w", err)
	default:
		sum := sha256.Sum256([]byte(first))
		o.Warehouse = hex.EncodeToString(sum[:8])
	}
	for u := range want {
		for _, part := range strings.Split(u, "/") {
			if r, ok := strings.CutPrefix(part, "region_code="); ok && !slices.Contains(o.Regions, r) {
				o.Regions = append(o.Regions, r)
			}
		}
	}
	slices.Sort(o.Regions)
	return o, nil
}

// checkOwner refuses to export into a lake another warehouse wrote: one
// with another id or, when neither has one (no loads), whose regions have
// none in common with this one's. A lake without an owner (new, or an
// older pantau's) is taken.
func checkOwner(dir string, lake, wh Owner) error {
	other := lake.Warehouse != wh.Warehouse
	if lake.Warehouse == "" && wh.Warehouse == "" {
		other = len(lake.Regions) > 0 && len(wh.Regions) > 0 &&
			!slices.ContainsFunc(lake.Regions, func(r string) bool { return slices.Contains(wh.Regions, r) })
	}
	if lake.Warehouse == "" && len(lake.Regions) == 0 {
		other = false
	}
	if !other {
		return nil
	}
	return fmt.Errorf("export %s: %w (regions %s; this one holds %s): export each warehouse into a folder of its own (a province folder holds one per regency), or take this lake over with 'pantau export --rebuild --lake %s'",
		dir, ErrOtherWarehouse, strings.Join(lake.Regions, ","), strings.Join(wh.Regions, ","), dir)
}

// exportPlan is the manifest the warehouse calls for and what differs. A
// unit is a file's folder (TABLE/key=K/year=Y/month=M, TABLE/key=K or
// _reference/TABLE); its file is UNIT/data_G.parquet.
type exportPlan struct {
	next     Manifest
	want     map[string]FileInfo            // unit → rows and checksum in the warehouse
	write    []string                       // units to (re)write
	remove   []string                       // files retired long enough, damaged, or not the manifest's
	retired  int                            // files superseded or gone from the warehouse, kept as retired
	repaired int                            // files written or removed because they differed from the manifest
	checked  int                            // files read back
	tables   []Table                        // tables with files to write
	keys     map[string]map[string][]string // table → partition key → "YYYY/MM" to write
	refs     []string                       // reference tables to write
}

// warehouseFiles returns the rows and checksum of every unit the
// warehouse calls for: computed in the warehouse where todo says they may
// have changed, taken from the old manifest where not; computed counts the
// former. The stored applications are among them (applications) only when
// they are current: no load's refresh is pending (kpi_dirty is empty), so
// that they hold what the facts give.
func warehouseFiles(ctx context.Context, db *sql.DB, old Manifest, todo changes) (want map[string]FileInfo, applications bool, computed int, err error) {
	if err := db.QueryRowContext(ctx, `SELECT NOT EXISTS (SELECT 1 FROM kpi_dirty)`).Scan(&applications); err != nil {
		return nil, false, 0, fmt.Errorf("read kpi_dirty: %w", err)
	}
	want = map[string]FileInfo{}
	for _, t := range Tables() {
		if t.Name == applicationsTable && !applications {
			continue
		}
		var keys []string         // partition keys to compute (nil: all)
		var units map[string]bool // of those, the units (nil: all)
		switch {
		case todo.all || t.Source == "kpi_weekly":
		case t.Name == applicationsTable:
			keys = append([]string{}, slices.Sorted(maps.Keys(todo.regions))...)
			maps.Copy(want, keptUnits(old, t.Name, func(u string) bool { return !todo.regions[keyOf(u)] }))
		default:
			units = todo.partitions[t.Name]
			for u := range units {
				if !slices.Contains(keys, keyOf(u)) {
					keys = append(keys, keyOf(u))
				}
			}
			if keys == nil {
				keys = []string{}
			}
			maps.Copy(want, keptUnits(old, t.Name, func(u string) bool { return !units[u] }))
		}
		if keys != nil && len(keys) == 0 {
			continue
		}
		parts, err := tablePartitions(ctx, db, t, keys, units)
		if err != nil {
			return nil, false, 0, fmt.Errorf("%s: %w", t.Name, err)
		}
		computed += len(parts)
		maps.Copy(want, parts)
	}
	for _, t := range ReferenceTables() {
		info, ok, err := referenceInfo(ctx, db, t)
		if err != nil {
			return nil, false, 0, fmt.Errorf("%s: %w", t, err)
		}
		if ok {
			want[path.Join(ReferenceDir, t)] = info
			computed++
		}
	}
	return want, applications, computed, nil
}

// factsOf returns the warehouse's region_facts and kpi_span for the
// manifest: the last manifest's when nothing was loaded since (the same
// watermark), else read (a scan of the facts).
func factsOf(ctx context.Context, db *sql.DB, old Manifest, mark *Watermark) ([]RegionFacts, []string, error) {
	if mark != nil && old.Facts != nil && reflect.DeepEqual(mark, old.Watermark) {
		return old.Facts, old.KPISpan, nil
	}
	facts, err := readsql.Rows[RegionFacts](ctx, db, "region facts", `SELECT region_code,
		coalesce(first_event::VARCHAR, '') AS first_event, coalesce(last_event::VARCHAR, '') AS last_event,
		coalesce(first_complaint::VARCHAR, '') AS first_complaint, coalesce(last_complaint::VARCHAR, '') AS last_complaint
		FROM region_facts ORDER BY region_code`)
	if err != nil {
		return nil, nil, fmt.Errorf("region facts: %w", err)
	}
	var first, last string
	err = db.QueryRowContext(ctx, `SELECT first_week, last_week FROM kpi_span`).Scan(&first, &last)
	if errors.Is(err, sql.ErrNoRows) {
		return facts, nil, nil
	}
	if err != nil {
		return nil, nil, fmt.Errorf("kpi span: %w", err)
	}
	return facts, []string{first, last}, nil
}

// columnsOf lists the columns the files of each table hold (fileColumns;
// a reference table's are all of its columns), for Manifest.Columns.
func columnsOf(ctx context.Context, db *sql.DB) (map[string][]string, error) {
	out := map[string][]string{}
	for _, t := range Tables() {
		cols, err := tableColumns(ctx, db, t.Source)
		if err != nil {
			return nil, err
		}
		for _, c := range cols {
			if c.name != t.Key && (c.name != "region_code" || t.Key == "region_code") {
				out[t.Name] = append(out[t.Name], c.name)
			}
		}
	}
	for _, t := range ReferenceTables() {
		cols, err := tableColumns(ctx, db, t)
		if err != nil {
			return nil, err
		}
		for _, c := range cols {
			out[path.Join(ReferenceDir, t)] = append(out[path.Join(ReferenceDir, t)], c.name)
		}
	}
	return out, nil
}

// keyOf is the partition key K of a unit TABLE/key=K/year=Y/month=M.
func keyOf(unit string) string {
	_, k, _ := partitionOf(unit)
	return k
}

// planExport compares the warehouse's units with the lake: a unit is
// written when it is new, its rows or checksum changed, or its file on
// disk differs from the manifest (missing, resized, or read back with
// other rows or checksum); a file the manifest does not list is removed.
// The file a unit had (unless damaged) is retired: kept, listed as such,
// for the readers of the old manifest, until an export after
// Retention removes it.
func planExport(ctx context.Context, db *sql.DB, dir string, old Manifest, want map[string]FileInfo, owner Owner, now time.Time, check bool, logger *slog.Logger) (exportPlan, error) {
	p := exportPlan{
		next: Manifest{Version: ManifestVersion, Generation: old.Generation, Owner: owner,
			Files: map[string]FileInfo{}, Retired: map[string]Retired{}},
		want: want, keys: map[string]map[string][]string{},
	}
	removing := map[string]bool{}
	retire := func(f string) error { return p.retire(dir, old, f, now, removing) }
	// Files of the layout the manifest does not list are removed; new
	// files are named after a generation none of them has.
	gen, err := p.removeStrays(dir, old, removing, logger)
	if err != nil {
		return p, err
	}
	current := map[string]string{} // unit → its file in the manifest
	for f := range old.Files {
		current[path.Dir(f)] = f
	}
	// The files of unchanged partitions are checked, to find the ones
	// that differ from the manifest: by their size, or read back (check).
	keep, problems, err := p.checkKept(ctx, db, dir, old, want, current, check)
	if err != nil {
		return p, err
	}
	for _, u := range slices.Sorted(maps.Keys(want)) {
		info := want[u]
		if f, ok := current[u]; ok {
			if _, kept := keep[f]; kept {
				if problems[f] == "" {
					p.next.Files[f] = old.Files[f]
					continue
				}
				logger.Warn("repairing the lake", "file", filepath.Join(dir, filepath.FromSlash(f)), "problem", problems[f])
				p.repaired++
				p.remove = append(p.remove, f)
				removing[f] = true
			} else if err := retire(f); err != nil {
				return p, err
			}
		}
		p.addWrite(u, info, gen)
	}
	for _, t := range Tables() {
		if p.keys[t.Name] != nil {
			p.tables = append(p.tables, t)
		}
	}
	for _, u := range slices.Sorted(maps.Keys(current)) {
		if _, ok := want[u]; !ok {
			if err := retire(current[u]); err != nil {
				return p, err
			}
		}
	}
	// Files retired long enough are removed; the others stay retired
	// (those gone already are forgotten).
	p.pruneRetired(dir, old, removing, now)
	if len(p.write) > 0 || len(p.remove) > 0 || p.retired > 0 {
		p.next.Generation = gen
	}
	if old.Generation == 0 {
		p.repaired = 0 // a new or rebuilt lake: nothing to repair
	}
	slices.Sort(p.remove)
	return p, nil
}

// retire keeps a file the old manifest lists for its readers, unless it
// is damaged (missing, resized, a link): then it is removed.
func (p *exportPlan) retire(dir string, old Manifest, f string, now time.Time, removing map[string]bool) error {
	problem, err := statProblem(dir, f, old.Files[f])
	switch {
	case err != nil:
		return err
	case problem != "":
		p.remove = append(p.remove, f)
	default:
		p.next.Retired[f] = Retired{Size: old.Files[f].Size, Since: now}
		p.retired++
	}
	removing[f] = true
	return nil
}

// addWrite plans the writing of unit u as a file of generation gen, noting
// its table and partition (or its reference table).
func (p *exportPlan) addWrite(u string, info FileInfo, gen int) {
	p.write = append(p.write, u)
	p.next.Files[path.Join(u, fmt.Sprintf("data_%d.parquet", gen))] = info
	if table, ok := strings.CutPrefix(u, ReferenceDir+"/"); ok {
		p.refs = append(p.refs, table)
		return
	}
	table, k, month := partitionOf(u)
	if p.keys[table] == nil {
		p.keys[table] = map[string][]string{}
	}
	p.keys[table][k] = append(p.keys[table][k], month)
}

// removeStrays marks for removal the files of the layout the old manifest
// does not list, and returns the generation new files are named after:
// one none of the lake's files has.
func (p *exportPlan) removeStrays(dir string, old Manifest, removing map[string]bool, logger *slog.Logger) (int, error) {
	strays, err := FileProblems(dir, old, nil)
	if err != nil {
		return 0, err
	}
	gen := old.Generation + 1
	for _, s := range strays {
		if _, listed := old.Files[s.File]; !listed {
			logger.Warn("removing a file that is not the lake's", "file", filepath.Join(dir, filepath.FromSlash(s.File)), "problem", s.Reason)
			p.remove = append(p.remove, s.File)
			removing[s.File] = true
			p.repaired++
			var g int
			if _, err := fmt.Sscanf(path.Base(s.File), "data_%d.parquet", &g); err == nil {
				gen = max(gen, g+1)
			}
		}
	}
	return gen, nil
}

// checkKept returns the files of the partitions whose rows are unchanged
// and, of those, the ones that differ from the manifest (by their size, or
// read back with check) with the problem found.
func (p *exportPlan) checkKept(ctx context.Context, db *sql.DB, dir string, old Manifest, want map[string]FileInfo, current map[string]string, check bool) (map[string]FileInfo, map[string]string, error) {
	keep := map[string]FileInfo{}
	for u, info := range want {
		if f, ok := current[u]; ok && old.Files[f].Rows == info.Rows && old.Files[f].Checksum == info.Checksum {
			keep[f] = old.Files[f]
		}
	}
	problems := map[string]string{}
	if check {
		var err error
		if problems, err = fileProblems(ctx, db, dir, keep); err != nil {
			return nil, nil, err
		}
		p.checked = len(keep)
	} else {
		for _, f := range slices.Sorted(maps.Keys(keep)) {
			problem, err := statProblem(dir, f, keep[f])
			if err != nil {
				return nil, nil, err
			}
			if problem != "" {
				problems[f] = problem
			}
		}
	}
	return keep, problems, nil
}

// pruneRetired removes the files retired for Retention or longer and keeps
// the others retired; retired files already gone are forgotten.
func (p *exportPlan) pruneRetired(dir string, old Manifest, removing map[string]bool, now time.Time) {
	for _, f := range slices.Sorted(maps.Keys(old.Retired)) {
		r := old.Retired[f]
		switch {
		case removing[f] || hasFile(old, f):
		case now.Sub(r.Since) >= Retention:
			p.remove = append(p.remove, f)
		default:
			if _, err := os.Lstat(filepath.Join(dir, filepath.FromSlash(f))); err == nil {
				p.next.Retired[f] = r
			}
		}
	}
}

// partitionOf splits a unit TABLE/key=K/year=Y/month=M into its table, K
// and "Y/M" ("" for a unit TABLE/key=K).
func partitionOf(u string) (table, key, month string) {
	parts := strings.Split(u, "/")
	value := func(i int) string { _, v, _ := strings.Cut(parts[i], "="); return v }
	if len(parts) < 4 {
		return parts[0], value(1), ""
	}
	return parts[0], value(1), value(2) + "/" + value(3)
}

// stage writes every unit of the plan into the staging folder, one COPY per
// table and partition key, and returns the commit that installs them.
func stage(ctx context.Context, db *sql.DB, dir string, p exportPlan, logger *slog.Logger) (commit, error) {
	staging := filepath.Join(dir, filepath.FromSlash(StagingDir))
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
			if err := os.MkdirAll(out, 0o755); err != nil {
				return c, err
			}
			if err := copyPartitions(ctx, db, t, cols, k, p.keys[t.Name][k], out); err != nil {
				return c, fmt.Errorf("%s %s=%s: %w", t.Name, t.Key, k, err)
			}
		}
		logger.Debug("staged", "table", t.Name, "keys", len(p.keys[t.Name]))
	}
	for _, t := range p.refs {
		out := filepath.Join(staging, ReferenceDir, t, "data.parquet")
		if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
			return c, err
		}
		q := fmt.Sprintf("COPY (SELECT * FROM %s) TO %s (FORMAT parquet, COMPRESSION zstd)", warehouse.QuoteIdent(t), warehouse.QuoteLiteral(out))
		if _, err := db.ExecContext(ctx, q); err != nil {
			return c, fmt.Errorf("%s: %w", t, err)
		}
	}
	for _, u := range p.write {
		from := path.Join(StagingDir, u, "data.parquet")
		if err := compact(ctx, db, filepath.Join(dir, filepath.FromSlash(from))); err != nil {
			return c, fmt.Errorf("%s: %w", u, err)
		}
		fi, err := os.Stat(filepath.Join(dir, filepath.FromSlash(from)))
		if err != nil {
			return c, err
		}
		to := path.Join(u, fmt.Sprintf("data_%d.parquet", p.next.Generation))
		info := c.Manifest.Files[to]
		info.Size = fi.Size()
		c.Manifest.Files[to] = info
		c.Renames = append(c.Renames, rename{From: from, To: to})
	}
	return c, nil
}

// apply installs a commit: renames each staged file into its place (new
// names: no file the old manifest lists is replaced), replaces the
// manifest, removes the files to remove (retired long enough, damaged or
// not the lake's) and drops the commit record. A reader holding the old
// manifest reads the old files (retired, not removed); one reading the
// new, the new. Every step may be repeated,
// so that an export killed halfway through it is completed by running
// apply again.
func apply(dir string, c commit, hold func(step string)) error {
	abs := func(f string) string { return filepath.Join(dir, filepath.FromSlash(f)) }
	// Links among the files to remove go first (removing a link touches
	// nothing outside), so that no rename goes through one.
	links := map[string]bool{}
	for _, f := range c.Removes {
		if fi, err := os.Lstat(abs(f)); err == nil && fi.Mode()&os.ModeSymlink != 0 {
			if err := insideLake(dir, f); err != nil {
				return err
			}
			if err := os.Remove(abs(f)); err != nil {
				return err
			}
			links[f] = true
		}
	}
	synced := map[string]bool{}
	for _, r := range c.Renames {
		if err := insideLake(dir, r.From, r.To); err != nil {
			return err
		}
		from, to := abs(r.From), abs(r.To)
		if _, err := os.Lstat(from); err != nil {
			continue // renamed before the last export was killed
		}
		if err := os.MkdirAll(filepath.Dir(to), 0o755); err != nil {
			return err
		}
		if err := moveFile(from, to); err != nil {
			return err
		}
		synced[filepath.Dir(to)] = true
	}
	for d := range synced {
		if err := syncDir(d); err != nil {
			return err
		}
	}
	hold("renamed")
	if err := writeJSONAtomic(abs(ManifestPath), c.Manifest); err != nil {
		return err
	}
	hold("manifest")
	for _, f := range c.Removes {
		if links[f] {
			continue
		}
		if err := insideLake(dir, f); err != nil {
			return err
		}
		if err := os.Remove(abs(f)); err != nil && !os.IsNotExist(err) {
			return err
		}
		removeEmptyParents(dir, filepath.Dir(abs(f)))
	}
	if err := os.Remove(abs(CommitPath)); err != nil && !os.IsNotExist(err) {
		return err
	}
	return os.RemoveAll(abs(StagingDir))
}

// insideLake refuses a path whose folders inside the lake include a
// symbolic link, which could lead a rename or removal out of the lake.
// (The paths themselves are checked when the manifest or commit record is
// read: relative, clean, inside the layout.)
func insideLake(dir string, files ...string) error {
	for _, f := range files {
		d := dir
		parts := strings.Split(path.Dir(f), "/")
		for _, part := range parts {
			d = filepath.Join(d, part)
			fi, err := os.Lstat(d)
			if err != nil {
				break // not made yet
			}
			if fi.Mode()&os.ModeSymlink != 0 {
				return fmt.Errorf("%s: a symbolic link in the lake, not followed (rebuild the lake with 'pantau export --rebuild --lake %s' after removing it)", d, dir)
			}
		}
	}
	return nil
}

// recoverCommit completes an export killed after its commit record, and
// drops the staged files of one killed before it.
func recoverCommit(dir string) error {
	c, err := readCommit(dir)
	if err != nil {
		return err
	}
	if c == nil {
		return os.RemoveAll(filepath.Join(dir, filepath.FromSlash(StagingDir)))
	}
	return apply(dir, *c, func(string) {})
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
