package main

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/disdukcapil-bekasi/pantau/kpi"
	"github.com/disdukcapil-bekasi/pantau/planning"
	"github.com/disdukcapil-bekasi/pantau/reports"
)

func (a *app) forecastAllocateCmd() *cobra.Command {
	var asOf, by, format, langName string
	var supply, horizon int
	var lending bool
	cmd := &cobra.Command{
		Use:   "allocate --supply N [flags]",
		Short: "Split a supply of blanko across regions (or offices) to make stock-outs fewest",
		Long: `Split N blank KTP-el cards across every region in the warehouse (--by region) or the offices
of the configured region (--by office) so that the expected number of stock-out weeks over the
horizon is smallest, from each one's forecast demand with intervals, stock, cards owed, cards on
order and lead time. Allocations are whole cards and sum to N; more supply never gives a unit
fewer cards. --lending also proposes transfers within a province (or the regency) from units
with cover to spare to units that run out before an allocation can arrive. Each unit shows the
rise in substitute letters (Suket) as a stock-out signal. See docs/forecasting.md.
Formats: table (with a sentence for the request letter), csv (one row per unit), json.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			f := cmd.Flags()
			if !f.Changed("supply") {
				return usagef("--supply: give the number of cards to allocate")
			}
			if err := checkSupply(supply); err != nil {
				return err
			}
			if !slices.Contains([]string{kpi.ScopeRegion, kpi.ScopeOffice}, by) {
				return usagef("--by: %q is not region or office", by)
			}
			if !slices.Contains([]string{"table", "csv", "json"}, format) {
				return usagef("--format: %q is not table, csv or json", format)
			}
			opts := planning.AllocateOptions{Supply: supply, By: by, Horizon: a.cfg.Forecast.Horizon, Lending: lending,
				ServiceLevel: a.cfg.Forecast.ServiceLevel, ReviewWeeks: a.cfg.Forecast.ReviewWeeks,
				LeadTimeWeeks: a.cfg.Forecast.LeadTimeWeeks}
			var err error
			if opts.AsOf, err = parseAsOf(asOf); err != nil {
				return err
			}
			if f.Changed("horizon") {
				if opts.Horizon, err = checkHorizon(horizon); err != nil {
					return err
				}
			}
			lang, err := parseLangFlag(langName)
			if err != nil {
				return err
			}
			return a.runAllocate(cmd.Context(), opts, format, lang)
		},
	}
	flags := cmd.Flags()
	flags.IntVar(&supply, "supply", 0, "cards to allocate (required; at most a billion)")
	flags.StringVar(&by, "by", kpi.ScopeRegion, "region (every region in the warehouse) or office (the configured region's offices)")
	flags.StringVar(&asOf, "as-of", "", "allocate as of the end of this date, YYYY-MM-DD (default: the end of the latest complete week)")
	flags.IntVar(&horizon, "horizon", 13, "weeks over which stock-out weeks count (default from the settings, 13)")
	flags.BoolVar(&lending, "lending", false, "also propose transfers within a province (or the regency)")
	flags.StringVar(&format, "format", "table", "table, csv or json")
	flags.StringVar(&langName, "lang", "id", "language of the request-letter sentence: id or en")
	return cmd
}

func (a *app) runAllocate(ctx context.Context, opts planning.AllocateOptions, format string, lang reports.Lang) error {
	w, err := a.openReadOnly(ctx)
	if err != nil {
		return err
	}
	defer w.Close()
	start := a.now()
	alloc, err := planning.Allocate(ctx, w.DB, kpi.SettingsFrom(a.cfg), opts)
	if err != nil {
		return err
	}
	a.logger.Debug("allocation", "units", len(alloc.Rows), "took", a.now().Sub(start))
	switch format {
	case "csv":
		return writeAllocationCSV(a.stdout, alloc)
	case "json":
		enc := json.NewEncoder(a.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(alloc)
	}
	if err := writeAllocationTable(a.stdout, alloc); err != nil {
		return err
	}
	fmt.Fprintln(a.stdout)
	fmt.Fprintln(a.stdout, reports.AllocationSentence(lang, alloc))
	return nil
}

// cover prints weeks of cover ("-" when no demand is forecast).
func cover(weeks float64) string {
	if weeks < 0 {
		return "-"
	}
	return strconv.FormatFloat(weeks, 'f', 1, 64)
}

// suketRise prints a rise in substitute letters in percentage points.
func suketRise(s planning.SuketSignal) string {
	if s.Rise == nil {
		return "-"
	}
	return fmt.Sprintf("%+.1f pp", 100**s.Rise)
}

func writeAllocationTable(w io.Writer, al planning.Allocation) error {
	fmt.Fprintf(w, "Allocation of %d cards by %s as of %s, over %d weeks\n\n", al.Supply, al.By, al.AsOf, al.Horizon)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "CODE\tNAME\tSTOCK\tOWED\tON ORDER\tDEMAND/WK\tWEEKS OF STOCK\tALLOCATION\tAFTER\tP(OUT)\tP(OUT) AFTER\tSUKET RISE\t")
	total := 0
	for _, r := range al.Rows {
		mark := ""
		if r.OutBeforeDelivery {
			mark = " !"
		}
		fmt.Fprintf(tw, "%s\t%s\t%.0f\t%.0f\t%.0f\t%.0f\t%s\t%d\t%s\t%.0f%%\t%.0f%%%s\t%s\t\n", r.Code, r.Name, r.Stock, r.BacklogCards,
			r.OnOrder, r.WeeklyDemand, cover(r.CoverBefore), r.Cards, cover(r.CoverAfter),
			100*r.StockOutProbabilityBefore, 100*r.StockOutProbabilityAfter, mark, suketRise(r.Suket))
		total += r.Cards
	}
	fmt.Fprintf(tw, "TOTAL\t\t\t\t\t\t\t%d\t\t\t\t\t\n", total)
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(w, "\nExpected stock-out weeks, all units: %.1f before, %.1f after.\n", al.StockOutWeeksBefore, al.StockOutWeeksAfter)
	fmt.Fprintln(w, "P(OUT) is the highest weekly probability of ending a week out of stock; ! marks a unit that runs out before an allocation can arrive.")
	fmt.Fprintf(w, "SUKET RISE: substitute letters per KTP-el recording, %s against %s; a rise means cards have already run out at the counter.\n",
		al.SuketRecent, al.SuketPrior)
	if len(al.Skipped) > 0 {
		var s []string
		for _, u := range al.Skipped {
			s = append(s, u.Code+" ("+u.Reason+")")
		}
		fmt.Fprintf(w, "Not planned as of %s: %s.\n", al.AsOf, strings.Join(s, ", "))
	}
	if len(al.Transfers) == 0 {
		return nil
	}
	fmt.Fprintln(w, "\nTransfers now, within a province (or the regency):")
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "FROM\tTO\tCARDS\tFROM NET COVER WK\tTO STOCK-OUT\t")
	for _, t := range al.Transfers {
		out := func(week string) string {
			if week == "" {
				return "none"
			}
			return week
		}
		fmt.Fprintf(tw, "%s %s\t%s %s\t%d\t%s → %s\t%s → %s\t\n", t.From, t.FromName, t.To, t.ToName, t.Cards,
			cover(t.FromCoverBefore), cover(t.FromCoverAfter), out(t.ToStockOutWeekBefore), out(t.ToStockOutWeekAfter))
	}
	return tw.Flush()
}

// writeAllocationCSV writes one row per unit; lent and borrowed sum the
// unit's transfers (with --lending), which the json output lists.
func writeAllocationCSV(w io.Writer, al planning.Allocation) error {
	lent, borrowed := map[string]int{}, map[string]int{}
	for _, t := range al.Transfers {
		lent[t.From] += t.Cards
		borrowed[t.To] += t.Cards
	}
	opt := func(v *float64) string {
		if v == nil {
			return ""
		}
		return num(*v, 4)
	}
	cw := csv.NewWriter(w)
	cw.Write([]string{"as_of", "scope", "code", "name", "group", "stock", "backlog_cards", "on_order", "weekly_demand", "lead_time_weeks",
		"cover_weeks_before", "allocation", "cover_weeks_after", "stock_out_probability_before", "stock_out_probability_after",
		"expected_stock_out_weeks_before", "expected_stock_out_weeks_after", "stock_out_week_before", "stock_out_week_after",
		"out_before_delivery", "lent", "borrowed", "suket_recent_share", "suket_prior_share", "suket_rise"})
	for _, r := range al.Rows {
		cw.Write([]string{al.AsOf, r.Scope, r.Code, r.Name, r.Group, num(r.Stock, 0), num(r.BacklogCards, 1), num(r.OnOrder, 0),
			num(r.WeeklyDemand, 1), strconv.Itoa(r.LeadTimeWeeks), num(r.CoverBefore, 2), strconv.Itoa(r.Cards), num(r.CoverAfter, 2),
			num(r.StockOutProbabilityBefore, 4), num(r.StockOutProbabilityAfter, 4), num(r.StockOutWeeksBefore, 4),
			num(r.StockOutWeeksAfter, 4), r.StockOutWeekBefore, r.StockOutWeekAfter, strconv.FormatBool(r.OutBeforeDelivery),
			strconv.Itoa(lent[r.Code]), strconv.Itoa(borrowed[r.Code]), opt(r.Suket.RecentShare), opt(r.Suket.PriorShare), opt(r.Suket.Rise)})
	}
	cw.Flush()
	return cw.Error()
}
