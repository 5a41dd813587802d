package checks_test

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/disdukcapil-bekasi/pantau/checks"
	"github.com/disdukcapil-bekasi/pantau/config"
	"github.com/disdukcapil-bekasi/pantau/kpi"
)

// TestStoredCheck keeps the results of the checks and wants StoredCheck to
// read them while nothing changed, and to run the checks again after a
// load, a new office or a pending refresh.
func TestStoredCheck(t *testing.T) {
	ctx := context.Background()
	s := kpi.SettingsFrom(config.Default())
	for _, c := range []struct {
		name, change string
		read         bool // the kept results are read after the change
	}{
		{"nothing changed", "", true},
		{"a load", `INSERT INTO load_runs (load_id, file, file_hash, started_at, status) VALUES (99, 'd.csv', 'dddd', '2023-04-04 10:00:00+07', 'failed')`, false},
		{"an office", `INSERT INTO offices (office_code, region_code, name, type) VALUES ('KEC-99', '3216', 'Baru', 'kecamatan')`, false},
		{"a pending refresh", `INSERT INTO kpi_dirty VALUES ('3216', DATE '2023-03-01')`, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			db := fixtureDB(t, config.Default())
			computed, err := checks.Check(ctx, db, s)
			if err != nil {
				t.Fatal(err)
			}
			if err := checks.Keep(ctx, db, s, computed); err != nil {
				t.Fatal(err)
			}
			stored, err := checks.StoredCheck(ctx, db, s)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(computed, stored); diff != "" {
				t.Fatalf("the kept results (+) differ from the checks' (-):\n%s", diff)
			}
			// Mark the kept results, to tell a read of them from a run.
			if _, err := db.ExecContext(ctx, `UPDATE check_stored SET results = json_merge_patch(results, '[]')`); err != nil {
				t.Fatal(err)
			}
			if c.change != "" {
				if _, err := db.ExecContext(ctx, c.change); err != nil {
					t.Fatal(err)
				}
			}
			got, err := checks.StoredCheck(ctx, db, s)
			if err != nil {
				t.Fatal(err)
			}
			if read := len(got) == 0; read != c.read {
				t.Errorf("read the kept results: %v, want %v", read, c.read)
			}
		})
	}
}
