package main

import (
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/disdukcapil-bekasi/pantau/etl"
	"github.com/disdukcapil-bekasi/pantau/kpi"
	"github.com/disdukcapil-bekasi/pantau/synth"
)

func (a *app) demoCmd() *cobra.Command {
	var out string
	var seed int64
	cmd := &cobra.Command{
		Use:   "demo [--out DIR]",
		Short: "Synthesise Kabupaten Bekasi 2022-01..2023-06, load it and show what the warehouse holds",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx := cmd.Context()
			start := a.now()
			data := filepath.Join(out, "data")
			if err := os.RemoveAll(out); err != nil {
				return err
			}
			sum, err := synth.Generate(ctx, synth.Config{Seed: seed, Format: "csv"}, data)
			if err != nil {
				return err
			}
			a.logger.Info("generated", "dir", data, "files", len(sum.Files), "took", a.now().Sub(start).Round(time.Millisecond))
			a.dbPath = filepath.Join(out, "pantau.duckdb")
			if _, err := a.load(ctx, []string{data}, etl.Options{MaxRejectRate: a.cfg.Load.MaxRejectRate}); err != nil {
				return err
			}
			if err := a.printDemoSummary(cmd); err != nil {
				return err
			}
			if err := a.writeDemoReports(ctx, filepath.Join(out, "laporan")); err != nil {
				return err
			}
			fmt.Fprintf(a.stdout, "\nwarehouse: %s (%s)\n", a.dbPath, a.now().Sub(start).Round(100*time.Millisecond))
			fmt.Fprintf(a.stdout, "try: pantau sql --db %s \"SELECT stage, count(*) FROM service_events GROUP BY ALL\"\n", a.dbPath)
			return nil
		},
	}
	cmd.Flags().StringVar(&out, "out", "demo", "folder for the data, the warehouse and the reports (emptied first)")
	cmd.Flags().Int64Var(&seed, "seed", 1, "random seed of the synthetic data")
	return cmd
}

// printDemoSummary shows, per source, what the warehouse now holds.
func (a *app) printDemoSummary(cmd *cobra.Command) error {
	w, err := a.openReadOnly(cmd.Context())
	if err != nil {
		return err
	}
	defer w.Close()
	sources, err := kpi.Sources(cmd.Context(), w.DB)
	if err != nil {
		return err
	}
	fmt.Fprintln(a.stdout)
	tw := tabwriter.NewWriter(a.stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "table\trows\tfirst\tlast")
	day := func(t sql.NullTime) string {
		if !t.Valid {
			return "-"
		}
		return t.Time.Format(time.DateOnly)
	}
	for _, s := range sources {
		fmt.Fprintf(tw, "%s\t%d\t%s\t%s\n", s.Name, s.Rows, day(s.First), day(s.Last))
	}
	return tw.Flush()
}
