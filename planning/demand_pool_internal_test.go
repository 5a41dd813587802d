package planning

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/disdukcapil-bekasi/pantau/config"
	"github.com/disdukcapil-bekasi/pantau/kpi"
	"github.com/disdukcapil-bekasi/pantau/synth"
	"github.com/disdukcapil-bekasi/pantau/warehouse"
)

// syntheticRegion is a region of offices whose weekly demand shares one
// shape (a cycle of eight weeks and a Lebaran week at a fifth of the
// working days), each at its own level with ±noise (a share); the region's
// series is their sum.
func syntheticRegion(code string, offices, weeks int, noiseShare float64, seed uint64) regionDemand {
	noise := func() float64 {
		seed = seed*6364136223846793005 + 1442695040888963407
		return float64(seed>>11)/float64(1<<52) - 1
	}
	workdays := make([]float64, weeks+calendarWeeks)
	for t := range workdays {
		workdays[t] = 5
		if t%52 == 15 {
			workdays[t] = 1
		}
	}
	total := make([]float64, weeks)
	var series []DemandSeries
	for o := range offices {
		level := 10 + 7*float64(o)
		y := make([]float64, weeks)
		for t := range y {
			y[t] = math.Round(level * workdays[t] / 5 * (1 + 0.3*math.Sin(2*math.Pi*float64(t)/8)) * (1 + noiseShare*noise()))
			total[t] += y[t]
		}
		series = append(series, DemandSeries{Scope: kpi.ScopeOffice, ScopeID: fmt.Sprintf("%s-KEC-%02d", code, o+1), Demand: y, Workdays: workdays})
	}
	region := DemandSeries{Scope: kpi.ScopeRegion, ScopeID: code, Demand: total, Workdays: workdays}
	return regionDemand{code: code, series: append([]DemandSeries{region}, series...)}
}

// TestPooledForecastsAcrossRegions states what pooling the regions keeps:
// the order the regions come in does not matter (bit for bit), and adding
// regions changes a region's forecasts only through the global model: a
// series that chooses no global model, alone or pooled, has the same
// forecast either way, and the others name the global model.
func TestPooledForecastsAcrossRegions(t *testing.T) {
	const h = 13
	// Region 3216's offices are noisy: some choose the global model, some not.
	a, b, c := syntheticRegion("3201", 12, 70, 0.2, 1), syntheticRegion("3216", 10, 70, 0.8, 2), syntheticRegion("9171", 5, 40, 0.2, 3)
	all := func(string) bool { return true }
	pooled := pooledForecasts([]regionDemand{a, b, c}, h, all)
	if got := pooledForecasts([]regionDemand{c, a, b}, h, all); !reflect.DeepEqual(got, pooled) {
		t.Error("the forecasts depend on the order of the regions")
	}
	if got := pooledForecasts([]regionDemand{c, a, b}, h, func(code string) bool { return code == "3216" }); len(got) != 1 ||
		!reflect.DeepEqual(got["3216"], pooled["3216"]) {
		t.Error("the forecasts of one region differ from its forecasts made with every region's")
	}
	alone := pooledForecasts([]regionDemand{b}, h, all)["3216"].forecasts
	same, global := 0, 0
	for j, f := range pooled["3216"].forecasts {
		g := alone[j]
		switch {
		case !strings.Contains(f.Model, "global") && !strings.Contains(g.Model, "global"):
			same++
			if !reflect.DeepEqual(f, g) {
				t.Errorf("%s: pooled %s differs from alone %s, and neither uses the global model", b.series[j].ScopeID, f.Model, g.Model)
			}
		default:
			global++
		}
	}
	t.Logf("region 3216: %d series forecast as alone, %d use the global model (pooled or alone)", same, global)
	if global == 0 || same == 0 {
		t.Error("the test needs series of 3216 with and without the global model")
	}
}

