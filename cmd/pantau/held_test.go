package main

import (
	"bufio"
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/duckdb/duckdb-go/v2"
)

// holdDB is the holddb helper program (TestMain): holddb ro|rw FILE opens
// the DuckDB file as another program would (an analyst's DBeaver or CLI),
// says "held" and holds it until its stdin closes.
func holdDB() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: holddb ro|rw FILE")
		os.Exit(2)
	}
	dsn := os.Args[2]
	if os.Args[1] == "ro" {
		dsn += "?access_mode=READ_ONLY"
	}
	connector, err := duckdb.NewConnector(dsn, nil)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	db := sql.OpenDB(connector)
	var n int
	if err := db.QueryRow("SELECT count(*) FROM duckdb_tables()").Scan(&n); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Println("held")
	_, _ = io.Copy(io.Discard, os.Stdin)
	db.Close()
}

// holdFile starts holddb on path and returns once it holds the file; the
// hold ends with the test. It returns the holder's PID.
func holdFile(t *testing.T, mode, path string) int {
	t.Helper()
	cmd := exec.Command("holddb", mode, path)
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		stdin.Close()
		_ = cmd.Wait()
	})
	line, _ := bufio.NewReader(stdout).ReadString('\n')
	if strings.TrimSpace(line) != "held" {
		t.Fatalf("holddb %s %s: %q %s", mode, path, line, stderr.String())
	}
	return cmd.Process.Pid
}

// heldWarehouse loads a small warehouse into a new folder and returns its
// path and the settings file of a quick wait.
func heldWarehouse(t *testing.T) (db, cfg string) {
	t.Helper()
	t.Setenv("PANTAU_NIK_KEY", "test-key-0123456789abcdef0123456789")
	dir := t.TempDir()
	db = filepath.Join(dir, "w.duckdb")
	cfg = filepath.Join(dir, "pantau.yaml")
	csv := filepath.Join(dir, "events.csv")
	writeText(t, csv, "event_id,application_id,event_time,service,stage,office_code,channel\n"+
		"e1,a1,2023-03-13 09:00,ktp_el,recorded,KEC-01,counter\ne2,a1,2023-03-14 10:00,ktp_el,print_ready,KEC-01,counter\n"+
		"e3,a1,2023-03-15 10:00,ktp_el,printed,KEC-01,counter\ne4,a2,2023-03-16 09:00,ktp_el,recorded,KEC-01,counter\n"+
		"e5,b1,2023-03-19 20:00,kk,submitted,ONLINE,online\n")
	writeText(t, cfg, "load:\n  wait: 200ms\nrun:\n  pdf: never\n  inbox: "+filepath.Join(dir, "inbox")+
		"\n  archive: "+filepath.Join(dir, "archive")+"\n  output: "+filepath.Join(dir, "laporan")+"\n")
	expectPantau(t, 0, "load", "--db", db, "--config", cfg, csv)
	return db, cfg
}

func writeText(t *testing.T, path, text string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

// expectPantau runs the CLI and fails the test unless it exits with want; it
// returns stdout and stderr.
func expectPantau(t *testing.T, want int, args ...string) (string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	if got := run(context.Background(), args, nil, &out, &errOut); got != want {
		t.Fatalf("pantau %v = %d, want %d\nstdout: %s\nstderr: %s", args, got, want, out.String(), errOut.String())
	}
	return out.String(), errOut.String()
}

// TestBackupWhileReaderHolds: a backup and the analysts' copy are made
// while another program reads the warehouse, and the analysts' copy is
// replaced while another program holds it.
func TestBackupWhileReaderHolds(t *testing.T) {
	db, cfg := heldWarehouse(t)
	holdFile(t, "ro", db)
	out, _ := expectPantau(t, 0, "backup", "--db", db, "--config", cfg, "--to", filepath.Join(filepath.Dir(db), "bk"))
	if !strings.Contains(out, "verified") {
		t.Errorf("backup said %q", out)
	}
	expectPantau(t, 0, "publish", "--db", db, "--config", cfg)
	copyPath := filepath.Join(filepath.Dir(db), "pantau-analis.duckdb")
	holdFile(t, "ro", copyPath)
	out, _ = expectPantau(t, 0, "publish", "--db", db, "--config", cfg)
	if !strings.Contains(out, "pantau-analis") {
		t.Errorf("publish said %q", out)
	}
}

// TestPublishRemovesOlderBesideCopy: the copy an earlier publish wrote
// beside a held analysts' copy (Windows) is removed once a newer copy
// replaces the analysts' copy itself.
func TestPublishRemovesOlderBesideCopy(t *testing.T) {
	db, cfg := heldWarehouse(t)
	beside := filepath.Join(filepath.Dir(db), "pantau-analis-baru.duckdb")
	writeText(t, beside, "an older copy")
	out, _ := expectPantau(t, 0, "publish", "--db", db, "--config", cfg)
	if _, err := os.Stat(beside); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("%s stayed (%v); publish said:\n%s", beside, err, out)
	}
}

