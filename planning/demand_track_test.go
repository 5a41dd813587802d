package planning_test

import (
	"context"
	"os"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/disdukcapil-bekasi/pantau/config"
	"github.com/disdukcapil-bekasi/pantau/kpi"
	"github.com/disdukcapil-bekasi/pantau/planning"
	"github.com/disdukcapil-bekasi/pantau/warehouse"
)

// TestTrackRecord scores the last 13 forecasts of the synthetic 2022 as of
// 28 August (before the shortage): one row per scope, region first, each
// with 13 forecasts and 91 weeks scored (13 + 12 + … + 1), shares between 0
// and 1, and the same figures on a second run.
func TestTrackRecord(t *testing.T) {
	db := planDB(t)
	s := kpi.SettingsFrom(config.Default())
	opts := planning.TrackOptions{AsOf: day("2022-08-28"), ByOffice: true}
	rows, err := planning.TrackRecord(context.Background(), db, s, opts)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) < 3 || rows[0].Scope != kpi.ScopeRegion {
		t.Fatalf("want the region then the offices, got %d rows", len(rows))
	}
	for _, r := range rows {
		if r.Forecasts != 13 || r.Weeks != 91 {
			t.Errorf("%s: %d forecasts, %d weeks; want 13 and 91", r.ScopeID, r.Forecasts, r.Weeks)
		}
		if r.Coverage80 < 0 || r.Coverage80 > r.Coverage95 || r.Coverage95 > 1 || r.MASE < 0 || r.MeanAbsoluteError < 0 {
			t.Errorf("%s: implausible record %+v", r.ScopeID, r)
		}
	}
	t.Logf("region: MAE %.0f cards/week of %.0f, MASE %.2f, inside 80%% %.0f%%, 95%% %.0f%%, holiday weeks %d",
		rows[0].MeanAbsoluteError, rows[0].MeanDemand, rows[0].MASE, 100*rows[0].Coverage80, 100*rows[0].Coverage95, rows[0].HolidayWeeks)
	again, err := planning.TrackRecord(context.Background(), db, s, planning.TrackOptions{AsOf: day("2022-08-28")})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(rows[:1], again); diff != "" {
		t.Errorf("the region's record differs without the offices' rows (-by office +region only):\n%s", diff)
	}
}

// TestTrackRecordDemo compares, on the demo warehouse named by
// PANTAU_DEMO_DB (made by pantau demo), the track record of pantau's
// forecast with that of the previous one (Auto per series, no calendar,
// no global model): MASE over all weeks and the error in holiday weeks,
// for the region and over the offices. It is the measurement of `make
// bench-forecast`; it checks nothing but that both run.
func TestTrackRecordDemo(t *testing.T) {
	path := os.Getenv("PANTAU_DEMO_DB")
	if path == "" {
		t.Skip("set PANTAU_DEMO_DB to a warehouse made by pantau demo")
	}
	ctx := context.Background()
	w, err := warehouse.Open(ctx, path, warehouse.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	s := kpi.SettingsFrom(config.Default())
	for _, asOf := range []string{"2023-06-25", "2023-04-30"} {
		opts := planning.TrackOptions{AsOf: day(asOf), Forecasts: 26, ByOffice: true}
		start := time.Now()
		current, err := planning.TrackRecord(ctx, w.DB, s, opts)
		if err != nil {
			t.Fatal(err)
		}
		took := time.Since(start)
		previous, err := planning.TrackRecordPrevious(ctx, w.DB, s, opts)
		if err != nil {
			t.Fatal(err)
		}
		for _, set := range []struct {
			name string
			rows []planning.TrackRow
		}{{"previous", previous}, {"current", current}} {
			var mase, err, holiday, in80, in95 float64
			var weeks, holidays int
			for _, r := range set.rows[1:] {
				mase += r.MASE / float64(len(set.rows)-1)
				in80 += r.Coverage80 * float64(r.Weeks)
				in95 += r.Coverage95 * float64(r.Weeks)
				err += r.MeanAbsoluteError * float64(r.Weeks)
				weeks += r.Weeks
				holiday += r.HolidayMeanAbsoluteError * float64(r.HolidayWeeks)
				holidays += r.HolidayWeeks
			}
			reg := set.rows[0]
			t.Logf("as of %s, %d forecasts of 13 weeks, %s: region MASE %.3f, MAE %.0f, holiday MAE %.0f (%d weeks), cover80 %.0f%% cover95 %.0f%%; "+
				"%d offices: mean MASE %.3f, MAE %.1f, holiday MAE %.1f (%d weeks), cover80 %.0f%% cover95 %.0f%%",
				asOf, opts.Forecasts, set.name, reg.MASE, reg.MeanAbsoluteError, reg.HolidayMeanAbsoluteError, reg.HolidayWeeks,
				100*reg.Coverage80, 100*reg.Coverage95, len(set.rows)-1, mase, err/float64(weeks), holiday/float64(max(holidays, 1)), holidays,
				100*in80/float64(weeks), 100*in95/float64(weeks))
		}
		t.Logf("as of %s: the current track record of %d scopes took %.1f s", asOf, len(current), took.Seconds())
	}
}
