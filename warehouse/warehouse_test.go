package warehouse

import (
	"context"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"testing"
)

func TestOpenMigratesAndSeeds(t *testing.T) {
	ctx := context.Background()
	w, err := Open(ctx, ":memory:", Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	migrations, err := Migrations()
	if err != nil {
		t.Fatal(err)
	}
	checks := []struct {
		name  string
		query string
		want  int
	}{
		{"offices", `SELECT count(*) FROM offices`, 30 + (7285 - 23) + 2*513},
		{"offices of Bekasi", `SELECT count(*) FROM offices WHERE region_code = '3216'`, 30},
		{"Bekasi's real codes", `SELECT count(*) FROM offices WHERE region_code = '3216' AND office_code IN ('DINAS', 'KEC-01', 'ONLINE')`, 3},
		{"offices of Jayapura", `SELECT count(*) FROM offices WHERE region_code = '9171' AND office_code LIKE '9171-%'`, 7},
		{"offices without a region", `SELECT count(*) FROM offices o ANTI JOIN regions r USING (region_code)`, 0},
		{"kecamatan", `SELECT count(*) FROM kecamatan`, 7285},
		{"kecamatan of Bekasi with BPS codes", `SELECT count(bps_code) FROM kecamatan WHERE region_code = '3216'`, 23},
		{"regions", `SELECT count(*) FROM regions`, 514},
		{"provinces", `SELECT count(*) FROM provinces`, 38},
		{"regions without a province", `SELECT count(*) FROM regions r ANTI JOIN provinces p USING (province_code)`, 0},
		{"Bekasi's population", `SELECT population FROM regions WHERE region_code = '3216' AND province_code = '32' AND time_zone = 'Asia/Jakarta'`, 3387601},
		{"WIT regions", `SELECT count(*) FROM regions WHERE time_zone = 'Asia/Jayapura'`, 63},
		{"holidays", `SELECT count(*) FROM holidays`, 129},
		{"workdays 2023", `SELECT count(*) FROM calendar WHERE year(date) = 2023 AND is_workday`, 239},
		{"workdays 2023 cuti open", `SELECT count(*) FROM calendar WHERE year(date) = 2023 AND is_workday_cuti_open`, 250},
		{"migrations", `SELECT count(*) FROM schema_migrations`, len(migrations)},
		{"metrics tables", `SELECT count(*) FROM duckdb_tables() WHERE table_name IN ('settings', 'sla_limits', 'workday_calendar', 'check_results')`, 4},
		{"office short names (0007)", `SELECT count(*) FROM offices WHERE short_name IS NOT NULL`, 30},
		{"the dinas is Dinas", `SELECT count(*) FROM offices WHERE office_code = 'DINAS' AND short_name = 'Dinas'`, 1},
	}
	for _, c := range checks {
		var got int
		if err := w.DB.QueryRowContext(ctx, c.query).Scan(&got); err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if got != c.want {
			t.Errorf("%s = %d, want %d", c.name, got, c.want)
		}
	}
}

func TestReopenIsIdempotent(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "w.duckdb")
	for range 2 {
		w, err := Open(ctx, path, Options{})
		if err != nil {
			t.Fatal(err)
		}
		w.Close()
	}
	r, err := Open(ctx, path, Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	var n int
	if err := r.DB.QueryRowContext(ctx, `SELECT count(*) FROM offices WHERE region_code = '3216'`).Scan(&n); err != nil || n != 30 {
		t.Fatalf("offices = %d, %v", n, err)
	}
	if _, err := r.DB.ExecContext(ctx, `DELETE FROM offices`); err == nil {
		t.Fatal("a read-only warehouse accepted a write")
	}
}

func TestReadOnlyMissingFile(t *testing.T) {
	_, err := Open(context.Background(), filepath.Join(t.TempDir(), "none.duckdb"), Options{ReadOnly: true})
	if !errors.Is(err, ErrNotFound) {
		t.Fatalf("err = %v, want ErrNotFound", err)
	}
}

// TestReadOnlyWithoutSchema: a file left without a schema (a load killed
// while creating it) reads as no warehouse.
func TestReadOnlyWithoutSchema(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "w.duckdb")
	db, err := sql.Open("duckdb", path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`CREATE TABLE x (a INT)`); err != nil {
		t.Fatal(err)
	}
	db.Close()
	if _, err := Open(ctx, path, Options{ReadOnly: true}); !errors.Is(err, ErrNotFound) {
		t.Fatalf("err = %v, want ErrNotFound", err)
	}
}

