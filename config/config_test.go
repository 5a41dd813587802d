package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestLoad(t *testing.T) {
	tests := []struct {
		name, yaml, wantErr string
		check               func(Config) bool
	}{
		{"empty file keeps defaults", "", "", func(c Config) bool { return c.KPI.SLADays["normatif"] == 5 && c.Calendar.CutiBersamaOff }},
		{"overrides", "calendar: {cuti_bersama_off: false}\nkpi: {sla_days: {ringan: 3}}\n", "",
			func(c Config) bool { return !c.Calendar.CutiBersamaOff && c.KPI.SLADays["ringan"] == 3 }},
		{"unknown key names its line", "region_code: \"3216\"\nregoin: x\n", "line 2", nil},
		{"bad zone", "time_zone: Mars/Olympus\n", "time_zone", nil},
		{"bad rate", "load: {max_reject_rate: 2}\n", "max_reject_rate", nil},
		{"date span defaults", "", "", func(c Config) bool {
			return c.Load.Earliest().Equal(time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)) && c.Load.MaxFuture == 24*time.Hour
		}},
		{"date span", "load: {earliest_date: 2015-06-01, max_future: 36h}\n", "", func(c Config) bool {
			return c.Load.Earliest().Equal(time.Date(2015, 6, 1, 0, 0, 0, 0, time.UTC)) && c.Load.MaxFuture == 36*time.Hour
		}},
		{"bad earliest_date", "load: {earliest_date: 2015-13-01}\n", "load.earliest_date", nil},
		{"bad max_future", "load: {max_future: -1h}\n", "load.max_future", nil},
		{"run.pdf", "run: {pdf: never}\n", "", func(c Config) bool { return c.Run.PDF == PDFNever && c.Run.OfficeReports() }},
		{"bad run.pdf", "run: {pdf: sometimes}\n", "run.pdf", nil},
		{"bad decimal", "sources: {complaints: {decimal: \";\"}}\n", "sources.complaints.decimal", nil},
		{"ikm defaults", "", "", func(c Config) bool { return c.IKM.Weight == "exact" && c.IKM.Regulation == "PermenPANRB 14/2017" }},
		{"ikm rounded weight, unquoted", "ikm: {weight: 0.111}\n", "", func(c Config) bool { return c.IKM.Weight == "0.111" }},
		{"bad ikm weight", "ikm: {weight: 0.11}\n", "ikm.weight", nil},
		{"negative wait names its line", "region_code: \"3216\"\nload:\n  wait: -5s\n", ":3:9: load.wait: -5s is not between 0s and 24h0m0s", nil},
		{"absurd wait", "load: {wait: 9000h}\n", ":1:14: load.wait: 9000h0m0s is not", nil},
		{"wait", "load: {wait: 2m}\n", "", func(c Config) bool { return c.Load.Wait == 2*time.Minute }},
		{"horizon", "forecast: {horizon: 0}\n", ":1:21: forecast.horizon: 0 is not between 1 and 104 weeks", nil},
		{"lead time", "forecast: {lead_time_weeks: -1}\n", "forecast.lead_time_weeks: -1 is not", nil},
		{"stored weeks", "forecast: {stored_weeks: 0}\n", "forecast.stored_weeks: 0 is not between 1 and 520", nil},
		{"stored weeks default", "", "", func(c Config) bool { return c.Forecast.StoredWeeks == 13 }},
		{"a key under a map", "kpi: {sla_days: {ringan: -1}}\n", "pantau.yaml:1:26: kpi.sla_days.ringan: -1 is negative", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "pantau.yaml")
			if err := os.WriteFile(path, []byte(tt.yaml), 0o644); err != nil {
				t.Fatal(err)
			}
			cfg, err := Load(path)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) || !strings.HasPrefix(err.Error(), path) {
					t.Fatalf("err = %v, want one naming %s and %q", err, path, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !tt.check(cfg) {
				t.Errorf("unexpected settings: %+v", cfg)
			}
		})
	}
}
