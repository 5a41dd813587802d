package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"
)

// writeEvents writes a service-events CSV of n rows.
func writeEvents(t *testing.T, path string, n int) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w := bufio.NewWriter(f)
	fmt.Fprintln(w, "event_id,application_id,event_time,service,stage,office_code,channel,nik")
	for i := range n {
		fmt.Fprintf(w, "e%d,a%d,2023-01-%02d 08:%02d:00,ktp_el,recorded,KEC-%02d,counter,32160101019%05d\n", i, i/3, 2+i%20, i%60, 1+i%23, i%100000)
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	f.Close()
}

func pantau(t *testing.T, args ...string) *exec.Cmd {
	t.Helper()
	bin, err := exec.LookPath("pantau")
	if err != nil {
		t.Skip("pantau test binary not on PATH")
	}
	cmd := exec.Command(bin, args...)
	cmd.Env = append(os.Environ(), "PANTAU_NIK_KEY=test-key-0123456789abcdef0123456789")
	return cmd
}

func countEvents(t *testing.T, db string) string {
	t.Helper()
	cmd := pantau(t, "sql", "--db", db, "--format", "csv", "SELECT count(*) AS n FROM service_events")
	var stderr strings.Builder
	cmd.Stderr = &stderr // a kill during the refresh leaves a warning there
	out, err := cmd.Output()
	if err != nil && (strings.Contains(stderr.String(), "no warehouse yet") || strings.Contains(stderr.String(), "older pantau")) {
		return "0" // killed while the schema was being created: no data yet, as before
	}
	if err != nil {
		t.Fatalf("count: %v\n%s%s", err, out, stderr.String())
	}
	return strings.TrimSpace(strings.TrimPrefix(string(out), "n\n"))
}

// TestLoadKilledLeavesWarehouseAsBefore kills a load with SIGKILL at several
// moments: each time the warehouse must hold either nothing of the file or
// all of it, and a rerun must complete the load.
func TestLoadKilledLeavesWarehouseAsBefore(t *testing.T) {
	if testing.Short() {
		t.Skip("slow")
	}
	dir := t.TempDir()
	db := filepath.Join(dir, "w.duckdb")
	data := filepath.Join(dir, "events.csv")
	const n = 300000
	writeEvents(t, data, n)
	if out, err := pantau(t, "load", "--db", db, "--kind", "service_events", filepath.Join(dir, "missing-dir-is-an-error")).CombinedOutput(); err == nil {
		t.Fatalf("loading a missing path succeeded: %s", out)
	}
	completed := false
	for _, delay := range []time.Duration{50 * time.Millisecond, 150 * time.Millisecond, 300 * time.Millisecond, 500 * time.Millisecond, 800 * time.Millisecond} {
		cmd := pantau(t, "load", "--db", db, data)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(delay)
		_ = cmd.Process.Signal(syscall.SIGKILL)
		_ = cmd.Wait()
		if _, err := os.Stat(db); err != nil {
			continue // killed before the file was created
		}
		switch got := countEvents(t, db); got {
		case "0":
		case fmt.Sprint(n):
			completed = true
		default:
			t.Fatalf("after a kill at %v the warehouse holds %s of %d rows", delay, got, n)
		}
	}
	out, err := pantau(t, "load", "--db", db, data).CombinedOutput()
	if err != nil {
		t.Fatalf("rerun: %v\n%s", err, out)
	}
	if completed != strings.Contains(string(out), "skipped") {
		t.Errorf("rerun output does not match the earlier state (completed=%v):\n%s", completed, out)
	}
	if got := countEvents(t, db); got != fmt.Sprint(n) {
		t.Fatalf("after the rerun the warehouse holds %s rows, want %d", got, n)
	}
}

