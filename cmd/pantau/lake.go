package main

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"github.com/disdukcapil-bekasi/pantau/ikm"
	"github.com/disdukcapil-bekasi/pantau/kpi"
	"github.com/disdukcapil-bekasi/pantau/lake"
	"github.com/disdukcapil-bekasi/pantau/warehouse"
)

// lakeMemoryLimit caps the in-memory database that reads lakes when the
// settings give no duckdb.memory_limit; DuckDB spills the rest to the temp
// folder.
const lakeMemoryLimit = "4GB"

// upperWeeks are the province and national KPI rows a command reads: none
// (kpi --by region, the weekly report), every week (sql, check, forecast:
// they may read any), or the weeks from..to (ISO weeks, "" the latest week
// with data) and the before weeks before from. Over several lakes only
// those are pooled.
type upperWeeks struct {
	read, every bool
	from, to    string
	before      int
}

// everyUpperWeek is what a command that may read anything reads.
var everyUpperWeek = upperWeeks{read: true, every: true}

// nationalReportWeeks are the weeks of province or national rows the
// national report reads, ending with its week: the summary's cards (the
// week and the one before). The scope's substitute-letter signal over
// twelve weeks is summed from its regions' rows.
const nationalReportWeeks = 2

// openLakes opens the --lake folders as a read-only warehouse: views over
// their Parquet files, the settings of the metrics layer installed, and,
// for several exports, the province and national KPI rows of the weeks the
// command reads (upper) pooled from all their facts (the other weeks have
// none).
func (a *app) openLakes(ctx context.Context, upper upperWeeks) (*warehouse.Warehouse, error) {
	start := a.now()
	// The metrics layer is installed while the fact tables are still
	// empty tables: its views bind in milliseconds, not against the
	// lakes' files (1.7 s over 514 lakes).
	var installed time.Duration
	opt := lake.OpenOptions{MemoryLimit: a.cfg.DuckDB.MemoryLimit, TempDir: a.cfg.DuckDB.TempDirectory, Threads: a.cfg.DuckDB.Threads,
		Setup: func(ctx context.Context, db *sql.DB) error {
			t := a.now()
			defer func() { installed += a.now().Sub(t) }()
			return kpi.Install(ctx, db, a.cfg, ikm.Install(a.cfg))
		}}
	if opt.MemoryLimit == "" {
		opt.MemoryLimit = lakeMemoryLimit
	}
	l, err := lake.Open(ctx, a.lakes, opt)
	if err != nil {
		return nil, err
	}
	w := l.Warehouse
	opened := a.now()
	settings := kpi.SettingsFrom(a.cfg)
	pooled := l.Pooled && upper.read
	if pooled {
		if err := a.pool(ctx, w, settings, upper, l.Applications); err != nil {
			w.Close()
			return nil, err
		}
	}
	a.logger.Debug("lakes opened", "exports", len(l.Roots), "pooled", pooled, "weeks", upper, "applications", l.Applications,
		"open", opened.Sub(start).Round(time.Millisecond), "install_in_open", installed.Round(time.Millisecond),
		"pool", a.now().Sub(opened).Round(time.Millisecond))
	return w, nil
}

// pool fills kpi_weekly_pooled with the province and national rows of the
// weeks upper names, pooled from every lake's facts.
func (a *app) pool(ctx context.Context, w *warehouse.Warehouse, s kpi.Settings, upper upperWeeks, applications bool) error {
	var from, to time.Time
	if !upper.every {
		latest := ""
		week := func(w string) (time.Time, error) {
			if w == "" {
				return kpi.ParseWeek(latest)
			}
			return kpi.ParseWeek(w)
		}
		if upper.from == "" || upper.to == "" {
			var err error
			if latest, err = kpi.LatestWeek(ctx, w.DB); errors.Is(err, kpi.ErrNoData) {
				return nil // no week to pool
			} else if err != nil {
				return err
			}
		}
		var err error
		if from, err = week(upper.from); err != nil {
			return err
		}
		if to, err = week(upper.to); err != nil {
			return err
		}
		from = from.AddDate(0, 0, -7*upper.before)
	}
	return kpi.RefreshPooled(ctx, w.DB, s, "kpi_weekly_pooled", applications, from, to)
}

