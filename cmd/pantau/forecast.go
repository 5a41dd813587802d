package main

import (
	"context"
	"database/sql"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"slices"
	"strconv"
	"text/tabwriter"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/disdukcapil-bekasi/pantau/forecast"
	"github.com/disdukcapil-bekasi/pantau/kpi"
	"github.com/disdukcapil-bekasi/pantau/planning"
	"github.com/disdukcapil-bekasi/pantau/reports"
)

func (a *app) forecastCmd() *cobra.Command {
	var asOf, by, format, langName string
	var horizon, review, forecasts int
	var service, lead float64
	var backtest bool
	cmd := &cobra.Command{
		Use:   "forecast [series] [flags]",
		Short: "Forecast blanko demand and plan the stock (or forecast any series)",
		Long: `Forecast weekly blanko (blank KTP-el card) demand for the region, and per office with
--by office, and plan the stock as of a date (--as-of, default the end of the latest complete
week): projected stock per week, the stock-out week and its probability, weeks of cover, and
the quantity to request so that stock covers the backlog and the demand over the delivery lead
time and the review period at the service level. See docs/forecasting.md.
The warehouse is opened read-only. Formats: table (default: a summary and a sentence for the
request letter), csv (one row per scope and week) and json (the full plans).
--backtest shows instead how well the forecasts made as of each of the last --forecasts
weeks did: mean miss in cards a week, MASE against the seasonal naive, the share of weeks
inside the 80% and 95% intervals, and the miss in holiday weeks.
'pantau forecast series' forecasts any long-format CSV series.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			f := cmd.Flags()
			if !slices.Contains([]string{"table", "csv", "json"}, format) {
				return usagef("--format: %q is not table, csv or json", format)
			}
			opts, err := a.planFlags(f, by, asOf, horizon, service, lead, review)
			if err != nil {
				return err
			}
			lang, err := parseLangFlag(langName)
			if err != nil {
				return err
			}
			if f.Changed("forecasts") && !backtest {
				return usagef("--forecasts: only with --backtest")
			}
			if backtest {
				return a.backtestFlags(cmd.Context(), opts, forecasts, format, lang)
			}
			return a.runForecast(cmd.Context(), opts, format, lang)
		},
	}
	flags := cmd.Flags()
	flags.StringVar(&asOf, "as-of", "", "plan as of the end of this date, YYYY-MM-DD (default: the end of the latest complete week)")
	flags.IntVar(&horizon, "horizon", 13, "weeks to project (default from the settings, 13)")
	flags.StringVar(&by, "by", "", "also per office")
	flags.Float64Var(&service, "service-level", 0.95, "wanted probability of no stock-out (default from the settings, 0.95)")
	flags.Float64Var(&lead, "lead-time", 0, "delivery lead time in weeks (default: measured from past deliveries)")
	flags.IntVar(&review, "review-weeks", 4, "weeks until the next chance to order (default from the settings, 4)")
	flags.StringVar(&format, "format", "table", "table, csv or json")
	flags.StringVar(&langName, "lang", "id", "language of the request-letter sentence: id or en")
	flags.BoolVar(&backtest, "backtest", false, "score the forecasts made as of past weeks instead of planning")
	flags.IntVar(&forecasts, "forecasts", 13, "with --backtest: the past forecasts to score, one per week")
	cmd.AddCommand(a.forecastSeriesCmd(), a.forecastAllocateCmd())
	cmd.AddCommand(a.forecastDistributeCmd())
	return cmd
}

// planFlags returns the plan options of the settings with the flags of
// pantau forecast applied, each checked.
func (a *app) planFlags(f *pflag.FlagSet, by, asOf string, horizon int, service, lead float64, review int) (planning.PlanOptions, error) {
	var err error
	opts := planning.PlanOptions{Horizon: a.cfg.Forecast.Horizon, ServiceLevel: a.cfg.Forecast.ServiceLevel,
		ReviewWeeks: a.cfg.Forecast.ReviewWeeks, LeadTimeWeeks: a.cfg.Forecast.LeadTimeWeeks}
	switch by {
	case "", "region":
	case kpi.ScopeOffice:
		opts.ByOffice = true
	default:
		return opts, usagef("--by: %q is not office", by)
	}
	if opts.AsOf, err = parseAsOf(asOf); err != nil {
		return opts, err
	}
	if f.Changed("horizon") {
		if opts.Horizon, err = checkHorizon(horizon); err != nil {
			return opts, err
		}
	}
	if f.Changed("service-level") {
		if !(service >= 0.5 && service < 1) {
			return opts, usagef("--service-level: %v is not between 0.5 and 1 (e.g. 0.95)", service)
		}
		opts.ServiceLevel = service
	}
	if f.Changed("lead-time") {
		if !(lead > 0 && lead <= 104) {
			return opts, usagef("--lead-time: %v is not between 0 and 104 weeks", lead)
		}
		opts.LeadTimeWeeks = lead
	}
	if f.Changed("review-weeks") {
		if review < 0 || review > 104 {
			return opts, usagef("--review-weeks: %d is not between 0 and 104", review)
		}
		opts.ReviewWeeks = review
	}
	return opts, nil
}

// backtestFlags checks --forecasts and scores that many past forecasts.
func (a *app) backtestFlags(ctx context.Context, opts planning.PlanOptions, forecasts int, format string, lang reports.Lang) error {
	if forecasts < 1 || forecasts > 104 {
		return usagef("--forecasts: %d is not between 1 and 104", forecasts)
	}
	return a.runBacktest(ctx, planning.TrackOptions{AsOf: opts.AsOf, Forecasts: forecasts,
		Horizon: opts.Horizon, ByOffice: opts.ByOffice}, format, lang)
}

func (a *app) runForecast(ctx context.Context, opts planning.PlanOptions, format string, lang reports.Lang) error {
	w, err := a.openReadOnly(ctx)
	if err != nil {
		return err
	}
	defer w.Close()
	settings := kpi.SettingsFrom(a.cfg)
	start := a.now()
	// The offices are always planned: the region's request is the one
	// after the week's distribution, as the reports state it.
	byOffice := opts.ByOffice
	opts.ByOffice = true
	plans, err := planning.StoredPlan(ctx, w.DB, settings, opts)
	if err != nil {
		return err
	}
	if plans, err = requestAfterDistribution(ctx, w.DB, settings, opts, plans, byOffice); err != nil {
		return err
	}
	a.logger.Debug("stock plan", "scopes", len(plans), "took", a.now().Sub(start))
	switch format {
	case "csv":
		return writePlanCSV(a.stdout, plans)
	case "json":
		enc := json.NewEncoder(a.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(plans)
	}
	name, err := kpi.RegionName(ctx, w.DB, settings.RegionCode)
	if err != nil {
		return err
	}
	if err := writePlanTable(a.stdout, plans); err != nil {
		return err
	}
	fmt.Fprintln(a.stdout)
	fmt.Fprintln(a.stdout, reports.RequestLetter(lang, name, plans[0]))
	return nil
}

// requestAfterDistribution sets the region's order quantity to its request
// after the week's distribution (planning.StoredDistribution of the plans
// made under o; unchanged where the region has no Dinas) and keeps the
// offices' plans only when asked.
func requestAfterDistribution(ctx context.Context, db *sql.DB, s kpi.Settings, o planning.PlanOptions, plans []planning.StockPlanRow, byOffice bool) ([]planning.StockPlanRow, error) {
	d, err := planning.StoredDistribution(ctx, db, s, o, plans)
	switch {
	case err == nil:
		for i := range plans {
			if plans[i].Scope == kpi.ScopeRegion {
				plans[i].OrderQuantity = float64(d.Request)
			}
		}
	case !errors.Is(err, planning.ErrNoDinas):
		return nil, err
	}
	if !byOffice {
		plans = slices.DeleteFunc(plans, func(p planning.StockPlanRow) bool { return p.Scope != kpi.ScopeRegion })
	}
	return plans, nil
}

func writePlanTable(w io.Writer, plans []planning.StockPlanRow) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "SCOPE\tID\tSTOCK\tBACKLOG\tDEMAND/WK\tNET COVER WK\tSTOCK-OUT\tP(OUT)\tORDER BY\tORDER\tLEAD WK\tMODEL")
	for _, p := range plans {
		cover := "-"
		if p.WeeksOfCover >= 0 {
			cover = strconv.FormatFloat(p.WeeksOfCover, 'f', 1, 64)
		}
		out, prob, orderBy := "-", fmt.Sprintf("max %.0f%%", 100*p.MaxStockOutProbability), "-"
		if p.StockOutWeek != "" {
			out, prob, orderBy = p.StockOutWeek, fmt.Sprintf("%.0f%%", 100*p.StockOutProbability), p.OrderByWeek
		}
		fmt.Fprintf(tw, "%s\t%s\t%.0f\t%.0f\t%.0f\t%s\t%s\t%s\t%s\t%.0f\t%d\t%s\n", p.Scope, p.ScopeID, p.StockNow, p.Backlog,
			p.WeeklyDemand(), cover, out, prob, orderBy, p.OrderQuantity, p.LeadTime.Weeks, p.Model)
	}
	return tw.Flush()
}

// writePlanCSV writes one row per scope and projected week, the plan's
// summary repeated on each, so that a spreadsheet can filter and chart it.
func writePlanCSV(w io.Writer, plans []planning.StockPlanRow) error {
	cw := csv.NewWriter(w)
	cw.Write([]string{"scope", "scope_id", "as_of", "week", "demand", "demand_lo80", "demand_hi80", "demand_lo95", "demand_hi95",
		"deliveries", "projected", "projected_lo95", "projected_hi95", "stock_out_probability",
		"stock_now", "backlog", "lead_time_weeks", "review_weeks", "service_level", "model",
		"stock_out_week", "weeks_of_cover", "safety_stock", "order_quantity"})
	for _, p := range plans {
		for _, wk := range p.Weeks {
			cw.Write([]string{p.Scope, p.ScopeID, p.AsOf, wk.Week, num(wk.Demand, 1), num(wk.DemandLo80, 1), num(wk.DemandHi80, 1),
				num(wk.DemandLo95, 1), num(wk.DemandHi95, 1), num(wk.Deliveries, 0), num(wk.Projected, 1),
				num(wk.ProjectedLo, 1), num(wk.ProjectedHi, 1), num(wk.StockOutProbability, 4),
				num(p.StockNow, 0), num(p.Backlog, 0), strconv.Itoa(p.LeadTime.Weeks), strconv.Itoa(p.ReviewWeeks),
				num(p.ServiceLevel, 4), p.Model, p.StockOutWeek, num(p.WeeksOfCover, 2), num(p.SafetyStock, 1),
				num(p.OrderQuantity, 0)})
		}
	}
	cw.Flush()
	return cw.Error()
}

// num rounds to the given decimals and drops trailing zeros (and "-0").
func num(v float64, decimals int) string {
	p := math.Pow(10, float64(decimals))
	r := math.Round(v*p) / p
	if r == 0 {
		r = 0
	}
	return strconv.FormatFloat(r, 'f', -1, 64)
}

func (a *app) forecastSeriesCmd() *cobra.Command {
	var in, format string
	var horizon int
	cmd := &cobra.Command{
		Use:   "series --in FILE",
		Short: "Forecast every series of a long-format CSV (series_id,t,value)",
		Long: `Forecast every series of a long-format CSV with the columns series_id, t (an integer or a
date YYYY-MM-DD) and value, by the automatic method choice of the blanko forecast. Writes
series_id,step,point,lo80,hi80,lo95,hi95,model. --in - reads standard input. No warehouse needed.
An optional column calendar gives each period's working days; rows after a series' last value
with an empty value give the working days of the periods to forecast.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if in == "" {
				return usagef("--in: give the CSV file to forecast (- for standard input)")
			}
			if !slices.Contains([]string{"csv", "json"}, format) {
				return usagef("--format: %q is not csv or json", format)
			}
			h := a.cfg.Forecast.Horizon
			if cmd.Flags().Changed("horizon") {
				if horizon < 1 || horizon > maxSeriesHorizon {
					return usagef("--horizon: %d is not between 1 and %d steps", horizon, maxSeriesHorizon)
				}
				h = horizon
			}
			return a.runForecastSeries(cmd.Context(), in, h, format)
		},
	}
	cmd.Flags().StringVar(&in, "in", "", "long-format CSV file, - for standard input")
	cmd.Flags().IntVar(&horizon, "horizon", 13, "steps to forecast (default from the settings, 13)")
	cmd.Flags().StringVar(&format, "format", "csv", "csv or json")
	return cmd
}

// maxSeriesHorizon bounds forecast series --horizon: ten years of weeks,
// or nearly three of days.
const maxSeriesHorizon = 1000

func (a *app) runForecastSeries(ctx context.Context, in string, h int, format string) error {
	r, name := a.stdin, "stdin"
	if in != "-" {
		f, err := os.Open(in)
		if err != nil {
			return fmt.Errorf("forecast series: %w", err)
		}
		defer f.Close()
		r, name = f, in
	}
	err := forecast.RunSeries(ctx, r, name, a.stdout, h, format)
	var pe *forecast.ParseError
	if errors.As(err, &pe) {
		// Positioned errors, one a line, as the loader prints rejects.
		fmt.Fprintln(a.stderr, err)
		return fmt.Errorf("forecast series: %s has bad rows; nothing written", name)
	}
	return err
}
