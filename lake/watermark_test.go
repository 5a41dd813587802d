package lake

import (
	"context"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestExportFromWatermark: an export finds from the manifest's watermark
// which partitions the loads since the last export may have changed and
// computes only those (and the small KPI and reference units); anything
// else than loads that only added rows makes it compute everything. After
// each step the lake reads as the warehouse.
func TestExportFromWatermark(t *testing.T) {
	ctx := context.Background()
	w := fixture(t)
	// As after loads 1 and 2 and their refresh: load runs, no note pending.
	exec(t, w.DB, `INSERT INTO load_runs (load_id, file, file_hash, started_at, status) VALUES
		  (1, 'a.csv', 'aaaa', '2023-03-01 10:00:00+07', 'loaded'), (2, 'b.csv', 'bbbb', '2023-03-02 10:00:00+07', 'loaded');
		DELETE FROM kpi_dirty;
		INSERT INTO ktp_el_applications (region_code, application_id, service, office_code, recorded_at, printed_at, first_event_at, last_event_at)
		  VALUES ('3216', 'a1', 'ktp_el', 'KEC-01', '2023-01-30 09:00', '2023-02-01 10:00', '2023-01-30 09:00', '2023-02-01 10:00')`)
	dir := t.TempDir()
	st, err := Export(ctx, w.DB, dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	m, _, err := ReadManifest(dir)
	if err != nil {
		t.Fatal(err)
	}
	if !m.Applications || m.Watermark == nil || m.Watermark.LastLoad != 2 || st.Computed != len(m.Files) {
		t.Fatalf("first export: %+v; its manifest: applications %v, watermark %+v, %d files", st, m.Applications, m.Watermark, len(m.Files))
	}
	small := 0 // the KPI and reference units, computed by every export
	for f := range m.Files {
		if strings.HasPrefix(f, "kpi_weekly") || strings.HasPrefix(f, ReferenceDir) {
			small++
		}
	}
	for _, tc := range []struct {
		name     string
		change   string
		computed int // -1: all
		written  int
	}{
		{"nothing new", ``, small, 0},
		// its partition, and the applications of its region (one partition)
		{"a load of one more event", `INSERT INTO load_runs (load_id, file, file_hash, started_at, status) VALUES (3, 'c.csv', 'cccc', '2023-03-03 10:00:00+07', 'loaded');
			INSERT INTO service_events VALUES ('3216', 'e9', 'a9', '2023-02-20 09:00', 'kk', NULL, 'submitted', NULL, 'DINAS', 'counter', NULL, NULL, 3)`, small + 2, 1},
		{"a failed load", `INSERT INTO load_runs (load_id, file, file_hash, started_at, status) VALUES (4, 'd.csv', 'dddd', '2023-03-04 10:00:00+07', 'failed')`, small, 0},
		{"a load that replaces an earlier row", `INSERT INTO load_runs (load_id, file, file_hash, started_at, status) VALUES (5, 'e.csv', 'eeee', '2023-03-05 10:00:00+07', 'loaded');
			DELETE FROM service_events WHERE event_id = 'e3';
			INSERT INTO service_events VALUES ('9171', 'e3', 'a2', '2023-03-02 11:00', 'kk', NULL, 'submitted', NULL, '9171-DINAS', 'online', NULL, NULL, 5)`, -1, 1},
		{"a row deleted without a load", `DELETE FROM blanko_stock_counts`, -1, 0},
		{"other settings", `INSERT INTO settings VALUES ('3216', true, 5)`, -1, 0},
		{"a load run changed (a restore)", `UPDATE load_runs SET file_hash = 'ffff' WHERE load_id = 5`, -1, 0},
		{"a refresh pending", `INSERT INTO kpi_dirty VALUES ('3216', DATE '2023-02-01')`, -1, 0},
		{"the refresh done", `DELETE FROM kpi_dirty`, -1, 1},
		{"nothing new again", ``, small, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.change != "" {
				exec(t, w.DB, tc.change)
			}
			st, err := Export(ctx, w.DB, dir, Options{})
			if err != nil {
				t.Fatal(err)
			}
			want := tc.computed
			if want < 0 { // every unit: one per file of the new manifest
				m, _, err := ReadManifest(dir)
				if err != nil {
					t.Fatal(err)
				}
				want = len(m.Files)
			}
			if st.Computed != want || st.Written != tc.written || st.Checked != 0 {
				t.Errorf("export: %+v, want %d computed and %d written", st, want, tc.written)
			}
			l, err := Open(ctx, []string{dir}, OpenOptions{})
			if err != nil {
				t.Fatal(err)
			}
			defer l.Close()
			if diff := cmp.Diff(dump(t, w.DB), dump(t, l.DB)); diff != "" {
				t.Errorf("lake differs from the warehouse (-want +got):\n%s", diff)
			}
		})
	}
}
