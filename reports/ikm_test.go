package reports

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/disdukcapil-bekasi/pantau/config"
	"github.com/disdukcapil-bekasi/pantau/ikm"
	"github.com/disdukcapil-bekasi/pantau/kpi"
	"github.com/disdukcapil-bekasi/pantau/reports/page"
	"github.com/disdukcapil-bekasi/pantau/warehouse"
)

// ikmFixtureDB is the hand-computed survey of testdata/ikm (see its
// README), with a hostile suggestion text that must never reach the page.
func ikmFixtureDB(t testing.TB) *sql.DB {
	t.Helper()
	ctx := context.Background()
	w, err := warehouse.Open(ctx, filepath.Join(t.TempDir(), "w.duckdb"), warehouse.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { w.Close() })
	b, err := os.ReadFile("../testdata/ikm/fixture.sql")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.DB.ExecContext(ctx, string(b)); err != nil {
		t.Fatal(err)
	}
	if _, err := w.DB.ExecContext(ctx, `UPDATE survey_responses SET suggestion = '<script>alert(1)</script> Pak Budi kasar' WHERE response_id = 'R20'`); err != nil {
		t.Fatal(err)
	}
	if err := kpi.Install(ctx, w.DB, config.Default(), ikm.Install(config.Default())); err != nil {
		t.Fatal(err)
	}
	return w.DB
}

func ikmOptions(lang Lang, period string) Options {
	cfg := config.Default()
	return Options{Period: period, Lang: lang, Now: time.Date(2023, 7, 3, 8, 0, 0, 0, time.FixedZone("WIB", 7*3600)),
		Settings: kpi.SettingsFrom(cfg), IKM: ikm.SettingsFrom(cfg)}
}

// TestIKMGolden renders the IKM report of 2023-S1 in both languages,
// compares each section with testdata/sections/ (-update rewrites them) and
// checks the page's assembly as TestPageAssembly does.
func TestIKMGolden(t *testing.T) {
	db := ikmFixtureDB(t)
	r, err := page.NewRendererWith([]byte("/* echarts stand-in */"))
	if err != nil {
		t.Fatal(err)
	}
	for _, lang := range []Lang{Indonesian, English} {
		name := FileName(KindIKM, "2023-S1", "", lang)
		t.Run(name, func(t *testing.T) {
			rep, err := Build(context.Background(), db, KindIKM, ikmOptions(lang, "2023-S1"))
			if err != nil {
				t.Fatal(err)
			}
			dir := filepath.Join("testdata", "sections", strings.TrimSuffix(name, ".html"))
			if *update {
				os.RemoveAll(dir)
				if err := os.MkdirAll(dir, 0o755); err != nil {
					t.Fatal(err)
				}
			}
			for i, sec := range rep.page().Sections {
				var buf bytes.Buffer
				if err := r.RenderSection(&buf, sec); err != nil {
					t.Fatal(err)
				}
				golden(t, filepath.Join(dir, fmt.Sprintf("%02d-%s.html", i+1, sec.ID)), buf.Bytes())
			}
			var buf bytes.Buffer
			if err := rep.WriteHTML(&buf, r); err != nil {
				t.Fatal(err)
			}
			checkAssembly(t, rep.page(), buf.Bytes(), []byte("/* echarts stand-in */"))
			html := buf.String()
			for _, bad := range []string{"<script>alert", "Budi"} {
				if strings.Contains(html, bad) {
					t.Errorf("the report shows %q from a suggestion", bad)
				}
			}
			// What the README works out: both offices fell, KEC-01 76,60 C
			// (highest C), KEC-02 76,61 B but unranked (sample 11 < 37).
			for _, want := range map[Lang][]string{
				Indonesian: {"76,60", "76,61", "C (Kurang baik)", "±25,5%", "IKM turun dari 88,31 ke 76,60"},
				English:    {"76.60", "76.61", "C (Poor)", "±25.5%", "IKM fell from 88.31 to 76.60"},
			}[lang] {
				if !strings.Contains(html, want) {
					t.Errorf("the report lacks %q", want)
				}
			}
		})
	}
}