// The pool tests run on three synthetic regions (Kab. Bogor, Kab. Bekasi,
// Kota Jayapura, whose local time is two hours ahead) at a tenth of the
// volume, 2022-01 to 2023-03, loaded straight into the fact tables, and on
// Kab. Bekasi alone; built once per test binary.
var poolWarehouses = sync.OnceValues(func() ([2]*sql.DB, error) {
	ctx := context.Background()
	var out [2]*sql.DB
	dir, err := os.MkdirTemp("", "pantau-pool-")
	if err != nil {
		return out, err
	}
	defer os.RemoveAll(dir)
	codes := []string{"3201", "3216", "9171"}
	cfg := synth.Config{From: time.Date(2022, 1, 1, 0, 0, 0, 0, time.UTC), To: time.Date(2023, 3, 31, 0, 0, 0, 0, time.UTC),
		Seed: 1, Scale: 0.1, Format: "csv", RegionCodes: codes}
	if _, err := synth.Generate(ctx, cfg, dir); err != nil {
		return out, err
	}
	for i, regions := range [][]string{codes, {"3216"}} {
		w, err := warehouse.Open(ctx, ":memory:", warehouse.Options{})
		if err != nil {
			return out, err
		}
		for _, code := range regions {
			for _, load := range []struct{ table, columns, file string }{
				{"service_events", "event_id, application_id, event_time, service, request_type, stage, interim_type, office_code, channel, staff_id",
					"service_events.csv"},
				{"blanko_deliveries", "delivery_id, office_code, requested_at, quantity_requested, received_at, quantity_received, source, reference",
					"blanko_deliveries.csv"},
				{"blanko_stock_counts", "office_code, counted_at, quantity_on_hand", "blanko_stock_counts.csv"},
			} {
				query := "INSERT INTO " + load.table + " (region_code, load_id, " + load.columns + ") SELECT ?, 1, " +
					load.columns + " FROM read_csv(?, header = true, all_varchar = true)"
				if _, err := w.DB.ExecContext(ctx, query, code, filepath.Join(dir, code, load.file)); err != nil {
					return out, fmt.Errorf("load %s %s: %w", code, load.file, err)
				}
			}
		}
		if err := kpi.Install(ctx, w.DB, config.Default()); err != nil {
			return out, err
		}
		out[i] = w.DB
	}
	return out, nil
})

// poolDBs returns the pool tests' warehouses, skipping a short run.
func poolDBs(t *testing.T) [2]*sql.DB {
	t.Helper()
	if testing.Short() {
		t.Skip("builds two synthetic warehouses")
	}
	dbs, err := poolWarehouses()
	if err != nil {
		t.Fatal(err)
	}
	return dbs
}

// TestPlansPoolTheRegions: on a warehouse of three regions, the plan of Kab.
// Bekasi is the same whether it is made alone or with the forecasts of
// every region kept for the next (the stored plans' refresh, the
// allocation), and the same twice; against the warehouse of Kab. Bekasi
// alone, its forecasts differ only where the global model is chosen.
func TestPlansPoolTheRegions(t *testing.T) {
	dbs := poolDBs(t)
	ctx := context.Background()
	s := kpi.SettingsFrom(config.Default())
	o := PlanOptions{AsOf: time.Date(2023, 3, 26, 0, 0, 0, 0, time.UTC), ByOffice: true}
	alone, err := Plan(ctx, dbs[0], s, o)
	if err != nil {
		t.Fatal(err)
	}
	again, err := Plan(ctx, dbs[0], s, o)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(alone, again) {
		t.Error("two plans of the same warehouse differ")
	}
	pools := withDemandPools(ctx)
	for _, code := range []string{"3201", "9171", "3216"} {
		rs := s
		rs.RegionCode = code
		plans, err := Plan(pools, dbs[0], rs, o)
		if err != nil {
			t.Fatal(err)
		}
		if code == "3216" && !reflect.DeepEqual(plans, alone) {
			t.Error("the plan of 3216 made after the other regions' (one pool) differs from the plan made alone")
		}
	}
	single, err := Plan(ctx, dbs[1], s, o)
	if err != nil {
		t.Fatal(err)
	}
	if len(single) != len(alone) {
		t.Fatalf("%d plans alone, %d with the other regions", len(single), len(alone))
	}
	global := 0
	for i, p := range alone {
		q := single[i]
		if strings.Contains(p.Model, "global") || strings.Contains(q.Model, "global") {
			global++
			continue
		}
		if !reflect.DeepEqual(p.Weeks, q.Weeks) || p.Model != q.Model {
			t.Errorf("%s %s: %s with the other regions, %s alone, and neither uses the global model, yet the forecasts differ",
				p.Scope, p.ScopeID, p.Model, q.Model)
		}
	}
	t.Logf("%d of %d scopes of 3216 use the global model with or without the other regions", global, len(alone))
}

