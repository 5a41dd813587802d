package planning

import (
	"math"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/disdukcapil-bekasi/pantau/forecast"
)

// TestScoreTrackHandComputed scores a method that always forecasts 10 with
// the 80% interval [8, 12] and the 95% interval [6, 14], on a series of 12
// weeks, as of the ends of its last three weeks, two weeks ahead:
//
//	weeks 9..11 (0-based) demand 11, 15, 10; week 10 has 3 working days of 5.
//	origin 9:  weeks 9, 10 → errors 1, 5
//	origin 10: weeks 10, 11 → errors 5, 0
//	origin 11: week 11 → error 0
//
// Five weeks scored: MAE (1+5+5+0+0)/5 = 2.2; mean demand (11+15+15+10+10)/5
// = 12.2; inside 80%: 11, 10, 10 → 3/5; inside 95%: all but the two 15s →
// 3/5. Holiday weeks: week 10 twice, error 5 each. The history before the
// first forecast (weeks 0..8, 9 weeks) is 8, 10, 8, 10, … : its naive error
// (lag 1, less than a year) is 2, so MASE = 2.2/2 = 1.1.
func TestScoreTrackHandComputed(t *testing.T) {
	workdays := []float64{5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 3, 5, 5, 5}
	d := DemandSeries{Scope: "office", ScopeID: "KEC-01", AsOf: time.Date(2023, 3, 26, 0, 0, 0, 0, time.UTC),
		Demand: []float64{8, 10, 8, 10, 8, 10, 8, 10, 8, 11, 15, 10}, Workdays: workdays}
	constant := func(series []DemandSeries, n, h int) []forecast.Forecast {
		out := make([]forecast.Forecast, len(series))
		for i := range out {
			f := forecast.Forecast{Model: "fixed"}
			for range h {
				f.Point, f.Lo80, f.Hi80 = append(f.Point, 10), append(f.Lo80, 8), append(f.Hi80, 12)
				f.Lo95, f.Hi95 = append(f.Lo95, 6), append(f.Hi95, 14)
			}
			out[i] = f
		}
		return out
	}
	got := scoreTrack([]DemandSeries{d}, TrackOptions{Forecasts: 3, Horizon: 2}, constant)
	want := []TrackRow{{Scope: "office", ScopeID: "KEC-01", AsOf: "2023-03-26", Forecasts: 3, Weeks: 5, MeanDemand: 12.2,
		MeanAbsoluteError: 2.2, MASE: 1.1, Coverage80: 0.6, Coverage95: 0.6, HolidayWeeks: 2, HolidayMeanAbsoluteError: 5,
		Model: "fixed"}}
	if diff := cmp.Diff(want, got, cmpopts.EquateApprox(0, 1e-12)); diff != "" {
		t.Errorf("scoreTrack (-want +got):\n%s", diff)
	}
}

// TestSeasonalNaiveErrorLag: a year or less of history is scaled by last
// week's demand, more by the same week a year before.
func TestSeasonalNaiveErrorLag(t *testing.T) {
	short := []float64{1, 3, 1, 3}
	if got := seasonalNaiveError(short); got != 2 {
		t.Errorf("short history: %v, want 2", got)
	}
	long := make([]float64, 60)
	for i := range long {
		long[i] = float64(i % 2) // lag 1 error 1; lag 52 error 0 → 1 (unmeasurable) fallback
	}
	long[59] = 5 // lag 52: |5 - long[7]| = 4 over 8 pairs → 0.5
	if got := seasonalNaiveError(long); math.Abs(got-0.5) > 1e-12 {
		t.Errorf("long history: %v, want 0.5", got)
	}
}
