package main

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"html"
	"math"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/disdukcapil-bekasi/pantau/config"
	"github.com/disdukcapil-bekasi/pantau/ikm"
	"github.com/disdukcapil-bekasi/pantau/kpi"
	"github.com/disdukcapil-bekasi/pantau/planning"
	"github.com/disdukcapil-bekasi/pantau/reports"
	"github.com/disdukcapil-bekasi/pantau/reports/page"
	"github.com/disdukcapil-bekasi/pantau/warehouse"
)

// TestEveryClaimHolds renders the weekly summary (HTML and text) of the
// region and of every office, of the demo's Kabupaten Bekasi and of a
// generated three-region warehouse (two time zones), and checks every
// sentence: it is a claim; every figure it states is the value kpi_weekly
// holds (read here with its own query), the KPI's target or the stock
// plan's; its comparisons hold on those values; and each comparison word
// it uses is backed by a comparison of that direction.
func TestEveryClaimHolds(t *testing.T) {
	if testing.Short() {
		t.Skip("loads the demo's eighteen months and three generated regions")
	}
	for _, tc := range []struct {
		name    string
		gen     []string
		regions []string
	}{
		{"demo", nil, []string{"3216"}},
		{"three regions", []string{"--regions", "3216,3273,9171", "--from", "2023-01-01", "--scale", "0.2"}, []string{"3216", "3273", "9171"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			db := filepath.Join(dir, "w.duckdb")
			for _, args := range [][]string{
				append([]string{"generate", "--out", filepath.Join(dir, "data")}, tc.gen...),
				{"load", "--db", db, filepath.Join(dir, "data")},
			} {
				var stdout, stderr bytes.Buffer
				if code := run(context.Background(), args, strings.NewReader(""), &stdout, &stderr); code != 0 {
					t.Fatalf("pantau %s: exit %d: %s", strings.Join(args, " "), code, stderr.String())
				}
			}
			ctx := context.Background()
			w, err := warehouse.Open(ctx, db, warehouse.Options{ReadOnly: true})
			if err != nil {
				t.Fatal(err)
			}
			defer w.Close()
			for _, region := range tc.regions {
				t.Run(region, func(t *testing.T) { checkRegionClaims(t, w.DB, region) })
			}
		})
	}
}

