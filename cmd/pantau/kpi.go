package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/disdukcapil-bekasi/pantau/encode"
	"github.com/disdukcapil-bekasi/pantau/kpi"
	"github.com/disdukcapil-bekasi/pantau/warehouse"
)

func (a *app) kpiCmd() *cobra.Command {
	var week, from, to, by, format, refresh string
	var regions []string
	cmd := &cobra.Command{
		Use:   "kpi [list] [flags]",
		Short: "Compute the weekly KPIs (or list them)",
		Long: `Show every KPI of DESIGN.md §5 for the region, and per office or kecamatan with --by,
for one ISO week (--week, default the latest complete week) or a range (--from, --to).
--by region shows every region of the warehouse side by side, --by province every province
and the nation, --by national the nation; --region limits them to some regions. Province and
national values come from the pooled rows of their regions, never from the regions' values.
The KPIs are read from the kpi_weekly table that every load refreshes, so the warehouse is
opened read-only; --refresh all recomputes the whole table first (as the writer).
Formats: table (default; weeks as columns), csv and json (the long format week, scope,
scope_id, kpi, value; see docs/kpi.md). 'pantau kpi list' lists the KPIs.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if !slices.Contains([]string{"table", "csv", "json"}, format) {
				return usagef("--format: %q is not table, csv or json", format)
			}
			scopes, err := kpiScopes(by)
			if err != nil {
				return err
			}
			if refresh != "" && refresh != "all" {
				return usagef("--refresh: %q is not all", refresh)
			}
			if from, to, err = weekRange(week, from, to); err != nil {
				return err
			}
			q := kpi.Query{From: from, To: to, Scopes: scopes, Regions: regions}
			return a.runKPI(cmd.Context(), q, by != "" && by != kpi.ScopeOffice && by != kpi.ScopeKecamatan, refresh == "all", format)
		},
	}
	flags := cmd.Flags()
	flags.StringVar(&week, "week", "", "one ISO week, e.g. 2023-W01 (default: the latest complete week)")
	flags.StringVar(&from, "from", "", "first ISO week of a range")
	flags.StringVar(&to, "to", "", "last ISO week of a range (default: the latest complete week)")
	flags.StringVar(&by, "by", "", "office or kecamatan (with the region), region (every region), province (every province and the nation) or national")
	flags.StringSliceVar(&regions, "region", nil, "region codes, e.g. 3216,3273 (default: the configured region; with --by region or province, every region)")
	flags.StringVar(&refresh, "refresh", "", "all: recompute the whole kpi_weekly table first")
	flags.StringVar(&format, "format", "table", "table, csv or json")
	cmd.AddCommand(a.kpiListCmd())
	return cmd
}

// kpiScopes returns the scopes pantau kpi --by asks for.
func kpiScopes(by string) ([]string, error) {
	switch by {
	case "", kpi.ScopeRegion:
		return []string{kpi.ScopeRegion}, nil
	case kpi.ScopeOffice, kpi.ScopeKecamatan:
		return []string{kpi.ScopeRegion, by}, nil
	case kpi.ScopeProvince:
		return []string{kpi.ScopeProvince, kpi.ScopeNational}, nil
	case kpi.ScopeNational:
		return []string{kpi.ScopeNational}, nil
	}
	return nil, usagef("--by: %q is not office, kecamatan, region, province or national", by)
}

// weekRange checks --week, --from and --to and returns the range they ask
// for (a week is a range of one; "" leaves the default).
func weekRange(week, from, to string) (string, string, error) {
	if week != "" && (from != "" || to != "") {
		return "", "", usagef("give either --week or --from/--to, not both")
	}
	if to != "" && from == "" {
		return "", "", usagef("--to needs --from")
	}
	if week != "" {
		from, to = week, week
	}
	for _, w := range []string{from, to} {
		if w == "" {
			continue
		}
		if _, err := kpi.ParseWeek(w); err != nil {
			return "", "", usageError{err}
		}
	}
	return from, to, nil
}

func (a *app) runKPI(ctx context.Context, q kpi.Query, allRegions, refresh bool, format string) error {
	settings := kpi.SettingsFrom(a.cfg)
	if refresh {
		if err := a.refreshAll(ctx, settings); err != nil {
			return err
		}
	}
	upper := upperWeeks{read: slices.Contains(q.Scopes, kpi.ScopeProvince) || slices.Contains(q.Scopes, kpi.ScopeNational), from: q.From, to: q.To}
	w, err := a.openReader(ctx, upper)
	if err != nil {
		return err
	}
	defer w.Close()
	if allRegions && len(q.Regions) == 0 {
		if q.Regions, err = kpi.RegionsWithFacts(ctx, w.DB); err != nil {
			return err
		}
	}
	from, to := q.From, q.To
	if from == "" || to == "" {
		latest, err := kpi.LatestWeek(ctx, w.DB)
		if err != nil {
			return err
		}
		if from == "" {
			from = latest
		}
		if to == "" {
			to = latest
		}
	}
	q.From, q.To = from, to
	values, err := kpi.Read(ctx, w.DB, settings, q)
	if err != nil {
		return err
	}
	switch format {
	case "csv":
		return encode.KPICSV(a.stdout, values)
	case "json":
		return encode.KPIJSON(a.stdout, settings.RegionCode, from, to, values)
	default:
		return writeKPITable(a.stdout, values)
	}
}

// refreshAll recomputes the whole kpi_weekly table and the stored stock
// plans as the warehouse's writer.
func (a *app) refreshAll(ctx context.Context, s kpi.Settings) error {
	if len(a.lakes) > 0 {
		return a.lakeIsReadOnly("pantau kpi --refresh")
	}
	if !fileExists(a.dbPath) {
		return fmt.Errorf("open %s: %w", a.dbPath, warehouse.ErrNotFound)
	}
	w, err := a.openWriter(ctx)
	if err != nil {
		return err
	}
	defer w.Close()
	start := a.now()
	st, err := kpi.Refresh(ctx, w.DB, s, true)
	if err != nil {
		return err
	}
	a.logger.Info("kpis refreshed", "regions", st.Regions, "provinces", st.Provinces, "weeks", st.First+".."+st.Last,
		"took", a.now().Sub(start).Round(time.Millisecond))
	return a.refreshStoredPlans(ctx, w, true)
}

// writeKPITable writes one row per scope and value name, one column per week.
func writeKPITable(w io.Writer, values []kpi.Value) error {
	type rowKey struct{ scope, id, kpi string }
	var weeks []string
	var rows []rowKey
	cells := map[rowKey]map[string]string{}
	for _, v := range values {
		if len(weeks) == 0 || weeks[len(weeks)-1] != v.Week {
			weeks = append(weeks, v.Week)
		}
		k := rowKey{v.Scope, v.ScopeID, v.KPI}
		if cells[k] == nil {
			cells[k] = map[string]string{}
			rows = append(rows, k)
		}
		s := encode.FormatValue(v.Value)
		if s == "" {
			s = "-"
		}
		cells[k][v.Week] = s
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "SCOPE\tID\tKPI\t%s\n", strings.Join(weeks, "\t"))
	for _, k := range rows {
		fields := make([]string, len(weeks))
		for i, week := range weeks {
			fields[i] = cells[k][week]
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", k.scope, k.id, k.kpi, strings.Join(fields, "\t"))
	}
	return tw.Flush()
}

func (a *app) kpiListCmd() *cobra.Command {
	var format string
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List every KPI with its title, unit and direction",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if !slices.Contains([]string{"table", "json"}, format) {
				return usagef("--format: %q is not table or json", format)
			}
			defs := kpi.Definitions()
			if format == "json" {
				return writeKPIListJSON(a.stdout, defs)
			}
			tw := tabwriter.NewWriter(a.stdout, 0, 0, 2, ' ', 0)
			fmt.Fprintln(tw, "ID\tUNIT\tBETTER\tJUDUL\tTITLE")
			for _, d := range defs {
				better := "higher"
				if d.LowerIsBetter {
					better = "lower"
				}
				fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", d.ID, d.Unit, better, d.Title.ID, d.Title.EN)
			}
			return tw.Flush()
		},
	}
	cmd.Flags().StringVar(&format, "format", "table", "table or json")
	return cmd
}

// writeKPIListJSON writes the KPI metadata (without the SQL) as a JSON array.
func writeKPIListJSON(w io.Writer, defs []kpi.Definition) error {
	type value struct {
		Name string `json:"name"`
		Unit string `json:"unit"`
	}
	type kpi struct {
		ID            string            `json:"id"`
		Title         map[string]string `json:"title"`
		Unit          string            `json:"unit"`
		LowerIsBetter bool              `json:"lower_is_better"`
		Target        *float64          `json:"target"`
		Limit         *float64          `json:"limit"`
		Values        []value           `json:"values"`
	}
	out := make([]kpi, 0, len(defs))
	for _, d := range defs {
		k := kpi{ID: d.ID, Title: map[string]string{"id": d.Title.ID, "en": d.Title.EN}, Unit: d.Unit,
			LowerIsBetter: d.LowerIsBetter, Target: d.Target, Limit: d.Limit}
		for _, v := range d.Values {
			k.Values = append(k.Values, value{Name: v.Name, Unit: d.UnitOf(v.Name)})
		}
		out = append(out, k)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}
