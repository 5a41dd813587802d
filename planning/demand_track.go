package planning

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/disdukcapil-bekasi/pantau/forecast"
	"github.com/disdukcapil-bekasi/pantau/kpi"
)

// TrackOptions says which past forecasts TrackRecord scores.
type TrackOptions struct {
	// AsOf is the local date of the record (facts up to its end); zero
	// means the end of the latest complete week.
	AsOf time.Time
	// Forecasts is how many past forecasts to score: those made as of the
	// end of each of the last Forecasts complete weeks. 0 means 13.
	Forecasts int
	// Horizon is the weeks each forecast looked ahead; 0 means 13. Each is
	// scored on the weeks of its horizon that are over by AsOf.
	Horizon int
	// ByOffice adds every office's record to the region's.
	ByOffice bool
}

// TrackRow is how well pantau forecast one scope's weekly blanko demand
// before: the forecasts it would have made as of past weeks, from the demand
// known up to each (as measured now), against the demand that came.
type TrackRow struct {
	Scope   string `json:"scope"`
	ScopeID string `json:"scope_id"`
	AsOf    string `json:"as_of"`
	// Forecasts is how many past forecasts were scored; Weeks how many
	// forecast weeks (one forecast scores up to a horizon of weeks).
	Forecasts int `json:"forecasts"`
	Weeks     int `json:"weeks"`
	// MeanDemand is the mean weekly demand in cards of the weeks scored.
	MeanDemand float64 `json:"mean_demand"`
	// MeanAbsoluteError is by how many cards a week the forecasts missed,
	// on average ("rata-rata meleset N keping per pekan").
	MeanAbsoluteError float64 `json:"mean_absolute_error"`
	// MASE is MeanAbsoluteError over the error of the seasonal naive
	// forecast in the history before the first forecast scored (the same
	// week a year before; last week's demand while there is less than a
	// year): below 1, better than that rule of thumb.
	MASE float64 `json:"mase"`
	// Coverage80 and Coverage95 are the shares of the weeks scored whose
	// demand fell inside the forecast's 80% and 95% intervals.
	Coverage80 float64 `json:"coverage80"`
	Coverage95 float64 `json:"coverage95"`
	// HolidayWeeks are the weeks scored with fewer working days than a
	// typical week (Lebaran, cuti bersama, other holidays), and
	// HolidayMeanAbsoluteError the forecasts' mean miss in them.
	HolidayWeeks             int     `json:"holiday_weeks"`
	HolidayMeanAbsoluteError float64 `json:"holiday_mean_absolute_error"`
	// Model is the method of the latest forecast scored.
	Model string `json:"model"`
}

// TrackRecord scores the forecasts pantau would have made of the region's
// (and with ByOffice every office's) weekly blanko demand as of the end of
// each of the last Forecasts complete weeks before AsOf: the same forecast
// as Plan's (forecast.AutoPanel across the region and all its offices, with
// the working-day calendar), from the demand series of BlankoDemand cut at
// that week, scored on the weeks of its horizon that are over. The demand is
// as measured at AsOf, so a late-recorded application counts in its week.
func TrackRecord(ctx context.Context, db *sql.DB, s kpi.Settings, o TrackOptions) ([]TrackRow, error) {
	return trackRecord(ctx, db, s, o, panelForecast)
}

// trackRecord is TrackRecord with the forecasting method given.
func trackRecord(ctx context.Context, db *sql.DB, s kpi.Settings, o TrackOptions, method demandMethod) ([]TrackRow, error) {
	o = o.withDefaults()
	if o.Forecasts < 1 || o.Forecasts > 104 || o.Horizon < 1 || o.Horizon > 104 {
		return nil, fmt.Errorf("track record: forecasts %d and horizon %d must be between 1 and 104", o.Forecasts, o.Horizon)
	}
	var err error
	if o.AsOf.IsZero() {
		if o.AsOf, err = latestSunday(ctx, db); err != nil {
			return nil, err
		}
	}
	series, err := BlankoDemand(ctx, db, s, o.AsOf, true)
	if err != nil {
		return nil, err
	}
	rows := scoreTrack(series, o, method)
	if !o.ByOffice {
		rows = rows[:1]
	}
	return rows, nil
}

