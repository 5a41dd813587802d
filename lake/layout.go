package lake

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

// The lake's layout is defined here, once: both its writer (Export) and its
// reader (Open) follow it.
//
//	DIR/_pantau/manifest.json                 what the last export wrote: every file, its size, rows and checksum
//	DIR/_reference/<table>/data_G.parquet     regions, kecamatan, offices, ...
//	DIR/<table>/region_code=R/year=YYYY/month=MM/data_G.parquet   the big tables (Table.Monthly)
//	DIR/<table>/region_code=R/data_G.parquet  the small ones, one file per region
//	DIR/kpi_weekly_scopes/scope=S/data_G.parquet
//
// Partition columns are in the path only (the Hive convention Trino and
// Spark follow). Rows without a date are in year=0000/month=00. G is the
// export that wrote the file (the manifest's Generation then): a file is
// never replaced in place, so that a reader holding a manifest reads
// exactly the files it lists. The files an export supersedes stay, listed
// as retired, for Retention (a reader that opened the lake before the
// export keeps reading them) and are removed by the first export after.

// ManifestPath is the path of an export's manifest inside its lake
// folder; a folder holding one is an export's root.
const ManifestPath = "_pantau/manifest.json"

// CommitPath is the record an export writes before renaming its new
// files into place and removes after.
const CommitPath = "_pantau/commit.json"

// StagingDir is where an export writes its new files before its commit.
const StagingDir = "_pantau/staging"

// ReferenceDir is the folder of the reference tables inside a lake.
const ReferenceDir = "_reference"

// ManifestVersion changes when the layout does; an export rewrites a
// lake of another version whole. Version 2 partitioned every table by
// month; version 3 only the big ones (Table.Monthly).
const ManifestVersion = 3

// readableVersions are the versions a reader reads: this one, and the
// one before (every table by month), which its next export rewrites.
var readableVersions = []int{2, ManifestVersion}

// Manifest is what the last export wrote: every file of the lake, by
// its path relative to the lake folder (slash-separated), and whose it is.
type Manifest struct {
	Version int `json:"version"`
	// Generation counts the lake's exports; new files are named after it.
	Generation int `json:"generation"`
	// Owner is the warehouse the lake belongs to.
	Owner Owner `json:"owner"`
	// Applications tells that the lake carries its warehouse's stored
	// KTP-el applications (the table ktp_el_applications, current with
	// the facts when exported): a reader of many lakes pools them instead
	// of regrouping the events. A lake written by an older pantau, or from
	// a warehouse whose refresh was pending, does not.
	Applications bool                `json:"applications,omitempty"`
	Files        map[string]FileInfo `json:"files"`
	// Retired are the files earlier manifests listed and this one does
	// not, kept for the readers that opened the lake before (their views
	// read them) until an export after Retention removes them.
	Retired map[string]Retired `json:"retired,omitempty"`
	// Watermark is what the warehouse had loaded when this manifest was
	// written (none while a refresh was pending): the next export decides
	// from it which partitions may have changed (watermark.go).
	Watermark *Watermark `json:"watermark,omitempty"`
	// Columns are the columns every file of each table holds (by the
	// table's folder: service_events, _reference/regions): a reader whose
	// lakes all say the same reads their files without opening each one
	// to unite their schemas. Older manifests lack it.
	Columns map[string][]string `json:"columns,omitempty"`
	// Facts are the warehouse's region_facts when exported (every region
	// with facts, the first and last service event and complaint), and
	// KPISpan its kpi_span (the first and last week of kpi_weekly): a
	// reader of many lakes takes them from the manifests instead of
	// opening every file. Older manifests lack them.
	Facts   []RegionFacts `json:"facts,omitempty"`
	KPISpan []string      `json:"kpi_span,omitempty"`
}

// RegionFacts is one row of region_facts; times as DuckDB prints a
// TIMESTAMP (local wall time), empty for none.
type RegionFacts struct {
	Region         string `json:"region" sql:"region_code"`
	FirstEvent     string `json:"first_event,omitempty" sql:"first_event"`
	LastEvent      string `json:"last_event,omitempty" sql:"last_event"`
	FirstComplaint string `json:"first_complaint,omitempty" sql:"first_complaint"`
	LastComplaint  string `json:"last_complaint,omitempty" sql:"last_complaint"`
}

