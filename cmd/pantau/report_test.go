package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"

	"golang.org/x/net/html"

	"github.com/disdukcapil-bekasi/pantau/warehouse"
)

// Hostile values planted in the report fixture: markup that would run if
// a report did not escape it, and personal data that the leadership
// report must never show.
const (
	hostileScript  = `<script>alert(1)</script>`
	hostileImg     = `"><img src=x onerror=alert(1)>`
	hostileClose   = `</script><script>alert(2)</script>`
	hostileBraces  = `{{.}} {{template "x"}}`
	fixtureNIK     = "3216011203870004"
	fixturePhone   = "081298765432"
	fixtureStaff   = "Bambang Suryadi"
	fixtureStaffID = "petugas-Bambang"
)

var fixture struct {
	once sync.Once
	dir  string
	db   string
	week string
	err  error
}

// reportFixture is a small synthetic warehouse (Nov 2022 – mid Jan 2023, a
// fifth of the volume) with the hostile values planted in the latest
// complete week, 2023-W02. Built once per test binary.
func reportFixture(t *testing.T) (db, week string) {
	t.Helper()
	fixture.once.Do(func() {
		dir, err := os.MkdirTemp("", "pantau-report-fixture-")
		if err != nil {
			fixture.err = err
			return
		}
		fixture.dir, fixture.db, fixture.week = dir, filepath.Join(dir, "w.duckdb"), "2023-W02"
		var stderr bytes.Buffer
		for _, args := range [][]string{
			{"generate", "--out", filepath.Join(dir, "data"), "--from", "2022-11-01", "--to", "2023-01-15", "--scale", "0.2"},
			{"load", "--db", fixture.db, filepath.Join(dir, "data")},
		} {
			if code := run(context.Background(), args, strings.NewReader(""), &bytes.Buffer{}, &stderr); code != 0 {
				fixture.err = &fixtureError{args, stderr.String()}
				return
			}
		}
		fixture.err = plantHostile(fixture.db)
	})
	if fixture.err != nil {
		t.Fatal(fixture.err)
	}
	return fixture.db, fixture.week
}

type fixtureError struct {
	args   []string
	stderr string
}

func (e *fixtureError) Error() string { return "pantau " + strings.Join(e.args, " ") + ": " + e.stderr }

// plantHostile writes hostile names and texts into the fixture warehouse:
// office and kecamatan names, complaints (ids, texts, staff names, a NIK
// and a phone number that masking missed), and rejected values.
func plantHostile(db string) error {
	ctx := context.Background()
	w, err := warehouse.Open(ctx, db, warehouse.Options{})
	if err != nil {
		return err
	}
	defer w.Close()
	text := hostileScript + " " + hostileImg + " " + hostileClose + " " + hostileBraces +
		" NIK " + fixtureNIK + " HP " + fixturePhone + " petugas " + fixtureStaff
	stmts := []struct {
		q    string
		args []any
	}{
		{`UPDATE kecamatan SET name = ? WHERE kecamatan_code = (SELECT kecamatan_code FROM offices WHERE office_code = 'KEC-01')`, []any{hostileImg}},
		// Tables name offices by their short name (offices.short_name).
		{`UPDATE offices SET short_name = 'Kec. ' || ? WHERE office_code = 'KEC-01'`, []any{hostileImg}},
		{`UPDATE offices SET name = ? WHERE office_code = 'MPP-LOTTE'`, []any{hostileClose + " " + hostileBraces}},
		{`UPDATE offices SET name = ? WHERE office_code = 'DINAS'`, []any{hostileScript + " Dinas"}},
		{`INSERT INTO complaints (region_code, complaint_id, received_at, channel, category, classified_by, tier, office_code, staff_ref, text, status, load_id)
		  VALUES ('3216', ?, TIMESTAMP '2023-01-10 09:00:00', 'whatsapp', 'pungli', 'rules', 'normatif', 'KEC-01', ?, ?, 'open', 1),
		         ('3216', ?, TIMESTAMP '2023-01-11 10:00:00', 'instagram', 'etiquette', 'rules', 'ringan', 'MPP-LOTTE', ?, ?, 'open', 1)`,
			[]any{"C-" + hostileBraces, fixtureStaff, text, "C-" + hostileScript, fixtureStaffID, text}},
		{`INSERT INTO rejects VALUES (1, ?, 7, 'text', ?, ?)`, []any{"complaints" + hostileImg + ".csv", text, "bad " + hostileScript}},
	}
	for _, s := range stmts {
		if _, err := w.DB.ExecContext(ctx, s.q, s.args...); err != nil {
			return err
		}
	}
	return nil
}

