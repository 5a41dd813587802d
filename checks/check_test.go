package checks_test

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/disdukcapil-bekasi/pantau/checks"
	"github.com/disdukcapil-bekasi/pantau/config"
	"github.com/disdukcapil-bekasi/pantau/kpi"
	"github.com/disdukcapil-bekasi/pantau/warehouse"
)

// fixtureDB opens an in-memory warehouse with the hand-made KPI fixture
// loaded, the KPIs installed and the KPIs refreshed.
func fixtureDB(t testing.TB, cfg config.Config) *sql.DB {
	t.Helper()
	ctx := context.Background()
	w, err := warehouse.Open(ctx, ":memory:", warehouse.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { w.Close() })
	fixture, err := os.ReadFile(filepath.Join("../testdata/kpi", "fixture.sql"))
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

type checkOutcome struct {
	Level, Status string
	Count         int64
}

func runChecks(t *testing.T, extra string) map[string]checkOutcome {
	t.Helper()
	ctx := context.Background()
	db := fixtureDB(t, config.Default())
	if extra != "" {
		if _, err := db.ExecContext(ctx, extra); err != nil {
			t.Fatal(err)
		}
	}
	results, err := checks.Check(ctx, db, kpi.SettingsFrom(config.Default()))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]checkOutcome{}
	for _, r := range results {
		out[r.ID] = checkOutcome{r.Level, r.Status, r.Count}
		if r.Message.ID == "" || r.Message.EN == "" || strings.Contains(r.Message.EN+r.Message.ID, "{") {
			t.Errorf("%s has no message", r.ID)
		}
	}
	return out
}

func TestChecksOnFixture(t *testing.T) {
	// Latest week 2023-W13 ends Sunday 2 April.
	want := map[string]checkOutcome{
		"freshness.service_events":      {"error", "pass", 0}, // last Apr 3
		"freshness.complaints":          {"error", "pass", 5}, // last Mar 28
		"freshness.blanko_deliveries":   {"warn", "pass", 20}, // last received Mar 13
		"freshness.blanko_stock_counts": {"warn", "pass", 9},  // last Mar 24
		"undated_deliveries":            {"warn", "pass", 0},
		"unknown_offices":               {"error", "pass", 0},
		"stage_order":                   {"warn", "pass", 0},
		"stuck_applications":            {"warn", "fail", 1}, // A9 ready 95 days; A3 14, A12 17: over 3 × 17
		"duplicate_ids":                 {"error", "pass", 0},
		"stock_vs_ledger":               {"warn", "pass", 0}, // K's count of 1 vs book 2 is within 5 cards
		"kpi_refresh":                   {"error", "pass", 0},
	}
	if diff := cmp.Diff(want, runChecks(t, "")); diff != "" {
		t.Errorf("checks (-want +got):\n%s", diff)
	}
}

func TestChecksFindProblems(t *testing.T) {
	got := runChecks(t, `
		-- an office nobody knows, and a re-sent event under a new load
		INSERT INTO service_events (region_code, event_id, application_id, event_time, service, stage, office_code, channel, load_id) VALUES
		('3216', 'X1-1', 'X1', '2023-03-15 09:00', 'ktp_el', 'recorded', 'KEC-99', 'counter', 2),
		('3216', 'A1-1', 'A1', '2023-03-06 08:00', 'ktp_el', 'submitted', 'KEC-01', 'counter', 2),
		-- printed before it was recorded
		('3216', 'X2-1', 'X2', '2023-03-20 09:00', 'ktp_el', 'printed', 'DINAS', 'counter', 2),
		('3216', 'X2-2', 'X2', '2023-03-21 09:00', 'ktp_el', 'recorded', 'DINAS', 'counter', 2);
		-- a count far from the book (1 card)
		INSERT INTO blanko_stock_counts VALUES ('3216', 'KEC-01', '2023-03-31', 40, 2);
		-- a delivery with neither a request nor a receipt date
		INSERT INTO blanko_deliveries (region_code, delivery_id, office_code, quantity_requested, source, load_id)
		VALUES ('3216', 'D-UNDATED', 'KEC-01', 10, 'kemendagri', 2);
		-- complaints stop in January
		DELETE FROM complaints WHERE received_at > '2023-01-31';
		INSERT INTO complaints (region_code, complaint_id, received_at, channel, category, classified_by, tier, status, load_id)
		VALUES ('3216', 'C0', '2023-01-31 10:00', 'email', 'other', 'source', 'normatif', 'open', 2);
		-- the load's note, whose refresh did not run
		INSERT INTO kpi_dirty VALUES ('3216', '2023-03-15');`)
	want := map[string]checkOutcome{
		"freshness.complaints": {"error", "fail", 61}, // Jan 31 to Apr 2
		"unknown_offices":      {"error", "fail", 1},
		"stage_order":          {"warn", "fail", 1},
		"duplicate_ids":        {"error", "fail", 1},
		"stock_vs_ledger":      {"warn", "fail", 1},
		"undated_deliveries":   {"warn", "fail", 1},
		"kpi_refresh":          {"error", "fail", 1},
	}
	for id, w := range want {
		if diff := cmp.Diff(w, got[id]); diff != "" {
			t.Errorf("%s (-want +got):\n%s", id, diff)
		}
	}
}

func TestSaveCheckResults(t *testing.T) {
	ctx := context.Background()
	db := fixtureDB(t, config.Default())
	results := []checks.Result{{ID: "duplicate_ids", Level: "error", Status: "fail", Count: 2, Message: kpi.Text{ID: "2 id", EN: "2 ids"}}}
	runAt := time.Date(2023, 4, 3, 7, 0, 0, 0, time.UTC)
	for range 2 {
		if err := checks.SaveResults(ctx, db, runAt, results); err != nil {
			t.Fatal(err)
		}
	}
	var n int
	var msg string
	if err := db.QueryRowContext(ctx, `SELECT count(*), any_value(message) FROM check_results WHERE check_id = 'duplicate_ids' AND status = 'fail'`).Scan(&n, &msg); err != nil {
		t.Fatal(err)
	}
	if n != 2 || !strings.Contains(msg, "2 ids") {
		t.Errorf("check_results holds %d rows (%q), want 2", n, msg)
	}
}