// Retired is a file an export superseded: its size, and when.
type Retired struct {
	Size  int64     `json:"size"`
	Since time.Time `json:"since"`
}

// Retention is how long the files an export supersedes stay for the
// commands that opened the lake before it.
const Retention = 10 * time.Minute

// Owner identifies the warehouse that writes a lake: an id derived from
// its first load (stable across backups and restores) and the regions its
// partitions hold.
type Owner struct {
	Warehouse string   `json:"warehouse"`
	Regions   []string `json:"regions"`
}

// FileInfo is the content of one lake file as the warehouse computed it:
// the number of rows and the sum of DuckDB's hash of each row's stored
// columns (as decimal text; order-free, and unlike a XOR not fooled by
// duplicate rows), and the file's size in bytes.
type FileInfo struct {
	Rows     int64  `json:"rows"`
	Checksum string `json:"checksum"`
	Size     int64  `json:"size"`
}

// commit is the record an export writes once every new file is staged:
// what to rename and remove, and the manifest that holds afterwards.
type commit struct {
	Renames  []rename `json:"renames"`
	Removes  []string `json:"removes"`
	Manifest Manifest `json:"manifest"`
}

// rename moves a staged file into place; both paths are relative to the
// lake folder.
type rename struct {
	From string `json:"from"`
	To   string `json:"to"`
}

// ErrDamaged marks a manifest or commit record that cannot be trusted:
// only 'pantau export --rebuild' recovers the lake.
var ErrDamaged = errors.New("damaged lake")

// lakeDamaged is the error of a damaged manifest or commit record, which
// says how to recover.
func lakeDamaged(dir, file, reason string) error {
	return fmt.Errorf("%w: %s: %s: rewrite the lake from its warehouse with 'pantau export --rebuild --lake %s'",
		ErrDamaged, filepath.Join(dir, filepath.FromSlash(file)), reason, dir)
}

// isLakeLayoutFolder tells whether name is a top folder of a lake's files.
func isLakeLayoutFolder(name string) bool {
	if name == ReferenceDir {
		return true
	}
	return slices.ContainsFunc(Tables(), func(t Table) bool { return t.Name == name })
}

// checkLakePath says why p is no path of a lake file: it must be clean,
// relative, slash-separated, without "..", inside one of the lake's
// folders and a Parquet file (under the staging folder when staged).
func checkLakePath(p string, staged bool) error {
	rest := p
	if staged {
		var ok bool
		if rest, ok = strings.CutPrefix(p, StagingDir+"/"); !ok {
			return fmt.Errorf("%q is not inside %s", p, StagingDir)
		}
	}
	switch {
	case p == "" || path.IsAbs(p) || filepath.IsAbs(p) || strings.ContainsAny(p, "\\\x00") || strings.Contains(p, ":"):
		return fmt.Errorf("%q is not a relative path", p)
	case path.Clean(p) != p || slices.Contains(strings.Split(p, "/"), ".."):
		return fmt.Errorf("%q is not a clean path inside the lake", p)
	case !isLakeLayoutFolder(strings.Split(rest, "/")[0]) || !strings.Contains(rest, "/") || !strings.HasSuffix(rest, ".parquet"):
		return fmt.Errorf("%q is not a file of the lake's layout", p)
	}
	return nil
}

// ReadManifest reads dir's manifest: ok is false when there is none;
// one that is not JSON, of a version not read (readableVersions) or with a
// path outside the lake's layout is a LakeDamaged error.
func ReadManifest(dir string) (m Manifest, ok bool, err error) {
	b, err := readLakeFile(filepath.Join(dir, filepath.FromSlash(ManifestPath)))
	if errors.Is(err, fs.ErrNotExist) {
		return m, false, nil
	}
	if err != nil {
		return m, false, err
	}
	if err := json.Unmarshal(b, &m); err != nil {
		return m, false, lakeDamaged(dir, ManifestPath, "not a manifest ("+err.Error()+")")
	}
	if !slices.Contains(readableVersions, m.Version) {
		return m, true, lakeDamaged(dir, ManifestPath, fmt.Sprintf("version %d, not %d", m.Version, ManifestVersion))
	}
	if err := checkManifestPaths(m); err != nil {
		return m, true, lakeDamaged(dir, ManifestPath, err.Error())
	}
	return m, true, nil
}

