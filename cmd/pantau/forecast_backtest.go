package main

import (
	"context"
	"fmt"
	"math"

	"github.com/disdukcapil-bekasi/pantau/encode"
	"github.com/disdukcapil-bekasi/pantau/kpi"
	"github.com/disdukcapil-bekasi/pantau/planning"
	"github.com/disdukcapil-bekasi/pantau/reports"
)

// runBacktest prints the track record of the demand forecast: one row per
// scope, as a table with a sentence on the region (in lang), CSV or JSON.
func (a *app) runBacktest(ctx context.Context, o planning.TrackOptions, format string, lang reports.Lang) error {
	w, err := a.openReadOnly(ctx)
	if err != nil {
		return err
	}
	defer w.Close()
	settings := kpi.SettingsFrom(a.cfg)
	start := a.now()
	rows, err := planning.StoredTrackRecord(ctx, w.DB, settings, o)
	if err != nil {
		return err
	}
	a.logger.Debug("track record", "scopes", len(rows), "took", a.now().Sub(start))
	cols := []string{"scope", "scope_id", "as_of", "forecasts", "weeks", "mean_demand", "mean_absolute_error", "mase",
		"coverage80", "coverage95", "holiday_weeks", "holiday_mean_absolute_error", "model"}
	if format == "table" {
		cols = []string{"SCOPE", "ID", "FORECASTS", "WEEKS", "DEMAND/WK", "MISS/WK", "MASE", "IN 80%", "IN 95%",
			"HOLIDAY WK", "MISS/HOLIDAY WK", "MODEL"}
	}
	records := make([][]any, len(rows))
	for i, r := range rows {
		if format == "table" {
			records[i] = []any{r.Scope, r.ScopeID, r.Forecasts, r.Weeks, fmt.Sprintf("%.0f", r.MeanDemand),
				fmt.Sprintf("%.1f", r.MeanAbsoluteError), fmt.Sprintf("%.2f", r.MASE), fmt.Sprintf("%.0f%%", 100*r.Coverage80),
				fmt.Sprintf("%.0f%%", 100*r.Coverage95), r.HolidayWeeks, fmt.Sprintf("%.1f", r.HolidayMeanAbsoluteError), r.Model}
			continue
		}
		records[i] = []any{r.Scope, r.ScopeID, r.AsOf, r.Forecasts, r.Weeks, round4(r.MeanDemand), round4(r.MeanAbsoluteError),
			round4(r.MASE), round4(r.Coverage80), round4(r.Coverage95), r.HolidayWeeks, round4(r.HolidayMeanAbsoluteError), r.Model}
	}
	if err := encode.Records(a.stdout, format, cols, records); err != nil {
		return err
	}
	if format != "table" || len(rows) == 0 {
		return nil
	}
	name, err := kpi.RegionName(ctx, w.DB, settings.RegionCode)
	if err != nil {
		return err
	}
	fmt.Fprintln(a.stdout)
	fmt.Fprintln(a.stdout, reports.TrackSentence(lang, name, rows[0]))
	return nil
}

// round4 keeps four decimals, so that CSV and JSON do not change with the
// last bits of the arithmetic.
func round4(v float64) float64 {
	return math.Round(v*1e4) / 1e4
}
