package warehouse

import (
	"context"
	"database/sql"
	"errors"
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
		{"offices", `SELECT count(*) FROM offices`, 30},
		{"kecamatan", `SELECT count(*) FROM kecamatan`, 23},
		{"holidays", `SELECT count(*) FROM holidays`, 129},
		{"workdays 2023", `SELECT count(*) FROM calendar WHERE year(date) = 2023 AND is_workday`, 239},
		{"workdays 2023 cuti open", `SELECT count(*) FROM calendar WHERE year(date) = 2023 AND is_workday_cuti_open`, 250},
		{"migrations", `SELECT count(*) FROM schema_migrations`, len(migrations)},
		{"metrics tables", `SELECT count(*) FROM duckdb_tables() WHERE table_name IN ('settings', 'sla_limits', 'workday_calendar', 'check_results')`, 4},
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
	if err := r.DB.QueryRowContext(ctx, `SELECT count(*) FROM offices`).Scan(&n); err != nil || n != 30 {
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