func checkRegionClaims(t *testing.T, db *sql.DB, region string) {
	ctx := context.Background()
	cfg := config.Default()
	cfg.RegionCode = region
	s := kpi.SettingsFrom(cfg)
	week, err := kpi.LatestWeek(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	monday, _ := kpi.ParseWeek(week)
	planOpts := planning.PlanOptions{Horizon: cfg.Forecast.Horizon, ServiceLevel: cfg.Forecast.ServiceLevel,
		ReviewWeeks: cfg.Forecast.ReviewWeeks, LeadTimeWeeks: cfg.Forecast.LeadTimeWeeks}
	// The plan as the test reads it, to check the plan's figures.
	o := planOpts
	o.AsOf, o.ByOffice = monday.AddDate(0, 0, 6), true
	plans, err := planning.Plan(ctx, db, s, o)
	if err != nil {
		t.Fatal(err)
	}
	// The week's distribution as the test works it out from that plan.
	var dist *planning.DistributionPlan
	if d, err := planning.DistributionOf(ctx, db, s, plans); err == nil {
		dist = &d
	} else if !errors.Is(err, planning.ErrNoDinas) {
		t.Fatal(err)
	}
	offices, err := kpi.Offices(ctx, db, region)
	if err != nil {
		t.Fatal(err)
	}
	r, err := page.NewRendererWith([]byte("/* echarts stand-in */"))
	if err != nil {
		t.Fatal(err)
	}
	opt := reports.Options{Week: week, Lang: reports.Indonesian, Now: time.Date(2023, 7, 3, 8, 0, 0, 0, time.UTC),
		Settings: s, IKM: ikm.SettingsFrom(cfg), Shared: reports.NewShared(),
		Plan: reports.OncePerWeek(reports.MetricsPlan(s, planOpts))}
	scopes := []string{""}
	for _, of := range offices {
		scopes = append(scopes, of.Code)
	}
	checked := 0
	for _, office := range scopes {
		opt := opt
		opt.Office = office
		rep, err := reports.BuildWeekly(ctx, db, opt)
		if err != nil {
			t.Fatal(err)
		}
		var page, text bytes.Buffer
		if err := rep.WriteHTML(&page, r); err != nil {
			t.Fatal(err)
		}
		if err := rep.WriteText(&text, "x.html"); err != nil {
			t.Fatal(err)
		}
		claims := rep.Claims()
		texts := map[string]bool{}
		visible := html.UnescapeString(page.String())
		for _, c := range claims {
			texts[c.Text] = true
			if !strings.Contains(visible, "<li>"+c.Text+"</li>") {
				t.Errorf("%s %s: claim not in the HTML summary: %s", region, office, c.Text)
			}
			checkClaim(t, db, region, office, week, plans, dist, c)
			checked++
		}
		// Every sentence of the text message is a claim (or the survey's).
		for _, line := range strings.Split(text.String(), "\n") {
			if sentence, ok := strings.CutPrefix(line, "- "); ok && !texts[sentence] && !strings.Contains(sentence, "IKM") {
				t.Errorf("%s %s: text sentence is no claim: %s", region, office, sentence)
			}
		}
	}
	if checked == 0 {
		t.Errorf("%s: no claim checked", region)
	}
	t.Logf("%s %s: %d claims over %d reports", region, week, checked, len(scopes))
}

// words are the comparison words a sentence may use only with a
// comparison of that direction among its figures.
var words = []struct {
	re *regexp.Regexp
	op []string
}{
	{regexp.MustCompile(`\bmelampaui\b|\bnaik\b`), []string{">"}},
	{regexp.MustCompile(`\bturun\b|\blebih sedikit\b|\bdi bawah\b`), []string{"<"}},
	{regexp.MustCompile(`\bsama dengan\b|\btidak berubah\b`), []string{"="}},
	{regexp.MustCompile(`\bmemenuhi\b`), []string{"≥"}},
	{regexp.MustCompile(`\bsebelum\b`), []string{"≤", "<"}},
}

// causal words no figure can back.
var causal = regexp.MustCompile(`\b(karena|sehingga|akibat|menyebabkan|berkurang|bertambah)\b|:\s*tunggakan`)

func checkClaim(t *testing.T, db *sql.DB, region, office, week string, plans []planning.StockPlanRow, dist *planning.DistributionPlan, c reports.Claim) {
	t.Helper()
	where := region + " " + office + ": " + c.Text
	prev, _ := kpi.AddWeeks(week, -1)
	values := make([]float64, len(c.Figures))
	for i, f := range c.Figures {
		var v float64
		switch f.Source {
		case reports.SourceKPI:
			// A sentence of the week states the week's values, and last
			// week's only beside them.
			if f.Week != week && (f.Week != prev || i == 0) {
				t.Errorf("%s: figure %v of %s in a report of %s", where, f.Names, f.Week, week)
			}
			missing := false
			for _, name := range f.Names {
				var x sql.NullFloat64
				err := db.QueryRow(`SELECT value FROM kpi_weekly WHERE week = ? AND scope = ? AND scope_id = ? AND kpi = ? AND coalesce(region_code, ?) = ?`,
					f.Week, f.Scope, f.ScopeID, name, region, region).Scan(&x)
				if err != nil && err != sql.ErrNoRows {
					t.Fatal(err)
				}
				missing = missing || !x.Valid
				v += x.Float64
			}
			if missing && f.Shown != "–" {
				t.Errorf("%s: %v of %s %s has no value in kpi_weekly, the claim states %s", where, f.Names, f.Scope, f.ScopeID, f.Shown)
			}
		case reports.SourceTarget:
			d, _ := kpi.Lookup(f.Names[0])
			v = *d.Target
		case reports.SourcePlan:
			v = planFigure(t, plans, dist, region, f)
		default:
			t.Fatalf("%s: figure of unknown source %q", where, f.Source)
		}
		values[i] = v
		if math.Abs(v-f.Value) > 1e-9*math.Max(1, math.Abs(v)) {
			t.Errorf("%s: figure %v = %v, the warehouse holds %v", where, f.Names, f.Value, v)
		}
		if f.Shown != "" && !strings.Contains(c.Text, f.Shown) {
			t.Errorf("%s: figure %v shown as %q, not in the sentence", where, f.Names, f.Shown)
		}
	}
	for _, cmp := range c.Compares {
		if !cmp.Holds(values[cmp.A], values[cmp.B]) {
			t.Errorf("%s: %v %s %v does not hold (%v, %v)", where, c.Figures[cmp.A].Names, cmp.Op, c.Figures[cmp.B].Names, values[cmp.A], values[cmp.B])
		}
	}
	for _, w := range words {
		if w.re.MatchString(c.Text) && !slices.ContainsFunc(c.Compares, func(cmp reports.Compare) bool { return slices.Contains(w.op, cmp.Op) }) {
			t.Errorf("%s: %q without a comparison %v", where, w.re.FindString(c.Text), w.op)
		}
	}
	if m := causal.FindString(c.Text); m != "" {
		t.Errorf("%s: causal word %q", where, m)
	}
}

// planFigure is a plan figure as the test's own plan says it.
func planFigure(t *testing.T, plans []planning.StockPlanRow, dist *planning.DistributionPlan, region string, f reports.Figure) float64 {
	t.Helper()
	switch f.Names[0] {
	case reports.PlanSent, reports.PlanReceivers, reports.PlanUnmet:
		if dist == nil {
			t.Fatalf("a claim states the distribution's %v, but the region has none", f.Names)
		}
		sent, receivers := 0, 0
		for _, r := range dist.Rows {
			if r.Send > 0 {
				receivers++
			}
			if f.Scope == kpi.ScopeOffice && r.Office == f.ScopeID {
				sent = r.Send
			}
		}
		switch {
		case f.Names[0] == reports.PlanUnmet:
			return float64(dist.Unmet)
		case f.Names[0] == reports.PlanReceivers:
			return float64(receivers)
		case f.Scope == kpi.ScopeRegion:
			return float64(dist.Sent)
		}
		return float64(sent)
	}
	var row, regionRow *planning.StockPlanRow
	for i := range plans {
		if plans[i].Scope == f.Scope && plans[i].ScopeID == f.ScopeID {
			row = &plans[i]
		}
		if plans[i].Scope == kpi.ScopeRegion && plans[i].ScopeID == region {
			regionRow = &plans[i]
		}
	}
	if row == nil {
		t.Fatalf("no plan of %s %s", f.Scope, f.ScopeID)
	}
	switch f.Names[0] {
	case reports.PlanStockOutIn:
		for i, w := range row.Weeks {
			if w.Week == row.StockOutWeek {
				return float64(i + 1)
			}
		}
		t.Errorf("plan of %s has no stock-out week, a claim says %s", f.ScopeID, f.Shown)
	case reports.PlanLeadTime:
		if row.LeadTime.Weeks > 0 || regionRow == nil {
			return float64(row.LeadTime.Weeks)
		}
		return float64(regionRow.LeadTime.Weeks)
	}
	t.Fatalf("unknown plan figure %v", f.Names)
	return 0
}
