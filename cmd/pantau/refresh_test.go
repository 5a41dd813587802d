package main

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/disdukcapil-bekasi/pantau/config"
	"github.com/disdukcapil-bekasi/pantau/encode"
	"github.com/disdukcapil-bekasi/pantau/etl"
	"github.com/disdukcapil-bekasi/pantau/ikm"
	"github.com/disdukcapil-bekasi/pantau/kpi"
	"github.com/disdukcapil-bekasi/pantau/planning"
	"github.com/disdukcapil-bekasi/pantau/warehouse"
)

// TestIncrementalRefreshIsFullRecompute is a property test of the stored
// KPIs: for random sequences of loads — new weeks, re-sent rows with
// corrected times, late rows for old weeks, complaints resolved later,
// deliveries and stock counts, a second region in another time zone, two
// outliers that stretch the span at both ends and their correction, which
// shrinks it again, survey responses of the stored semesters, new and
// re-sent at other dates — kpi_weekly, the stored stock plans and track
// records and the stored survey refreshed after each load equal, row for
// row, a full recompute of the same warehouse.
func TestIncrementalRefreshIsFullRecompute(t *testing.T) {
	sequences := 4
	if testing.Short() {
		sequences = 2
	}
	for seed := range uint64(sequences) {
		t.Run(fmt.Sprint("seed", seed), func(t *testing.T) {
			t.Parallel()
			checkRefreshSequence(t, seed)
		})
	}
}

