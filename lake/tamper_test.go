package lake

import (
	"context"
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/disdukcapil-bekasi/pantau/warehouse"
)

const someFile = "service_events/region_code=3216/year=2023/month=01/data_1.parquet"

// needListedLinks skips a test of links in a lake where this system cannot
// make a link that a folder listing shows as one: Windows without the
// symlink privilege refuses to make it, and Wine's links do not show.
func needListedLinks(t *testing.T) {
	t.Helper()
	dir := t.TempDir()
	if err := os.Symlink(filepath.Join(dir, "target"), filepath.Join(dir, "link")); err != nil {
		t.Skipf("this system cannot make a symbolic link: %v", err)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 1 || entries[0].Type()&fs.ModeSymlink == 0 {
		t.Skipf("this system's folder listing does not show a symbolic link as one (it shows %v)", entries)
	}
}

// TestTamperedLake changes a file of an exported lake in each way: the
// reader refuses to open it naming the file (but a replacement of the same
// size, which only a checksum finds), Verify names it, and a re-export
// repairs it so that the lake reads back as the warehouse (the replacement
// of the same size only a re-export with Check, which reads every file
// back).
func TestTamperedLake(t *testing.T) {
	other := "service_events/region_code=9171/year=2023/month=02/data_1.parquet"
	for _, tc := range []struct {
		name    string
		tamper  func(t *testing.T, dir string)
		bad     string // the file named
		cheap   bool   // found by opening the lake (no checksum)
		repairs int
	}{
		{"extra copy", func(t *testing.T, dir string) {
			copyFile(t, filepath.Join(dir, someFile), filepath.Join(dir, filepath.Dir(someFile), "data (copy).parquet"))
		}, path.Dir(someFile) + "/data (copy).parquet", true, 1},
		{"extra partition", func(t *testing.T, dir string) {
			copyFile(t, filepath.Join(dir, someFile), filepath.Join(dir, "service_events/region_code=3216/year=2022/month=12/data_1.parquet"))
		}, "service_events/region_code=3216/year=2022/month=12/data_1.parquet", true, 1},
		{"missing", func(t *testing.T, dir string) {
			rm(t, filepath.Join(dir, someFile))
		}, someFile, true, 1},
		{"replaced, another size", func(t *testing.T, dir string) {
			copyFile(t, filepath.Join(dir, other), filepath.Join(dir, someFile))
		}, someFile, true, 1},
		{"truncated", func(t *testing.T, dir string) {
			fi, err := os.Stat(filepath.Join(dir, someFile))
			if err != nil {
				t.Fatal(err)
			}
			if err := os.Truncate(filepath.Join(dir, someFile), fi.Size()/2); err != nil {
				t.Fatal(err)
			}
		}, someFile, true, 1},
		{"replaced, same size", func(t *testing.T, dir string) {
			// Another row's values, same length: 'recorded' → 'RECORDED'.
			b, err := os.ReadFile(filepath.Join(dir, someFile))
			if err != nil {
				t.Fatal(err)
			}
			changed := strings.Replace(string(b), "recorded", "RECORDED", 1)
			if changed == string(b) {
				// zstd: the text is compressed; flip a byte in the middle.
				bb := []byte(changed)
				bb[len(bb)/3] ^= 0xff
				changed = string(bb)
			}
			if err := os.WriteFile(filepath.Join(dir, someFile), []byte(changed), 0o644); err != nil {
				t.Fatal(err)
			}
		}, someFile, false, 1},
		{"a retired file resized", func(t *testing.T, dir string) {
			// A retired file is accepted only at the size the manifest says.
			old := path.Dir(someFile) + "/data_0.parquet"
			copyFile(t, filepath.Join(dir, other), filepath.Join(dir, old))
			m, _, err := ReadManifest(dir)
			if err != nil {
				t.Fatal(err)
			}
			m.Retired = map[string]Retired{old: {Size: 1, Since: time.Now()}}
			writeJSON(t, filepath.Join(dir, ManifestPath), m)
		}, path.Dir(someFile) + "/data_0.parquet", true, 1},
		{"a link", func(t *testing.T, dir string) {
			needListedLinks(t)
			if err := os.Symlink(filepath.Join(dir, other), filepath.Join(dir, filepath.Dir(someFile), "data_9.parquet")); err != nil {
				t.Fatal(err)
			}
		}, path.Dir(someFile) + "/data_9.parquet", true, 1},
		{"a linked folder", func(t *testing.T, dir string) {
			// The partition's folder moved out of the lake, a link left.
			needListedLinks(t)
			part := filepath.Join(dir, filepath.Dir(someFile))
			out := filepath.Join(t.TempDir(), "moved")
			if err := os.Rename(part, out); err != nil {
				t.Fatal(err)
			}
			if err := os.Symlink(out, part); err != nil {
				t.Fatal(err)
			}
		}, path.Dir(someFile), true, 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx := context.Background()
			w := fixture(t)
			dir := t.TempDir()
			if _, err := Export(ctx, w.DB, dir, Options{}); err != nil {
				t.Fatal(err)
			}
			tc.tamper(t, dir)

			l, err := Open(ctx, []string{dir}, OpenOptions{})
			if tc.cheap {
				if !errors.Is(err, ErrFiles) || !strings.Contains(err.Error(), filepath.Join(dir, filepath.FromSlash(tc.bad))) {
					t.Errorf("open: got %v, want the lake's files differ, naming %s", err, tc.bad)
				}
			} else if err != nil {
				t.Errorf("open: %v", err)
			}
			if err == nil {
				l.Close()
			}

			problems, n, err := Verify(ctx, w.DB, dir)
			if err != nil {
				t.Fatal(err)
			}
			if len(problems) == 0 || problems[0].File != tc.bad || n < 10 {
				t.Errorf("verify: %v of %d files, want %s", problems, n, tc.bad)
			}

			if !tc.cheap {
				st, err := Export(ctx, w.DB, dir, Options{})
				if err != nil {
					t.Fatal(err)
				}
				if st.Repaired != 0 || st.Checked != 0 {
					t.Errorf("a re-export without Check: %+v, want nothing read back nor repaired", st)
				}
			}
			st, err := Export(ctx, w.DB, dir, Options{Check: !tc.cheap})
			if err != nil {
				t.Fatal(err)
			}
			if st.Repaired != tc.repairs {
				t.Errorf("re-export repaired %d files, want %d (%+v)", st.Repaired, tc.repairs, st)
			}
			if problems, _, err := Verify(ctx, w.DB, dir); err != nil || len(problems) > 0 {
				t.Errorf("after the re-export: %v %v", problems, err)
			}
			l, err = Open(ctx, []string{dir}, OpenOptions{})
			if err != nil {
				t.Fatal(err)
			}
			defer l.Close()
			if diff := cmp.Diff(dump(t, w.DB), dump(t, l.DB)); diff != "" {
				t.Errorf("repaired lake differs from the warehouse (-want +got):\n%s", diff)
			}
		})
	}
}

