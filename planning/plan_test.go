package planning_test

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/disdukcapil-bekasi/pantau/config"
	"github.com/disdukcapil-bekasi/pantau/kpi"
	"github.com/disdukcapil-bekasi/pantau/kpi/kpiname"
	"github.com/disdukcapil-bekasi/pantau/planning"
	"github.com/disdukcapil-bekasi/pantau/synth"
	"github.com/disdukcapil-bekasi/pantau/warehouse"
)

// The stock-plan tests run on a small synthetic 2022 (January to November
// at a fifth of the volume, seed 1: about 190,000 events), built once per
// test binary: enough to hold the first stock-out (October), quick to load.
// The synthetic CSVs carry the canonical columns, so DuckDB reads them
// straight into the fact tables (without the NIK, which the plan does not
// need); that keeps these tests independent of the loader.
var planWarehouse = sync.OnceValues(func() (*sql.DB, error) {
	ctx := context.Background()
	dir, err := os.MkdirTemp("", "pantau-plan-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	cfg := synth.Config{From: day("2022-01-01"), To: day("2022-11-30"), Seed: 1, Scale: 0.2, Format: "csv"}
	if _, err := synth.Generate(ctx, cfg, dir); err != nil {
		return nil, err
	}
	w, err := warehouse.Open(ctx, ":memory:", warehouse.Options{})
	if err != nil {
		return nil, err
	}
	for _, load := range []struct{ table, columns, file string }{
		{"service_events", "event_id, application_id, event_time, service, request_type, stage, interim_type, office_code, channel, staff_id",
			"service_events.csv"},
		{"blanko_deliveries", "delivery_id, office_code, requested_at, quantity_requested, received_at, quantity_received, source, reference",
			"blanko_deliveries.csv"},
		{"blanko_stock_counts", "office_code, counted_at, quantity_on_hand", "blanko_stock_counts.csv"},
	} {
		query := "INSERT INTO " + load.table + " (region_code, load_id, " + load.columns + ") SELECT '3216', 1, " +
			load.columns + " FROM read_csv(?, header = true, all_varchar = true)"
		if _, err := w.DB.ExecContext(ctx, query, filepath.Join(dir, load.file)); err != nil {
			return nil, fmt.Errorf("load %s: %w", load.file, err)
		}
	}
	if err := kpi.Install(ctx, w.DB, config.Default()); err != nil {
		return nil, err
	}
	return w.DB, nil
})

func planDB(t *testing.T) *sql.DB {
	t.Helper()
	db, err := planWarehouse()
	if err != nil {
		t.Fatalf("synthetic warehouse: %v", err)
	}
	return db
}

func day(s string) time.Time {
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return d
}

func weeksBetween(t *testing.T, a, b string) int {
	t.Helper()
	ma, err := kpi.ParseWeek(a)
	if err != nil {
		t.Fatal(err)
	}
	mb, err := kpi.ParseWeek(b)
	if err != nil {
		t.Fatal(err)
	}
	return int(mb.Sub(ma).Hours() / (24 * 7))
}

// TestPlanPredictsFirstStockOut finds the first stock-out in the data (the
// first week whose region stock ends below a fifth of the mean weekly
// consumption of the eight weeks before) and the last delivery before it;
// a plan made as of that delivery must put the stock-out within a week.
func TestPlanPredictsFirstStockOut(t *testing.T) {
	db := planDB(t)
	ctx := context.Background()
	s := kpi.SettingsFrom(config.Default())
	values, err := kpi.Compute(ctx, db, s, kpi.Query{From: "2022-W01", To: "2022-W52",
		Scopes: []string{kpi.ScopeRegion}, KPIs: []string{kpiname.BlankoStock, kpiname.BlankoConsumed}})
	if err != nil {
		t.Fatal(err)
	}
	var weeks []string
	stock, used := map[string]float64{}, map[string]float64{}
	for _, v := range values {
		switch v.KPI {
		case kpiname.BlankoStock:
			weeks = append(weeks, v.Week)
			stock[v.Week] = *v.Value
		case kpiname.BlankoConsumed:
			used[v.Week] = *v.Value
		}
	}
	actual := ""
	for i := 8; i < len(weeks) && actual == ""; i++ {
		mean := 0.0
		for _, w := range weeks[i-8 : i] {
			mean += used[w] / 8
		}
		if stock[weeks[i]] < 0.2*mean {
			actual = weeks[i]
		}
	}
	if actual == "" {
		t.Fatal("no stock-out in the synthetic 2022")
	}
	monday, _ := kpi.ParseWeek(actual)
	var last time.Time
	if err := db.QueryRowContext(ctx, `SELECT max(received_at) FROM blanko_deliveries
		WHERE source <> 'transfer' AND received_at < ?`, monday.Format(time.DateOnly)).Scan(&last); err != nil {
		t.Fatal(err)
	}
	plans, err := planning.Plan(ctx, db, s, planning.PlanOptions{AsOf: last, ReviewWeeks: 4})
	if err != nil {
		t.Fatal(err)
	}
	p := plans[0]
	t.Logf("stock-out in the data %s; plan as of %s (stock %.0f, backlog %.0f, model %s) predicts %s with probability %.2f",
		actual, p.AsOf, p.StockNow, p.Backlog, p.Model, p.StockOutWeek, p.StockOutProbability)
	if p.StockOutWeek == "" {
		t.Fatalf("plan as of %s predicts no stock-out; the data runs out in %s", p.AsOf, actual)
	}
	if d := weeksBetween(t, actual, p.StockOutWeek); d < -1 || d > 1 {
		t.Errorf("plan as of %s predicts the stock-out in %s, the data in %s: %d weeks apart", p.AsOf, p.StockOutWeek, actual, d)
	}
	if p.StockOutProbability < 0.5 {
		t.Errorf("stock-out probability %.2f at the predicted week: the point forecast runs out there, so it must be at least 0.5", p.StockOutProbability)
	}
}

// TestPlanAmpleStock: as of Sunday 10 July 2022 deliveries had come every
// three to four weeks all year, the stock held about five weeks of demand
// and two requests were on order (1,700 cards due in W28, 4,250 in W30):
// with them the stock covers the whole horizon.
func TestPlanAmpleStock(t *testing.T) {
	db := planDB(t)
	ctx := context.Background()
	var regular int
	if err := db.QueryRowContext(ctx, `SELECT count(*) FROM blanko_deliveries
		WHERE source <> 'transfer' AND received_at BETWEEN DATE '2022-04-10' AND DATE '2022-07-10'`).Scan(&regular); err != nil {
		t.Fatal(err)
	}
	if regular < 3 {
		t.Fatalf("%d deliveries in the 13 weeks before 10 July 2022: the premise of regular deliveries does not hold", regular)
	}
	plans, err := planning.Plan(ctx, db, kpi.SettingsFrom(config.Default()),
		planning.PlanOptions{AsOf: day("2022-07-10"), Horizon: 13, ReviewWeeks: 4})
	if err != nil {
		t.Fatal(err)
	}
	p := plans[0]
	t.Logf("as of %s: stock %.0f, %d on order, weeks of cover %.1f, max stock-out probability %.2f, model %s",
		p.AsOf, p.StockNow, len(p.OnOrder), p.WeeksOfCover, p.MaxStockOutProbability, p.Model)
	if p.StockOutWeek != "" {
		t.Errorf("plan as of %s predicts a stock-out in %s; want none in 13 weeks", p.AsOf, p.StockOutWeek)
	}
	if len(p.Weeks) != 13 || p.Weeks[0].Week != "2022-W28" || p.Weeks[12].Week != "2022-W40" {
		t.Errorf("projected weeks %s..%s (%d), want 2022-W28..2022-W40", p.Weeks[0].Week, p.Weeks[len(p.Weeks)-1].Week, len(p.Weeks))
	}
}

func TestPlanDeterministic(t *testing.T) {
	db := planDB(t)
	opts := planning.PlanOptions{AsOf: day("2022-09-14"), ByOffice: true, ReviewWeeks: 4}
	s := kpi.SettingsFrom(config.Default())
	first, err := planning.Plan(context.Background(), db, s, opts)
	if err != nil {
		t.Fatal(err)
	}
	second, err := planning.Plan(context.Background(), db, s, opts)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(first, second); diff != "" {
		t.Errorf("two plans of the same warehouse differ (-first +second):\n%s", diff)
	}
	if len(first) < 3 || first[0].Scope != kpi.ScopeRegion || first[1].ScopeID != "DINAS" {
		t.Errorf("want the region, then the offices by code from DINAS; got %d plans starting %s %s", len(first), first[0].Scope, first[1].ScopeID)
	}
	// The region's demand is the sum of its offices'.
	series, err := planning.BlankoDemand(context.Background(), db, s, opts.AsOf, true)
	if err != nil {
		t.Fatal(err)
	}
	for k := range series[0].Applications {
		sum := 0.0
		for _, o := range series[1:] {
			sum += o.Applications[k]
		}
		if sum != series[0].Applications[k] {
			t.Fatalf("week %s: region demand %v, offices sum to %v", series[0].Weeks[k], series[0].Applications[k], sum)
		}
	}
}

// TestPlanFixture is a hand-made warehouse (2023, office DINAS with desk
// KEC-01) whose lead time, deliveries on order, stock and backlog can be
// checked on paper.
func TestPlanFixture(t *testing.T) {
	ctx := context.Background()
	w, err := warehouse.Open(ctx, ":memory:", warehouse.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	fixture, err := os.ReadFile(filepath.Join("testdata", "plan", "fixture.sql"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.DB.ExecContext(ctx, string(fixture)); err != nil {
		t.Fatalf("load fixture: %v", err)
	}
	if err := kpi.Install(ctx, w.DB, config.Default()); err != nil {
		t.Fatal(err)
	}
	s := kpi.SettingsFrom(config.Default())
	series, err := planning.BlankoDemand(ctx, w.DB, s, day("2023-03-15"), true)
	if err != nil {
		t.Fatal(err)
	}
	region := series[0]
	// Received by 15 March: D1 14 days, D2 21, D3 35 → median 21 days, 3 weeks.
	wantLead := planning.LeadTime{Weeks: 3, Days: 21, Deliveries: 3, Source: planning.LeadTimeMeasured}
	if diff := cmp.Diff(wantLead, region.LeadTime); diff != "" {
		t.Errorf("lead time (-want +got):\n%s", diff)
	}
	// On order: D4 (received after the date) and D5 (never); D6 requested
	// after the date and the transfer are not.
	var ids []string
	for _, d := range region.OnOrder {
		ids = append(ids, d.DeliveryID)
	}
	if diff := cmp.Diff([]string{"D4", "D5"}, ids); diff != "" {
		t.Errorf("on order (-want +got):\n%s", diff)
	}
	// Stock: DINAS count 100 on 1 March + D3 200 on 8 March − 30 sent to
	// KEC-01 = 270; KEC-01 30 received − 1 printed (A1) − 1 spoiled = 28.
	// Backlog: A2 (ready, not printed) and A3 (ready 15 March); A4 is only
	// recorded, A5 was rejected.
	want := map[string][2]float64{"3216": {298, 2}, "DINAS": {270, 0}, "KEC-01": {28, 2}}
	for _, d := range series {
		if got := [2]float64{d.Stock, d.Backlog}; got != want[d.ScopeID] {
			t.Errorf("%s: stock, backlog = %v, want %v", d.ScopeID, got, want[d.ScopeID])
		}
	}
	if office := series[2]; office.ScopeID != "KEC-01" || office.LeadTime.Source != planning.LeadTimeTransfer {
		t.Errorf("KEC-01 gets cards by transfer: lead time %+v", office.LeadTime)
	}

	plans, err := planning.Plan(ctx, w.DB, s, planning.PlanOptions{AsOf: day("2023-03-15"), Horizon: 4, ReviewWeeks: 2})
	if err != nil {
		t.Fatal(err)
	}
	// D4 requested 2 February + 3 weeks = 23 February: overdue, but by
	// less than another lead time (16 March is after the date), so expected
	// now (W11); D5 requested 6 March + 3 weeks = 27 March (W13). The plan's weeks start with W11,
	// the week of Wednesday 15 March (2 of its 5 working days are left).
	wantOrders := []planning.PlanDelivery{
		{DeliveryID: "D4", OfficeCode: "DINAS", Source: "kemendagri", Reference: "K/4", RequestedAt: "2023-02-02", Quantity: 500,
			ExpectedWeek: "2023-W11", Overdue: true, Counted: true},
		{DeliveryID: "D5", OfficeCode: "DINAS", Source: "provinsi", Reference: "P/5", RequestedAt: "2023-03-06", Quantity: 80,
			ExpectedWeek: "2023-W13", Counted: true},
	}
	if diff := cmp.Diff(wantOrders, plans[0].OnOrder); diff != "" {
		t.Errorf("deliveries on order (-want +got):\n%s", diff)
	}
	if got := []float64{plans[0].Weeks[0].Deliveries, plans[0].Weeks[2].Deliveries}; got[0] != 500 || got[1] != 80 {
		t.Errorf("deliveries in W11 and W13 = %v, want 500 and 80", got)
	}
	// An override of 2 weeks: D4 (due 16 February, +2 weeks = 2 March) is
	// late by more than a lead time and no longer counted on; D5 is due
	// 20 March (W12).
	plans, err = planning.Plan(ctx, w.DB, s, planning.PlanOptions{AsOf: day("2023-03-15"), Horizon: 4, LeadTimeWeeks: 1.5})
	if err != nil {
		t.Fatal(err)
	}
	if got := plans[0].LeadTime; got.Weeks != 2 || got.Source != planning.LeadTimeConfig {
		t.Errorf("override 1.5 weeks: lead time %+v, want 2 weeks from config", got)
	}
	if o := plans[0].OnOrder; o[0].Counted || o[1].ExpectedWeek != "2023-W12" {
		t.Errorf("override 2 weeks: %+v", o)
	}
}

func TestPlanRejectsBadOptions(t *testing.T) {
	db := planDB(t)
	s := kpi.SettingsFrom(config.Default())
	for _, o := range []planning.PlanOptions{
		{AsOf: day("2022-07-10"), Horizon: -1},
		{AsOf: day("2022-07-10"), ServiceLevel: 1},
		{AsOf: day("2022-07-10"), ReviewWeeks: -1},
		{AsOf: day("2021-06-01")},
		{AsOf: day("2024-01-01")},
	} {
		if _, err := planning.Plan(context.Background(), db, s, o); err == nil {
			t.Errorf("Plan(%+v) succeeded, want an error", o)
		}
	}
}
