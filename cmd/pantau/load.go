package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"text/tabwriter"
	"time"

	"github.com/schollz/progressbar/v3"
	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/disdukcapil-bekasi/pantau/checks"
	"github.com/disdukcapil-bekasi/pantau/etl"
	"github.com/disdukcapil-bekasi/pantau/ikm"
	"github.com/disdukcapil-bekasi/pantau/kpi"
	"github.com/disdukcapil-bekasi/pantau/planning"
	"github.com/disdukcapil-bekasi/pantau/warehouse"
)

func (a *app) loadCmd() *cobra.Command {
	var opt etl.Options
	var kind string
	var maxRate float64
	var strict, replace bool
	cmd := &cobra.Command{
		Use:   "load [flags] PATH...",
		Short: "Load service events, blanko deliveries, stock counts, complaints and survey responses into the warehouse",
		Long: `Load CSV (',' or ';', UTF-8 or Windows-1252), NDJSON, Parquet, XLSX or Arrow IPC files.
A folder stands for the data files in it. Each file loads in one transaction; bad rows
go to the rejects table with their line and column, good rows load. A file already
loaded (same bytes) is skipped; a re-sent row with a known id updates it, unless
the id names another row (another application, office, or a date more than 31 days
away): that row is rejected as id_conflict and the stored row kept, unless --replace.
Two rows of one file with one id that name different rows are id_conflict rejects,
all of them (with --replace the last one is kept). A date before load.earliest_date or
later than now plus load.max_future (pantau.yaml) is rejected as date_out_of_range.`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opt.Kind = etl.Kind(kind)
			if kind != "" && !validKind(opt.Kind) {
				return usagef("--kind: %q is not service_events, blanko_deliveries, blanko_stock_counts, complaints or survey_responses", kind)
			}
			opt.MaxRejectRate = a.cfg.Load.MaxRejectRate
			if cmd.Flags().Changed("max-reject-rate") {
				if !(maxRate >= 0 && maxRate <= 1) {
					return usagef("--max-reject-rate: %v is not between 0 and 1", maxRate)
				}
				opt.MaxRejectRate = maxRate
			}
			opt.Strict = strict || a.cfg.Load.Strict
			opt.Replace = replace
			_, err := a.load(cmd.Context(), args, opt)
			return err
		},
	}
	cmd.Flags().StringVar(&kind, "kind", "", "source kind of every file, instead of detecting it from the header")
	cmd.Flags().BoolVar(&strict, "strict", false, "fail a file on its first bad row")
	cmd.Flags().BoolVar(&replace, "replace", false, "let a re-sent id that names another row (id_conflict) replace the stored row")
	cmd.Flags().Float64Var(&maxRate, "max-reject-rate", 0.05, "fail a file whose share of bad rows is above this")
	return cmd
}

func validKind(k etl.Kind) bool {
	for _, known := range etl.Kinds() {
		if k == known {
			return true
		}
	}
	return false
}

// load opens the warehouse as its writer, loads paths and prints a summary.
func (a *app) load(ctx context.Context, paths []string, opt etl.Options) ([]etl.Result, error) {
	for _, p := range paths { // before the warehouse is created
		if _, err := os.Stat(p); err != nil {
			return nil, err
		}
	}
	w, err := a.openWriter(ctx)
	if err != nil {
		return nil, err
	}
	defer func() { w.Close() }()
	// After the open: it gives back what a load that filled the disk left.
	if err := a.checkSpace(dirOf(a.dbPath), loadNeed(paths)); err != nil {
		return nil, err
	}
	key, err := a.nikKey()
	if err != nil {
		return nil, err
	}
	loader, err := etl.NewLoader(ctx, w.DB, a.cfg, key, a.logger, a.now)
	if err != nil {
		return nil, err
	}
	defer loader.Close()
	if err := a.hold(ctx, holdBeforeLoad); err != nil {
		return nil, err
	}
	if bar := a.progressBar(); bar != nil {
		opt.Progress = func(file, step string) {
			bar.Describe(filepath.Base(file) + ": " + step)
			_ = bar.Add(0) // redraw with the new description
		}
		defer bar.Finish()
	}
	results, loadErr := loader.Load(ctx, paths, opt)
	a.printLoadResults(results)
	if err := ctx.Err(); err != nil {
		// Interrupted: the files committed so far stay, noted in kpi_dirty
		// for the next refresh (readers say the KPIs are out of date).
		return results, err
	}
	if diskFull(results) {
		// A file that filled the disk left the warehouse file longer than
		// its blocks; opening it again gives that back, and the refresh
		// below needs the room.
		loader.Close()
		w.Close()
		if w, err = a.openWriter(ctx); err != nil {
			return results, err
		}
	}
	if err := a.hold(ctx, holdBeforeRefresh); err != nil {
		return results, err
	}
	if err := a.afterLoad(ctx, w); err != nil {
		return results, err
	}
	return results, loadErr
}

// diskFull tells whether a file failed on a full disk.
func diskFull(results []etl.Result) bool {
	for _, r := range results {
		if r.Err != nil && isDiskFull(r.Err) {
			return true
		}
	}
	return false
}

// The points where the test wiring may hold a load (app.holdLoad).
const (
	holdBeforeLoad    = "load"
	holdBeforeRefresh = "refresh"
)

// hold runs the test wiring's holdLoad at a point of a load; nil outside tests.
func (a *app) hold(ctx context.Context, point string) error {
	if a.holdLoad == nil {
		return nil
	}
	return a.holdLoad(ctx, point)
}