// TestPathsStayInsideTheLake: a manifest or commit record naming a file
// outside the lake (.., absolute) is refused, naming the record and the
// entry, and the file outside survives.
func TestPathsStayInsideTheLake(t *testing.T) {
	for _, tc := range []struct {
		name, record string
		edit         func(victim string, m *Manifest, c *commit)
		entry        string
	}{
		{"manifest ..", "manifest.json", func(_ string, m *Manifest, _ *commit) {
			m.Files["../victim.txt"] = FileInfo{}
		}, "../victim.txt"},
		{"manifest .. inside a table", "manifest.json", func(_ string, m *Manifest, _ *commit) {
			m.Files["service_events/../../victim.txt"] = FileInfo{}
		}, "service_events/../../victim.txt"},
		{"manifest absolute", "manifest.json", func(victim string, m *Manifest, _ *commit) {
			m.Files[victim] = FileInfo{}
		}, "victim.txt"},
		{"commit remove ..", "commit.json", func(_ string, _ *Manifest, c *commit) {
			c.Removes = append(c.Removes, "../victim.txt")
		}, "../victim.txt"},
		{"commit rename to ..", "commit.json", func(_ string, _ *Manifest, c *commit) {
			c.Renames = append(c.Renames, rename{From: "_pantau/staging/" + someFile, To: "../victim.txt"})
		}, "../victim.txt"},
		{"commit rename from ..", "commit.json", func(_ string, _ *Manifest, c *commit) {
			c.Renames = append(c.Renames, rename{From: "../victim.txt", To: someFile})
		}, "../victim.txt"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx := context.Background()
			w := fixture(t)
			top := t.TempDir()
			dir := filepath.Join(top, "lake")
			victim := filepath.Join(top, "victim.txt")
			if err := os.WriteFile(victim, []byte("keep me"), 0o644); err != nil {
				t.Fatal(err)
			}
			if _, err := Export(ctx, w.DB, dir, Options{}); err != nil {
				t.Fatal(err)
			}
			m, _, err := ReadManifest(dir)
			if err != nil {
				t.Fatal(err)
			}
			if tc.record == "manifest.json" {
				tc.edit(victim, &m, nil)
				writeJSON(t, filepath.Join(dir, ManifestPath), m)
			} else {
				c := commit{Manifest: m}
				tc.edit(victim, nil, &c)
				writeJSON(t, filepath.Join(dir, CommitPath), c)
			}
			_, err = Export(ctx, w.DB, dir, Options{})
			for _, want := range []string{filepath.Join(dir, "_pantau", tc.record), tc.entry, "export --rebuild"} {
				if err == nil || !strings.Contains(err.Error(), want) {
					t.Errorf("export: got %v, want an error with %q", err, want)
				}
			}
			_, err = Open(ctx, []string{dir}, OpenOptions{})
			if !errors.Is(err, ErrDamaged) && tc.record == "manifest.json" {
				t.Errorf("open: got %v, want a damaged lake", err)
			}
			if b, err := os.ReadFile(victim); err != nil || string(b) != "keep me" {
				t.Fatalf("the file outside the lake was touched: %q %v", b, err)
			}
			// --rebuild recovers, and still leaves the file outside alone.
			if _, err := Export(ctx, w.DB, dir, Options{Rebuild: true}); err != nil {
				t.Fatal(err)
			}
			if b, err := os.ReadFile(victim); err != nil || string(b) != "keep me" {
				t.Fatalf("the file outside the lake was touched by --rebuild: %q %v", b, err)
			}
			l, err := Open(ctx, []string{dir}, OpenOptions{})
			if err != nil {
				t.Fatal(err)
			}
			defer l.Close()
			if diff := cmp.Diff(dump(t, w.DB), dump(t, l.DB)); diff != "" {
				t.Errorf("rebuilt lake differs from the warehouse (-want +got):\n%s", diff)
			}
		})
	}
}