func checkManifestPaths(m Manifest) error {
	for _, f := range slices.Sorted(maps.Keys(m.Files)) {
		if err := checkLakePath(f, false); err != nil {
			return fmt.Errorf("file %w", err)
		}
	}
	for _, f := range slices.Sorted(maps.Keys(m.Retired)) {
		if err := checkLakePath(f, false); err != nil {
			return fmt.Errorf("retired file %w", err)
		}
	}
	return nil
}

// readCommit reads dir's commit record: nil when there is none; one
// that is not JSON or names a path outside the lake's layout is a
// LakeDamaged error, so that nothing outside the lake is ever touched.
func readCommit(dir string) (*commit, error) {
	b, err := readLakeFile(filepath.Join(dir, filepath.FromSlash(CommitPath)))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var c commit
	if err := json.Unmarshal(b, &c); err != nil {
		return nil, lakeDamaged(dir, CommitPath, "not a commit record ("+err.Error()+")")
	}
	bad := func(err error) error { return lakeDamaged(dir, CommitPath, err.Error()) }
	for _, r := range c.Renames {
		if err := checkLakePath(r.From, true); err != nil {
			return nil, bad(fmt.Errorf("rename from %w", err))
		}
		if err := checkLakePath(r.To, false); err != nil {
			return nil, bad(fmt.Errorf("rename to %w", err))
		}
	}
	for _, f := range c.Removes {
		if err := checkLakePath(f, false); err != nil {
			return nil, bad(fmt.Errorf("remove %w", err))
		}
	}
	if err := checkManifestPaths(c.Manifest); err != nil {
		return nil, bad(err)
	}
	return &c, nil
}

// Problem is a file of a lake that differs from its manifest.
type Problem struct {
	File   string // relative to the lake folder, slash-separated
	Reason string
}

func (p Problem) String() string { return p.File + ": " + p.Reason }

