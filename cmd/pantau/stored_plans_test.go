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

// TestStoredPlansRenderTheSameReports renders the weekly, planner and
// survey reports of every stored week twice, from the plans, track records
// and survey stored at refresh and from all of them computed on the fly,
// and wants the same bytes: on a small synthetic year like the demo's, and
// on the three regions of testdata/regions (with survey responses). Then it
// alters the stored rows, to see that they were what the first rendering
// read.
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
			sst, err := ikm.RefreshStored(ctx, w.DB, ikm.SettingsFrom(cfg), true)
			if err != nil {
				t.Fatal(err)
			}
			var surveyed int
			if err := w.DB.QueryRowContext(ctx, `SELECT count(*) FROM survey_stored WHERE part = 'results' AND data::VARCHAR <> 'null'`).Scan(&surveyed); err != nil {
				t.Fatal(err)
			}
			if sst.Made == 0 || surveyed == 0 {
				t.Fatalf("no survey index stored (%d region-periods, %d with results)", sst.Made, surveyed)
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
			kinds := []reports.Kind{reports.KindWeekly, reports.KindPlanner, reports.KindIKM}
			fromStored := map[string][]byte{} // region, week and kind → the report read from what is stored
			for _, region := range c.regions {
				s := kpi.SettingsFrom(cfg)
				s.RegionCode = region
				stored := reports.PlanFrom(planning.StoredPlan, s, po)
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
					for _, kind := range kinds {
						fromStored[region+" "+week+" "+string(kind)] = render(region, week, kind, stored)
					}
				}
				if len(storedWeeks[region]) == 0 {
					t.Errorf("%s: no plan stored for %s or %s", region, st.First, st.Last)
				}
			}
			var distributions int
			if err := w.DB.QueryRowContext(ctx, `SELECT count(*) FROM stock_plans WHERE scope = 'distribution'`).Scan(&distributions); err != nil {
				t.Fatal(err)
			}
			if distributions == 0 {
				t.Fatal("no distribution plan stored")
			}
			// Without the stored track records, distribution plans and
			// survey, and with the plans computed, every report is computed
			// on the fly.
			if _, err := w.DB.ExecContext(ctx, `DELETE FROM forecast_track; DELETE FROM survey_stored; DELETE FROM stock_plans WHERE scope = 'distribution'`); err != nil {
				t.Fatal(err)
			}
			for _, region := range c.regions {
				s := kpi.SettingsFrom(cfg)
				s.RegionCode = region
				for _, week := range []string{st.First, st.Last} {
					for _, kind := range kinds {
						// A week after the region's last event has no plan: the same error both ways.
						key := region + " " + week + " " + string(kind)
						if b := render(region, week, kind, reports.MetricsPlan(s, po)); !bytes.Equal(fromStored[key], b) {
							t.Errorf("%s: the report from what is stored differs from the one computed", key)
						}
					}
				}
			}
			// The stored rows are what StoredPlan, StoredTrackRecord and
			// StoredCompute read.
			if _, err := planning.RefreshStored(ctx, w.DB, kpi.SettingsFrom(cfg), planning.StoreOptions{Plan: po, Weeks: 2}, true); err != nil {
				t.Fatal(err)
			}
			if _, err := ikm.RefreshStored(ctx, w.DB, ikm.SettingsFrom(cfg), true); err != nil {
				t.Fatal(err)
			}
			if _, err := w.DB.ExecContext(ctx, `UPDATE stock_plans SET plan = json_merge_patch(plan, '{"model": "altered", "dinas": "altered"}');
				UPDATE forecast_track SET track = json_merge_patch(track, '{"model": "altered"}');
				UPDATE survey_stored SET data = '[{"period": "altered"}]' WHERE part = 'results' AND data::VARCHAR <> 'null'`); err != nil {
				t.Fatal(err)
			}
			var altered []struct{ region, period string }
			rows, err := w.DB.QueryContext(ctx, `SELECT region_code, period FROM survey_stored WHERE part = 'results' AND data::VARCHAR <> 'null'`)
			if err != nil {
				t.Fatal(err)
			}
			for rows.Next() {
				var a struct{ region, period string }
				if err := rows.Scan(&a.region, &a.period); err != nil {
					t.Fatal(err)
				}
				altered = append(altered, a)
			}
			rows.Close()
			for _, a := range altered {
				s := ikm.SettingsFrom(cfg)
				s.RegionCode = a.region
				res, err := ikm.StoredCompute(ctx, w.DB, s, ikm.Query{Periods: []string{a.period}, Scopes: []string{kpi.ScopeRegion}})
				if err != nil {
					t.Fatal(err)
				}
				if len(res) != 0 { // the altered row names no scope
					t.Errorf("%s %s: StoredCompute did not read the stored survey", a.region, a.period)
				}
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
					o.ByOffice = true // the distribution is of the offices' plans
					if rows, err = planning.StoredPlan(ctx, w.DB, s, o); err != nil {
						t.Fatal(err)
					}
					if d, err := planning.StoredDistribution(ctx, w.DB, s, o, rows); err != nil || d.Dinas != "altered" {
						t.Errorf("%s as of %s: StoredDistribution did not read the stored distribution plan (%v)", region, sunday.Format(time.DateOnly), err)
					}
					track, err := planning.StoredTrackRecord(ctx, w.DB, s, planning.TrackOptions{AsOf: sunday, ByOffice: true})
					if err != nil {
						t.Fatal(err)
					}
					// The track record is stored as of the latest week only.
					read, latest := len(track) > 0 && track[0].Model == "altered", kpi.FormatWeek(sunday) == st.Last
					if len(track) == 0 || read != latest {
						t.Errorf("%s as of %s: StoredTrackRecord read the stored track record: %v, want %v",
							region, sunday.Format(time.DateOnly), read, latest)
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

// loadThreeRegions runs testdata/regions/fixture.sql, and adds survey
// responses of 2022 to an office of each region (two in Bekasi, one of
// whose index falls in the second semester).
func loadThreeRegions(t *testing.T, w *warehouse.Warehouse) {
	b, err := os.ReadFile(filepath.Join("..", "..", "testdata", "regions", "fixture.sql"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.DB.ExecContext(context.Background(), string(b)); err != nil {
		t.Fatal(err)
	}
	if _, err := w.DB.ExecContext(context.Background(), `
		INSERT INTO survey_responses (region_code, response_id, office_code, submitted_at, service, sex, age_band, education, occupation,
			u1, u2, u3, u4, u5, u6, u7, u8, u9, suggestion, suggestion_topic, load_id)
		SELECT region, office || '-' || i, office, ts, 'ktp_el', CASE WHEN i % 2 = 0 THEN 'l' ELSE 'p' END, '25-34', 'SMA', 'swasta',
			u, u, 1 + (i + k) % 4, 4, u, 3, u, 1 + (i * 3 + k) % 4, 3, NULL, CASE WHEN i % 5 = 0 THEN 'waiting_time' END, 2
		FROM (SELECT *, TIMESTAMP '2022-01-03 09:00' + to_hours(i * 43 + k) AS ts,
		             CASE WHEN office = 'KEC-01' AND i >= 100 THEN 1 + i % 2 ELSE 2 + (i * 7 + k) % 3 END AS u
		      FROM (VALUES ('3216', 'KEC-01', 0), ('3216', 'KEC-02', 1), ('3273', '3273-DINAS', 2), ('9171', '9171-DINAS', 3)) o(region, office, k),
		           range(200) r(i))`); err != nil {
		t.Fatal(err)
	}
}