// TestHeldWarehouseNamesHolder: a program holding the warehouse is named
// with its PID, with the advice to use the analysts' copy; run still
// writes the week's reports: from the warehouse when the holder only
// reads, from the analysts' copy when it writes.
func TestHeldWarehouseNamesHolder(t *testing.T) {
	t.Run("writer", func(t *testing.T) {
		db, cfg := heldWarehouse(t)
		pid := holdFile(t, "rw", db)
		_, errOut := expectPantau(t, 1, "load", "--db", db, "--config", cfg, filepath.Join(filepath.Dir(db), "events.csv"))
		namesHolder(t, errOut, pid)
	})
	for _, mode := range []string{"ro", "rw"} {
		t.Run("run while held "+mode, func(t *testing.T) {
			db, cfg := heldWarehouse(t)
			dir := filepath.Dir(db)
			expectPantau(t, 0, "publish", "--db", db, "--config", cfg)
			pid := holdFile(t, mode, db)
			if err := os.MkdirAll(filepath.Join(dir, "inbox"), 0o755); err != nil {
				t.Fatal(err)
			}
			writeText(t, filepath.Join(dir, "inbox", "more.csv"), "event_id;application_id;event_time;service;stage;office_code;channel\n"+
				"e9;a9;2023-03-17 08:00:00;ktp_el;recorded;KEC-01;counter\n")
			out, errOut := expectPantau(t, 1, "run", "--db", db, "--config", cfg)
			if !strings.Contains(errOut, "nothing loaded") {
				t.Errorf("stderr does not say nothing was loaded:\n%s", errOut)
			}
			fromCopy := strings.Contains(errOut, "the reports were written from the analysts' copy "+filepath.Join(dir, "pantau-analis.duckdb"))
			if fromCopy != (mode == "rw") {
				t.Errorf("reports from the analysts' copy: %v, want %v:\n%s", fromCopy, mode == "rw", errOut)
			}
			namesHolder(t, errOut, pid)
			if !strings.Contains(out, "laporan-mingguan-") {
				t.Errorf("no weekly report written:\n%s", out)
			}
			if _, err := os.Stat(filepath.Join(dir, "inbox", "more.csv")); err != nil {
				t.Errorf("the file left the inbox: %v", err)
			}
		})
	}
}

// namesHolder fails the test unless errOut says that another program holds
// the warehouse, with the advice to use the analysts' copy, and names the
// holder (holddb) and its PID where the system says who holds a file.
func namesHolder(t *testing.T, errOut string, pid int) {
	t.Helper()
	for _, want := range []string{"the warehouse is held", "analysts' copy"} {
		if !strings.Contains(errOut, want) {
			t.Errorf("stderr lacks %q:\n%s", want, errOut)
		}
	}
	t.Run("names the program", func(t *testing.T) {
		if reason := holderUnnamed(); reason != "" {
			t.Skip(reason)
		}
		for _, want := range []string{"holddb", "(PID " + strconv.Itoa(pid) + ")"} {
			if !strings.Contains(errOut, want) {
				t.Errorf("stderr lacks %q:\n%s", want, errOut)
			}
		}
	})
}
