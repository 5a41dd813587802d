package forecast_test

import (
	"context"
	"os"
	"runtime"
	"testing"

	"github.com/disdukcapil-bekasi/pantau/forecast"
	"github.com/disdukcapil-bekasi/pantau/forecast/internal/m4"
)

// m4Series loads M4 Weekly from $PANTAU_M4_DIR, skipping when it is unset or
// absent: the data is not part of the repository (see its README).
func m4Series(tb testing.TB) ([]m4.Series, *m4.Holdout) {
	tb.Helper()
	dir := os.Getenv("PANTAU_M4_DIR")
	if dir == "" {
		tb.Skip("PANTAU_M4_DIR is not set; set it to ../shared/benchmarks/m4-weekly to run the M4 Weekly benchmark")
	}
	if _, err := os.Stat(dir); err != nil {
		tb.Skipf("no M4 Weekly data: %v", err)
	}
	series, test, err := m4.Load(dir)
	if err != nil {
		tb.Fatal(err)
	}
	return series, test
}

// TestM4Weekly holds the honest protocol (m4.Honest: every choice on the
// training part, the test part read once) to its targets on the 359 M4
// Weekly series: OWA at most 0.80 and 95% intervals that cover 93–97% of
// the test values. The references scored in the same single read check
// that the metrics are computed as M4 did: Theta with M4's frequency 1 at
// its published 0.971, naive at OWA 1.
func TestM4Weekly(t *testing.T) {
	if testing.Short() {
		t.Skip("the honest M4 protocol takes minutes")
	}
	series, test := m4Series(t)
	var refs []m4.Forecaster
	for _, f := range m4.Forecasters(forecast.Options{Period: 1}) {
		if f.Name == "theta" || f.Name == "naive" {
			refs = append(refs, f)
		}
	}
	r, err := m4.Honest(context.Background(), series, test, m4.Configs(), refs, runtime.GOMAXPROCS(0))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name             string
		maxOWA, minOWA   float64
		minCover, maxCov float64
	}{
		{name: r.Chosen.Name(), minOWA: 0.70, maxOWA: 0.80, minCover: 0.93, maxCov: 0.97},
		{name: "theta", minOWA: 0.965, maxOWA: 0.977, minCover: 0.85, maxCov: 0.98},
		{name: "naive", minOWA: 1, maxOWA: 1, minCover: 0.94, maxCov: 0.96},
	}
	for i, tt := range tests {
		s := r.Test[i+1]
		t.Logf("%s: sMAPE %.3f MASE %.3f OWA %.3f cover80 %.3f cover95 %.3f", s.Model, s.SMAPE, s.MASE, s.OWA, s.Coverage80, s.Coverage95)
		if s.Model != tt.name {
			t.Fatalf("score %d is of %s, want %s", i+1, s.Model, tt.name)
		}
		if s.OWA < tt.minOWA-1e-9 || s.OWA > tt.maxOWA+1e-9 {
			t.Errorf("%s: OWA %.3f, want in [%.3f, %.3f]", s.Model, s.OWA, tt.minOWA, tt.maxOWA)
		}
		if s.Coverage95 < tt.minCover || s.Coverage95 > tt.maxCov {
			t.Errorf("%s: 95%% coverage %.3f, want in [%.2f, %.2f]", s.Model, s.Coverage95, tt.minCover, tt.maxCov)
		}
	}
}

// BenchmarkM4WeeklyAutoPanel times AutoPanel (the global model fitted
// across the series, then Auto per series) over all 359 series.
func BenchmarkM4WeeklyAutoPanel(b *testing.B) {
	series, _ := m4Series(b)
	panel := make([]forecast.PanelSeries, len(series))
	for i, s := range series {
		panel[i] = forecast.PanelSeries{Y: s.Train}
	}
	for b.Loop() {
		forecast.AutoPanel(panel, m4.Horizon, forecast.Options{Period: 1, Top: 1})
	}
}
