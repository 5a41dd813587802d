package lake

import (
	"context"
	"database/sql"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/disdukcapil-bekasi/pantau/internal/readsql"
	"github.com/disdukcapil-bekasi/pantau/warehouse"
)

// fixture opens an in-memory warehouse holding a few rows of every table
// the lake partitions, over two regions and two months, with one delivery
// without any date and province and national KPI rows.
func fixture(t *testing.T) *warehouse.Warehouse {
	t.Helper()
	ctx := context.Background()
	w, err := warehouse.Open(ctx, ":memory:", warehouse.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { w.Close() })
	exec(t, w.DB, `
		INSERT INTO regions (region_code, name, time_zone) VALUES ('9171', 'Kota Jayapura', 'Asia/Jayapura') ON CONFLICT DO NOTHING;
		INSERT INTO offices (office_code, region_code, name, type) VALUES ('9171-DINAS', '9171', 'Dinas Kota Jayapura', 'dinas') ON CONFLICT DO NOTHING;
		INSERT INTO service_events VALUES
		  ('3216', 'e1', 'a1', '2023-01-30 09:00', 'ktp_el', 'new', 'recorded', NULL, 'KEC-01', 'counter', NULL, 'h1', 1),
		  ('3216', 'e2', 'a1', '2023-02-01 10:00', 'ktp_el', 'new', 'printed', NULL, 'KEC-01', 'counter', 's1', 'h1', 1),
		  ('9171', 'e3', 'a2', '2023-02-02 11:00', 'kk', NULL, 'submitted', NULL, '9171-DINAS', 'online', NULL, NULL, 2);
		INSERT INTO blanko_deliveries VALUES
		  ('3216', 'd1', 'DINAS', '2023-01-02', 100, '2023-01-09', 100, 'pusat', NULL, 1),
		  ('3216', 'd2', 'DINAS', NULL, 50, NULL, NULL, 'pusat', 'no date yet', 1);
		INSERT INTO blanko_stock_counts VALUES ('3216', 'DINAS', '2023-01-31', 80, 1);
		INSERT INTO complaints VALUES ('9171', 'c1', '2023-02-03 08:00', 'wa', 'blanko', 'rules', 'biasa', '9171-DINAS', NULL, 'mana blanko', NULL, NULL, 'open', 2);
		INSERT INTO survey_responses (region_code, response_id, office_code, submitted_at, u1, load_id) VALUES ('3216', 'r1', 'DINAS', '2023-01-05 12:00', 4, 1);
		INSERT INTO kpi_weekly VALUES
		  ('2023-W05', 'region', '3216', 'recordings', 1, '3216'),
		  ('2023-W05', 'office', 'KEC-01', 'recordings', 1, '3216'),
		  ('2023-W01', 'region', '3216', 'recordings', 0, '3216'),
		  ('2023-W05', 'region', '9171', 'recordings', NULL, '9171'),
		  ('2023-W05', 'province', '32', 'recordings', 1, NULL),
		  ('2023-W05', 'national', 'ID', 'recordings', 1, NULL);
		INSERT INTO kpi_span VALUES ('2023-W01', '2023-W05');`)
	return w
}

func exec(t *testing.T, db *sql.DB, q string, args ...any) {
	t.Helper()
	if _, err := db.Exec(q, args...); err != nil {
		t.Fatal(err)
	}
}

// dump is every row of the lake's tables as text, per table.
func dump(t *testing.T, db *sql.DB) map[string][]string {
	t.Helper()
	out := map[string][]string{}
	for _, table := range []string{"service_events", "blanko_deliveries", "blanko_stock_counts", "complaints", "survey_responses", "kpi_weekly", "regions", "offices", "kecamatan", "holidays", "region_facts", "kpi_span"} {
		rows, err := db.Query("SELECT CAST(t AS VARCHAR) AS r FROM " + table + " t ORDER BY r")
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var r string
			if err := rows.Scan(&r); err != nil {
				t.Fatal(err)
			}
			out[table] = append(out[table], r)
		}
		rows.Close()
	}
	return out
}