// renderFixtureReports writes the three reports of the fixture into dir.
func renderFixtureReports(t *testing.T, dir string, extra ...string) map[string]string {
	t.Helper()
	db, week := reportFixture(t)
	out := map[string]string{}
	for _, kind := range []string{"weekly", "planner", "quality", "national", "ikm"} {
		path := filepath.Join(dir, kind+".html")
		args := append([]string{"report", kind, "--db", db, "--week", week, "--out", path}, extra...)
		var stdout, stderr bytes.Buffer
		if code := run(context.Background(), args, strings.NewReader(""), &stdout, &stderr); code != 0 {
			t.Fatalf("pantau %s: exit %d: %s", strings.Join(args, " "), code, stderr.String())
		}
		out[kind] = path
	}
	return out
}

func TestReportHidesPersonalData(t *testing.T) {
	files := renderFixtureReports(t, t.TempDir())
	weekly, err := os.ReadFile(files["weekly"])
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{fixtureNIK, fixturePhone, fixtureStaff, fixtureStaffID, "Bambang"} {
		if bytes.Contains(weekly, []byte(s)) {
			t.Errorf("weekly report contains %q", s)
		}
	}
	for kind, path := range files {
		f, err := os.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		doc, err := html.Parse(f)
		f.Close()
		if err != nil {
			t.Fatalf("%s: %v", kind, err)
		}
		scripts, texts := 0, ""
		var walk func(n *html.Node)
		walk = func(n *html.Node) {
			if n.Type == html.ElementNode {
				switch n.Data {
				case "script":
					scripts++
				case "img", "iframe", "object", "embed", "link", "base", "form":
					t.Errorf("%s report has a <%s> element", kind, n.Data)
				}
				for _, a := range n.Attr {
					if strings.HasPrefix(strings.ToLower(a.Key), "on") || a.Key == "src" || a.Key == "href" {
						t.Errorf("%s report: <%s %s=%q>", kind, n.Data, a.Key, a.Val)
					}
				}
			}
			if n.Type == html.TextNode && (n.Parent == nil || n.Parent.Data != "script") {
				texts += n.Data + "\n"
			}
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				walk(c)
			}
		}
		walk(doc)
		// The data block, and with charts the library and the runner.
		if scripts > 3 {
			t.Errorf("%s report has %d script elements, want at most 3", kind, scripts)
		}
		if kind == "quality" {
			for _, s := range []string{hostileScript, hostileImg, hostileClose, hostileBraces} {
				if !strings.Contains(texts, s) {
					t.Errorf("quality report does not show %q as text", s)
				}
			}
		}
		if kind == "weekly" && !strings.Contains(texts, hostileImg) {
			t.Errorf("weekly report does not show the hostile kecamatan and short office name %q as text", hostileImg)
		}
	}
}

func TestReportText(t *testing.T) {
	db, week := reportFixture(t)
	for _, lang := range []string{"id", "en"} {
		var stdout, stderr bytes.Buffer
		args := []string{"report", "weekly", "--db", db, "--week", week, "--format", "text", "--lang", lang}
		if code := run(context.Background(), args, strings.NewReader(""), &stdout, &stderr); code != 0 {
			t.Fatalf("exit %d: %s", code, stderr.String())
		}
		msg := stdout.String()
		if n := utf8.RuneCountInString(msg); n >= 1000 {
			t.Errorf("%s: text message has %d characters, want under 1000:\n%s", lang, n, msg)
		}
		for _, s := range []string{fixtureNIK, fixturePhone, fixtureStaff, "<script"} {
			if strings.Contains(msg, s) {
				t.Errorf("%s: text message contains %q", lang, s)
			}
		}
		if !strings.Contains(msg, "laporan-mingguan-2023-W02") {
			t.Errorf("%s: text message does not name the attachment:\n%s", lang, msg)
		}
	}
}
