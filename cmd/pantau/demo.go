package main

import (
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/spf13/cobra"

	"github.com/disdukcapil-bekasi/pantau/etl"
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
	rows, err := w.DB.QueryContext(cmd.Context(), `
		SELECT 'service_events' AS "table", count(*) AS rows, min(event_time)::DATE AS first, max(event_time)::DATE AS last FROM service_events
		UNION ALL SELECT 'blanko_deliveries', count(*), min(received_at), max(received_at) FROM blanko_deliveries
		UNION ALL SELECT 'blanko_stock_counts', count(*), min(counted_at), max(counted_at) FROM blanko_stock_counts
		UNION ALL SELECT 'complaints', count(*), min(received_at)::DATE, max(received_at)::DATE FROM complaints`)
	if err != nil {
		return err
	}
	defer rows.Close()
	fmt.Fprintln(a.stdout)
	return writeRows(a.stdout, rows, "table")
}
