package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/disdukcapil-bekasi/pantau/checks"
	"github.com/disdukcapil-bekasi/pantau/kpi"
	"github.com/disdukcapil-bekasi/pantau/warehouse"
)

// errChecksFailed reports error-level check failures (exit code 1).
var errChecksFailed = errors.New("error-level data-quality checks failed")

func (a *app) checkCmd() *cobra.Command {
	var format, lang string
	var noStore bool
	cmd := &cobra.Command{
		Use:   "check",
		Short: "Run the data-quality checks; non-zero exit when an error-level check fails",
		Long: `Run the data-quality checks: freshness of each source against the latest complete week,
rows of unknown offices, stages out of order, applications stuck in a stage, ids held by
more than one row, stock counts that disagree with the blanko ledger.

Each check has a level, warn or error; the exit code is 1 when an error-level check fails.
The results are appended to the check_results table for the quality report, so check
opens the warehouse for writing (a short job; it waits for a running load like readers do).
With --no-store it opens the warehouse read-only and stores nothing.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := checkFormatLang(format, lang); err != nil {
				return err
			}
			return a.runCheck(cmd.Context(), format, lang, !noStore)
		},
	}
	cmd.Flags().StringVar(&format, "format", "table", "table or json")
	cmd.Flags().StringVar(&lang, "lang", "en", "language of the messages: id or en")
	cmd.Flags().BoolVar(&noStore, "no-store", false, "open read-only and do not store the results")
	cmd.AddCommand(a.checkListCmd())
	return cmd
}

func checkFormatLang(format, lang string) error {
	if !slices.Contains([]string{"table", "json"}, format) {
		return usagef("--format: %q is not table or json", format)
	}
	if lang != "id" && lang != "en" {
		return usagef("--lang: %q is not id or en", lang)
	}
	return nil
}

// checkListCmd lists the checks: id, level, title and what each checks.
func (a *app) checkListCmd() *cobra.Command {
	var format, lang string
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List the data-quality checks with their level and what each checks",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := checkFormatLang(format, lang); err != nil {
				return err
			}
			defs := checks.Definitions()
			if format == "json" {
				type row struct {
					ID    string `json:"id"`
					Level string `json:"level"`
					Title string `json:"title"`
					About string `json:"about"`
				}
				out := make([]row, 0, len(defs))
				for _, d := range defs {
					out = append(out, row{d.ID, d.Level, d.Title.In(lang), d.About.In(lang)})
				}
				enc := json.NewEncoder(a.stdout)
				enc.SetIndent("", "  ")
				return enc.Encode(out)
			}
			tw := tabwriter.NewWriter(a.stdout, 0, 0, 2, ' ', 0)
			fmt.Fprintln(tw, "CHECK\tLEVEL\tTITLE\tWHAT IT CHECKS")
			for _, d := range defs {
				fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", d.ID, d.Level, d.Title.In(lang), d.About.In(lang))
			}
			return tw.Flush()
		},
	}
	cmd.Flags().StringVar(&format, "format", "table", "table or json")
	cmd.Flags().StringVar(&lang, "lang", "en", "id or en")
	return cmd
}

func (a *app) runCheck(ctx context.Context, format, lang string, store bool) error {
	var w *warehouse.Warehouse
	var err error
	if store {
		if len(a.lakes) > 0 {
			return a.lakeIsReadOnly("pantau check (without --no-store)")
		}
		if !fileExists(a.dbPath) {
			return fmt.Errorf("open %s: %w", a.dbPath, warehouse.ErrNotFound)
		}
		w, err = a.openWriter(ctx)
	} else {
		w, err = a.openReadOnly(ctx)
	}
	if err != nil {
		return err
	}
	defer w.Close()
	results, err := checks.Check(ctx, w.DB, kpi.SettingsFrom(a.cfg))
	if err != nil {
		return err
	}
	if store {
		if err := checks.SaveResults(ctx, w.DB, a.now(), results); err != nil {
			return err
		}
		if err := checks.Keep(ctx, w.DB, kpi.SettingsFrom(a.cfg), results); err != nil {
			return err
		}
	}
	if err := a.writeCheckResults(results, format, lang); err != nil {
		return err
	}
	failed := 0
	for _, r := range results {
		if r.Failed() {
			failed++
		}
	}
	if failed > 0 {
		return fmt.Errorf("%d %w", failed, errChecksFailed)
	}
	return nil
}

// writeCheckResults writes the results as JSON or as an aligned table.
func (a *app) writeCheckResults(results []checks.Result, format, lang string) error {
	if format == "json" {
		type row struct {
			ID      string `json:"id"`
			Level   string `json:"level"`
			Status  string `json:"status"`
			Count   int64  `json:"count"`
			Message string `json:"message"`
		}
		out := make([]row, 0, len(results))
		for _, r := range results {
			out = append(out, row{r.ID, r.Level, r.Status, r.Count, r.Message.In(lang)})
		}
		enc := json.NewEncoder(a.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(out)
	}
	tw := tabwriter.NewWriter(a.stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "STATUS\tLEVEL\tCHECK\tCOUNT\tMESSAGE")
	for _, r := range results {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%s\n", r.Status, r.Level, r.ID, r.Count, r.Message.In(lang))
	}
	return tw.Flush()
}