func (a *app) exportCmd() *cobra.Command {
	var dir string
	var rebuild, check bool
	cmd := &cobra.Command{
		Use:   "export --lake DIR [--rebuild]",
		Short: "Write the warehouse as a lake of Hive-partitioned Parquet (changed partitions only)",
		Long: `Write every fact table and kpi_weekly into DIR as Hive-partitioned Parquet (zstd):
service_events/region_code=3216/year=2023/month=01/data_N.parquet (and so the stored
KTP-el applications, ktp_el_applications/), the smaller tables one file per region
(complaints/region_code=3216/data_N.parquet), the province and national KPI rows under
kpi_weekly_scopes/scope=province|national/, the reference tables under _reference/.
A lake of the layout before (every table by month) is rewritten whole. Only the files whose
rows changed since the last export are written, found from what was loaded since (the
manifest's watermark: load runs, row counts), and none is replaced until all are staged:
a killed export leaves the lake as it was (or is completed by the next one). Every file
of the lake is checked against the manifest by its size and rewritten or removed if it
differs; --check also reads every file back (rows, checksum) and recomputes every
partition. A lake belongs to the warehouse that wrote it: another warehouse's export
into it is refused.
--rebuild rewrites the lake whole from the warehouse, whatever its manifest says (a
damaged manifest, another warehouse's lake), removing the files of the lake's layout
the new manifest does not list. NIKs stay hashed with the regency's key. Read a lake,
or a folder of many regencies' lakes, with 'pantau --lake DIR kpi|report|forecast|sql|check';
check one with 'pantau lake verify --lake DIR'. See docs/national.md.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if dir == "" {
				return usagef("export needs --lake DIR")
			}
			return a.runExport(cmd.Context(), dir, rebuild, check)
		},
	}
	cmd.Flags().StringVar(&dir, "lake", "", "the lake folder to write")
	cmd.Flags().BoolVar(&rebuild, "rebuild", false, "rewrite the lake whole from the warehouse, whatever its manifest or owner")
	cmd.Flags().BoolVar(&check, "check", false, "read every file back and recompute every partition (as 'lake verify' does), repairing what differs")
	return cmd
}

func (a *app) runExport(ctx context.Context, dir string, rebuild, check bool) error {
	start := a.now()
	if err := a.checkSpace(dir, int64(float64(warehouseSize(a.dbPath))*exportGrowth)); err != nil {
		return err
	}
	opt := a.warehouseOptions(true)
	opt.Directories = []string{dir} // the one folder the export writes
	w, err := warehouse.Open(ctx, a.dbPath, opt)
	if err != nil {
		return err
	}
	defer w.Close()
	st, err := lake.Export(ctx, w.DB, dir, lake.Options{Rebuild: rebuild, Check: check, Logger: a.logger, Now: a.now(), Hold: a.holdExport})
	if err != nil {
		return err
	}
	took := a.now().Sub(start).Round(time.Millisecond)
	a.logger.Info("exported", "lake", dir, "written", st.Written, "removed", st.Removed, "unchanged", st.Unchanged, "retired", st.Retired,
		"repaired", st.Repaired, "rows", st.RowsWritten, "computed", st.Computed, "checked", st.Checked, "took", took)
	if st.Written == 0 && st.Removed == 0 && st.Retired == 0 {
		fmt.Fprintf(a.stdout, "%s: nothing changed (%d files up to date)\n", dir, st.Unchanged)
		return nil
	}
	repaired := ""
	if st.Repaired > 0 {
		repaired = fmt.Sprintf("; %d files repaired (they differed from the manifest)", st.Repaired)
	}
	retired := ""
	if st.Retired > 0 {
		retired = fmt.Sprintf("; %d superseded files kept %s for the commands reading them", st.Retired, lake.Retention)
	}
	fmt.Fprintf(a.stdout, "%s: %d files written (%d rows), %d removed, %d unchanged%s%s\n", dir, st.Written, st.RowsWritten, st.Removed, st.Unchanged, retired, repaired)
	return nil
}