// FileProblems compares the files under dir's layout folders with the
// manifest m, cheaply (a walk and a stat, no reading): a file the manifest
// does not list (but those a commit under way, c, adds or removes), a file
// it lists that is missing or of another size, a retired file of another
// size than the manifest's (a missing one is no problem: nothing reads it
// but a reader of an earlier manifest), and anything that is not a regular
// file (a symbolic link could lead out of the lake). Files and
// folders whose name starts with "." or "_" are hidden to Trino and Spark
// and ignored, but for _reference.
func FileProblems(dir string, m Manifest, c *commit) ([]Problem, error) {
	allowed := map[string]bool{}
	if c != nil {
		for _, r := range c.Renames {
			allowed[r.To] = true
		}
		for _, f := range c.Removes {
			allowed[f] = true
		}
		for f := range c.Manifest.Files {
			allowed[f] = true
		}
	}
	var out []Problem
	seen := map[string]bool{}
	top, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	for _, e := range top {
		if !isLakeLayoutFolder(e.Name()) {
			continue
		}
		err := filepath.WalkDir(filepath.Join(dir, e.Name()), func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			rel, _ := filepath.Rel(dir, p)
			rel = filepath.ToSlash(rel)
			if hidden(d.Name()) && rel != ReferenceDir {
				if d.IsDir() {
					return filepath.SkipDir
				}
				return nil
			}
			switch {
			case d.IsDir():
				return nil
			case !d.Type().IsRegular():
				out = append(out, Problem{rel, "not a regular file (a link?)"})
			case !hasFile(m, rel) && hasRetired(m, rel) && !allowed[rel]:
				info, err := d.Info()
				if err != nil {
					return err
				}
				if want := m.Retired[rel].Size; info.Size() != want {
					out = append(out, Problem{rel, fmt.Sprintf("%d bytes, the manifest says %d (a retired file)", info.Size(), want)})
				}
			case !hasFile(m, rel):
				if !allowed[rel] {
					out = append(out, Problem{rel, "not in the lake's manifest"})
				}
			default:
				seen[rel] = true
				info, err := d.Info()
				if err != nil {
					return err
				}
				if want := m.Files[rel].Size; info.Size() != want {
					out = append(out, Problem{rel, fmt.Sprintf("%d bytes, the manifest says %d", info.Size(), want)})
				}
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	for _, f := range slices.Sorted(maps.Keys(m.Files)) {
		if !seen[f] && !slices.ContainsFunc(out, func(p Problem) bool { return p.File == f }) {
			out = append(out, Problem{f, "missing"})
		}
	}
	slices.SortFunc(out, func(a, b Problem) int { return strings.Compare(a.File, b.File) })
	return out, nil
}

func hasFile(m Manifest, f string) bool {
	_, ok := m.Files[f]
	return ok
}

func hasRetired(m Manifest, f string) bool {
	_, ok := m.Retired[f]
	return ok
}

func hidden(name string) bool { return strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_") }

// Table is one partitioned table of a lake.
type Table struct {
	// Name is the table's folder.
	Name string
	// Source is the warehouse table its rows come from; Where selects them.
	Source, Where string
	// Key is the first partition column (region_code, or scope for the
	// province and national KPI rows); it is not stored in the files.
	Key string
	// Date is the SQL expression of the date that picks the row's year and
	// month partition (NULL: year=0000/month=00).
	Date string
	// Monthly tables are partitioned by the year and month of Date, so
	// that a week of new data rewrites a month's file, not the region's
	// history. The others are small (a few rows per region and week): one
	// file per partition key, so that a folder of hundreds of lakes is not
	// tens of thousands of small files.
	Monthly bool
}

// weekMonday is the Monday of an ISO week text 2023-W01.
const weekMonday = `(make_date(CAST(left(week, 4) AS INTEGER), 1, 4)
	- CAST(isodow(make_date(CAST(left(week, 4) AS INTEGER), 1, 4)) - 1 AS INTEGER)
	+ (CAST(right(week, 2) AS INTEGER) - 1) * 7)`

// applicationsTable is the warehouse's stored KTP-el applications, one row
// per application (kpi.Refresh keeps it), partitioned by the month of the
// application's first event. It is exported only when current
// (Manifest.Applications).
const applicationsTable = "ktp_el_applications"

// Tables lists the partitioned tables of a lake in export order: the
// service events and the stored applications by month (tens of thousands
// of rows a month per region), the others one file per region.
// kpi_weekly's rows of the scopes office, kecamatan and region go to
// kpi_weekly; its province and national rows (region_code NULL) go to
// kpi_weekly_scopes, partitioned by scope, so that no partition value
// stands for NULL.
func Tables() []Table {
	return []Table{
		{Name: "service_events", Source: "service_events", Key: "region_code", Date: "event_time", Monthly: true},
		{Name: "blanko_deliveries", Source: "blanko_deliveries", Key: "region_code", Date: "coalesce(received_at, requested_at)"},
		{Name: "blanko_stock_counts", Source: "blanko_stock_counts", Key: "region_code", Date: "counted_at"},
		{Name: "complaints", Source: "complaints", Key: "region_code", Date: "received_at"},
		{Name: "survey_responses", Source: "survey_responses", Key: "region_code", Date: "submitted_at"},
		{Name: applicationsTable, Source: applicationsTable, Key: "region_code", Date: "first_event_at", Monthly: true},
		{Name: "kpi_weekly", Source: "kpi_weekly", Where: "region_code IS NOT NULL", Key: "region_code", Date: weekMonday},
		{Name: "kpi_weekly_scopes", Source: "kpi_weekly", Where: "region_code IS NULL", Key: "scope", Date: weekMonday},
	}
}

// ReferenceTables are the reference tables a lake carries so that it is
// self-contained; a table the warehouse lacks (an older schema) is skipped.
func ReferenceTables() []string {
	return []string{"regions", "provinces", "kecamatan", "kecamatan_aliases", "offices", "holidays"}
}
