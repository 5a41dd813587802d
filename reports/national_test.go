package reports

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/disdukcapil-bekasi/pantau/config"
	"github.com/disdukcapil-bekasi/pantau/kpi"
	"github.com/disdukcapil-bekasi/pantau/reports/page"
	"github.com/disdukcapil-bekasi/pantau/warehouse"
)

// nationalFixtureDB is testdata/regions (three regions in two provinces:
// 3216 and 3273 in Jawa Barat, 9171 in Papua) with round populations:
// 3216 20,000, 3273 10,000, 9171 5,000.
//
// At the end of 2023-W02 only 9171's c2 waits for its card (printed Monday
// 16 January WIT), so backlog per 10,000: 3216 0, 3273 0, 9171 1 / 5,000 ×
// 10,000 = 2.0; the nation 1 / 35,000 × 10,000 = 0.3 (0.2857…), province 32
// (0 + 0) / 30,000 = 0. Recordings in W02: 3216 two (a1, a2), 3273 none,
// 9171 two (c1, c2). With at least one recording needed to rank: 3216 first
// (0.0), 9171 second (2.0), 3273 shown without a rank.
func nationalFixtureDB(t testing.TB) *sql.DB {
	t.Helper()
	ctx := context.Background()
	w, err := warehouse.Open(ctx, filepath.Join(t.TempDir(), "w.duckdb"), warehouse.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { w.Close() })
	b, err := os.ReadFile("../testdata/regions/fixture.sql")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.DB.ExecContext(ctx, string(b)+`;
		UPDATE regions SET population = 20000 WHERE region_code = '3216';
		UPDATE regions SET population = 10000 WHERE region_code = '3273';
		UPDATE regions SET population = 5000 WHERE region_code = '9171';`); err != nil {
		t.Fatal(err)
	}
	refreshKPIs(t, w.DB)
	return w.DB
}

func nationalOptions(lang Lang, province string) Options {
	return Options{Week: "2023-W02", Lang: lang, Province: province, MinRecordings: 1,
		Now:      time.Date(2023, 1, 16, 7, 0, 0, 0, time.FixedZone("WIB", 7*3600)),
		Settings: kpi.SettingsFrom(config.Default())}
}

// TestNationalGolden renders the national report of 2023-W02 and the
// report of province 32 in both languages, compares each section with
// testdata/sections/ (-update rewrites them) and checks the page's assembly.
func TestNationalGolden(t *testing.T) {
	db := nationalFixtureDB(t)
	lib := []byte("/* echarts stand-in */")
	r, err := page.NewRendererWith(lib)
	if err != nil {
		t.Fatal(err)
	}
	for _, province := range []string{"", "32"} {
		for _, lang := range []Lang{Indonesian, English} {
			name := strings.TrimSuffix(FileName(KindNational, "2023-W02", province, lang), ".html")
			t.Run(name, func(t *testing.T) {
				rep, err := Build(context.Background(), db, KindNational, nationalOptions(lang, province))
				if err != nil {
					t.Fatal(err)
				}
				dir := filepath.Join("testdata", "sections", name)
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
				checkAssembly(t, rep.page(), buf.Bytes(), lib)
			})
		}
	}
}

// TestNationalRanking checks the ranking against the fixture's hand-worked
// figures (see nationalFixtureDB): rates from summed numerators and
// denominators, the lower the better, and 3273 shown without a rank.
func TestNationalRanking(t *testing.T) {
	db := nationalFixtureDB(t)
	n, err := BuildNational(context.Background(), db, nationalOptions(Indonesian, ""))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range n.rows {
		got = append(got, fmt.Sprintf("%s %d %s", r.region.Code, r.rank, Indonesian.Value(r.rate, "per_10k")))
	}
	want := []string{"3216 1 0,0", "9171 2 2,0", "3273 0 0,0"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("ranking = %q, want %q", got, want)
	}
	if v := n.rateAt(kpi.NationalID, -1); v == nil || fmt.Sprintf("%.4f", *v) != "0.2857" {
		t.Errorf("national rate = %v, want 1 / 35,000 × 10,000 = 0.2857", v)
	}
	// Week 1: 3216 one waiting (a3), 3273 two (b1, b2): province 32 is
	// (1 + 2) / 30,000 × 10,000 = 1.0, not the mean of 0.5 and 2.0 (1.25).
	opt := nationalOptions(Indonesian, "32")
	opt.Week = "2023-W01"
	p, err := BuildNational(context.Background(), db, opt)
	if err != nil {
		t.Fatal(err)
	}
	if v := p.rateAt("32", -1); v == nil || *v != 1 {
		t.Errorf("province 32 rate in W01 = %v, want 1", v)
	}
	if len(p.rows) != 2 {
		t.Errorf("province 32 lists %d regions, want 2", len(p.rows))
	}
	var out bytes.Buffer
	r, _ := page.NewRendererWith([]byte("/* */"))
	if err := n.WriteHTML(&out, r); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), `<td class="n">–</td><td>Kota Bandung</td>`) && !strings.Contains(out.String(), "–</td><td>") {
		t.Errorf("the unranked region is not shown with –")
	}
	if _, err := BuildNational(context.Background(), db, nationalOptions(Indonesian, "11")); err == nil {
		t.Errorf("a province with no region with data gave no error")
	}
}

func TestNationalMessagesComplete(t *testing.T) {
	for key, m := range nationalMessages {
		if m[0] == "" || m[1] == "" {
			t.Errorf("message %q lacks a language", key)
		}
		if _, dup := messages[key]; dup {
			t.Errorf("message %q is in both maps", key)
		}
	}
}