// TestCorruptManifest: a manifest that is no JSON makes reading and
// exporting say how to recover, and --rebuild recovers, removing the old
// files of the layout but nothing else.
func TestCorruptManifest(t *testing.T) {
	ctx := context.Background()
	w := fixture(t)
	dir := t.TempDir()
	if _, err := Export(ctx, w.DB, dir, Options{}); err != nil {
		t.Fatal(err)
	}
	keep := filepath.Join(dir, "README.txt")
	if err := os.WriteFile(keep, []byte("the province's note"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, ManifestPath), []byte(`{"version": 3, "files": {`), 0o644); err != nil {
		t.Fatal(err)
	}
	want := "rewrite the lake from its warehouse with 'pantau export --rebuild --lake " + dir + "'"
	if _, err := Open(ctx, []string{dir}, OpenOptions{}); err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("open: got %v, want %q", err, want)
	}
	if _, err := Export(ctx, w.DB, dir, Options{}); err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("export: got %v, want %q", err, want)
	}
	st, err := Export(ctx, w.DB, dir, Options{Rebuild: true})
	if err != nil {
		t.Fatal(err)
	}
	if st.Written == 0 || st.Removed != st.Written {
		t.Errorf("rebuild: %+v, want every file written and the old ones removed", st)
	}
	if _, err := os.Stat(keep); err != nil {
		t.Errorf("rebuild removed a file outside the lake's layout: %v", err)
	}
	if problems, _, err := Verify(ctx, w.DB, dir); err != nil || len(problems) > 0 {
		t.Errorf("after the rebuild: %v %v", problems, err)
	}
}