// TestReaderWaitsForLoad starts a reader while a load holds the warehouse
// (held by the test hook until the test releases it): the reader either
// waits and succeeds after the load, or says plainly that a load is
// running, and which.
func TestReaderWaitsForLoad(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "w.duckdb")
	// Create the warehouse first so the reader finds a file.
	small := filepath.Join(dir, "small.csv")
	writeEvents(t, small, 10)
	if out, err := pantau(t, "load", "--db", db, small).CombinedOutput(); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	for i, tc := range []struct {
		name, wait string
		wantOK     bool
	}{
		{"waits and succeeds", "60s", true},
		{"gives up plainly", "0s", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg := filepath.Join(dir, fmt.Sprint(i)+".yaml")
			if err := os.WriteFile(cfg, []byte("load:\n  wait: "+tc.wait+"\n"), 0o644); err != nil {
				t.Fatal(err)
			}
			data := filepath.Join(dir, fmt.Sprint(i)+".csv")
			writeEvents(t, data, 20+i) // new bytes, so the load is not skipped
			load := pantau(t, "load", "--db", db, data)
			load.Env = append(load.Env, "PANTAU_TEST_HOLD_LOAD=1")
			release, err := load.StdinPipe()
			if err != nil {
				t.Fatal(err)
			}
			var loadOut strings.Builder
			load.Stdout = &loadOut
			loadErr, err := load.StderrPipe()
			if err != nil {
				t.Fatal(err)
			}
			if err := load.Start(); err != nil {
				t.Fatal(err)
			}
			defer func() { // on a failure below, the load must not stay held
				release.Close()
				_ = load.Process.Kill()
			}()
			waitForLine(t, loadErr, holdingLoad)

			reader := pantau(t, "sql", "--db", db, "--config", cfg, "SELECT count(*) FROM offices WHERE region_code = '3216'")
			var readerOut strings.Builder
			reader.Stdout = &readerOut
			readerErr, err := reader.StderrPipe()
			if err != nil {
				t.Fatal(err)
			}
			if err := reader.Start(); err != nil {
				t.Fatal(err)
			}
			finishLoad := func() {
				release.Close()
				if err := load.Wait(); err != nil {
					t.Fatalf("load: %v\n%s", err, loadOut.String())
				}
			}
			var errText string
			if tc.wantOK {
				// The reader meets the held load and waits for it.
				errText = waitForLine(t, readerErr, "waiting for the warehouse")
				finishLoad()
			}
			rest, _ := io.ReadAll(readerErr)
			errText += string(rest)
			err = reader.Wait()
			if !tc.wantOK {
				finishLoad()
			}
			if tc.wantOK {
				if err != nil || !strings.Contains(readerOut.String(), "30") {
					t.Fatalf("reader: %v\n%s%s", err, readerOut.String(), errText)
				}
				return
			}
			// It names the load's PID: from DuckDB's lock error, or on
			// Windows from the mark the load leaves beside the file.
			if want := fmt.Sprintf("a load is running (pantau, PID %d)", load.Process.Pid); err == nil || !strings.Contains(errText, want) {
				t.Fatalf("reader (err %v) does not say %q:\n%s%s", err, want, readerOut.String(), errText)
			}
		})
	}
}

// waitForLine reads r until a line holds want and returns what it read; it
// fails the test when r ends first.
func waitForLine(t *testing.T, r io.Reader, want string) string {
	t.Helper()
	var read strings.Builder
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		read.WriteString(sc.Text() + "\n")
		if strings.Contains(sc.Text(), want) {
			return read.String()
		}
	}
	t.Fatalf("no line %q in:\n%s", want, read.String())
	return ""
}