func TestExportReadsBackExactly(t *testing.T) {
	ctx := context.Background()
	w := fixture(t)
	dir := t.TempDir()
	st, err := Export(ctx, w.DB, dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if st.Written == 0 || st.Removed != 0 {
		t.Fatalf("first export: %+v", st)
	}
	for _, f := range []string{
		"service_events/region_code=3216/year=2023/month=01/data_1.parquet",
		"service_events/region_code=9171/year=2023/month=02/data_1.parquet",
		"blanko_deliveries/region_code=3216/data_1.parquet",
		"kpi_weekly/region_code=3216/data_1.parquet",
		"kpi_weekly_scopes/scope=national/data_1.parquet",
		"_reference/offices/data_1.parquet",
	} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Error(err)
		}
	}
	l, err := Open(ctx, []string{dir}, OpenOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	if diff := cmp.Diff(dump(t, w.DB), dump(t, l.DB)); diff != "" {
		t.Errorf("lake differs from the warehouse (-want +got):\n%s", diff)
	}
	// region_facts and kpi_span come from the manifest, not the files
	var kind string
	if err := l.DB.QueryRow(`SELECT table_type FROM information_schema.tables WHERE table_name = 'region_facts'`).Scan(&kind); err != nil {
		t.Fatal(err)
	}
	if kind != "BASE TABLE" {
		t.Errorf("region_facts over a lake is a %s, want the table made from the manifest", kind)
	}
}

// TestRegionFactsOfARegionTwoLakesHold: a region two lakes hold (the
// second exported without its first event, with a later event and an
// earlier complaint) is one row
// of the region_facts made from their manifests, the same as the facts of
// the views over both lakes' files.
func TestRegionFactsOfARegionTwoLakesHold(t *testing.T) {
	ctx := context.Background()
	w := fixture(t)
	a, b := t.TempDir(), t.TempDir()
	if _, err := Export(ctx, w.DB, a, Options{}); err != nil {
		t.Fatal(err)
	}
	exec(t, w.DB, `DELETE FROM service_events WHERE event_id = 'e3';
		INSERT INTO service_events VALUES ('9171', 'e4', 'a3', '2023-03-01 09:00', 'kk', NULL, 'submitted', NULL, '9171-DINAS', 'online', NULL, NULL, 3);
		INSERT INTO complaints VALUES ('9171', 'c0', '2023-01-15 08:00', 'wa', 'blanko', 'rules', 'biasa', '9171-DINAS', NULL, 'antre', NULL, NULL, 'open', 3)`)
	if _, err := Export(ctx, w.DB, b, Options{}); err != nil {
		t.Fatal(err)
	}
	l, err := Open(ctx, []string{a, b}, OpenOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	read := func(q string) []string {
		t.Helper()
		rows, err := readsql.List(ctx, l.DB, "region facts", q, readsql.ScanString)
		if err != nil {
			t.Fatal(err)
		}
		return rows
	}
	got := read(`SELECT CAST(f AS VARCHAR) FROM region_facts f ORDER BY region_code`)
	want := read(`SELECT CAST(f AS VARCHAR) FROM (
		SELECT region_code, min(e.first) AS first_event, max(e.last) AS last_event, min(c.first) AS first_complaint, max(c.last) AS last_complaint
		FROM (SELECT region_code, min(event_time) AS first, max(event_time) AS last FROM service_events GROUP BY ALL) e
		FULL JOIN (SELECT region_code, min(received_at) AS first, max(received_at) AS last FROM complaints GROUP BY ALL) c USING (region_code)
		GROUP BY region_code) f ORDER BY region_code`)
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("region_facts of two lakes (-want +got):\n%s", diff)
	}
	if len(got) != 2 || !strings.Contains(got[1], "2023-02-02") || !strings.Contains(got[1], "2023-03-01") || !strings.Contains(got[1], "2023-01-15") {
		t.Errorf("region_facts = %v, want 3216 and 9171, 9171's events from the first lake's to the second's", got)
	}
}

