package reports

import (
	"bytes"
	"context"
	"database/sql"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/disdukcapil-bekasi/pantau/config"
	"github.com/disdukcapil-bekasi/pantau/ikm"
	"github.com/disdukcapil-bekasi/pantau/kpi"
	"github.com/disdukcapil-bekasi/pantau/planning"
	"github.com/disdukcapil-bekasi/pantau/reports/page"
	"github.com/disdukcapil-bekasi/pantau/warehouse"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// fixtureSQL is a dozen hand-made rows in 2023-W10 and 2023-W11 at KEC-01.
// W10: a0 recorded, never printed, so the backlog is 1 at its end. W11: a1
// and a2 recorded, a1 printed, so recordings 2, prints 1 and a backlog of 2
// (a0, a2). Blanko: 100 received in W10, 50 still on order. Complaints: one
// blanko (open) and one pungli with a hostile text and a staff name.
const fixtureSQL = `
INSERT INTO service_events (region_code, event_id, application_id, event_time, service, stage, office_code, channel, staff_id, nik_hash, load_id) VALUES
 ('3216','e0','a0','2023-03-07 09:00','ktp_el','recorded','KEC-01','counter',NULL,NULL,1),
 ('3216','e1','a1','2023-03-13 09:00','ktp_el','recorded','KEC-01','counter',NULL,NULL,1),
 ('3216','e2','a1','2023-03-14 10:00','ktp_el','print_ready','KEC-01','counter',NULL,NULL,1),
 ('3216','e3','a1','2023-03-15 10:00','ktp_el','printed','KEC-01','counter',NULL,NULL,1),
 ('3216','e4','a2','2023-03-16 09:00','ktp_el','recorded','KEC-01','counter',NULL,NULL,1),
 ('3216','e5','b1','2023-03-19 20:00','kk','submitted','ONLINE','online',NULL,NULL,1);
INSERT INTO blanko_deliveries (region_code, delivery_id, office_code, requested_at, quantity_requested, received_at, quantity_received, source, reference, load_id) VALUES
 ('3216','d1','KEC-01','2023-03-01',100,'2023-03-06',100,'kemendagri','B/1/2023',1),
 ('3216','d2','KEC-01','2023-03-10',50,NULL,NULL,'kemendagri','B/2/<b>2023</b>',1);
INSERT INTO complaints (region_code, complaint_id, received_at, channel, category, classified_by, tier, office_code, staff_ref, text, status, load_id) VALUES
 ('3216','c1','2023-03-14 08:00','instagram','blanko','source','ringan','KEC-01',NULL,'blangko habis','open',1),
 ('3216','c2','2023-03-15 08:00','lapor','pungli','rules','normatif','KEC-01','Siti Petugas','<script>alert(1)</script> dimintai uang </script>{{.}}','open',1);
INSERT INTO load_runs VALUES (1,'events<i>.csv','abc','service_events','csv',6,6,0,1,'2023-03-20 01:00:00+07','2023-03-20 01:00:02+07','loaded',NULL,1234,1);
INSERT INTO rejects VALUES (1,'events<i>.csv',8,'event_time','31/02/2023','"31/02/2023" is not a valid date');
`

func fixtureDB(t testing.TB) *sql.DB {
	t.Helper()
	ctx := context.Background()
	w, err := warehouse.Open(ctx, filepath.Join(t.TempDir(), "w.duckdb"), warehouse.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { w.Close() })
	if _, err := w.DB.ExecContext(ctx, fixtureSQL); err != nil {
		t.Fatal(err)
	}
	refreshKPIs(t, w.DB)
	return w.DB
}

// fixturePlan is a fixed two-week plan for the region and KEC-01.
func fixturePlan(_ context.Context, _ *sql.DB, week string, _ bool) ([]StockPlan, error) {
	w1, _ := kpi.AddWeeks(week, 1)
	w2, _ := kpi.AddWeeks(week, 2)
	w0, _ := kpi.AddWeeks(week, -1)
	plan := func(scope, id string) StockPlan {
		return StockPlan{Scope: scope, ScopeID: id, Stock: 99, Backlog: 2, Weeks: []string{w1, w2},
			HistoryWeeks: []string{w0, week}, History: []float64{52, 57},
			Demand: []float64{60, 60}, Lo80: []float64{40, 38}, Hi80: []float64{80, 82}, Lo95: []float64{30, 25}, Hi95: []float64{90, 95},
			Projected: []float64{37, -23}, ProjectedLo: []float64{10, -70}, ProjectedHi: []float64{64, 24},
			StockOutWeek: w2, StockOutProbability: []float64{0.01, 0.8}, OnOrder: 50, OrderQuantity: 140,
			WeeksOfCover: 1.6, ServiceLevel: 0.95, Model: "ses"}
	}
	return []StockPlan{plan("region", "3216"), plan("office", "KEC-01")}, nil
}

func fixtureOptions(lang Lang) Options {
	return Options{Week: "2023-W11", Lang: lang, Now: time.Date(2023, 3, 20, 6, 30, 0, 0, time.FixedZone("WIB", 7*3600)),
		Settings: kpi.SettingsFrom(config.Default()), Plan: fixturePlan}
}

// TestGolden renders every section of every report of the fixture in both
// languages — its HTML and its charts' options, without the page's inlined
// CSS and scripts — and compares it with testdata/sections/<report>/; -update
// rewrites the files. A change of the CSS or of one section touches no other
// golden file. TestPageAssembly checks the whole page.
func TestGolden(t *testing.T) {
	db := fixtureDB(t)
	r, err := page.NewRendererWith([]byte("/* echarts stand-in */"))
	if err != nil {
		t.Fatal(err)
	}
	for _, kind := range Kinds() {
		for _, lang := range []Lang{Indonesian, English} {
			name := strings.TrimSuffix(FileName(kind, "2023-W11", "", lang), ".html")
			t.Run(name, func(t *testing.T) {
				rep, err := Build(context.Background(), db, kind, fixtureOptions(lang))
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
					if _, err := html.ParseFragment(bytes.NewReader(buf.Bytes()), &html.Node{Type: html.ElementNode, Data: "main", DataAtom: atom.Main}); err != nil {
						t.Errorf("section %s does not parse: %v", sec.ID, err)
					}
				}
			})
		}
	}
	t.Run("text", func(t *testing.T) {
		rep, err := BuildWeekly(context.Background(), db, fixtureOptions(Indonesian))
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		if err := rep.WriteText(&buf, "laporan-mingguan-2023-W11.html"); err != nil {
			t.Fatal(err)
		}
		if n := utf8.RuneCount(buf.Bytes()); n >= textLimit {
			t.Errorf("text has %d characters", n)
		}
		golden(t, filepath.Join("testdata", "laporan-mingguan-2023-W11.txt"), buf.Bytes())
	})
}