// TestLoadKilledDuringRefresh kills a load once its rows are committed,
// before its refresh of the stored KPIs has committed (the test wiring holds
// it there: the refresh is one transaction, so a kill anywhere before its
// commit leaves the same state): the readers then say the KPIs are out of
// date, check fails naming kpi_refresh, and the next load (of nothing new)
// finishes the refresh.
func TestLoadKilledDuringRefresh(t *testing.T) {
	if testing.Short() {
		t.Skip("slow")
	}
	dir := t.TempDir()
	db := filepath.Join(dir, "w.duckdb")
	data := filepath.Join(dir, "events.csv")
	writeEvents(t, data, 300000)
	load := pantau(t, "load", "--db", db, data)
	load.Env = append(load.Env, "PANTAU_TEST_HOLD_LOAD=refresh")
	release, err := load.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	held, err := load.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := load.Start(); err != nil {
		t.Fatal(err)
	}
	waitForLine(t, held, holdingLoad)
	_ = load.Process.Kill()
	_ = load.Wait()
	release.Close()

	out, err := pantau(t, "kpi", "--db", db, "--week", "2023-W03").CombinedOutput()
	if err != nil {
		t.Fatalf("kpi: %v\n%s", err, out)
	}
	if !strings.Contains(string(out), "out of date") {
		t.Fatalf("kpi does not say the stored KPIs are out of date:\n%s", out)
	}
	out, err = pantau(t, "check", "--db", db, "--no-store").CombinedOutput()
	if err == nil || !regexpMatch(`fail +error +kpi_refresh`, string(out)) {
		t.Fatalf("check passes or does not name kpi_refresh (err %v):\n%s", err, out)
	}

	if out, err := pantau(t, "load", "--db", db, data).CombinedOutput(); err != nil || !strings.Contains(string(out), "skipped") {
		t.Fatalf("the next load: %v\n%s", err, out)
	}
	out, err = pantau(t, "kpi", "--db", db, "--week", "2023-W03").CombinedOutput()
	if err != nil || strings.Contains(string(out), "out of date") || !regexpMatch(`region +3216 +recordings +\d`, string(out)) {
		t.Fatalf("after the next load, kpi: %v\n%s", err, out)
	}
	out, _ = pantau(t, "check", "--db", db, "--no-store").CombinedOutput()
	if !regexpMatch(`pass +error +kpi_refresh`, string(out)) {
		t.Fatalf("after the next load, check:\n%s", out)
	}
}

func regexpMatch(pattern, s string) bool {
	return regexp.MustCompile(pattern).MatchString(s)
}

// TestInterruptedLoad sends SIGINT, then SIGTERM, to a running load: it
// stops soon with exit code 130 and one line, and a rerun loads the file.
// The test wiring holds each load until it has the warehouse, then lets it
// read its 300,000 rows and signals it at once.
func TestInterruptedLoad(t *testing.T) {
	if testing.Short() {
		t.Skip("slow")
	}
	dir := t.TempDir()
	db := filepath.Join(dir, "w.duckdb")
	data := filepath.Join(dir, "events.csv")
	writeEvents(t, data, 300000)
	for _, sig := range []os.Signal{os.Interrupt, syscall.SIGTERM} {
		cmd := pantau(t, "load", "--db", db, data)
		cmd.Env = append(cmd.Env, "PANTAU_TEST_HOLD_LOAD=load")
		release, err := cmd.StdinPipe()
		if err != nil {
			t.Fatal(err)
		}
		stderrPipe, err := cmd.StderrPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(stderrPipe)
		if !sc.Scan() || sc.Text() != holdingLoad {
			_ = cmd.Process.Kill()
			t.Fatalf("the load did not reach its hold: %q", sc.Text())
		}
		release.Close()
		sent := time.Now()
		if err := cmd.Process.Signal(sig); err != nil && !errors.Is(err, os.ErrProcessDone) { // Windows sends only Kill
			_ = cmd.Process.Kill()
			_ = cmd.Wait()
			t.Skipf("%v cannot be sent to another process on this system: %v", sig, err)
		}
		var rest strings.Builder
		for sc.Scan() {
			rest.WriteString(sc.Text() + "\n")
		}
		_ = cmd.Wait()
		took := time.Since(sent)
		if code := cmd.ProcessState.ExitCode(); code != 130 || rest.String() != "pantau: interrupted\n" {
			t.Fatalf("%v: exit %d, stderr:\n%s", sig, code, rest.String())
		}
		if took > interruptGrace+3*time.Second {
			t.Errorf("%v: stopped %v after the signal", sig, took.Round(time.Millisecond))
		}
	}
	if out, err := pantau(t, "load", "--db", db, data).CombinedOutput(); err != nil || !strings.Contains(string(out), "300000") {
		t.Fatalf("rerun: %v\n%s", err, out)
	}
}
