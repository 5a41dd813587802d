package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/disdukcapil-bekasi/pantau/lake"
	"github.com/disdukcapil-bekasi/pantau/warehouse"
)

// pantauIn runs pantau in this process and returns its stdout; it fails the
// test on a non-zero exit.
func pantauIn(t *testing.T, args ...string) string {
	t.Helper()
	var stdout, stderr bytes.Buffer
	if code := run(context.Background(), args, strings.NewReader(""), &stdout, &stderr); code != 0 {
		t.Fatalf("pantau %s: exit %d\n%s", strings.Join(args, " "), code, stderr.String())
	}
	return stdout.String()
}

// addJayapura adds Kota Jayapura (9171) and one office of it to a warehouse,
// creating the warehouse if need be.
func addJayapura(t *testing.T, db string) {
	t.Helper()
	w, err := warehouse.Open(context.Background(), db, warehouse.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	if _, err := w.DB.Exec(`INSERT INTO regions (region_code, name, time_zone) VALUES ('9171', 'Kota Jayapura', 'Asia/Jayapura') ON CONFLICT DO NOTHING;
		INSERT INTO offices (office_code, region_code, name, type) VALUES ('9171-DINAS', '9171', 'Dinas Kota Jayapura', 'dinas') ON CONFLICT DO NOTHING`); err != nil {
		t.Fatal(err)
	}
}

// TestKPIOverTwoLakesEqualsOneWarehouse: the KPIs read from two regencies'
// lakes, one --lake folder holding both, are those of one warehouse holding
// both regions, the province and national rows included (pooled from the
// lakes' stored applications, not taken from either lake), and so are
// those of the same lakes without their applications, as an older pantau
// wrote them (pooled from the events), and those of a folder holding a
// lake of the layout before (version 2: every table by month) beside one
// of this layout.
func TestKPIOverTwoLakesEqualsOneWarehouse(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	bekasi := write("bekasi.csv", `event_id,application_id,event_time,service,stage,office_code,channel,nik
b1,a1,2023-03-06 09:00,ktp_el,recorded,KEC-01,counter,3216010101900001
b2,a1,2023-03-08 10:00,ktp_el,printed,KEC-01,counter,3216010101900001
b3,a2,2023-03-14 09:00,ktp_el,recorded,KEC-02,counter,3216010101900002
b4,a2,2023-03-17 09:00,ktp_el,printed,KEC-02,counter,3216010101900002
b5,a3,2023-03-18 11:00,kk,submitted,ONLINE,online,3216010101900003
`)
	bekasiComplaints := write("bekasi_complaints.csv", `complaint_id,received_at,channel,category,text,office_code,status
c1,2023-03-07 08:00,whatsapp,blanko,blanko habis,KEC-01,open
`)
	jayapura := write("jayapura.csv", `event_id,application_id,event_time,service,stage,office_code,channel,nik
j1,x1,2023-03-07 09:00,ktp_el,recorded,9171-DINAS,counter,9171010101900001
j2,x1,2023-03-16 10:00,ktp_el,printed,9171-DINAS,counter,9171010101900001
j3,x2,2023-03-19 09:00,ktp_el,recorded,9171-DINAS,counter,9171010101900002
`)
	a, b, both := filepath.Join(dir, "a.duckdb"), filepath.Join(dir, "b.duckdb"), filepath.Join(dir, "both.duckdb")
	pantauIn(t, "load", "--db", a, bekasi, bekasiComplaints)
	addJayapura(t, b)
	pantauIn(t, "load", "--db", b, jayapura)
	addJayapura(t, both)
	pantauIn(t, "load", "--db", both, bekasi, bekasiComplaints, jayapura)
	lakes := filepath.Join(dir, "province")
	pantauIn(t, "export", "--db", a, "--lake", filepath.Join(lakes, "3216"))
	pantauIn(t, "export", "--db", b, "--lake", filepath.Join(lakes, "9171"))
	older := filepath.Join(dir, "older")
	for _, r := range []string{"3216", "9171"} {
		if n := withoutApplications(t, filepath.Join(lakes, r), filepath.Join(older, r)); n == 0 {
			t.Fatalf("lake %s carries no stored applications", r)
		}
	}
	mixed := filepath.Join(dir, "mixed")
	if n := asVersion2(t, filepath.Join(lakes, "3216"), filepath.Join(mixed, "3216"), "2023", "03"); n < 4 {
		t.Fatalf("%d files moved into month partitions: the small tables should be", n)
	}
	asVersion2(t, filepath.Join(lakes, "9171"), filepath.Join(mixed, "9171"), "", "")

	weeks := []string{"--from", "2023-W10", "--to", "2023-W11", "--format", "csv"}
	for name, args := range map[string][]string{
		"region":          {"--by", "region"},
		"province":        {"--by", "province"},
		"national":        {"--by", "national"},
		"bekasi offices":  {"--by", "office"},
		"jayapura office": {"--by", "office", "--region", "9171"},
		"kecamatan":       {"--by", "kecamatan", "--region", "3216,9171"},
	} {
		want := pantauIn(t, append(append([]string{"kpi", "--db", both}, args...), weeks...)...)
		if !strings.Contains(want, ",") || strings.Count(want, "\n") < 10 {
			t.Errorf("%s: too few rows to compare:\n%s", name, want)
		}
		for folder, lakes := range map[string]string{"applications": lakes, "events (older lakes)": older, "a version 2 lake beside a version 3": mixed} {
			t.Run(name+" from "+folder, func(t *testing.T) {
				got := pantauIn(t, append(append([]string{"kpi", "--lake", lakes}, args...), weeks...)...)
				if diff := cmp.Diff(want, got); diff != "" {
					t.Errorf("kpi --lake differs from the warehouse holding both (-want +got):\n%s", diff)
				}
			})
		}
	}

	// The national report over the lakes is the warehouse's (but for the
	// time it was made): its scope's rows are pooled for its cards' weeks
	// only, its Suket signal summed from the regions' rows.
	made := regexp.MustCompile(`Dibuat [^<"]*`)
	for name, args := range map[string][]string{"national": nil, "province 32": {"--province", "32"}} {
		t.Run("report "+name, func(t *testing.T) {
			read := func(source ...string) string {
				out := filepath.Join(t.TempDir(), "national.html")
				pantauIn(t, append(append(source, "report", "national", "--week", "2023-W11", "--out", out), args...)...)
				b, err := os.ReadFile(out)
				if err != nil {
					t.Fatal(err)
				}
				return made.ReplaceAllString(string(b), "Dibuat …")
			}
			want := read("--db", both)
			if !strings.Contains(want, "Kabupaten Bekasi") {
				t.Fatalf("the report names no region:\n%s", want)
			}
			if diff := cmp.Diff(want, read("--lake", lakes)); diff != "" {
				t.Errorf("report national --lake differs from the warehouse holding both (-want +got):\n%s", diff)
			}
		})
	}

	// The next export rewrites a lake of the layout before in this one.
	pantauIn(t, "export", "--db", a, "--lake", filepath.Join(mixed, "3216"))
	m, _, err := lake.ReadManifest(filepath.Join(mixed, "3216"))
	if err != nil || m.Version != lake.ManifestVersion {
		t.Fatalf("the export over a version 2 lake left version %d (%v)", m.Version, err)
	}
	complaints, _ := filepath.Glob(filepath.Join(mixed, "3216", "complaints", "*", "*.parquet"))
	old, _ := filepath.Glob(filepath.Join(mixed, "3216", "complaints", "*", "year=*", "*", "*.parquet"))
	if len(complaints) != 1 || len(old) > 0 {
		t.Errorf("complaints after the export over a version 2 lake: %q, and of the layout before %q; want one file per region", complaints, old)
	}
}

// withoutApplications copies the lake from into to as an older pantau would
// have written it: without the stored applications (their files, their
// manifest entries and the manifest's flag) nor the columns of its files. It returns how many files it
// left out.
func withoutApplications(t *testing.T, from, to string) int {
	t.Helper()
	left := 0
	err := filepath.WalkDir(from, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(from, p)
		if strings.HasPrefix(filepath.ToSlash(rel), "ktp_el_applications/") {
			left++
			return nil
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if filepath.ToSlash(rel) == lake.ManifestPath {
			var m lake.Manifest
			if err := json.Unmarshal(b, &m); err != nil {
				return err
			}
			for f := range m.Files {
				if strings.HasPrefix(f, "ktp_el_applications/") {
					delete(m.Files, f)
				}
			}
			// an older pantau's manifest: no applications, columns, facts
			// or KPI span (the reader opens the files to learn them)
			m.Applications, m.Columns, m.Facts, m.KPISpan = false, nil, nil, nil
			if b, err = json.Marshal(m); err != nil {
				return err
			}
		}
		if err := os.MkdirAll(filepath.Dir(filepath.Join(to, rel)), 0o755); err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(to, rel), b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return left
}

// asVersion2 copies the lake from into to as the layout before wrote it
// (manifest version 2), all of whose tables were partitioned by month:
// each file of a table this layout does not partition by month moves into
// the folder year=YEAR/month=MONTH of its partition (the month of every
// row: the caller's data lie in one month). With YEAR "", the copy stays of
// this layout. It returns how many files moved.
func asVersion2(t *testing.T, from, to, year, month string) int {
	t.Helper()
	monthly := map[string]bool{}
	for _, tb := range lake.Tables() {
		monthly[tb.Name] = tb.Monthly
	}
	moved := map[string]string{} // file → its version 2 path
	err := filepath.WalkDir(from, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(from, p)
		rel = filepath.ToSlash(rel)
		parts := strings.Split(rel, "/")
		if year != "" && len(parts) == 3 && strings.HasSuffix(rel, ".parquet") && parts[0] != lake.ReferenceDir && !monthly[parts[0]] {
			moved[rel] = strings.Join([]string{parts[0], parts[1], "year=" + year, "month=" + month, parts[2]}, "/")
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	err = filepath.WalkDir(from, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(from, p)
		rel = filepath.ToSlash(rel)
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if rel == lake.ManifestPath && year != "" {
			var m lake.Manifest
			if err := json.Unmarshal(b, &m); err != nil {
				return err
			}
			m.Version = 2
			for f, v := range moved {
				m.Files[v] = m.Files[f]
				delete(m.Files, f)
			}
			if b, err = json.Marshal(m); err != nil {
				return err
			}
		}
		if v, ok := moved[rel]; ok {
			rel = v
		}
		if err := os.MkdirAll(filepath.Dir(filepath.Join(to, rel)), 0o755); err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(to, filepath.FromSlash(rel)), b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return len(moved)
}

// writeYearOfEvents writes n service events spread over the months of 2023,
// ids prefixed so that two files hold different events.
func writeYearOfEvents(t *testing.T, path, prefix string, n int) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w := bufio.NewWriter(f)
	fmt.Fprintln(w, "event_id,application_id,event_time,service,stage,office_code,channel,nik")
	for i := range n {
		fmt.Fprintf(w, "%s%d,%sa%d,2023-%02d-%02d 08:%02d:00,ktp_el,recorded,KEC-%02d,counter,32160101019%05d\n",
			prefix, i, prefix, i/3, 1+i%12, 1+i%28, i%60, 1+i%23, i%100000)
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	f.Close()
}

// lakeState is what a reader of the lake sees: row counts and a checksum
// of every fact table and kpi_weekly (the output of one query).
func lakeState(t *testing.T, lake string) (string, error) {
	t.Helper()
	var parts []string
	for _, table := range []string{"service_events", "kpi_weekly"} {
		parts = append(parts, fmt.Sprintf("(SELECT count(*) || ':' || coalesce(sum(hash(t)), 0) FROM %s t)", table))
	}
	out, err := pantau(t, "--lake", lake, "sql", "--format", "csv", "SELECT "+strings.Join(parts, " || ' ' || ")+" AS state").CombinedOutput()
	return string(out), err
}

// TestExportKilledLeavesLakeAsBefore kills an export with SIGKILL at each
// step of its commit: the lake must read as before the export or, once its
// new manifest is in place, as after it (a reader reads the files of the
// manifest it found, which an export never replaces in place), and a rerun
// must complete it. Then an unchanged re-export touches no file, and one
// more week rewrites only the partitions of that week's month.
func TestExportKilledLeavesLakeAsBefore(t *testing.T) {
	if testing.Short() {
		t.Skip("slow")
	}
	dir := t.TempDir()
	db, lake := filepath.Join(dir, "w.duckdb"), filepath.Join(dir, "lake")
	first, more := filepath.Join(dir, "first.csv"), filepath.Join(dir, "more.csv")
	writeYearOfEvents(t, first, "e", 200000)
	writeYearOfEvents(t, more, "m", 200000)
	if out, err := pantau(t, "load", "--db", db, first).CombinedOutput(); err != nil {
		t.Fatalf("load: %v\n%s", err, out)
	}
	if out, err := pantau(t, "export", "--db", db, "--lake", lake).CombinedOutput(); err != nil {
		t.Fatalf("export: %v\n%s", err, out)
	}
	before, err := lakeState(t, lake)
	if err != nil {
		t.Fatalf("read the lake: %v\n%s", err, before)
	}
	if out, err := pantau(t, "load", "--db", db, more).CombinedOutput(); err != nil {
		t.Fatalf("load: %v\n%s", err, out)
	}
	out, err := pantau(t, "sql", "--db", db, "--format", "csv", "SELECT (SELECT count(*) || ':' || coalesce(sum(hash(t)), 0) FROM service_events t) || ' ' || (SELECT count(*) || ':' || coalesce(sum(hash(t)), 0) FROM kpi_weekly t) AS state").CombinedOutput()
	if err != nil {
		t.Fatal(err)
	}
	want := string(out)
	// Each kill is of an export into a copy of the lake as it was; the
	// export is held (PANTAU_TEST_HOLD_EXPORT) at a step of its commit,
	// killed there, the copy read, then exported into again.
	for _, step := range []struct {
		name  string
		after bool // the lake reads as after the export
	}{
		{"staged", false}, {"committing", false}, {"renamed", false}, {"manifest", true},
	} {
		t.Run("killed "+step.name, func(t *testing.T) {
			copy := filepath.Join(dir, "killed-"+step.name)
			copyTree(t, lake, copy)
			cmd := pantau(t, "export", "--db", db, "--lake", copy)
			cmd.Env = append(cmd.Env, "PANTAU_TEST_HOLD_EXPORT="+step.name)
			held, err := cmd.StdinPipe()
			if err != nil {
				t.Fatal(err)
			}
			stderr, err := cmd.StderrPipe()
			if err != nil {
				t.Fatal(err)
			}
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			waitForLine(t, stderr, holdingExport+" "+step.name)
			_ = cmd.Process.Signal(syscall.SIGKILL)
			_ = cmd.Wait()
			held.Close()
			got, err := lakeState(t, copy)
			if err != nil {
				t.Fatalf("read the lake: %v\n%s", err, got)
			}
			if expect := map[bool]string{false: before, true: want}[step.after]; got != expect {
				t.Errorf("the lake reads\n%s\nnot as %s\n%s", got, map[bool]string{false: "before", true: "after"}[step.after], expect)
			}
			if out, err := pantau(t, "export", "--db", db, "--lake", copy).CombinedOutput(); err != nil {
				t.Fatalf("rerun: %v\n%s", err, out)
			}
			if got, err := lakeState(t, copy); err != nil || got != want {
				t.Errorf("after the rerun the lake reads\n%s (%v)\nthe warehouse\n%s", got, err, want)
			}
			for _, leftover := range []string{"_pantau/staging", "_pantau/commit.json"} {
				if _, err := os.Stat(filepath.Join(copy, leftover)); err == nil {
					t.Errorf("%s left behind", leftover)
				}
			}
			if out, err := pantau(t, "lake", "verify", "--lake", copy).CombinedOutput(); err != nil {
				t.Errorf("lake verify: %v\n%s", err, out)
			}
		})
	}
	if out, err := pantau(t, "export", "--db", db, "--lake", lake).CombinedOutput(); err != nil {
		t.Fatalf("export: %v\n%s", err, out)
	}
	after, err := lakeState(t, lake)
	if err != nil {
		t.Fatal(err)
	}
	if after != want || after == before {
		t.Errorf("after the export the lake reads\n%s\nthe warehouse\n%s", after, want)
	}

	// Nothing new: no file written.
	mt := mtimes(t, lake)
	if out, err := pantau(t, "export", "--db", db, "--lake", lake).CombinedOutput(); err != nil || !strings.Contains(string(out), "nothing changed") {
		t.Fatalf("unchanged re-export: %v\n%s", err, out)
	}
	if diff := cmp.Diff(mt, mtimes(t, lake)); diff != "" {
		t.Errorf("an unchanged re-export touched files (-before +after):\n%s", diff)
	}

	// One more week (2024-W01, Monday 1 January): only partitions of
	// January 2024, the files of the tables not partitioned by month (one
	// per region: kpi_weekly) and the manifest are written.
	week := filepath.Join(dir, "week.csv")
	if err := os.WriteFile(week, []byte("event_id,application_id,event_time,service,stage,office_code,channel,nik\n"+
		"w1,wa1,2024-01-02 09:00,ktp_el,recorded,KEC-01,counter,3216010101900001\n"+
		"w2,wa2,2024-01-05 09:00,kk,submitted,ONLINE,online,3216010101900002\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if out, err := pantau(t, "load", "--db", db, week).CombinedOutput(); err != nil {
		t.Fatalf("load: %v\n%s", err, out)
	}
	if out, err := pantau(t, "export", "--db", db, "--lake", lake).CombinedOutput(); err != nil {
		t.Fatalf("export: %v\n%s", err, out)
	}
	var touched []string
	now := mtimes(t, lake)
	for f, m := range now {
		if was, ok := mt[f]; !ok || !was.Equal(m) {
			touched = append(touched, f)
		}
	}
	for f := range mt {
		if _, ok := now[f]; !ok {
			touched = append(touched, "-"+f)
		}
	}
	slices.Sort(touched)
	for _, f := range touched {
		whole := !strings.Contains(f, "/year=") && !strings.HasPrefix(f, "_reference/")
		if f != "_pantau/manifest.json" && !strings.Contains(f, "/year=2024/month=01/") && !whole && !strings.HasPrefix(f, "-") {
			t.Errorf("one more week rewrote %s", f)
		}
	}
	if !slices.ContainsFunc(touched, func(f string) bool {
		return strings.HasPrefix(f, "service_events/region_code=3216/year=2024/month=01/data_")
	}) {
		t.Errorf("the new week's partition was not written: %v", touched)
	}
}

// copyTree copies the folder from to to, files and folders.
func copyTree(t *testing.T, from, to string) {
	t.Helper()
	err := filepath.WalkDir(from, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, p)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(to, rel), 0o755)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(to, rel), b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
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
