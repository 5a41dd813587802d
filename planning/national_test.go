package planning_test

import (
	"context"
	"database/sql"
	"math"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/disdukcapil-bekasi/pantau/config"
	"github.com/disdukcapil-bekasi/pantau/kpi"
	"github.com/disdukcapil-bekasi/pantau/planning"
	"github.com/disdukcapil-bekasi/pantau/warehouse"
)

// TestBacklogPer10kSumsNumerators checks the rates of testdata/regions with
// round populations put beside them: 3216 20,000 people, 3273 10,000 (both
// in province 32), 9171 5,000 (province 91).
//
// Print backlog at the end of 2023-W01 (Sunday 8 January): 3216 holds a3
// (recorded 29 December, printed 11 January) = 1; 3273 holds b1 and b2
// (recorded 4 and 5 January, printed 11 January) = 2; 9171 none = 0.
//
//	3216: 1 / 20,000 × 10,000 = 0.5
//	3273: 2 / 10,000 × 10,000 = 2.0
//	province 32: (1 + 2) / (20,000 + 10,000) × 10,000 = 1.0
//	  (the mean of the two rates would be 1.25: not what pantau reports)
//	national: 3 / 35,000 × 10,000 = 0.857142…
//
// At the end of 2023-W02 only 9171's c2 (printed Monday 16 January WIT) is
// waiting: 9171 1 / 5,000 × 10,000 = 2.0; province 32 0; national 1 / 35,000
// × 10,000 = 0.285714….
func TestBacklogPer10kSumsNumerators(t *testing.T) {
	ctx := context.Background()
	w := regionsFixture(t, `
		UPDATE regions SET population = 20000 WHERE region_code = '3216';
		UPDATE regions SET population = 10000 WHERE region_code = '3273';
		UPDATE regions SET population = 5000 WHERE region_code = '9171';`)
	cfg := config.Default()
	if err := kpi.Install(ctx, w.DB, cfg); err != nil {
		t.Fatal(err)
	}
	if _, err := kpi.Refresh(ctx, w.DB, kpi.SettingsFrom(cfg), true); err != nil {
		t.Fatal(err)
	}
	rates, err := planning.BacklogPer10k(ctx, w.DB, "2023-W01", "2023-W02", nil)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]float64{}
	for _, r := range rates {
		got[r.Week+" "+r.Scope+" "+r.ScopeID] = math.Round(r.Value*1e6) / 1e6
	}
	want := map[string]float64{
		"2023-W01 region 3216": 0.5, "2023-W01 region 3273": 2, "2023-W01 region 9171": 0,
		"2023-W01 province 32": 1, "2023-W01 province 91": 0, "2023-W01 national ID": 0.857143,
		"2023-W02 region 3216": 0, "2023-W02 region 3273": 0, "2023-W02 region 9171": 2,
		"2023-W02 province 32": 0, "2023-W02 province 91": 2, "2023-W02 national ID": 0.285714,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("backlog per 10,000 (-want +got):\n%s", diff)
	}
	// One province's regions only: its "national" row is theirs alone.
	rates, err = planning.BacklogPer10k(ctx, w.DB, "2023-W01", "2023-W01", []string{"3216", "3273"})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rates {
		if r.Scope == kpi.ScopeNational && r.Value != 1 {
			t.Errorf("national of 3216 and 3273 = %v, want 1", r.Value)
		}
	}

	info, err := planning.RegionsInfo(ctx, w.DB)
	if err != nil {
		t.Fatal(err)
	}
	if len(info) != 3 || info[1].Code != "3273" || info[1].ProvinceCode != "32" || info[1].Population != 10000 || info[1].ProvinceName == "" {
		t.Errorf("regions info = %+v", info)
	}
}

func TestRank(t *testing.T) {
	f := func(v float64) *float64 { return &v }
	for _, tc := range []struct {
		name     string
		values   []*float64
		eligible []bool
		lower    bool
		want     []int
	}{
		{"lower is better, ties share", []*float64{f(3), f(1), f(3), f(0.5)}, nil, true, []int{3, 2, 3, 1}},
		{"higher is better", []*float64{f(0.9), f(0.5), f(1)}, nil, false, []int{2, 3, 1}},
		{"ineligible and nil are not ranked", []*float64{f(2), nil, f(1), f(0)}, []bool{true, true, true, false}, true, []int{2, 0, 1, 0}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if diff := cmp.Diff(tc.want, planning.Rank(tc.values, tc.eligible, tc.lower)); diff != "" {
				t.Errorf("ranks (-want +got):\n%s", diff)
			}
		})
	}
}

// TestDataAsOfRegions: the last event of the regions before a moment,
// whether it lies within the days looked at first or long before them.
func TestDataAsOfRegions(t *testing.T) {
	ctx := context.Background()
	w := regionsFixture(t, "")
	var last time.Time
	if err := w.DB.QueryRowContext(ctx, `SELECT max(event_time) FROM service_events WHERE region_code = '3216'`).Scan(&last); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name   string
		before time.Time
		want   time.Time
		ok     bool
	}{
		{"the next day", last.AddDate(0, 0, 1), last, true},
		{"a year later", last.AddDate(1, 0, 0), last, true},
		{"at the last event", last, time.Time{}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.name == "at the last event" {
				// the one before it, if any, from the table
				var v sql.NullTime
				if err := w.DB.QueryRowContext(ctx, `SELECT max(event_time) FROM service_events WHERE region_code = '3216' AND event_time < ?`, last).Scan(&v); err != nil {
					t.Fatal(err)
				}
				tc.want, tc.ok = v.Time, v.Valid
			}
			got, ok, err := planning.DataAsOfRegions(ctx, w.DB, []string{"3216"}, tc.before)
			if err != nil {
				t.Fatal(err)
			}
			if ok != tc.ok || !got.Equal(tc.want) {
				t.Errorf("DataAsOfRegions before %s = %s, %v; want %s, %v", tc.before, got, ok, tc.want, tc.ok)
			}
		})
	}
	if _, ok, err := planning.DataAsOfRegions(ctx, w.DB, []string{"3216"}, time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)); err != nil || ok {
		t.Errorf("DataAsOfRegions before every event: ok %v, %v; want none", ok, err)
	}
}

// regionsFixture opens an in-memory warehouse holding the three regions'
// fixture (testdata/regions/fixture.sql), then more statements.
func regionsFixture(t *testing.T, more string) *warehouse.Warehouse {
	t.Helper()
	w, err := warehouse.Open(context.Background(), ":memory:", warehouse.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { w.Close() })
	fixture, err := os.ReadFile(filepath.Join("..", "testdata", "regions", "fixture.sql"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.DB.Exec(string(fixture) + ";\n" + more); err != nil {
		t.Fatal(err)
	}
	return w
}
