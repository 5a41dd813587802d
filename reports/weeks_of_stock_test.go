package reports

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/disdukcapil-bekasi/pantau/config"
	"github.com/disdukcapil-bekasi/pantau/kpi"
	"github.com/disdukcapil-bekasi/pantau/kpi/kpiname"
	"github.com/disdukcapil-bekasi/pantau/planning"
	"github.com/disdukcapil-bekasi/pantau/synth"
	"github.com/disdukcapil-bekasi/pantau/warehouse"
)

// TestOneWeeksOfStock: the weeks of stock of an office or the region in a
// week is the same number in the data of every report that shows it — the
// weekly report (the stored KPI), the planner (its plans and its
// distribution), the province ranking and the allocation table — on a
// small synthetic Kab. Bekasi in mid-2022.
func TestOneWeeksOfStock(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a synthetic warehouse")
	}
	ctx := context.Background()
	dir := t.TempDir()
	cfg := synth.Config{From: time.Date(2022, 1, 1, 0, 0, 0, 0, time.UTC), To: time.Date(2022, 11, 30, 0, 0, 0, 0, time.UTC),
		Seed: 1, Scale: 0.2, Format: "csv"}
	if _, err := synth.Generate(ctx, cfg, dir); err != nil {
		t.Fatal(err)
	}
	w, err := warehouse.Open(ctx, filepath.Join(dir, "w.duckdb"), warehouse.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { w.Close() })
	db := w.DB
	for _, load := range []struct{ table, columns, file string }{
		{"service_events", "event_id, application_id, event_time, service, request_type, stage, interim_type, office_code, channel, staff_id", "service_events.csv"},
		{"blanko_deliveries", "delivery_id, office_code, requested_at, quantity_requested, received_at, quantity_received, source, reference", "blanko_deliveries.csv"},
		{"blanko_stock_counts", "office_code, counted_at, quantity_on_hand", "blanko_stock_counts.csv"},
	} {
		query := "INSERT INTO " + load.table + " (region_code, load_id, " + load.columns + ") SELECT '3216', 1, " +
			load.columns + " FROM read_csv(?, header = true, all_varchar = true)"
		if _, err := db.ExecContext(ctx, query, filepath.Join(dir, load.file)); err != nil {
			t.Fatalf("load %s: %v", load.file, err)
		}
	}
	refreshKPIs(t, db)

	const week = "2022-W27" // before the shortage: every office holds cards
	s := kpi.SettingsFrom(config.Default())
	opt := Options{Week: week, Lang: Indonesian, Now: time.Date(2022, 7, 11, 7, 0, 0, 0, time.UTC), Settings: s,
		Plan: MetricsPlan(s, planning.PlanOptions{ReviewWeeks: 4})}
	type key struct{ scope, id string }
	seen := map[key]map[string]*float64{}
	put := func(report, scope, id string, v *float64) {
		k := key{scope, id}
		if seen[k] == nil {
			seen[k] = map[string]*float64{}
		}
		seen[k][report] = v
	}

	weekly, err := BuildWeekly(ctx, db, opt)
	if err != nil {
		t.Fatal(err)
	}
	put("weekly", kpi.ScopeRegion, s.RegionCode, weekly.now(kpiname.WeeksOfCover))
	for _, office := range []string{"DINAS", "KEC-01", "KEC-05"} {
		o := opt
		o.Office = office
		w, err := BuildWeekly(ctx, db, o)
		if err != nil {
			t.Fatal(err)
		}
		put("weekly", kpi.ScopeOffice, office, w.now(kpiname.WeeksOfCover))
	}

	planner, err := BuildPlanner(ctx, db, opt)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range planner.plans {
		put("planner", p.Scope, p.ScopeID, p.WeeksOfStock)
		if p.Distribution != nil {
			for _, r := range p.Distribution.Rows {
				put("distribution", kpi.ScopeOffice, r.Office, r.CoverBeforeWeeks)
			}
		}
	}

	nat := opt
	nat.Province, nat.MinRecordings = "32", 1
	nat.Allocate = &planning.AllocateOptions{Supply: 1000, ReviewWeeks: 4}
	national, err := BuildNational(ctx, db, nat)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range national.rows {
		put("ranking", kpi.ScopeRegion, r.region.Code, r.cover)
	}
	if national.alloc == nil {
		t.Fatal("the province report has no allocation")
	}
	for _, r := range national.alloc.Rows {
		v := r.CoverBefore
		put("allocation", kpi.ScopeRegion, r.Code, &v)
	}

	// The allocation by office, as pantau forecast allocate --by office gives it.
	monday, _ := kpi.ParseWeek(week)
	byOffice, err := planning.Allocate(ctx, db, s, planning.AllocateOptions{Supply: 500, By: kpi.ScopeOffice, AsOf: monday.AddDate(0, 0, 6)})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range byOffice.Rows {
		v := r.CoverBefore
		if v < 0 {
			put("allocation", kpi.ScopeOffice, r.Code, nil)
			continue
		}
		put("allocation", kpi.ScopeOffice, r.Code, &v)
	}

	text := func(v *float64) string {
		if v == nil {
			return "none"
		}
		return fmt.Sprint(*v)
	}
	for _, k := range []key{{kpi.ScopeRegion, s.RegionCode}, {kpi.ScopeOffice, "DINAS"}, {kpi.ScopeOffice, "KEC-01"}, {kpi.ScopeOffice, "KEC-05"}} {
		reports := seen[k]
		want, ok := reports["weekly"]
		if !ok || want == nil || *want <= 0 {
			t.Fatalf("%s %s: the weekly report shows weeks of stock %s; the test needs stock and use", k.scope, k.id, text(want))
		}
		wantReports := []string{"planner", "allocation"}
		if k.scope == kpi.ScopeRegion {
			wantReports = append(wantReports, "ranking")
		} else {
			wantReports = append(wantReports, "distribution")
		}
		for _, report := range wantReports {
			got, ok := reports[report]
			if !ok {
				t.Errorf("%s %s: no weeks of stock in the %s's data", k.scope, k.id, report)
				continue
			}
			if got == nil || *got != *want {
				t.Errorf("%s %s: weeks of stock %s in the %s's data, %s in the weekly's", k.scope, k.id, text(got), report, text(want))
			}
		}
	}
}