func checkRefreshSequence(t *testing.T, seed uint64) {
	ctx := context.Background()
	dir := t.TempDir()
	w, err := warehouse.Open(ctx, filepath.Join(dir, "w.duckdb"), warehouse.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	if _, err := w.DB.ExecContext(ctx, `
		INSERT INTO regions (region_code, name, time_zone) VALUES ('9171', 'Kota Jayapura', 'Asia/Jayapura') ON CONFLICT DO NOTHING;
		INSERT INTO offices (office_code, region_code, name, type) VALUES ('9171-DINAS', '9171', 'Dinas Kota Jayapura', 'dinas') ON CONFLICT DO NOTHING`); err != nil {
		t.Fatal(err)
	}
	cfg := config.Default()
	settings := kpi.SettingsFrom(cfg)
	clock := func() time.Time { return time.Date(2023, 6, 1, 0, 0, 0, 0, time.UTC) }
	loader, err := etl.NewLoader(ctx, w.DB, cfg, []byte("0123456789abcdef0123456789abcdef"), nil, clock)
	if err != nil {
		t.Fatal(err)
	}
	defer loader.Close()

	g := &loadGen{rng: rand.New(rand.NewPCG(seed, 7)), dir: dir}
	incrementalSteps := 0
	for step := range 6 {
		files := g.next(step)
		results, err := loader.Load(ctx, files, etl.Options{MaxRejectRate: 1, Replace: true})
		if err != nil {
			t.Fatalf("step %d: %v", step, err)
		}
		for _, r := range results {
			if r.Err != nil {
				t.Fatalf("step %d: %s: %v", step, r.File, r.Err)
			}
		}
		if err := kpi.Install(ctx, w.DB, cfg, ikm.Install(cfg)); err != nil {
			t.Fatal(err)
		}
		if err := planning.NoteDirty(ctx, w.DB); err != nil {
			t.Fatal(err)
		}
		if err := ikm.NoteDirty(ctx, w.DB); err != nil {
			t.Fatal(err)
		}
		st, err := kpi.Refresh(ctx, w.DB, settings, false)
		if err != nil {
			t.Fatalf("step %d: %v", step, err)
		}
		checkKPISpan(t, w, step)
		if _, err := planning.RefreshStored(ctx, w.DB, settings, storedOpts, false); err != nil {
			t.Fatalf("step %d: %v", step, err)
		}
		if _, err := ikm.RefreshStored(ctx, w.DB, ikm.SettingsFrom(cfg), false); err != nil {
			t.Fatalf("step %d: %v", step, err)
		}
		if !st.Full {
			incrementalSteps++
		}
		if step == correctionStep && (st.First < "2023-W01" || st.Last > "2023-W20") {
			t.Fatalf("step %d: the corrected span is %s..%s, not inside 2023-W01..2023-W20", step, st.First, st.Last)
		}
	}
	if incrementalSteps < 3 {
		t.Errorf("only %d of 6 refreshes were incremental; the property is not exercised", incrementalSteps)
	}
	incremental, incrementalPlans := dumpKPIWeekly(t, w), dumpStockPlans(t, w)
	incrementalTrack, incrementalSurvey := dumpStored(t, w, storedTrackQuery), dumpStored(t, w, storedSurveyQuery)
	if _, err := kpi.Refresh(ctx, w.DB, settings, true); err != nil {
		t.Fatal(err)
	}
	if _, err := planning.RefreshStored(ctx, w.DB, settings, storedOpts, true); err != nil {
		t.Fatal(err)
	}
	if _, err := ikm.RefreshStored(ctx, w.DB, ikm.SettingsFrom(cfg), true); err != nil {
		t.Fatal(err)
	}
	full, fullPlans := dumpKPIWeekly(t, w), dumpStockPlans(t, w)
	fullTrack, fullSurvey := dumpStored(t, w, storedTrackQuery), dumpStored(t, w, storedSurveyQuery)
	if len(full) == 0 {
		t.Fatal("no KPI rows")
	}
	if diff := cmp.Diff(full, incremental); diff != "" {
		t.Errorf("incremental refresh (+) differs from a full recompute (-):\n%s", diff)
	}
	if len(fullPlans) == 0 {
		t.Fatal("no stored plans")
	}
	if diff := cmp.Diff(fullPlans, incrementalPlans); diff != "" {
		t.Errorf("incrementally stored plans (+) differ from a full refresh (-):\n%s", diff)
	}
	if len(fullTrack) == 0 {
		t.Fatal("no stored track records")
	}
	if diff := cmp.Diff(fullTrack, incrementalTrack); diff != "" {
		t.Errorf("incrementally stored track records (+) differ from a full refresh (-):\n%s", diff)
	}
	var surveyed int
	for _, v := range fullSurvey {
		if strings.Contains(v, `"ikm100"`) {
			surveyed++
		}
	}
	if surveyed == 0 {
		t.Fatal("no stored survey index")
	}
	if diff := cmp.Diff(fullSurvey, incrementalSurvey); diff != "" {
		t.Errorf("the incrementally stored survey (+) differs from a full refresh (-):\n%s", diff)
	}
}

// checkKPISpan fails when kpi_span, which the reads take the table's
// weeks from, is not the weeks kpi_weekly holds.
func checkKPISpan(t *testing.T, w *warehouse.Warehouse, step int) {
	t.Helper()
	var kept, actual string
	err := w.DB.QueryRow(`SELECT (SELECT first_week || '..' || last_week FROM kpi_span),
		(SELECT min(week) || '..' || max(week) FROM kpi_weekly), (SELECT count(*) FROM kpi_span)`).Scan(&kept, &actual, new(int))
	if err != nil {
		t.Fatalf("step %d: %v", step, err)
	}
	if kept != actual {
		t.Errorf("step %d: kpi_span says %s, kpi_weekly holds %s", step, kept, actual)
	}
}

// The stored track records and survey, a key and a value per row.
const (
	storedTrackQuery  = `SELECT concat_ws(' ', region_code, as_of, scope, scope_id), concat_ws(' ', ord, settings, track::VARCHAR) FROM forecast_track`
	storedSurveyQuery = `SELECT concat_ws(' ', region_code, period, part), concat_ws(' ', period_end, settings, responses, data::VARCHAR) FROM survey_stored`
)

// dumpStored returns the rows of query, a key and a value each, by key.
func dumpStored(t *testing.T, w *warehouse.Warehouse, query string) map[string]string {
	t.Helper()
	rows, err := w.DB.Query(query)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var key, value string
		if err := rows.Scan(&key, &value); err != nil {
			t.Fatal(err)
		}
		if _, dup := out[key]; dup {
			t.Errorf("%s twice", key)
		}
		out[key] = value
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// storedOpts store a few weeks' plans, to keep the property test quick.
var storedOpts = planning.StoreOptions{Plan: planning.PlanOptions{Horizon: 8}, Weeks: 5}

// dumpStockPlans returns the stored plans by region, date and scope.
func dumpStockPlans(t *testing.T, w *warehouse.Warehouse) map[string]string {
	t.Helper()
	rows, err := w.DB.Query(`SELECT region_code, as_of::VARCHAR, scope, scope_id, ord, settings, plan::VARCHAR FROM stock_plans`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var region, asOf, scope, id, settings, plan string
		var ord int
		if err := rows.Scan(&region, &asOf, &scope, &id, &ord, &settings, &plan); err != nil {
			t.Fatal(err)
		}
		key := strings.Join([]string{region, asOf, scope, id}, " ")
		if _, dup := out[key]; dup {
			t.Errorf("stock_plans holds %s twice", key)
		}
		out[key] = fmt.Sprint(ord, " ", settings, " ", plan)
	}
	return out
}

func dumpKPIWeekly(t *testing.T, w *warehouse.Warehouse) map[string]string {
	t.Helper()
	rows, err := w.DB.Query(`SELECT week, scope, scope_id, kpi, value, coalesce(region_code, '') FROM kpi_weekly`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var week, scope, id, kpi, region string
		var v *float64
		if err := rows.Scan(&week, &scope, &id, &kpi, &v, &region); err != nil {
			t.Fatal(err)
		}
		key := strings.Join([]string{week, scope, id, kpi, region}, " ")
		if _, dup := out[key]; dup {
			t.Errorf("kpi_weekly holds %s twice", key)
		}
		out[key] = encode.FormatValue(v)
	}
	return out
}

// loadGen writes the files of one random load at a time.
type loadGen struct {
	rng     *rand.Rand
	dir     string
	apps    []genApp // applications written so far
	surveys int      // survey responses written so far
	comps   int
	n       int // files written
	last    time.Time
}

type genApp struct {
	id, office string
	recorded   time.Time
}

// outlierStep loads the outliers; correctionStep corrects them; lastStep
// changes stored weeks without adding one, so the latest week's stored rows
// (its track record) must be made again.
const outlierStep, correctionStep, lastStep = 2, 4, 5

var genOffices = []string{"KEC-01", "KEC-02", "DINAS", "9171-DINAS"}

// next writes the files of load step: the first loads new weeks; later
// ones mix new weeks, late rows for old weeks, corrections and a second
// region.
func (g *loadGen) next(step int) []string {
	start := time.Date(2023, 1, 2, 8, 0, 0, 0, time.UTC)
	if step == 0 {
		g.last = start.AddDate(0, 0, 21)
	}
	var events, complaints, deliveries, counts []string
	kind := g.rng.IntN(4)
	switch step {
	case 0:
		kind = 0
	case lastStep: // rows within the stored weeks, the latest included, after which no new week comes
		kind = 1
	}
	switch kind {
	case 0: // new weeks
		from := g.last
		g.last = g.last.AddDate(0, 0, 7+g.rng.IntN(14))
		events = g.newApps(from, g.last, 10+g.rng.IntN(10))
	case 1: // late rows for old weeks, and prints of waiting applications
		events = g.newApps(start, g.last, 5)
		events = append(events, g.stageOld("printed", 5)...)
	case 2: // corrections: re-sent events of old applications at other times
		events = g.resend(4)
	case 3: // the second region only
		events = g.newAppsAt("9171-DINAS", start.AddDate(0, 0, g.rng.IntN(30)), g.last, 6)
	}
	switch step {
	case outlierStep: // one row far before the first week, one far after the last
		a := genApp{id: "OUTLIER", office: "KEC-01"}
		events = append(events, eventRow("OUTLIER-early", a, "recorded", time.Date(2022, 3, 7, 9, 0, 0, 0, time.UTC)),
			eventRow("OUTLIER-late", a, "printed", time.Date(2023, 5, 30, 9, 0, 0, 0, time.UTC)))
	case correctionStep: // both corrected to a date inside the span
		a := genApp{id: "OUTLIER", office: "KEC-01"}
		events = append(events, eventRow("OUTLIER-early", a, "recorded", start.AddDate(0, 0, 3)),
			eventRow("OUTLIER-late", a, "printed", start.AddDate(0, 0, 10)))
	}
	complaints = g.complaints(3)
	surveys := g.survey()
	if g.rng.IntN(2) == 0 {
		d := start.AddDate(0, 0, g.rng.IntN(60))
		deliveries = append(deliveries, fmt.Sprintf("D%d-%d,%s,%s,50,%s,%d,kemendagri", step, g.n, genOffices[g.rng.IntN(len(genOffices))],
			d.Format(time.DateOnly), d.AddDate(0, 0, 10).Format(time.DateOnly), 40+g.rng.IntN(20)))
		counts = append(counts, fmt.Sprintf("%s,%s,%d", genOffices[g.rng.IntN(len(genOffices))], d.AddDate(0, 0, 3).Format(time.DateOnly), g.rng.IntN(30)))
	}
	var files []string
	write := func(kind, header string, rows []string) {
		if len(rows) == 0 {
			return
		}
		g.n++
		path := filepath.Join(g.dir, fmt.Sprintf("%02d-%s.csv", g.n, kind))
		if err := os.WriteFile(path, []byte(header+"\n"+strings.Join(rows, "\n")+"\n"), 0o644); err != nil {
			panic(err)
		}
		files = append(files, path)
	}
	write("deliveries", "delivery_id,office_code,requested_at,quantity_requested,received_at,quantity_received,source", deliveries)
	write("counts", "office_code,counted_at,quantity_on_hand", counts)
	write("events", "event_id,application_id,event_time,service,stage,office_code,channel", events)
	write("complaints", "complaint_id,received_at,channel,category,tier,office_code,status,first_response_at,resolved_at", complaints)
	write("survey", "response_id,office_code,submitted_at,u1,u2,u3,u4,u5,u6,u7,u8,u9", surveys)
	return files
}

func (g *loadGen) newApps(from, to time.Time, n int) []string {
	var rows []string
	for range n {
		rows = append(rows, g.newAppsAt(genOffices[g.rng.IntN(3)], from, to, 1)...)
	}
	return rows
}

// newAppsAt records n applications at office between from and to; some
// reach print_ready and printed at once.
func (g *loadGen) newAppsAt(office string, from, to time.Time, n int) []string {
	var rows []string
	span := int(to.Sub(from).Hours())
	for range n {
		at := from.Add(time.Duration(g.rng.IntN(max(span, 1))) * time.Hour)
		a := genApp{id: fmt.Sprintf("A%d-%d", g.n, len(g.apps)), office: office, recorded: at}
		g.apps = append(g.apps, a)
		rows = append(rows, eventRow(a.id+"-r", a, "recorded", at))
		if g.rng.IntN(3) > 0 {
			rows = append(rows, eventRow(a.id+"-p", a, "print_ready", at.Add(time.Duration(24+g.rng.IntN(200))*time.Hour)))
		}
		if g.rng.IntN(2) == 0 {
			rows = append(rows, eventRow(a.id+"-c", a, "printed", at.Add(time.Duration(48+g.rng.IntN(400))*time.Hour)))
		}
	}
	return rows
}

// stageOld adds a stage to n earlier applications, some weeks later.
func (g *loadGen) stageOld(stage string, n int) []string {
	var rows []string
	for range n {
		a := g.apps[g.rng.IntN(len(g.apps))]
		rows = append(rows, eventRow(a.id+"-late-"+stage, a, stage, a.recorded.Add(time.Duration(72+g.rng.IntN(600))*time.Hour)))
	}
	return rows
}

// resend re-sends the recording of n applications at a corrected time,
// earlier or later by up to three weeks; some under a corrected application
// id (loaded with Replace), which leaves the first application without it.
func (g *loadGen) resend(n int) []string {
	var rows []string
	for range n {
		a := g.apps[g.rng.IntN(len(g.apps))]
		at := a.recorded.Add(time.Duration(g.rng.IntN(1000)-500) * time.Hour)
		to := a
		if g.rng.IntN(2) == 0 {
			to = g.apps[g.rng.IntN(len(g.apps))]
		}
		rows = append(rows, eventRow(a.id+"-r", to, "recorded", at))
	}
	return rows
}

// survey writes, at about two steps in three, new survey responses of
// 2022 (the stored semesters) and early 2023, and re-sends some earlier
// ones at another date, which may move them to another semester.
func (g *loadGen) survey() []string {
	if g.rng.IntN(3) == 0 {
		return nil
	}
	var rows []string
	row := func(id int) string {
		rng := rand.New(rand.NewPCG(uint64(id), 2)) // a re-sent response keeps its office and scores
		office := genOffices[rng.IntN(len(genOffices))]
		at := time.Date(2022, 1, 3, 9, 0, 0, 0, time.UTC).Add(time.Duration(g.rng.IntN(24*420)) * time.Hour)
		scores := make([]string, 9)
		for i := range scores {
			scores[i] = fmt.Sprint(1 + rng.IntN(4))
		}
		return fmt.Sprintf("S%d,%s,%s,%s", id, office, at.Format("2006-01-02 15:04:05"), strings.Join(scores, ","))
	}
	for range 8 + g.rng.IntN(8) {
		rows = append(rows, row(g.surveys))
		g.surveys++
	}
	for range g.rng.IntN(4) {
		rows = append(rows, row(g.rng.IntN(g.surveys)))
	}
	return rows
}

func eventRow(id string, a genApp, stage string, at time.Time) string {
	return fmt.Sprintf("%s,%s,%s,ktp_el,%s,%s,counter", id, a.id, at.Format("2006-01-02 15:04:05"), stage, a.office)
}

// complaints writes n complaints, new or re-sent with a resolution.
func (g *loadGen) complaints(n int) []string {
	var rows []string
	start := time.Date(2023, 1, 2, 8, 0, 0, 0, time.UTC)
	for range n {
		id := g.comps
		if g.comps > 0 && g.rng.IntN(3) == 0 {
			id = g.rng.IntN(g.comps)
		} else {
			g.comps++
		}
		rng := rand.New(rand.NewPCG(uint64(id), 1)) // a re-sent complaint keeps its office and time
		at := start.Add(time.Duration(rng.IntN(24*60)) * time.Hour)
		office := genOffices[rng.IntN(len(genOffices))]
		cat := []string{"blanko", "pungli", "etiquette"}[rng.IntN(3)]
		status, resolved, first := "open", "", ""
		if g.rng.IntN(2) == 0 {
			status = "resolved"
			first = at.Add(5 * time.Hour).Format("2006-01-02 15:04:05")
			resolved = at.Add(time.Duration(24+g.rng.IntN(400)) * time.Hour).Format("2006-01-02 15:04:05")
		}
		rows = append(rows, fmt.Sprintf("C%d,%s,lapor,%s,normatif,%s,%s,%s,%s", id, at.Format("2006-01-02 15:04:05"), cat, office, status, first, resolved))
	}
	return rows
}
