package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/disdukcapil-bekasi/pantau/config"
	"github.com/disdukcapil-bekasi/pantau/etl"
	"github.com/disdukcapil-bekasi/pantau/ikm"
	"github.com/disdukcapil-bekasi/pantau/kpi"
	"github.com/disdukcapil-bekasi/pantau/planning"
	"github.com/disdukcapil-bekasi/pantau/reports"
	"github.com/disdukcapil-bekasi/pantau/synth"
	"github.com/disdukcapil-bekasi/pantau/warehouse"
)

// TestStoredPlansRenderTheSameReports renders the weekly and planner
// reports of every stored week twice, from the plans stored at refresh and
// from plans computed on the fly, and wants the same bytes: on a small
// synthetic year like the demo's, and on the three regions of
// testdata/regions. Then it alters the stored rows, to see that they were
// what the first rendering read.
func TestStoredPlansRenderTheSameReports(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a synthetic warehouse")
	}
	ctx := context.Background()
	cases := []struct {
		name    string
		build   func(t *testing.T, w *warehouse.Warehouse)
		regions []string
	}{
		{"synthetic", loadSynthetic, []string{"3216"}},
		{"three regions", loadThreeRegions, []string{"3216", "3273", "9171"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			w, err := warehouse.Open(ctx, filepath.Join(t.TempDir(), "w.duckdb"), warehouse.Options{})
			if err != nil {
				t.Fatal(err)
			}
			defer w.Close()
			c.build(t, w)
			cfg := config.Default()
			if err := kpi.Install(ctx, w.DB, cfg, ikm.Install(cfg)); err != nil {
				t.Fatal(err)
			}
			if _, err := kpi.Refresh(ctx, w.DB, kpi.SettingsFrom(cfg), true); err != nil {
				t.Fatal(err)
			}
			po := planning.PlanOptions{Horizon: cfg.Forecast.Horizon, ServiceLevel: cfg.Forecast.ServiceLevel, ReviewWeeks: cfg.Forecast.ReviewWeeks}
			st, err := planning.RefreshStored(ctx, w.DB, kpi.SettingsFrom(cfg), planning.StoreOptions{Plan: po, Weeks: 2}, true)
			if err != nil {
				t.Fatal(err)
			}
			if st.Made == 0 {
				t.Fatal("no plans stored")
			}
			r, err := reports.NewRenderer()
			if err != nil {
				t.Fatal(err)
			}
			render := func(region, week string, kind reports.Kind, plan reports.PlanFunc) []byte {
				t.Helper()
				s := kpi.SettingsFrom(cfg)
				s.RegionCode = region
				opt := reports.Options{Week: week, Now: time.Date(2023, 7, 3, 8, 0, 0, 0, time.UTC), Settings: s,
					IKM: ikm.SettingsFrom(cfg), Plan: plan, Lang: reports.Indonesian}
				rep, err := reports.Build(ctx, w.DB, kind, opt)
				if err != nil { // both ways the same error (a week after the region's data)
					return []byte("error: " + err.Error())
				}
				var buf bytes.Buffer
				if err := rep.WriteHTML(&buf, r); err != nil {
					t.Fatal(err)
				}
				return buf.Bytes()
			}
			storedWeeks := map[string][]time.Time{} // region → the Sundays it has plans stored for
			for _, region := range c.regions {
				s := kpi.SettingsFrom(cfg)
				s.RegionCode = region
				stored, computed := reports.PlanFrom(planning.StoredPlan, s, po), reports.MetricsPlan(s, po)
				for _, week := range []string{st.First, st.Last} {
					monday, _ := kpi.ParseWeek(week)
					var n int
					if err := w.DB.QueryRowContext(ctx, `SELECT count(*) FROM stock_plans WHERE region_code = ? AND as_of = ?`,
						region, monday.AddDate(0, 0, 6)).Scan(&n); err != nil {
						t.Fatal(err)
					}
					if n > 0 {
						storedWeeks[region] = append(storedWeeks[region], monday.AddDate(0, 0, 6))
					}
					for _, kind := range []reports.Kind{reports.KindWeekly, reports.KindPlanner} {
						// A week after the region's last event has no plan: the same error both ways.
						a, b := render(region, week, kind, stored), render(region, week, kind, computed)
						if !bytes.Equal(a, b) {
							t.Errorf("%s %s %s: the report from the stored plans differs from the one computed", region, week, kind)
						}
					}
				}
				if len(storedWeeks[region]) == 0 {
					t.Errorf("%s: no plan stored for %s or %s", region, st.First, st.Last)
				}
			}
			// The stored rows are what StoredPlan reads.
			if _, err := w.DB.ExecContext(ctx, `UPDATE stock_plans SET plan = json_merge_patch(plan, '{"model": "altered"}')`); err != nil {
				t.Fatal(err)
			}
			for region, sundays := range storedWeeks {
				s := kpi.SettingsFrom(cfg)
				s.RegionCode = region
				for _, sunday := range sundays {
					o := po
					o.AsOf = sunday
					rows, err := planning.StoredPlan(ctx, w.DB, s, o)
					if err != nil {
						t.Fatal(err)
					}
					if len(rows) == 0 || rows[0].Model != "altered" {
						t.Errorf("%s as of %s: StoredPlan did not read the stored plan", region, sunday.Format(time.DateOnly))
					}
				}
			}
		})
	}
}

// loadSynthetic loads a small synthetic 2022 of Kabupaten Bekasi (seed 1,
// a tenth of the demo's volume) through the loader.
func loadSynthetic(t *testing.T, w *warehouse.Warehouse) {
	ctx := context.Background()
	dir := t.TempDir()
	day := func(s string) time.Time { d, _ := time.Parse(time.DateOnly, s); return d }
	if _, err := synth.Generate(ctx, synth.Config{From: day("2022-01-01"), To: day("2022-09-30"), Seed: 1, Scale: 0.1, Format: "csv"}, dir); err != nil {
		t.Fatal(err)
	}
	cfg := config.Default()
	loader, err := etl.NewLoader(ctx, w.DB, cfg, []byte("0123456789abcdef0123456789abcdef"), nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer loader.Close()
	results, err := loader.Load(ctx, []string{dir}, etl.Options{MaxRejectRate: 1})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range results {
		if r.Err != nil {
			t.Fatalf("%s: %v", r.File, r.Err)
		}
	}
}

// loadThreeRegions runs testdata/regions/fixture.sql.
func loadThreeRegions(t *testing.T, w *warehouse.Warehouse) {
	b, err := os.ReadFile(filepath.Join("..", "..", "testdata", "regions", "fixture.sql"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.DB.ExecContext(context.Background(), string(b)); err != nil {
		t.Fatal(err)
	}
}