func golden(t *testing.T, path string, got []byte) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./reports -run TestGolden -update)", err)
	}
	if diff := cmp.Diff(string(want), string(got)); diff != "" {
		t.Errorf("%s differs (-want +got):\n%s", path, diff)
	}
}

func TestNumbersAndDates(t *testing.T) {
	d := time.Date(2023, 1, 2, 0, 0, 0, 0, time.UTC)
	for _, tc := range []struct{ got, want string }{
		{Indonesian.Number(1234.5, 1), "1.234,5"},
		{English.Number(1234.5, 1), "1,234.5"},
		{Indonesian.Number(-1234567, 0), "−1.234.567"},
		{Indonesian.Number(0.04, 1), "0,0"},
		{Indonesian.Percent(0.875), "87,5%"},
		{Indonesian.Date(d), "Senin, 2 Januari 2023"},
		{English.Date(d), "Monday, 2 January 2023"},
		{Indonesian.Range(d, d.AddDate(0, 0, 6)), "2–8 Januari 2023"},
		{Indonesian.Range(d.AddDate(0, 0, -7), d.AddDate(0, 0, -1)), "26 Desember 2022 – 1 Januari 2023"},
		{Indonesian.DayMonth(time.Date(2023, 8, 7, 0, 0, 0, 0, time.UTC)), "7 Agu"},
		{Indonesian.WeekLabel("2023-W01"), "Pekan 1/2023 (2–8 Januari 2023)"},
	} {
		if tc.got != tc.want {
			t.Errorf("got %q, want %q", tc.got, tc.want)
		}
	}
}

func TestMessagesComplete(t *testing.T) {
	for key, m := range messages {
		if m[0] == "" || m[1] == "" {
			t.Errorf("message %q lacks a language", key)
		}
	}
}

func TestFileNames(t *testing.T) {
	// Every report index.html links: the survey and national ones too.
	for _, name := range []string{"laporan-mingguan-2023-W01.html", "rencana-blanko-2023-W02-KEC-01.html", "kualitas-data-2023-W52-en.html",
		"indeks-kepuasan-2023-S1.html", "indeks-kepuasan-2023-Q2-en.html", "laporan-nasional-2023-W25.html", "laporan-provinsi-32-2023-W25-en.html"} {
		e, ok := ParseFileName(name)
		if !ok || FileName(e.Kind, e.Week, e.Office, e.Lang) != name {
			t.Errorf("%s: parsed %+v %v", name, e, ok)
		}
	}
	if _, ok := ParseFileName("index.html"); ok {
		t.Errorf("index.html parsed as a report")
	}
}

// BenchmarkReports renders each report from the demo warehouse named by
// PANTAU_DEMO_DB (made by pantau demo), with the embedded ECharts.
func BenchmarkReports(b *testing.B) {
	path := os.Getenv("PANTAU_DEMO_DB")
	if path == "" {
		b.Skip("set PANTAU_DEMO_DB to a warehouse made by pantau demo")
	}
	w, err := warehouse.Open(context.Background(), path, warehouse.Options{ReadOnly: true})
	if err != nil {
		b.Fatal(err)
	}
	defer w.Close()
	r, err := NewRenderer()
	if err != nil {
		b.Fatal(err)
	}
	s := kpi.SettingsFrom(config.Default())
	c := config.Default().Forecast
	for _, kind := range Kinds() {
		b.Run(string(kind), func(b *testing.B) {
			opt := Options{Week: "2023-W01", Now: time.Unix(0, 0), Settings: s,
				Plan: MetricsPlan(s, planning.PlanOptions{Horizon: c.Horizon, ServiceLevel: c.ServiceLevel, ReviewWeeks: c.ReviewWeeks})}
			var size int
			for b.Loop() {
				rep, err := Build(context.Background(), w.DB, kind, opt)
				if err != nil {
					b.Fatal(err)
				}
				var buf bytes.Buffer
				if err := rep.WriteHTML(&buf, r); err != nil {
					b.Fatal(err)
				}
				size = buf.Len()
			}
			b.ReportMetric(float64(size), "bytes/report")
		})
	}
}

// refreshKPIs stores the fixture's KPIs as a load would (reports read them).
func refreshKPIs(t testing.TB, db *sql.DB) {
	t.Helper()
	ctx := context.Background()
	if err := kpi.Install(ctx, db, config.Default(), ikm.Install(config.Default())); err != nil {
		t.Fatal(err)
	}
	if _, err := kpi.Refresh(ctx, db, kpi.SettingsFrom(config.Default()), true); err != nil {
		t.Fatal(err)
	}
}
