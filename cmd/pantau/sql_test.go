package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/apache/arrow-go/v18/arrow/ipc"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/duckdb/duckdb-go/v2"
	"github.com/google/go-cmp/cmp"
	"github.com/xuri/excelize/v2"

	"github.com/disdukcapil-bekasi/pantau/encode"
)

// nikKey is the NIK key of the sql tests: in the environment and in a file
// beside the warehouse, where no query may read it.
const nikKey = "sql-test-key-0123456789abcdef01234"

// sqlWorld makes, in a new folder that becomes the working folder, a
// warehouse w.duckdb with two stock counts, its lake in lake/, the NIK key
// in pantau-nik.key and the system's temporary folder tmp/ (where a lake
// reader makes its spill folder), and returns the folder.
func sqlWorld(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	t.Chdir(dir)
	t.Setenv("PANTAU_NIK_KEY", nikKey)
	t.Setenv("TMPDIR", filepath.Join(dir, "tmp"))
	for name, text := range map[string]string{
		"counts.csv":     "kantor,tanggal_opname,stok\nDINAS,2023-01-31,120\nKec. Karang Bahagia,31 Januari 2023,35\n",
		"pantau-nik.key": nikKey + "\n",
	} {
		if err := os.WriteFile(name, []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Mkdir("tmp", 0o755); err != nil {
		t.Fatal(err)
	}
	pantauIn(t, "load", "--db", "w.duckdb", "counts.csv")
	pantauIn(t, "export", "--db", "w.duckdb", "--lake", "lake")
	return dir
}

// listing is every file and folder under dir with a checksum of each file.
func listing(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			out[p] = "folder"
			return nil
		}
		b, err := os.ReadFile(p)
		out[p] = fmt.Sprintf("%x", sha256.Sum256(b))
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func runPantau(args ...string) (code int, stdout, stderr string) {
	var out, errOut bytes.Buffer
	code = run(context.Background(), args, strings.NewReader(""), &out, &errOut)
	return code, out.String(), errOut.String()
}

// TestSQLRefusesHostileQueries runs queries that would write, configure,
// read files or run several statements, on the warehouse and on its lake:
// each is refused with one plain line (exit 2 when pantau refuses it, the
// statement's kind or a file out of reach; 1 when DuckDB cannot parse or
// bind it), the NIK key appears nowhere, and not one file or folder
// appears, changes or goes.
func TestSQLRefusesHostileQueries(t *testing.T) {
	dir := sqlWorld(t)
	tests := []struct {
		name  string
		args  []string // before the query
		query string
		code  int
	}{
		{"parquet --out wrapping a COPY here", []string{"--format", "parquet", "--out", "o.parquet"},
			"SELECT * FROM read_text('pantau-nik.key')) TO 'pwned.csv' (FORMAT csv) --", 1},
		{"parquet --out wrapping a COPY into the lake", []string{"--format", "parquet", "--out", "o.parquet"},
			"SELECT * FROM read_text('pantau-nik.key')) TO 'lake/pwned.csv' (FORMAT csv) --", 1},
		{"arrow --out wrapping a COPY", []string{"--format", "arrow", "--out", "o.arrow"},
			"SELECT 1) TO 'lake/pwned.csv' (FORMAT csv) --", 1},
		{"copy to", nil, "COPY blanko_stock_counts TO 'lake/pwned.csv'", 2},
		{"copy a query to parquet", nil, "COPY (SELECT * FROM blanko_stock_counts) TO 'lake/pwned.parquet' (FORMAT parquet)", 2},
		{"copy from", nil, "COPY blanko_stock_counts FROM 'counts.csv'", 2},
		{"copy behind a block comment", nil, "/* SELECT */ COPY blanko_stock_counts TO 'lake/pwned.csv'", 2},
		{"copy behind a line comment", nil, "-- SELECT\nCOPY blanko_stock_counts TO 'lake/pwned.csv'", 2},
		{"copy behind nested comments", nil, "/* /* */ SELECT 1 */ COPY blanko_stock_counts TO 'lake/pwned.csv'", 2},
		{"copy in parentheses", nil, "(COPY blanko_stock_counts TO 'lake/pwned.csv')", 1},
		{"copy through query()", nil, "SELECT * FROM query('COPY blanko_stock_counts TO ''lake/pwned.csv''')", 1},
		{"copy after a query", nil, "SELECT 1; COPY blanko_stock_counts TO 'lake/pwned.csv'", 2},
		{"copy before a query", nil, "COPY blanko_stock_counts TO 'lake/pwned.csv'; SELECT 1", 2},
		{"two queries", nil, "SELECT 1; SELECT 2", 2},
		{"explain analyze copy", nil, "EXPLAIN ANALYZE COPY blanko_stock_counts TO 'lake/pwned.csv'", 2},
		{"explain analyse copy behind comments", nil, "EXPLAIN /* x */ ANALYSE -- y\n COPY blanko_stock_counts TO 'lake/pwned.csv'", 2},
		{"explain analyze in options", nil, "EXPLAIN (ANALYZE) COPY blanko_stock_counts TO 'lake/pwned.csv'", 2},
		{"explain with options", nil, "EXPLAIN (FORMAT json) SELECT 1", 2},
		{"explain analyze create", nil, "EXPLAIN ANALYZE CREATE TABLE pwned AS SELECT 1", 2},
		{"export database", nil, "EXPORT DATABASE 'lake/pwned'", 2},
		{"attach", nil, "ATTACH 'lake/pwned.duckdb' AS pwned", 2},
		{"detach", nil, "DETACH memory", 2},
		{"use", nil, "USE memory", 2},
		{"install", nil, "INSTALL httpfs", 2},
		{"load", nil, "LOAD httpfs", 2},
		{"set", nil, "SET threads = 1", 2},
		{"set external access", nil, "SET enable_external_access = true", 2},
		{"reset", nil, "RESET threads", 2},
		{"pragma", nil, "PRAGMA enable_profiling", 2},
		{"call", nil, "CALL pragma_version()", 2},
		{"checkpoint", nil, "CHECKPOINT", 2},
		{"vacuum", nil, "VACUUM", 2},
		{"begin", nil, "BEGIN TRANSACTION", 2},
		{"create table", nil, "CREATE TABLE pwned (a INTEGER)", 2},
		{"create macro", nil, "CREATE MACRO pwned(a) AS a", 2},
		{"insert", nil, "INSERT INTO blanko_stock_counts SELECT * FROM blanko_stock_counts", 2},
		{"update", nil, "UPDATE blanko_stock_counts SET quantity_on_hand = 0", 2},
		{"delete", nil, "DELETE FROM blanko_stock_counts", 2},
		{"drop", nil, "DROP TABLE blanko_stock_counts", 2},
		{"alter", nil, "ALTER TABLE blanko_stock_counts ADD COLUMN pwned INTEGER", 2},
		{"read_text of the key", nil, "SELECT * FROM read_text('pantau-nik.key')", 2},
		{"read_text of the key past the lake", nil, "SELECT * FROM read_text('lake/../pantau-nik.key')", 2},
		{"read_csv of the key", nil, "SELECT * FROM read_csv('pantau-nik.key', header = false)", 2},
		{"read_blob of the key", nil, "SELECT * FROM read_blob('pantau-nik.key')", 2},
		{"key in FROM", nil, "SELECT * FROM 'pantau-nik.key'", 1},
		{"key through a csv name", nil, "SELECT * FROM 'lake/../pantau-nik.key.csv'", 2},
		{"csv in FROM", nil, "SELECT * FROM 'counts.csv'", 2},
		{"glob of the folder", nil, "SELECT * FROM glob('*')", 2},
		{"read_text of /etc", nil, "SELECT * FROM read_text('/etc/passwd')", 2},
		{"read_csv of /etc", nil, "SELECT * FROM read_csv('/etc/passwd')", 2},
		{"glob of /etc", nil, "SELECT * FROM glob('/etc/*')", 2},
		{"a file on the web", nil, "SELECT * FROM read_parquet('https://example.com/x.parquet')", 2},
		{"getenv of the key", nil, "SELECT getenv('PANTAU_NIK_KEY')", 1},
		{"empty", nil, " ; ", 2},
	}
	before := listing(t, dir)
	for _, mode := range [][]string{{"--db", "w.duckdb"}, {"--lake", "lake"}} {
		for _, tt := range tests {
			t.Run(mode[0]+" "+tt.name, func(t *testing.T) {
				args := append(append(append([]string{}, mode...), "sql"), tt.args...)
				code, stdout, stderr := runPantau(append(args, "--", tt.query)...)
				if code != tt.code {
					t.Errorf("exit %d, want %d\nstdout: %s\nstderr: %s", code, tt.code, stdout, stderr)
				}
				if !strings.HasPrefix(stderr, "pantau: ") || strings.Count(stderr, "\n") != 1 {
					t.Errorf("stderr is not one plain line: %q", stderr)
				}
				if strings.Contains(stdout+stderr, nikKey) {
					t.Errorf("the NIK key is out:\nstdout: %s\nstderr: %s", stdout, stderr)
				}
				if diff := cmp.Diff(before, listing(t, dir)); diff != "" {
					t.Fatalf("files changed (-before +after):\n%s", diff)
				}
			})
		}
	}
}

// TestSQLReadsInEveryFormat runs ordinary queries, semicolons in strings
// and comments included, on the warehouse and on its lake, in every
// format; the binary files are read back.
func TestSQLReadsInEveryFormat(t *testing.T) {
	sqlWorld(t)
	tests := []struct {
		name, query string
		want        string // the first row's first value
	}{
		{"semicolon in a string", "SELECT 'a;b' AS s", "a;b"},
		{"trailing semicolon", "SELECT office_code FROM blanko_stock_counts ORDER BY 1;", "DINAS"},
		{"semicolons in comments", "-- one; two\nSELECT /* ; */ 'x;' AS s ; -- end;", "x;"},
		{"with", "WITH t AS (SELECT quantity_on_hand AS n FROM blanko_stock_counts) SELECT sum(n) AS total FROM t", "155"},
		{"from first", "FROM blanko_stock_counts SELECT office_code ORDER BY 1 DESC", "KEC-10"},
		{"describe", "DESCRIBE blanko_stock_counts", "region_code"},
		{"summarize", "SUMMARIZE SELECT quantity_on_hand FROM blanko_stock_counts", "quantity_on_hand"},
		{"show", "SHOW blanko_stock_counts", "region_code"},
		{"explain", "EXPLAIN SELECT * FROM blanko_stock_counts", "physical_plan"},
		{"explain analyze", "/* plan */ EXPLAIN ANALYZE SELECT count(*) FROM blanko_stock_counts", "analyzed_plan"},
		{"values", "VALUES ('v')", "v"},
	}
	// A lake is slower to open: there, every query in CSV and one in
	// every format.
	all := []string{"table", "csv", "json", "parquet", "arrow", "xlsx"}
	for _, mode := range [][]string{{"--db", "w.duckdb"}, {"--lake", "lake"}} {
		for i, tt := range tests {
			formats := all
			if mode[0] == "--lake" && i > 0 {
				formats = []string{"csv"}
			}
			for _, format := range formats {
				t.Run(fmt.Sprintf("%s %s %s", mode[0], tt.name, format), func(t *testing.T) {
					args := append(append([]string{}, mode...), "sql", "--format", format)
					out := "out." + format
					if format == "parquet" || format == "arrow" || format == "xlsx" {
						args = append(args, "--out", out)
					}
					code, stdout, stderr := runPantau(append(args, "--", tt.query)...)
					if code != 0 {
						t.Fatalf("exit %d: %s", code, stderr)
					}
					var got string
					switch format {
					case "table", "csv", "json":
						got = stdout
					case "parquet":
						got = parquetFirst(t, out)
					case "arrow":
						got = arrowFirst(t, out)
					case "xlsx":
						got = xlsxFirst(t, out)
					}
					if !strings.Contains(got, tt.want) {
						t.Errorf("%q does not hold %q", got, tt.want)
					}
				})
			}
		}
	}
}

// TestSQLOutKeptOnFailure: a query that fails leaves an existing --out
// byte for byte as it was, and no temporary file beside it, in every format.
func TestSQLOutKeptOnFailure(t *testing.T) {
	dir := sqlWorld(t)
	for _, format := range []string{"table", "csv", "json", "parquet", "arrow", "xlsx"} {
		for name, query := range map[string]string{
			"error while running": "SELECT CASE WHEN range < 100000 THEN range ELSE error('boom') END AS n FROM range(200000)",
			"refused":             "COPY blanko_stock_counts TO 'out.csv'",
			"typo":                "SELEC 1",
		} {
			t.Run(format+" "+name, func(t *testing.T) {
				if err := os.WriteFile("out.old", []byte("the old result\n"), 0o644); err != nil {
					t.Fatal(err)
				}
				before := listing(t, dir)
				if code, _, stderr := runPantau("sql", "--db", "w.duckdb", "--format", format, "--out", "out.old", query); code == 0 {
					t.Fatalf("exit 0: %s", stderr)
				}
				if diff := cmp.Diff(before, listing(t, dir)); diff != "" {
					t.Errorf("files changed (-before +after):\n%s", diff)
				}
			})
		}
	}
}

// TestSQLReadersHonourSettings: the reading connections, on a warehouse
// and on lakes, take duckdb's memory limit and threads from the settings
// file, and their configuration is locked.
func TestSQLReadersHonourSettings(t *testing.T) {
	sqlWorld(t)
	if err := os.WriteFile("pantau.yaml", []byte("duckdb:\n  memory_limit: 1GiB\n  threads: 1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, mode := range [][]string{{"--db", "w.duckdb"}, {"--lake", "lake"}} {
		code, stdout, stderr := runPantau(append(mode, "sql", "--format", "csv",
			"SELECT current_setting('memory_limit') AS m, current_setting('threads') AS t, current_setting('lock_configuration') AS l, current_setting('enable_external_access') AS e, current_setting('autoinstall_known_extensions') AS i")...)
		if code != 0 {
			t.Fatalf("%s: exit %d: %s", mode[0], code, stderr)
		}
		if want := "m,t,l,e,i\n1.0 GiB,1,true,false,false\n"; stdout != want {
			t.Errorf("%s: settings\n%s, want\n%s", mode[0], stdout, want)
		}
	}
}

// parquetFirst is the first value of the first row of a Parquet file,
// read by DuckDB.
func parquetFirst(t *testing.T, path string) string {
	t.Helper()
	connector, err := duckdb.NewConnector("", nil)
	if err != nil {
		t.Fatal(err)
	}
	db := sql.OpenDB(connector)
	defer db.Close()
	rows, err := db.Query("SELECT * FROM read_parquet(?) LIMIT 1", path)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil || !rows.Next() {
		t.Fatalf("no row in %s: %v", path, err)
	}
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	if err := rows.Scan(ptrs...); err != nil {
		t.Fatal(err)
	}
	return encode.Text(vals[0])
}

// arrowFirst is the first value of the first row of an Arrow IPC file.
func arrowFirst(t *testing.T, path string) string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r, err := ipc.NewFileReader(f, ipc.WithAllocator(memory.DefaultAllocator))
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	rec, err := r.RecordBatch(0)
	if err != nil {
		t.Fatal(err)
	}
	return rec.Column(0).ValueStr(0)
}

// xlsxFirst is the first value of the first row after the header.
func xlsxFirst(t *testing.T, path string) string {
	t.Helper()
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows("hasil")
	if err != nil || len(rows) < 2 {
		t.Fatalf("rows %v: %v", rows, err)
	}
	return rows[1][0]
}
