package kpi_test

import (
	"context"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/disdukcapil-bekasi/pantau/config"
	"github.com/disdukcapil-bekasi/pantau/kpi"
	"github.com/disdukcapil-bekasi/pantau/planning"
	"github.com/disdukcapil-bekasi/pantau/warehouse"
)

// TestStoredApplicationsFollowChanges checks the ktp_el_applications table
// that Refresh keeps against the applications grouped afresh from the
// events (the applications view), after changes an incremental refresh must
// see: a new event for an old application, an event moved to another
// application (the first one is left with nothing), a moved time, and a
// region that did not change.
func TestStoredApplicationsFollowChanges(t *testing.T) {
	ctx := context.Background()
	w, err := warehouse.Open(ctx, ":memory:", warehouse.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { w.Close() })
	cfg := config.Default()
	s := kpi.SettingsFrom(cfg)
	if err := kpi.Install(ctx, w.DB, cfg); err != nil {
		t.Fatal(err)
	}
	exec := func(q string) {
		t.Helper()
		if _, err := w.DB.ExecContext(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	exec(`INSERT INTO regions (region_code, name, time_zone) VALUES ('3273', 'Kota Bandung', 'Asia/Jakarta') ON CONFLICT DO NOTHING;
		INSERT INTO offices (office_code, region_code, name, type) VALUES ('3273-DINAS', '3273', 'Dinas Kota Bandung', 'dinas') ON CONFLICT DO NOTHING;
		INSERT INTO service_events (region_code, event_id, application_id, event_time, service, stage, office_code, channel, load_id) VALUES
		('3216','a1r','a1','2023-01-10 09:00','ktp_el','recorded','KEC-01','counter',1),
		('3216','a2r','a2','2023-01-16 09:00','ktp_el','recorded','KEC-02','counter',1),
		('3216','a3r','a3','2023-01-03 09:00','ktp_el','recorded','KEC-01','counter',1),
		('3216','a3p','a3','2023-01-17 09:00','ktp_el','printed','KEC-01','counter',1),
		('3273','b1r','b1','2023-01-10 09:00','ktp_el','recorded','3273-DINAS','counter',1)`)
	refresh := func(full bool) {
		t.Helper()
		if _, err := kpi.Refresh(ctx, w.DB, s, full); err != nil {
			t.Fatal(err)
		}
	}
	const cols = `region_code, application_id, service, office_code, print_office_code, submitted_at,
		recorded_at, print_ready_at, printed_at, issued_at, interim_issued_at, rejected_at, cancelled_at`
	stale := func(when string) {
		t.Helper()
		var n int
		if err := w.DB.QueryRowContext(ctx, `SELECT count(*) FROM (
			(SELECT `+cols+` FROM ktp_el_applications EXCEPT ALL SELECT `+cols+` FROM applications WHERE service = 'ktp_el')
			UNION ALL
			(SELECT `+cols+` FROM applications WHERE service = 'ktp_el' EXCEPT ALL SELECT `+cols+` FROM ktp_el_applications))`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n != 0 {
			t.Errorf("%s: ktp_el_applications differs from the events in %d rows", when, n)
		}
	}
	refresh(true)
	stale("full refresh")

	// a1's recording is re-sent under a2 (a corrected id), a3 is printed
	// a day later, a2 is printed and a4 recorded on the dirty date, in region
	// 3216 only.
	exec(`UPDATE service_events SET application_id = 'a2', load_id = 2 WHERE event_id = 'a1r';
		UPDATE service_events SET event_time = '2023-01-18 09:00', load_id = 2 WHERE event_id = 'a3p';
		INSERT INTO service_events (region_code, event_id, application_id, event_time, service, stage, office_code, channel, load_id) VALUES
		('3216','a2p','a2','2023-01-19 09:00','ktp_el','printed','KEC-02','counter',2),
		('3216','a4r','a4','2023-01-10 10:00','ktp_el','recorded','KEC-01','counter',2);
		INSERT INTO kpi_dirty VALUES ('3216', DATE '2023-01-10')`)
	st, err := kpi.Refresh(ctx, w.DB, s, false)
	if err != nil {
		t.Fatal(err)
	}
	if st.Full || st.Regions != 1 {
		t.Fatalf("refresh %+v: want one region, incrementally", st)
	}
	stale("incremental refresh")
	var a1 int
	if err := w.DB.QueryRowContext(ctx, `SELECT count(*) FROM ktp_el_applications WHERE application_id = 'a1'`).Scan(&a1); err != nil {
		t.Fatal(err)
	}
	if a1 != 0 {
		t.Errorf("a1 lost its only event but is still stored")
	}
}

// TestPlanReadsStoredApplicationsAsTheEvents checks that the stock plan,
// which reads the stored applications once a refresh has followed every
// load, is the plan computed from the events themselves (as it is while a
// load waits for its refresh).
func TestPlanReadsStoredApplicationsAsTheEvents(t *testing.T) {
	ctx := context.Background()
	db := fixtureDB(t, config.Default())
	s := kpi.SettingsFrom(config.Default())
	opts := planning.PlanOptions{AsOf: time.Date(2023, 3, 26, 0, 0, 0, 0, time.UTC), ReviewWeeks: 4, ByOffice: true}
	stored, err := planning.Plan(ctx, db, s, opts)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.ExecContext(ctx, `INSERT INTO kpi_dirty VALUES ('3216', DATE '2100-01-01')`); err != nil {
		t.Fatal(err)
	}
	grouped, err := planning.Plan(ctx, db, s, opts)
	if err != nil {
		t.Fatal(err)
	}
	if len(stored) < 2 {
		t.Fatalf("%d plans: the fixture should plan the region and its offices", len(stored))
	}
	if diff := cmp.Diff(grouped, stored); diff != "" {
		t.Errorf("plan from the stored applications (+) differs from the events' (-):\n%s", diff)
	}
}