// TestUpgradeSeedsNation: a warehouse made before 0008 (only Kabupaten
// Bekasi seeded, an office renamed by hand) gains every other region on
// its next read-write open and keeps its own rows.
func TestUpgradeSeedsNation(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "w.duckdb")
	db, err := sql.Open("duckdb", path)
	if err != nil {
		t.Fatal(err)
	}
	migrations, err := Migrations()
	if err != nil {
		t.Fatal(err)
	}
	w := &Warehouse{DB: db}
	if _, err := db.Exec(`CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())`); err != nil {
		t.Fatal(err)
	}
	for _, m := range migrations {
		if m.Version >= 8 {
			break
		}
		err := w.inTx(ctx, func(tx *sql.Tx) error {
			if _, err := tx.Exec(m.SQL); err != nil {
				return err
			}
			if m.Version == 1 {
				if err := seedReference(ctx, tx); err != nil {
					return err
				}
			}
			_, err := tx.Exec(`INSERT INTO schema_migrations (version, name) VALUES (?, ?)`, m.Version, m.Name)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if _, err := db.Exec(`UPDATE offices SET name = 'Loket Tarumajaya (renamed)' WHERE office_code = 'KEC-01'`); err != nil {
		t.Fatal(err)
	}
	db.Close()

	up, err := Open(ctx, path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer up.Close()
	var offices, regions, bekasi int
	var name string
	err = up.DB.QueryRowContext(ctx, `SELECT (SELECT count(*) FROM offices), (SELECT count(*) FROM regions),
		(SELECT count(*) FROM offices WHERE region_code = '3216'), (SELECT name FROM offices WHERE office_code = 'KEC-01')`).Scan(&offices, &regions, &bekasi, &name)
	if err != nil {
		t.Fatal(err)
	}
	if offices != 8318 || regions != 514 || bekasi != 30 || name != "Loket Tarumajaya (renamed)" {
		t.Errorf("after the upgrade: %d offices, %d regions, %d of Bekasi, KEC-01 %q", offices, regions, bekasi, name)
	}
}

// TestUnfinishedCreation: a file a killed process left before DuckDB wrote
// its headers (empty, or zeros) reads as no warehouse and is made again by
// the next writer; a file with any other bytes is never removed.
func TestUnfinishedCreation(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name       string
		content    []byte
		unfinished bool
	}{
		{"empty", nil, true},
		{"zeros", make([]byte, 4096), true},
		{"some text", []byte("id,name\n1,a\n"), false},
		{"zeros then a byte", append(make([]byte, 100), 1), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "w.duckdb")
			if err := os.WriteFile(path, tt.content, 0o644); err != nil {
				t.Fatal(err)
			}
			_, err := Open(ctx, path, Options{ReadOnly: true})
			if got := errors.Is(err, ErrNotFound); got != tt.unfinished {
				t.Fatalf("read-only open: %v; want no warehouse: %v", err, tt.unfinished)
			}
			w, err := Open(ctx, path, Options{})
			if !tt.unfinished {
				if err == nil {
					w.Close()
					t.Fatal("a file that is not DuckDB's opened as a warehouse")
				}
				if b, _ := os.ReadFile(path); string(b) != string(tt.content) {
					t.Fatal("the file was changed")
				}
				return
			}
			if err != nil {
				t.Fatalf("the writer did not make the warehouse again: %v", err)
			}
			w.Close()
		})
	}
}