// TestIKMDefaultPeriod checks that without --period the report is of the
// latest semester complete in the data (the fixture ends on 5 April 2023).
func TestIKMDefaultPeriod(t *testing.T) {
	db := ikmFixtureDB(t)
	rep, err := BuildIKM(context.Background(), db, ikmOptions(Indonesian, ""))
	if err != nil {
		t.Fatal(err)
	}
	if rep.Week() != "2022-S2" {
		t.Errorf("period = %s, want 2022-S2", rep.Week())
	}
}

// TestWeeklyIKMCard checks the weekly report's survey card and sentences.
func TestWeeklyIKMCard(t *testing.T) {
	db := ikmFixtureDB(t)
	opt := ikmOptions(Indonesian, "")
	opt.Week = "2023-W27" // ends Sunday 9 July 2023: 2023-S1 is complete
	w, err := BuildWeekly(context.Background(), db, opt)
	if err != nil {
		t.Fatal(err)
	}
	cards := w.ikm.card(Indonesian)
	if len(cards) != 1 || cards[0].Value != "76,69" || !strings.Contains(cards[0].StatusText, "B (Baik)") ||
		!strings.Contains(cards[0].StatusText, "terlemah: Produk") || strings.Contains(cards[0].StatusText, "u5") ||
		cards[0].Title != "IKM Semester 1 2023" || cards[0].Change != "▼ 11,64 dari Semester 2 2022" {
		t.Errorf("card = %+v", cards)
	}
	sentences := w.ikm.sentences(Indonesian, w.officeName)
	if len(sentences) != maxWeeklyIKMAlerts+1 || !strings.Contains(sentences[0], "Kec. Tarumajaya: IKM turun dari 88,31 ke 76,60 (dibanding Semester 2 2022)") {
		t.Errorf("sentences = %q", sentences)
	}
}

// TestSurveyOneStory checks that the weekly report's survey card and the
// IKM report of the same week pick the same period by the same rule and
// show the same index, grade and office names.
func TestSurveyOneStory(t *testing.T) {
	db := ikmFixtureDB(t)
	for _, week := range []string{"2023-W13", "2023-W27"} {
		opt := ikmOptions(Indonesian, "")
		opt.Week = week
		w, err := BuildWeekly(context.Background(), db, opt)
		if err != nil {
			t.Fatal(err)
		}
		r, err := BuildIKM(context.Background(), db, opt)
		if err != nil {
			t.Fatal(err)
		}
		if w.ikm == nil {
			t.Fatalf("%s: no survey card", week)
		}
		if w.ikm.result.Period != r.Week() {
			t.Errorf("%s: the weekly card is of %s, the IKM report of %s", week, w.ikm.result.Period, r.Week())
		}
		wc := w.ikm.card(Indonesian)[0]
		pg := r.page()
		cards := pg.Sections[0].Blocks
		var region page.Card
		for _, b := range cards {
			if len(b.Cards) > 0 {
				region = b.Cards[0]
			}
		}
		if wc.Value != region.Value || wc.Change != region.Change {
			t.Errorf("%s: weekly card %q (%s), IKM report %q (%s)", week, wc.Value, wc.Change, region.Value, region.Change)
		}
		// The alerts name offices as the weekly does.
		for _, s := range w.ikm.sentences(Indonesian, w.officeShort) {
			if strings.Contains(s, ":") && !slices.Contains(r.alertSentences(), s) {
				t.Errorf("%s: weekly sentence %q is not in the IKM report's %q", week, s, r.alertSentences())
			}
		}
	}
}

func TestIKMMessagesComplete(t *testing.T) {
	for key, m := range ikmMessages {
		if m[0] == "" || m[1] == "" {
			t.Errorf("message %q lacks a language", key)
		}
		if _, dup := messages[key]; dup {
			t.Errorf("message %q is in both maps", key)
		}
	}
}