// afterLoad refreshes what depends on the loaded data (the writer is the
// only one who may): the analysts' views, the settings they read, and the
// stored KPIs and stock plans of the regions and weeks the load touched.
func (a *app) afterLoad(ctx context.Context, w *warehouse.Warehouse) error {
	if err := kpi.Install(ctx, w.DB, a.cfg, ikm.Install(a.cfg)); err != nil {
		return err
	}
	// The stored plans and survey keep the load's notes, which the KPI
	// refresh clears.
	if err := planning.NoteDirty(ctx, w.DB); err != nil {
		return err
	}
	if err := ikm.NoteDirty(ctx, w.DB); err != nil {
		return err
	}
	start := a.now()
	st, err := kpi.Refresh(ctx, w.DB, kpi.SettingsFrom(a.cfg), false)
	if err != nil {
		return err
	}
	a.logger.Info("kpis refreshed", "full", st.Full, "regions", st.Regions, "provinces", st.Provinces,
		"region_weeks", st.Weeks, "took", a.now().Sub(start).Round(time.Millisecond))
	return a.refreshStoredPlans(ctx, w, false)
}

// refreshStoredPlans brings the stored stock plans, track records and
// survey up to date after the KPI refresh (all of them with full), and
// keeps the results of the checks for the quality report.
func (a *app) refreshStoredPlans(ctx context.Context, w *warehouse.Warehouse, full bool) error {
	start := a.now()
	st, err := planning.RefreshStored(ctx, w.DB, kpi.SettingsFrom(a.cfg),
		planning.StoreOptions{Plan: a.planOptions(), Weeks: a.cfg.Forecast.StoredWeeks}, full)
	if err != nil {
		return err
	}
	a.logger.Info("stock plans stored", "full", st.Full, "regions", st.Regions, "region_weeks", st.Made,
		"weeks", st.First+".."+st.Last, "took", a.now().Sub(start).Round(time.Millisecond))
	start = a.now()
	ist, err := ikm.RefreshStored(ctx, w.DB, ikm.SettingsFrom(a.cfg), full)
	if err != nil {
		return err
	}
	a.logger.Info("survey stored", "full", ist.Full, "regions", ist.Regions, "region_periods", ist.Made,
		"periods", ist.First+".."+ist.Last, "took", a.now().Sub(start).Round(time.Millisecond))
	// The quality report reads the checks kept for the facts as they are
	// now (checks.StoredCheck), so the first report after a load is as
	// quick as the next.
	start = a.now()
	results, err := checks.Check(ctx, w.DB, kpi.SettingsFrom(a.cfg))
	if err != nil {
		return err
	}
	if err := checks.Keep(ctx, w.DB, kpi.SettingsFrom(a.cfg), results); err != nil {
		return err
	}
	a.logger.Info("checks kept", "results", len(results), "took", a.now().Sub(start).Round(time.Millisecond))
	return nil
}

func (a *app) printLoadResults(results []etl.Result) {
	tw := tabwriter.NewWriter(a.stdout, 0, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "file\tkind\tstatus\tread\tinserted\tupdated\trejected\tconflicted\t")
	names := fileLabels(results)
	for i, r := range results {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%d\t%d\t%d\t%d\t\n", names[i], r.Kind, r.Status, r.Read, r.Inserted, r.Updated, r.Rejected, r.Conflicted)
	}
	tw.Flush()
	for _, r := range results {
		for _, rj := range r.Rejects {
			fmt.Fprintln(a.stderr, rj.String())
		}
		if more := r.Rejected - int64(len(r.Rejects)); more > 0 && len(r.Rejects) > 0 {
			fmt.Fprintf(a.stderr, "%s: and %d more rejected rows (see the rejects table)\n", r.File, more)
		}
		switch {
		case r.Err == nil || isInterrupt(r.Err): // an interrupted run says so once
		case isDiskFull(r.Err):
			fmt.Fprintf(a.stderr, "pantau: %s: %v\n", r.File, a.plainError(r.Err))
		default:
			fmt.Fprintln(a.stderr, "pantau:", r.Err)
		}
	}
}

// nikKey returns the NIK hash key: PANTAU_NIK_KEY, else a key file beside the warehouse.
func (a *app) nikKey() ([]byte, error) {
	return etl.NIKKey(a.cfg.NIKKey, a.nikKeyFile())
}

// progressBar returns a spinner on stderr when it is a terminal.
func (a *app) progressBar() *progressbar.ProgressBar {
	f, ok := a.stderr.(*os.File)
	if !ok || !term.IsTerminal(int(f.Fd())) {
		return nil
	}
	return progressbar.NewOptions(-1, progressbar.OptionSetWriter(f), progressbar.OptionSpinnerType(14),
		progressbar.OptionClearOnFinish(), progressbar.OptionShowElapsedTimeOnFinish())
}

// fileLabels names each loaded file by its base name, or by its folder and
// base name when two share a base name (one folder per region:
// 3216/service_events.csv, 9171/service_events.csv).
func fileLabels(results []etl.Result) []string {
	seen := map[string]int{}
	for _, r := range results {
		seen[filepath.Base(r.File)]++
	}
	out := make([]string, len(results))
	for i, r := range results {
		out[i] = filepath.Base(r.File)
		if seen[out[i]] > 1 {
			out[i] = filepath.Base(filepath.Dir(r.File)) + "/" + out[i]
		}
	}
	return out
}