func TestExportUnchangedWritesNothing(t *testing.T) {
	ctx := context.Background()
	w := fixture(t)
	dir := t.TempDir()
	if _, err := Export(ctx, w.DB, dir, Options{}); err != nil {
		t.Fatal(err)
	}
	before := mtimes(t, dir)
	st, err := Export(ctx, w.DB, dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if st.Written != 0 || st.Removed != 0 {
		t.Errorf("re-export: %+v", st)
	}
	if diff := cmp.Diff(before, mtimes(t, dir)); diff != "" {
		t.Errorf("an unchanged re-export touched files (-before +after):\n%s", diff)
	}
	// One more event in February of 3216 and a vanished month of 9171.
	exec(t, w.DB, `INSERT INTO service_events VALUES ('3216', 'e9', 'a9', '2023-02-20 09:00', 'kk', NULL, 'submitted', NULL, 'DINAS', 'counter', NULL, NULL, 3);
		DELETE FROM complaints`)
	st, err = Export(ctx, w.DB, dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	after := mtimes(t, dir)
	var touched []string
	for f, m := range after {
		if b, ok := before[f]; !ok || !b.Equal(m) {
			touched = append(touched, f)
		}
	}
	for f := range before {
		if _, ok := after[f]; !ok {
			touched = append(touched, "-"+f)
		}
	}
	// The two files it supersedes stay, retired, for the readers that
	// opened the lake before.
	want := []string{"_pantau/manifest.json", "service_events/region_code=3216/year=2023/month=02/data_2.parquet"}
	if diff := cmp.Diff(want, sorted(touched)); diff != "" {
		t.Errorf("incremental export touched (-want +got):\n%s", diff)
	}
	if st.Written != 1 || st.Removed != 0 || st.Retired != 2 {
		t.Errorf("incremental export: %+v", st)
	}
	retired := []string{"complaints/region_code=9171/data_1.parquet", "service_events/region_code=3216/year=2023/month=02/data_1.parquet"}
	assertRetired(t, dir, retired)
	if problems, _, err := Verify(ctx, w.DB, dir); err != nil || len(problems) > 0 {
		t.Errorf("verify with retired files: %v %v", problems, err)
	}
	// An export before the retention is over keeps them; one after removes them.
	for _, c := range []struct {
		after   time.Duration
		removed int
		left    []string
	}{
		{Retention - time.Minute, 0, retired},
		{Retention + time.Minute, 2, nil},
	} {
		st, err = Export(ctx, w.DB, dir, Options{Now: time.Now().Add(c.after)})
		if err != nil {
			t.Fatal(err)
		}
		if st.Written != 0 || st.Removed != c.removed || st.Retired != 0 {
			t.Errorf("export %s later: %+v, want %d removed", c.after, st, c.removed)
		}
		assertRetired(t, dir, c.left)
	}
}

// assertRetired checks that the manifest lists files as retired, and that
// they are there.
func assertRetired(t *testing.T, dir string, files []string) {
	t.Helper()
	m, _, err := ReadManifest(dir)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(files, slices.Sorted(maps.Keys(m.Retired))); diff != "" {
		t.Errorf("retired files (-want +got):\n%s", diff)
	}
	for _, f := range files {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Errorf("a retired file: %v", err)
		}
	}
}

func mtimes(t *testing.T, dir string) map[string]time.Time {
	t.Helper()
	out := map[string]time.Time{}
	err := filepath.Walk(dir, func(p string, info os.FileInfo, err error) error {
		if err != nil || info.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		out[filepath.ToSlash(rel)] = info.ModTime()
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func sorted(s []string) []string {
	out := append([]string(nil), s...)
	slices.Sort(out)
	return out
}