// TestALoadInOneRegionTouchesEveryRegionsPlans: the global model pools
// every region, so the stored plans' notes of a load in one region make
// every region with KPIs plan again from the earliest noted date; the
// track records score each region's own series, so only the noted regions
// score theirs again.
func TestALoadInOneRegionTouchesEveryRegionsPlans(t *testing.T) {
	ctx := context.Background()
	w, err := warehouse.Open(ctx, ":memory:", warehouse.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	if _, err := w.DB.ExecContext(ctx, `INSERT INTO kpi_weekly (week, scope, scope_id, kpi, value, region_code)
		VALUES ('2023-W10', 'region', '3201', 'recordings', 1, '3201'), ('2023-W10', 'region', '3216', 'recordings', 1, '3216'),
		       ('2023-W10', 'region', '9171', 'recordings', 1, '9171'), ('2023-W10', 'office', '3216-X', 'recordings', 1, '3216')`); err != nil {
		t.Fatal(err)
	}
	day := func(s string) time.Time { d, _ := time.Parse(time.DateOnly, s); return d }
	every := func(s string) map[string]time.Time {
		return map[string]time.Time{"3201": day(s), "3216": day(s), "9171": day(s)}
	}
	tests := []struct {
		name  string
		notes string
		want  map[string]time.Time
		own   map[string]time.Time // the track records': the regions noted only
		all   bool
	}{
		{name: "no load", want: map[string]time.Time{}, own: map[string]time.Time{}},
		{name: "one region", notes: `('3201', DATE '2023-03-06')`, want: every("2023-03-06"),
			own: map[string]time.Time{"3201": day("2023-03-06")}},
		{name: "two regions", notes: `('3201', DATE '2023-03-06'), ('9171', DATE '2023-02-27'), ('3201', DATE '2023-03-13')`,
			want: every("2023-02-27"), own: map[string]time.Time{"3201": day("2023-03-06"), "9171": day("2023-02-27")}},
		{name: "every region", notes: `('3201', DATE '2023-03-06'), ('*', DATE '2023-03-06')`, all: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			query := "DELETE FROM stored_plans_dirty"
			if tt.notes != "" {
				query += "; INSERT INTO stored_plans_dirty VALUES " + tt.notes
			}
			if _, err := w.DB.ExecContext(ctx, query); err != nil {
				t.Fatal(err)
			}
			got, all, err := storedDirty(ctx, w.DB, "stored_plans_dirty")
			if err != nil {
				t.Fatal(err)
			}
			if all != tt.all || (!tt.all && !reflect.DeepEqual(got, tt.want)) {
				t.Errorf("dirty %v (all %v), want %v (all %v)", got, all, tt.want, tt.all)
			}
			own, all, err := storedDirty(ctx, w.DB, "stored_track_dirty")
			if err != nil {
				t.Fatal(err)
			}
			if all != tt.all || (!tt.all && !reflect.DeepEqual(own, tt.own)) {
				t.Errorf("track records' dirty %v (all %v), want %v (all %v)", own, all, tt.own, tt.all)
			}
		})
	}
}

// TestDemandReadAtOnceIsReadAlone: the demand of a region as of many dates
// read at once (what the stored plans' refresh reads ahead) is, date by
// date, the demand read as of that date alone, whichever dates are read
// with it; a date outside the region's events keeps its own error.
func TestDemandReadAtOnceIsReadAlone(t *testing.T) {
	dbs := poolDBs(t)
	ctx := context.Background()
	s := kpi.SettingsFrom(config.Default())
	day := func(d string) time.Time { t, _ := time.Parse(time.DateOnly, d); return t }
	dates := []time.Time{day("2023-03-26"), day("2021-12-26"), day("2022-03-06"), day("2022-10-12"),
		day("2023-01-01"), day("2023-03-19"), day("2023-04-09"), day("2022-06-25")}
	for _, code := range []string{"3201", "3216", "9171"} {
		rs := s
		rs.RegionCode = code
		for _, set := range [][]time.Time{dates, dates[3:6]} {
			got, err := blankoDemandAt(ctx, dbs[0], rs, set, true)
			if err != nil {
				t.Fatal(err)
			}
			outside := 0
			for i, asOf := range set {
				alone, err := BlankoDemand(ctx, dbs[0], rs, asOf, true)
				var o *OutsideDataError
				if errors.As(err, &o) {
					outside++
				}
				if fmt.Sprint(err) != fmt.Sprint(got[i].err) {
					t.Errorf("%s as of %s: error %v read with %d dates, %v alone", code, asOf.Format(time.DateOnly), got[i].err, len(set), err)
				}
				if !reflect.DeepEqual(got[i].series, alone) {
					t.Errorf("%s as of %s: the demand read with %d dates differs from the demand read alone", code, asOf.Format(time.DateOnly), len(set))
				}
			}
			if len(set) == len(dates) && outside != 2 {
				t.Errorf("%s: %d dates outside the data, want 2 (2021-12-26, 2023-04-09)", code, outside)
			}
		}
	}
}
