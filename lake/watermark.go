package lake

import (
	"context"
	"database/sql"
	"fmt"
	"maps"
	"path"
	"slices"
	"strings"

	"github.com/disdukcapil-bekasi/pantau/warehouse"
)

// Watermark is what the warehouse had loaded when an export brought the lake
// up to date with it. A load only adds rows (under a new load_id) to the
// tables it writes, and the stored applications and KPIs change only with
// the facts, the settings or the schema; so the next export, finding the
// same loads and settings, knows which partitions may differ from the
// manifest without reading the others: none, or those the rows of the loads
// since fall in.
type Watermark struct {
	// LastLoad is the highest load_id of load_runs; Loads a fingerprint of
	// every load run up to it (id, file hash, start, status).
	LastLoad int64  `json:"last_load"`
	Loads    string `json:"loads"`
	// State fingerprints what changes stored rows without a load: the
	// migrations applied and the settings the KPIs were computed with.
	State string `json:"state"`
	// Rows counts the rows of each table loads write.
	Rows map[string]int64 `json:"rows"`
}

// loadedTables are the lake's tables that loads write (with a load_id).
func loadedTables() []Table {
	return slices.DeleteFunc(Tables(), func(t Table) bool {
		return t.Source == applicationsTable || t.Source == "kpi_weekly"
	})
}

// watermarkOf reads the warehouse's watermark; nil while a load's refresh is
// pending (kpi_dirty holds notes), when the stored applications and KPIs
// will still change without a load.
func watermarkOf(ctx context.Context, db *sql.DB) (*Watermark, error) {
	var pending bool
	if err := db.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM kpi_dirty)`).Scan(&pending); err != nil || pending {
		return nil, err
	}
	w := &Watermark{Rows: map[string]int64{}}
	if err := db.QueryRowContext(ctx, `SELECT coalesce(max(load_id), 0) FROM load_runs`).Scan(&w.LastLoad); err != nil {
		return nil, err
	}
	var err error
	if w.Loads, err = loadsUpTo(ctx, db, w.LastLoad); err != nil {
		return nil, err
	}
	var parts []string
	for _, t := range []string{"schema_migrations", "settings", "sla_limits", "workday_calendar"} {
		parts = append(parts, fmt.Sprintf("(SELECT count(*) || ':' || coalesce(sum(hash(t)), 0) FROM %s t)", warehouse.QuoteIdent(t)))
	}
	if err := db.QueryRowContext(ctx, "SELECT "+strings.Join(parts, " || '/' || ")).Scan(&w.State); err != nil {
		return nil, err
	}
	for _, t := range loadedTables() {
		var n int64
		if err := db.QueryRowContext(ctx, "SELECT count(*) FROM "+warehouse.QuoteIdent(t.Source)).Scan(&n); err != nil {
			return nil, err
		}
		w.Rows[t.Source] = n
	}
	return w, nil
}

// loadsUpTo fingerprints the load runs up to load id last.
func loadsUpTo(ctx context.Context, db *sql.DB, last int64) (string, error) {
	var fp string
	err := db.QueryRowContext(ctx, `SELECT count(*) || ':' || coalesce(sum(hash(load_id, file_hash, started_at, status)), 0)
		FROM load_runs WHERE load_id <= ?`, last).Scan(&fp)
	return fp, err
}

// changes is what an export recomputes in the warehouse: every unit (all),
// or, of the loaded tables and the stored applications, only the partitions
// the rows loaded since the watermark fall in (partitions) and the
// applications of the regions those rows' events belong to (regions). The
// KPI and reference units are always recomputed: they are small.
type changes struct {
	all        bool
	partitions map[string]map[string]bool // table → touched units
	regions    map[string]bool            // regions whose applications are recomputed
}

// changesSince compares the warehouse with the watermark of the lake's
// manifest. Anything but loads that only added rows — another warehouse
// state (settings, migrations), a load run changed or gone (a restore), rows
// of earlier loads deleted (a --replace load, which deletes the rows it
// replaces), a pending refresh, no watermark — means all.
func changesSince(ctx context.Context, db *sql.DB, old Manifest, now *Watermark) (changes, error) {
	all := changes{all: true}
	was := old.Watermark
	if was == nil || now == nil || !old.Applications || was.State != now.State || now.LastLoad < was.LastLoad {
		return all, nil
	}
	if fp, err := loadsUpTo(ctx, db, was.LastLoad); err != nil || fp != was.Loads {
		return all, err
	}
	c := changes{partitions: map[string]map[string]bool{}, regions: map[string]bool{}}
	for _, t := range loadedTables() {
		if now.Rows[t.Source] == was.Rows[t.Source] && now.LastLoad == was.LastLoad {
			continue // no load since, no row gone
		}
		var earlier int64
		if err := db.QueryRowContext(ctx, "SELECT count(*) FROM "+warehouse.QuoteIdent(t.Source)+" WHERE load_id <= ?", was.LastLoad).Scan(&earlier); err != nil {
			return all, err
		}
		if earlier != was.Rows[t.Source] {
			return all, nil
		}
		cols, err := fileColumns(ctx, db, t)
		if err != nil {
			return all, err
		}
		rows, err := db.QueryContext(ctx, "SELECT DISTINCT __key, year, month FROM ("+partitioned(t, cols, "load_id > $1")+")", was.LastLoad)
		if err != nil {
			return all, err
		}
		for rows.Next() {
			var key, year, month string
			if err := rows.Scan(&key, &year, &month); err != nil {
				rows.Close()
				return all, err
			}
			if c.partitions[t.Name] == nil {
				c.partitions[t.Name] = map[string]bool{}
			}
			c.partitions[t.Name][unitOf(t, key, year, month)] = true
			if t.Source == "service_events" {
				c.regions[key] = true
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return all, err
		}
	}
	return c, nil
}

// unitOf is the folder of a partition: TABLE/key=K/year=Y/month=M, or
// TABLE/key=K for a table not partitioned by month.
func unitOf(t Table, key, year, month string) string {
	if !t.Monthly {
		return path.Join(t.Name, t.Key+"="+key)
	}
	return path.Join(t.Name, t.Key+"="+key, "year="+year, "month="+month)
}

// keptUnits are the units of table the manifest lists, with their rows and
// checksum, but those keep says no to.
func keptUnits(old Manifest, table string, keep func(unit string) bool) map[string]FileInfo {
	out := map[string]FileInfo{}
	for _, f := range slices.Sorted(maps.Keys(old.Files)) {
		if u := path.Dir(f); strings.HasPrefix(f, table+"/") && keep(u) {
			out[u] = old.Files[f]
		}
	}
	return out
}