// TestOneWarehousePerLake: a second warehouse's export into a lake is
// refused and leaves it as it was; --rebuild takes it over.
func TestOneWarehousePerLake(t *testing.T) {
	ctx := context.Background()
	a, b := fixture(t), fixture(t)
	exec(t, a.DB, `INSERT INTO load_runs (load_id, file, file_hash, started_at, status) VALUES (1, 'a.csv', 'aaaa', '2023-03-01 10:00:00+07', 'loaded')`)
	exec(t, b.DB, `INSERT INTO load_runs (load_id, file, file_hash, started_at, status) VALUES (1, 'b.csv', 'bbbb', '2023-03-02 10:00:00+07', 'loaded');
		DELETE FROM service_events WHERE region_code = '3216'`)
	dir := t.TempDir()
	if _, err := Export(ctx, a.DB, dir, Options{}); err != nil {
		t.Fatal(err)
	}
	before := mtimes(t, dir)
	_, err := Export(ctx, b.DB, dir, Options{})
	if !errors.Is(err, ErrOtherWarehouse) || !strings.Contains(err.Error(), "export --rebuild --lake "+dir) {
		t.Errorf("second warehouse: got %v, want it refused", err)
	}
	if diff := cmp.Diff(before, mtimes(t, dir)); diff != "" {
		t.Errorf("the refused export touched the lake (-before +after):\n%s", diff)
	}
	// Without loads, a warehouse of other regions is another warehouse.
	only := func(region string) *warehouse.Warehouse {
		w := fixture(t)
		for _, table := range []string{"service_events", "blanko_deliveries", "blanko_stock_counts", "complaints", "survey_responses", "kpi_weekly"} {
			exec(t, w.DB, "DELETE FROM "+table+" WHERE region_code <> ?", region)
		}
		return w
	}
	dir2 := t.TempDir()
	if _, err := Export(ctx, only("3216").DB, dir2, Options{}); err != nil {
		t.Fatal(err)
	}
	if _, err := Export(ctx, only("9171").DB, dir2, Options{}); !errors.Is(err, ErrOtherWarehouse) {
		t.Errorf("a warehouse of other regions: got %v, want it refused", err)
	}
	if _, err := Export(ctx, b.DB, dir, Options{Rebuild: true}); err != nil {
		t.Fatal(err)
	}
	l, err := Open(ctx, []string{dir}, OpenOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	if diff := cmp.Diff(dump(t, b.DB), dump(t, l.DB)); diff != "" {
		t.Errorf("taken-over lake differs from its new warehouse (-want +got):\n%s", diff)
	}
}

// TestReadersRacingCommits opens and reads the lake while exports commit
// one after the other, the warehouse switching between two states: every
// read gives one of the two states' totals — never another total, nor an
// error (the files a reader's manifest lists stay, retired, while later
// exports commit).
func TestReadersRacingCommits(t *testing.T) {
	ctx := context.Background()
	w := fixture(t)
	dir := t.TempDir()
	const q = `SELECT count(*) || '/' || coalesce(sum(hash(event_id)), 0) FROM service_events`
	var state [2]string
	switchTo := func(i int) {
		if i == 0 {
			exec(t, w.DB, `DELETE FROM service_events WHERE event_id = 'e9'`)
		} else {
			exec(t, w.DB, `INSERT INTO service_events VALUES ('3216', 'e9', 'a9', '2023-01-20 09:00', 'kk', NULL, 'submitted', NULL, 'DINAS', 'counter', NULL, NULL, 3)`)
		}
	}
	for i := range 2 {
		switchTo(i)
		if err := w.DB.QueryRow(q).Scan(&state[i]); err != nil {
			t.Fatal(err)
		}
	}
	switchTo(0)
	if _, err := Export(ctx, w.DB, dir, Options{}); err != nil {
		t.Fatal(err)
	}
	const commits = 8
	done := make(chan struct{})
	var wg sync.WaitGroup
	var mu sync.Mutex
	cond := sync.NewCond(&mu)
	reads, crossed := 0, 0
	for range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-done:
					return
				default:
				}
				got, gen, err := readOnce(ctx, dir, q)
				mu.Lock()
				switch {
				case err != nil:
					t.Errorf("a reader failed: %v", err)
				case got != state[0] && got != state[1]:
					t.Errorf("a reader got %s, neither %s nor %s", got, state[0], state[1])
				}
				reads++
				if gen {
					crossed++
				}
				cond.Broadcast()
				mu.Unlock()
			}
		}()
	}
	for i := range commits {
		// Let the readers finish two reads between commits, so that
		// some of them run across a commit and some do not.
		mu.Lock()
		for n := reads; reads < n+2; {
			cond.Wait()
		}
		mu.Unlock()
		switchTo((i + 1) % 2)
		if _, err := Export(ctx, w.DB, dir, Options{}); err != nil {
			t.Error(err)
			break
		}
	}
	close(done)
	wg.Wait()
	t.Logf("%d commits, %d reads, %d of them across a commit", commits, reads, crossed)
	if reads == 0 {
		t.Error("no read completed")
	}
}

// readOnce opens the lake and runs q; crossed tells whether an export
// committed between the opening and the end of the query.
func readOnce(ctx context.Context, dir, q string) (got string, crossed bool, err error) {
	l, err := Open(ctx, []string{dir}, OpenOptions{})
	if err != nil {
		return "", false, err
	}
	defer l.Close()
	err = l.DB.QueryRowContext(ctx, q).Scan(&got)
	m, _, merr := ReadManifest(dir)
	return got, merr == nil && m.Generation != l.Manifests[0].Generation, err
}
func copyFile(t *testing.T, from, to string) {
	t.Helper()
	b, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Dir(to), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(to, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

func rm(t *testing.T, p string) {
	t.Helper()
	if err := os.Remove(p); err != nil {
		t.Fatal(err)
	}
}

func writeJSON(t *testing.T, p string, v any) {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, b, 0o644); err != nil {
		t.Fatal(err)
	}
}
