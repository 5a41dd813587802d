package warehouse

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestReadOnlyIsSandboxed opens a warehouse read-only with one folder
// allowed and checks, on a connection opened after the sandbox was set,
// what DuckDB does: files outside the folder, extensions and settings are
// closed; the folder, the caps and the warehouse itself are not.
func TestReadOnlyIsSandboxed(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	path := filepath.Join(dir, "w.duckdb")
	w, err := Open(ctx, path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	w.Close()
	allowed := filepath.Join(dir, "lake")
	for name, text := range map[string]string{
		filepath.Join(dir, "secret.key"):   "secret\n",
		filepath.Join(allowed, "rows.csv"): "a\n1\n2\n",
	} {
		if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(name, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	t.Chdir(dir)
	r, err := Open(ctx, path, Options{ReadOnly: true, Directories: []string{"lake"},
		MemoryLimit: "512MiB", TempDirectory: filepath.Join(dir, "spill"), Threads: 1})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	// A first connection stays open, so the checks run on a second one.
	first, err := r.DB.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer first.Close()
	conn, err := r.DB.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	tests := []struct {
		name, query string
		want        string // the result, or the start of the error after "Error: "
	}{
		{"the warehouse", `SELECT count(*) FROM offices WHERE region_code = '3216'`, "30"},
		{"a file in the folder", `SELECT sum(a)::VARCHAR FROM read_csv('lake/rows.csv')`, "3"},
		{"a file beside it", `SELECT * FROM read_text('secret.key')`, `Cannot access file "secret.key"`},
		{"a file out of the folder by ..", `SELECT * FROM read_text('lake/../secret.key')`, `Cannot access file "lake/../secret.key"`},
		{"/etc", `SELECT count(*) FROM read_csv('/etc/passwd')`, `Cannot access file "/etc/passwd"`},
		{"a listing", `SELECT count(*) FROM glob('*')`, `Cannot access file "*"`},
		{"a replacement scan", `SELECT count(*) FROM 'secret.key.csv'`, `Cannot access file "secret.key.csv"`},
		{"the web", `SELECT count(*) FROM read_parquet('https://example.com/x.parquet')`, `Cannot access file "https://example.com/x.parquet"`},
		{"a write", `COPY (SELECT 1) TO 'out.csv'`, `Cannot access file`},
		{"an install", `INSTALL httpfs`, `Cannot access directory`},
		{"a load", `LOAD httpfs`, `Loading external extensions is disabled`},
		{"a setting", `SET threads = 2`, `Cannot change configuration option "threads"`},
		{"the sandbox", `SET enable_external_access = true`, `Cannot change configuration option "enable_external_access"`},
		{"the folders", `SET allowed_directories = ['/']`, `Cannot change configuration option "allowed_directories"`},
		{"a reset", `RESET memory_limit`, `Cannot change configuration option "memory_limit"`},
		{"the caps", `SELECT current_setting('memory_limit') || ' ' || current_setting('threads') || ' ' || current_setting('temp_directory')`,
			"512.0 MiB 1 " + filepath.Join(dir, "spill")},
		{"no autoload", `SELECT current_setting('autoload_known_extensions') || ' ' || current_setting('autoinstall_known_extensions')`, "false false"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got string
			err := conn.QueryRowContext(ctx, tt.query).Scan(&got)
			if err != nil {
				_, got, _ = strings.Cut(err.Error(), "Error: ")
			}
			if !strings.HasPrefix(got, tt.want) {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
	if _, err := os.Stat(filepath.Join(dir, "out.csv")); err == nil {
		t.Error("COPY wrote out.csv")
	}
}

// TestWriterCaps: a writer takes the caps too, and no sandbox.
func TestWriterCaps(t *testing.T) {
	ctx := context.Background()
	w, err := Open(ctx, ":memory:", Options{MemoryLimit: "1GiB", Threads: 1})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	var got string
	if err := w.DB.QueryRowContext(ctx, `SELECT current_setting('memory_limit') || ' ' || current_setting('threads') || ' ' || current_setting('enable_external_access')`).Scan(&got); err != nil {
		t.Fatal(err)
	}
	if want := "1.0 GiB 1 true"; got != want {
		t.Errorf("settings %q, want %q", got, want)
	}
}
