package kpi_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/disdukcapil-bekasi/pantau/config"
	"github.com/disdukcapil-bekasi/pantau/encode"
	"github.com/disdukcapil-bekasi/pantau/kpi"
	"github.com/disdukcapil-bekasi/pantau/warehouse"
)

// TestRegionsPooledAndLocal checks the hand-computed values of
// testdata/regions (see its README.md): weeks and working days follow each
// region's local time, and province and national values come from the
// pooled rows of their regions, not from the regions' values. It reads
// them as the reports do, from the stored table, and computes them directly.
func TestRegionsPooledAndLocal(t *testing.T) {
	ctx := context.Background()
	w, err := warehouse.Open(ctx, ":memory:", warehouse.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { w.Close() })
	fixture, err := os.ReadFile(filepath.Join("..", "testdata", "regions", "fixture.sql"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.DB.ExecContext(ctx, string(fixture)); err != nil {
		t.Fatal(err)
	}
	cfg := config.Default()
	s := kpi.SettingsFrom(cfg)
	if err := kpi.Install(ctx, w.DB, cfg); err != nil {
		t.Fatal(err)
	}
	if _, err := kpi.Refresh(ctx, w.DB, s, true); err != nil {
		t.Fatal(err)
	}
	type key struct{ week, scope, id, kpi string }
	want := map[key]string{
		{"2023-W02", "region", "3216", "print_lead_time.median"}: "2",
		{"2023-W02", "region", "3216", "print_lead_time.p90"}:    "7.6",
		{"2023-W02", "region", "3273", "print_lead_time.median"}: "4.5",
		{"2023-W02", "region", "9171", "print_lead_time.median"}: "0",
		{"2023-W02", "province", "32", "print_lead_time.median"}: "4",
		{"2023-W02", "province", "32", "print_lead_time.p90"}:    "7.4",
		{"2023-W02", "national", "ID", "print_lead_time.median"}: "3",
		{"2023-W02", "region", "3216", "prints"}:                 "3",
		{"2023-W02", "region", "3273", "prints"}:                 "2",
		{"2023-W02", "province", "32", "prints"}:                 "5",
		{"2023-W02", "region", "9171", "prints"}:                 "1",
		{"2023-W02", "national", "ID", "prints"}:                 "6",
		{"2023-W03", "region", "9171", "prints"}:                 "1",
		{"2023-W03", "national", "ID", "prints"}:                 "1",
		{"2023-W02", "region", "3216", "online_share"}:           "0.25",
		{"2023-W02", "region", "3273", "online_share"}:           "0.5",
		{"2023-W02", "province", "32", "online_share"}:           "0.3333333333",
		{"2023-W02", "region", "3216", "resolution_days.median"}: "2",
		{"2023-W02", "region", "3273", "resolution_days.median"}: "2",
		{"2023-W02", "region", "9171", "resolution_days.median"}: "0",
		{"2023-W02", "province", "32", "resolution_days.median"}: "2",
		{"2023-W02", "national", "ID", "resolution_days.median"}: "2",
		{"2023-W02", "province", "91", "print_lead_time.median"}: "0",
		{"2023-W02", "province", "91", "resolution_days.median"}: "0",
		{"2023-W03", "province", "32", "print_lead_time.median"}: "",
	}
	q := kpi.Query{From: "2023-W02", To: "2023-W03", Regions: []string{"3216", "3273", "9171"},
		Scopes: []string{"region", "province", "national"}, KPIs: []string{"prints", "print_lead_time", "online_share", "resolution_days"}}
	for name, read := range map[string]func() ([]kpi.Value, error){
		"stored":   func() ([]kpi.Value, error) { return kpi.Read(ctx, w.DB, s, q) },
		"computed": func() ([]kpi.Value, error) { return kpi.Compute(ctx, w.DB, s, q) },
	} {
		values, err := read()
		if err != nil {
			t.Fatal(err)
		}
		got := map[key]string{}
		for _, v := range values {
			k := key{v.Week, v.Scope, v.ScopeID, v.KPI}
			if _, ok := want[k]; ok {
				got[k] = encode.FormatValue(v.Value)
			}
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("%s values (-hand +pantau):\n%s", name, diff)
		}
	}
}

// TestOneRegionUpperRowsArePooled checks the shortcut Refresh takes when
// the facts belong to one region: the province and national rows it copies
// from the region equal those pooled from the facts, row for row, whether
// the pooling groups the events or reads the stored applications (as over
// lakes that carry them), and whether it pools every week or only some (a
// command reading some weeks from several lakes): those weeks' rows are
// the same.
func TestOneRegionUpperRowsArePooled(t *testing.T) {
	week := func(w string) time.Time {
		m, err := kpi.ParseWeek(w)
		if err != nil {
			t.Fatal(err)
		}
		return m
	}
	for _, tc := range []struct {
		name     string
		from, to time.Time
		atLeast  int
	}{
		{"every week", time.Time{}, time.Time{}, 100},
		{"one week", week("2023-W12"), week("2023-W12"), 20},
		{"two weeks", week("2023-W11"), week("2023-W12"), 40},
		{"from a week on", week("2023-W12"), time.Time{}, 40},
		{"up to a week", time.Time{}, week("2023-W11"), 40},
		{"beyond the facts", week("2020-W01"), week("2030-W01"), 100},
		{"before the facts", week("2020-W01"), week("2020-W05"), 0},
	} {
		for _, applications := range []bool{false, true} {
			t.Run(fmt.Sprintf("%s applications=%v", tc.name, applications), func(t *testing.T) {
				testUpperRowsPooled(t, applications, tc.from, tc.to, tc.atLeast)
			})
		}
	}
}

func testUpperRowsPooled(t *testing.T, applications bool, from, to time.Time, atLeast int) {
	ctx := context.Background()
	db := fixtureDB(t, config.Default())
	if _, err := db.ExecContext(ctx, `CREATE TABLE pooled AS SELECT * FROM kpi_weekly LIMIT 0`); err != nil {
		t.Fatal(err)
	}
	if err := kpi.RefreshPooled(ctx, db, kpi.SettingsFrom(config.Default()), "pooled", applications, from, to); err != nil {
		t.Fatal(err)
	}
	lo, hi := "0000-W00", "9999-W99"
	if !from.IsZero() {
		lo = kpi.FormatWeek(from)
	}
	if !to.IsZero() {
		hi = kpi.FormatWeek(to)
	}
	rows := func(table string) map[string]string {
		t.Helper()
		got, err := db.QueryContext(ctx, `SELECT week || ' ' || scope || ' ' || scope_id || ' ' || kpi, coalesce(round(value, 9)::VARCHAR, 'NULL')
			FROM `+table+` WHERE scope IN ('province', 'national') AND week BETWEEN ? AND ?`, lo, hi)
		if err != nil {
			t.Fatal(err)
		}
		defer got.Close()
		out := map[string]string{}
		for got.Next() {
			var k, v string
			if err := got.Scan(&k, &v); err != nil {
				t.Fatal(err)
			}
			out[k] = v
		}
		return out
	}
	stored, pooled := rows("kpi_weekly"), rows("pooled")
	if len(pooled) < atLeast {
		t.Fatalf("%d pooled rows: the fixture should give a province and the nation every week of %s..%s", len(pooled), lo, hi)
	}
	var n int
	if err := db.QueryRowContext(ctx, `SELECT count(*) FROM pooled WHERE week NOT BETWEEN ? AND ?`, lo, hi).Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n > 0 {
		t.Errorf("%d rows pooled outside the weeks %s..%s", n, lo, hi)
	}
	if diff := cmp.Diff(pooled, stored); diff != "" {
		t.Errorf("stored upper rows (+) differ from the pooled ones (-):\n%s", diff)
	}
}
