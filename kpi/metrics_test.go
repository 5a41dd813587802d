package kpi_test

import (
	"bufio"
	"bytes"
	"context"
	"database/sql"
	"flag"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/disdukcapil-bekasi/pantau/config"
	"github.com/disdukcapil-bekasi/pantau/encode"
	"github.com/disdukcapil-bekasi/pantau/kpi"
	"github.com/disdukcapil-bekasi/pantau/warehouse"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/kpi")

const fixtureDir = "../testdata/kpi"

// fixtureDB opens an in-memory warehouse with the hand-made fixture loaded
// and the KPIs installed with cfg.
func fixtureDB(t testing.TB, cfg config.Config) *sql.DB {
	t.Helper()
	ctx := context.Background()
	w, err := warehouse.Open(ctx, ":memory:", warehouse.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { w.Close() })
	fixture, err := os.ReadFile(filepath.Join(fixtureDir, "fixture.sql"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.DB.ExecContext(ctx, string(fixture)); err != nil {
		t.Fatalf("load fixture: %v", err)
	}
	if err := kpi.Install(ctx, w.DB, cfg); err != nil {
		t.Fatal(err)
	}
	if _, err := kpi.Refresh(ctx, w.DB, kpi.SettingsFrom(cfg), true); err != nil {
		t.Fatal(err)
	}
	return w.DB
}

type valueKey struct{ Week, ScopeID, KPI string }

// readExpected reads testdata/kpi/expected.txt: name, scope id, then one
// value per week (a number, a/b or null); '#' starts a comment.
func readExpected(t *testing.T, weeks []string) map[valueKey]*float64 {
	t.Helper()
	f, err := os.Open(filepath.Join(fixtureDir, "expected.txt"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	out := map[valueKey]*float64{}
	sc := bufio.NewScanner(f)
	line := 0
	for sc.Scan() {
		line++
		text, _, _ := strings.Cut(sc.Text(), "#")
		fields := strings.Fields(text)
		if len(fields) == 0 {
			continue
		}
		if len(fields) != 2+len(weeks) {
			t.Fatalf("expected.txt:%d: want name, scope id and %d values", line, len(weeks))
		}
		for i, week := range weeks {
			k := valueKey{week, fields[1], fields[0]}
			if _, dup := out[k]; dup {
				t.Fatalf("expected.txt:%d: %v given twice", line, k)
			}
			out[k] = parseExpected(t, line, fields[2+i])
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

func parseExpected(t *testing.T, line int, s string) *float64 {
	if s == "null" {
		return nil
	}
	num, den, isFraction := strings.Cut(s, "/")
	a, err := strconv.ParseFloat(num, 64)
	b := 1.0
	if err == nil && isFraction {
		b, err = strconv.ParseFloat(den, 64)
	}
	if err != nil {
		t.Fatalf("expected.txt:%d: %q is not a number, a/b or null", line, s)
	}
	v := a / b
	return &v
}

func TestFixtureKPIs(t *testing.T) {
	db := fixtureDB(t, config.Default())
	weeks := []string{"2023-W11", "2023-W12", "2023-W13"}
	want := readExpected(t, weeks)
	got, err := kpi.Compute(context.Background(), db, kpi.SettingsFrom(config.Default()),
		kpi.Query{From: "2023-W11", To: "2023-W13", Scopes: []string{"region", "office"}})
	if err != nil {
		t.Fatal(err)
	}
	checked := map[string]bool{"3216": true, "DINAS": true, "KEC-01": true}
	gotMap := map[valueKey]*float64{}
	for _, v := range got {
		if checked[v.ScopeID] {
			gotMap[valueKey{v.Week, v.ScopeID, v.KPI}] = v.Value
		}
	}
	if diff := cmp.Diff(want, gotMap, cmpopts.EquateApprox(0, 1e-9)); diff != "" {
		t.Errorf("KPIs of the fixture (-want +got):\n%s", diff)
	}
	// Every value name the metadata lists is computed and checked.
	for _, d := range kpi.Definitions() {
		for _, v := range d.Values {
			if _, ok := want[valueKey{"2023-W11", "3216", v.Name}]; !ok {
				t.Errorf("expected.txt has no %s", v.Name)
			}
		}
	}
}

// TestGoldenCSV keeps testdata/kpi/kpi_2023-W11_W13.csv, the output of
// `pantau kpi --from 2023-W11 --to 2023-W13 --by kecamatan --format csv`
// style runs on the fixture for every scope. Rewrite with -update.
func TestGoldenCSV(t *testing.T) {
	db := fixtureDB(t, config.Default())
	cases := []struct {
		name string
		q    kpi.Query
	}{
		{"kpi_region_2023-W11_W13.csv", kpi.Query{From: "2023-W11", To: "2023-W13", Scopes: []string{"region"}}},
		{"kpi_office_2023-W12.csv", kpi.Query{From: "2023-W12", Scopes: []string{"region", "office"}}},
		{"kpi_kecamatan_2023-W13.csv", kpi.Query{From: "2023-W13", Scopes: []string{"region", "kecamatan"},
			KPIs: []string{"recordings", "blanko_stock", "weeks_of_cover", "open_complaints"}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			values, err := kpi.Compute(context.Background(), db, kpi.SettingsFrom(config.Default()), c.q)
			if err != nil {
				t.Fatal(err)
			}
			var buf bytes.Buffer
			if err := encode.KPICSV(&buf, values); err != nil {
				t.Fatal(err)
			}
			path := filepath.Join(fixtureDir, "golden", c.name)
			if *update {
				if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run with -update to create it)", err)
			}
			if diff := cmp.Diff(string(want), buf.String()); diff != "" {
				t.Errorf("%s (-want +got):\n%s", c.name, diff)
			}
		})
	}
}

func TestLatestWeek(t *testing.T) {
	db := fixtureDB(t, config.Default())
	got, err := kpi.LatestWeek(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	// The last event is A12's print on Monday 3 April (2023-W14): W13 is the last complete week.
	if got != "2023-W13" {
		t.Errorf("LatestWeek = %s, want 2023-W13", got)
	}
}

func TestComputeRejectsBadQueries(t *testing.T) {
	db := fixtureDB(t, config.Default())
	s := kpi.SettingsFrom(config.Default())
	for _, q := range []kpi.Query{
		{},
		{From: "2023-W13", To: "2023-W11"},
		{From: "2023-W11", Scopes: []string{"desa"}},
		{From: "2023-W11", KPIs: []string{"happiness"}},
		{From: "2023-W54"},
	} {
		if _, err := kpi.Compute(context.Background(), db, s, q); err == nil {
			t.Errorf("Compute(%+v) succeeded, want an error", q)
		}
	}
}

// TestRefreshPending: a note no refresh recomputed counts once there are
// facts; the fixture, refreshed, has none.
func TestRefreshPending(t *testing.T) {
	ctx := context.Background()
	db := fixtureDB(t, config.Default())
	for _, tt := range []struct {
		name, exec string
		want       bool
	}{
		{"refreshed", "", false},
		{"a load's note", "INSERT INTO kpi_dirty VALUES ('3216', '2023-03-15')", true},
		{"no facts", "DELETE FROM service_events; DELETE FROM complaints; DELETE FROM blanko_deliveries; DELETE FROM blanko_stock_counts", false},
	} {
		if tt.exec != "" {
			if _, err := db.ExecContext(ctx, tt.exec); err != nil {
				t.Fatal(err)
			}
		}
		got, err := kpi.RefreshPending(ctx, db)
		if err != nil || got != tt.want {
			t.Errorf("%s: RefreshPending = %v, %v; want %v", tt.name, got, err, tt.want)
		}
	}
}