func (o TrackOptions) withDefaults() TrackOptions {
	if o.Forecasts == 0 {
		o.Forecasts = 13
	}
	if o.Horizon == 0 {
		o.Horizon = 13
	}
	return o
}

// minTrackHistory is the fewest weeks a past forecast is made from.
const minTrackHistory = 8

// trackSums gathers one scope's errors.
type trackSums struct {
	forecasts, weeks, holidayWeeks int
	demand, absErr, holidayErr     float64
	in80, in95                     int
	model                          string
}

// scoreTrack makes the past forecasts of every series with method and
// scores them (see TrackRecord).
func scoreTrack(series []DemandSeries, o TrackOptions, method demandMethod) []TrackRow {
	n := len(series[0].Demand)
	sums := make([]trackSums, len(series))
	first := max(n-o.Forecasts, minTrackHistory)
	// The past forecasts are made at once, then scored in order (the same
	// sums, added in the same order, as one by one).
	made := make([][]forecast.Forecast, max(n-first, 0))
	_ = parallel(len(made), func(i int) error {
		made[i] = method(series, first+i, o.Horizon)
		return nil
	})
	for origin := first; origin < n; origin++ {
		forecasts := made[origin-first]
		for i, d := range series {
			typical := typicalWorkdays(d.Workdays[:origin])
			f, t := forecasts[i], &sums[i]
			t.forecasts++
			t.model = f.Model
			for k := 0; k < o.Horizon && origin+k < n; k++ {
				actual := d.Demand[origin+k]
				e := math.Abs(actual - f.Point[k])
				t.weeks++
				t.demand += actual
				t.absErr += e
				if f.Lo80[k] <= actual && actual <= f.Hi80[k] {
					t.in80++
				}
				if f.Lo95[k] <= actual && actual <= f.Hi95[k] {
					t.in95++
				}
				if w := d.Workdays[origin+k]; w >= 0 && w < typical {
					t.holidayWeeks++
					t.holidayErr += e
				}
			}
		}
	}
	rows := make([]TrackRow, len(series))
	for i, d := range series {
		t := sums[i]
		r := TrackRow{Scope: d.Scope, ScopeID: d.ScopeID, AsOf: d.AsOf.Format(time.DateOnly), Forecasts: t.forecasts,
			Weeks: t.weeks, HolidayWeeks: t.holidayWeeks, Model: t.model}
		if t.weeks > 0 {
			w := float64(t.weeks)
			r.MeanDemand, r.MeanAbsoluteError = t.demand/w, t.absErr/w
			r.Coverage80, r.Coverage95 = float64(t.in80)/w, float64(t.in95)/w
			r.MASE = r.MeanAbsoluteError / seasonalNaiveError(d.Demand[:first])
		}
		if t.holidayWeeks > 0 {
			r.HolidayMeanAbsoluteError = t.holidayErr / float64(t.holidayWeeks)
		}
		rows[i] = r
	}
	return rows
}

// typicalWorkdays is the median working days of the weeks given (5 when
// none is known).
func typicalWorkdays(workdays []float64) float64 {
	known := slices.DeleteFunc(slices.Clone(workdays), func(w float64) bool { return w < 0 })
	if len(known) == 0 {
		return 5
	}
	slices.Sort(known)
	return known[len(known)/2]
}

// seasonalNaiveError is the mean absolute error of the seasonal naive
// forecast over y (the same week a year before when y holds more than a
// year, else the week before); 1 when it is zero or cannot be measured, so
// that MASE is then the error in cards.
func seasonalNaiveError(y []float64) float64 {
	lag := 1
	if len(y) > 52 {
		lag = 52
	}
	sum, count := 0.0, 0
	for t := lag; t < len(y); t++ {
		sum += math.Abs(y[t] - y[t-lag])
		count++
	}
	if count == 0 || sum == 0 {
		return 1
	}
	return sum / float64(count)
}
