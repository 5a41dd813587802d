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

func (a *app) forecastDistributeCmd() *cobra.Command {
	var week, asOf, format, langName string
	cmd := &cobra.Command{
		Use:   "distribute [flags]",
		Short: "Plan the cards the Dinas sends to each office this week",
		Long: `Plan the week's distribution of blanko (blank KTP-el cards) within the configured region:
how many whole cards the Dinas sends to each office (and, where the Dinas cannot, an office
with more than it needs) so that each office covers its cards owed and its demand over its
lead time and review period at the service level, while the Dinas keeps its own cover. When
the Dinas cannot spare enough, the cards are shared in proportion to what each office lacks.
Also prints what the regency still requests from the province or the ministry after it.
The plan is made as of the end of --week (or of --as-of; default the latest complete week) for
the week after it. See docs/forecasting.md.
Formats: table (with a sentence, --lang id|en), csv (one row per office) and json.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if !slices.Contains([]string{"table", "csv", "json"}, format) {
				return usagef("--format: %q is not table, csv or json", format)
			}
			if week != "" && asOf != "" {
				return usagef("give either --week or --as-of, not both")
			}
			opts := planning.PlanOptions{Horizon: a.cfg.Forecast.Horizon, ServiceLevel: a.cfg.Forecast.ServiceLevel,
				ReviewWeeks: a.cfg.Forecast.ReviewWeeks, LeadTimeWeeks: a.cfg.Forecast.LeadTimeWeeks}
			var err error
			if opts.AsOf, err = parseAsOf(asOf); err != nil {
				return err
			}
			if week != "" {
				monday, err := kpi.ParseWeek(week)
				if err != nil {
					return usagef("--week: %q is not an ISO week like 2023-W01", week)
				}
				opts.AsOf = monday.AddDate(0, 0, 6)
			}
			lang, err := parseLangFlag(langName)
			if err != nil {
				return err
			}
			return a.runDistribute(cmd.Context(), opts, format, lang)
		},
	}
	flags := cmd.Flags()
	flags.StringVar(&week, "week", "", "plan as of the end of this ISO week, e.g. 2023-W25 (default: the latest complete week)")
	flags.StringVar(&asOf, "as-of", "", "plan as of the end of this date, YYYY-MM-DD")
	flags.StringVar(&format, "format", "table", "table, csv or json")
	flags.StringVar(&langName, "lang", "id", "language of the sentence: id or en")
	return cmd
}

func (a *app) runDistribute(ctx context.Context, opts planning.PlanOptions, format string, lang reports.Lang) error {
	w, err := a.openReadOnly(ctx)
	if err != nil {
		return err
	}
	defer w.Close()
	start := a.now()
	plan, err := planning.Distribution(ctx, w.DB, kpi.SettingsFrom(a.cfg), opts)
	if err != nil {
		return err
	}
	a.logger.Debug("distribution", "offices", len(plan.Rows), "sent", plan.Sent, "took", a.now().Sub(start))
	switch format {
	case "csv":
		return writeDistributionCSV(a.stdout, plan)
	case "json":
		enc := json.NewEncoder(a.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(plan)
	}
	if err := writeDistributionTable(a.stdout, plan); err != nil {
		return err
	}
	fmt.Fprintln(a.stdout)
	fmt.Fprintln(a.stdout, reports.DistributionSentence(lang, plan))
	return nil
}

// optWeeks prints weeks of stock with one decimal ("-" when nothing was used).
func optWeeks(v *float64) string {
	if v == nil {
		return "-"
	}
	return strconv.FormatFloat(*v, 'f', 1, 64)
}

func writeDistributionTable(w io.Writer, p planning.DistributionPlan) error {
	fmt.Fprintf(w, "Distribution of region %s as of %s, for week %s\n\n", p.Region, p.AsOf, p.Week)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "OFFICE\tNAME\tSTOCK\tCOVER CARDS\tLACK\tSEND\tFROM\tGIVES\tWEEKS OF STOCK\tAFTER\tSTOCK-OUT\tAFTER\t")
	for _, r := range p.Rows {
		out := func(week string) string {
			if week == "" {
				return "-"
			}
			return week
		}
		mark := ""
		if r.RunsOutWithinLeadTime {
			mark = " !"
		}
		fmt.Fprintf(tw, "%s\t%s\t%.0f\t%.0f\t%d\t%d\t%s\t%d\t%s\t%s\t%s%s\t%s\t\n", r.Office, r.Name, r.Stock, r.Cover, r.Lack, r.Send,
			strings.Join(r.From, " "), r.Gives, optWeeks(r.CoverBeforeWeeks), optWeeks(r.CoverAfterWeeks), out(r.StockOutWeek), mark,
			out(r.StockOutWeekAfter))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(w, "\nSent %d of %d cards to spare (Dinas %d); lacking %d, unmet %d. Dinas lacks %d for its own cover.\n",
		p.Sent, p.Spare, p.DinasSpare, p.Lack, p.Unmet, p.DinasLack)
	fmt.Fprintf(w, "Request to the province or ministry after distribution: %d cards (pooled regency plan %d; unmet + Dinas %d).\n",
		p.Request, p.RegionOrder, p.Unmet+p.DinasLack)
	fmt.Fprintln(w, "! marks an office that runs out before next week's cards could reach it.")
	return nil
}

// writeDistributionCSV writes one row per office.
func writeDistributionCSV(w io.Writer, p planning.DistributionPlan) error {
	opt := func(v *float64) string {
		if v == nil {
			return ""
		}
		return num(*v, 2)
	}
	cw := csv.NewWriter(w)
	cw.Write([]string{"as_of", "week", "office", "name", "dinas", "stock", "cover_cards", "on_order", "lack", "send", "from", "gives",
		"weeks_of_stock_before", "weeks_of_stock_after", "stock_out_week", "stock_out_week_after", "runs_out_within_lead_time"})
	for _, r := range p.Rows {
		cw.Write([]string{p.AsOf, p.Week, r.Office, r.Name, strconv.FormatBool(r.Dinas), num(r.Stock, 0), num(r.Cover, 1),
			num(r.OnOrder, 0), strconv.Itoa(r.Lack), strconv.Itoa(r.Send), strings.Join(r.From, " "), strconv.Itoa(r.Gives),
			opt(r.CoverBeforeWeeks), opt(r.CoverAfterWeeks), r.StockOutWeek, r.StockOutWeekAfter,
			strconv.FormatBool(r.RunsOutWithinLeadTime)})
	}
	cw.Flush()
	return cw.Error()
}
