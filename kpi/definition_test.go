package kpi_test

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/disdukcapil-bekasi/pantau/kpi"
)

func TestDefinitions(t *testing.T) {
	defs := kpi.Definitions()
	// The 20 KPIs of DESIGN.md §5, and blanko_received, which the weekly
	// report charts beside the stock.
	want := []string{"recordings", "prints", "print_backlog", "print_backlog_prr", "backlog_age", "print_lead_time",
		"on_time_issuance", "interim_issued", "blanko_consumed", "blanko_received", "blanko_stock", "weeks_of_cover",
		"complaints_received", "complaints_per_10k", "first_response_hours", "resolution_days", "sla_met_rate",
		"open_complaints", "pungli_reports", "online_share", "ikd_activations"}
	var got []string
	for _, d := range defs {
		got = append(got, d.ID)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("KPIs (-want +got):\n%s", diff)
	}
	for _, d := range defs {
		if !strings.Contains(d.SQL, "-- id: "+d.ID+"\n") || !strings.Contains(d.SQL, "-- grain: ") || !strings.Contains(d.SQL, "-- parameters: ") {
			t.Errorf("kpis/%s.sql: header must name its id, grain and parameters", d.ID)
		}
		if d.Title.ID == "" || d.Title.EN == "" || d.Unit == "" || len(d.Values) == 0 {
			t.Errorf("kpis.yaml: %s lacks a title, unit or values", d.ID)
		}
		for _, v := range d.Values {
			if v.Name != d.ID && !strings.HasPrefix(v.Name, d.ID+".") {
				t.Errorf("kpis.yaml: %s: value %s must be %s or %s.<name>", d.ID, v.Name, d.ID, d.ID)
			}
		}
	}
}

func TestStatus(t *testing.T) {
	f := func(v float64) *float64 { return &v }
	lower := kpi.Definition{LowerIsBetter: true, Target: f(5), Limit: f(20)}
	higher := kpi.Definition{Target: f(0.9), Limit: f(0.7)}
	cases := []struct {
		name string
		def  kpi.Definition
		v    *float64
		want kpi.Status
	}{
		{"lower at target", lower, f(5), kpi.StatusGreen},
		{"lower between", lower, f(12), kpi.StatusAmber},
		{"lower at limit", lower, f(20), kpi.StatusAmber},
		{"lower beyond limit", lower, f(21), kpi.StatusRed},
		{"higher above target", higher, f(0.95), kpi.StatusGreen},
		{"higher between", higher, f(0.8), kpi.StatusAmber},
		{"higher below limit", higher, f(0.5), kpi.StatusRed},
		{"null", higher, nil, kpi.StatusNone},
		{"no target", kpi.Definition{}, f(1), kpi.StatusNone},
	}
	for _, c := range cases {
		if got := c.def.Status(c.v); got != c.want {
			t.Errorf("%s: Status = %q, want %q", c.name, got, c.want)
		}
	}
}

func TestParseWeek(t *testing.T) {
	cases := []struct {
		in, monday string
		wantErr    bool
	}{
		{"2023-W01", "2023-01-02", false},
		{"2022-W52", "2022-12-26", false},
		{"2020-W53", "2020-12-28", false},
		{"2023-W53", "", true},
		{"2023-W00", "", true},
		{"2023W01", "", true},
		{"2023-w01", "", true},
	}
	for _, c := range cases {
		got, err := kpi.ParseWeek(c.in)
		if (err != nil) != c.wantErr {
			t.Errorf("ParseWeek(%q) error = %v, want error %v", c.in, err, c.wantErr)
			continue
		}
		if err == nil {
			if diff := cmp.Diff(c.monday, got.Format("2006-01-02")); diff != "" {
				t.Errorf("ParseWeek(%q) (-want +got):\n%s", c.in, diff)
			}
			if kpi.FormatWeek(got) != c.in {
				t.Errorf("FormatWeek(ParseWeek(%q)) = %q", c.in, kpi.FormatWeek(got))
			}
		}
	}
}
