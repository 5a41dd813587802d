package forecast_test

import (
	"errors"
	"math"
	"slices"
	"testing"

	"github.com/disdukcapil-bekasi/pantau/forecast"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// wavy is a positive series with trend, noise and a yearly cycle, 3 years long.
func wavy() []float64 {
	y := make([]float64, 156)
	for i := range y {
		t := float64(i)
		y[i] = 200 + 0.5*t + 30*math.Sin(2*math.Pi*t/52) + 10*math.Sin(1.7*t*t)
	}
	return y
}

// checkSane fails unless every value is finite, the bounds are ordered and,
// for non-negative data, nothing is negative.
func checkSane(t *testing.T, f forecast.Forecast, h int, nonNegative bool) {
	t.Helper()
	for _, s := range [][]float64{f.Point, f.Lo80, f.Hi80, f.Lo95, f.Hi95} {
		if len(s) != h {
			t.Fatalf("%s: %d values, want %d", f.Model, len(s), h)
		}
	}
	for k := range h {
		row := []float64{f.Lo95[k], f.Lo80[k], f.Point[k], f.Hi80[k], f.Hi95[k]}
		for _, v := range row {
			if math.IsNaN(v) || math.IsInf(v, 0) || (nonNegative && v < 0) {
				t.Fatalf("%s step %d: %v", f.Model, k+1, row)
			}
		}
		if !slices.IsSorted(row) {
			t.Fatalf("%s step %d: bounds out of order %v", f.Model, k+1, row)
		}
	}
}

func TestEveryModelIsSane(t *testing.T) {
	series := map[string][]float64{
		"wavy":         wavy(),
		"one":          {7},
		"two":          {7, 9},
		"three":        {7, 9, 8},
		"intermittent": {0, 0, 3, 0, 0, 0, 1, 0, 5, 0, 0, 2, 0, 0, 0, 0, 4},
		"falling":      {100, 80, 60, 40, 20, 5, 1},
		"negative":     {-5, 3, -2, 8, -1, 4},
		"huge":         {1e300, 1.5e308, 1e305},
		"tiny":         {1e-300, 2e-300, 5e-324},
	}
	for name, y := range series {
		for _, model := range forecast.Models() {
			t.Run(name+"/"+model, func(t *testing.T) {
				f, err := forecast.Fit(model, y, 13, forecast.Options{})
				if err != nil {
					t.Fatal(err)
				}
				if f.Model != model {
					t.Errorf("Model = %q, want %q", f.Model, model)
				}
				checkSane(t, f, 13, name != "negative")
			})
		}
	}
}

func TestConstantAndZeroSeries(t *testing.T) {
	tests := []struct {
		name  string
		value float64
	}{
		{name: "constant", value: 42},
		{name: "zeros", value: 0},
	}
	for _, tt := range tests {
		y := make([]float64, 60)
		for i := range y {
			y[i] = tt.value
		}
		want := []float64{tt.value, tt.value, tt.value, tt.value}
		for _, model := range forecast.Models() {
			if model == "sba" && tt.value != 0 {
				// SBA's bias correction deliberately forecasts (1 − α/2) of the
				// mean demand size: right for intermittent demand, not here.
				continue
			}
			t.Run(tt.name+"/"+model, func(t *testing.T) {
				f, err := forecast.Fit(model, y, 4, forecast.Options{})
				if err != nil {
					t.Fatal(err)
				}
				for name, got := range map[string][]float64{"point": f.Point, "lo95": f.Lo95, "hi95": f.Hi95} {
					if diff := cmp.Diff(want, got, cmpopts.EquateApprox(0, 1e-9)); diff != "" {
						t.Errorf("%s (-want +got):\n%s", name, diff)
					}
				}
			})
		}
		t.Run(tt.name+"/auto", func(t *testing.T) {
			f := forecast.Auto(y, 4, forecast.Options{})
			if diff := cmp.Diff(want, f.Point, cmpopts.EquateApprox(0, 1e-9)); diff != "" {
				t.Errorf("point (-want +got):\n%s", diff)
			}
		})
	}
}

func TestIntervalsWidenWithHorizon(t *testing.T) {
	y := wavy()
	for _, model := range forecast.Models() {
		t.Run(model, func(t *testing.T) {
			f, err := forecast.Fit(model, y, 13, forecast.Options{Period: 1})
			if err != nil {
				t.Fatal(err)
			}
			for k := 1; k < 13; k++ {
				if f.Hi95[k]-f.Lo95[k] < f.Hi95[k-1]-f.Lo95[k-1]-1e-9 || f.Hi80[k]-f.Lo80[k] < f.Hi80[k-1]-f.Lo80[k-1]-1e-9 {
					t.Fatalf("step %d interval narrower than step %d: %v", k+1, k, f)
				}
			}
			if f.Hi95[12]-f.Lo95[12] <= f.Hi80[12]-f.Lo80[12] {
				t.Errorf("95%% interval not wider than 80%%")
			}
		})
	}
}

func TestAutoShortSeries(t *testing.T) {
	tests := []struct {
		name      string
		y         []float64
		h         int
		wantModel string
	}{
		{name: "empty", y: nil, h: 3, wantModel: "naive"},
		{name: "only NaN", y: []float64{math.NaN(), math.Inf(1)}, h: 3, wantModel: "naive"},
		{name: "one", y: []float64{5}, h: 3, wantModel: "naive"},
		{name: "two", y: []float64{5, 6}, h: 3, wantModel: "naive"},
		{name: "three", y: []float64{5, 6, 4}, h: 3, wantModel: "ses"},
		{name: "zero horizon", y: []float64{5, 6, 4}, h: 0, wantModel: "ses"},
		// Every candidate backtests perfectly: the tie goes to the first two.
		{name: "constant", y: []float64{3, 3, 3, 3, 3, 3, 3, 3, 3, 3}, h: 2, wantModel: "combt+comb"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := forecast.Auto(tt.y, tt.h, forecast.Options{})
			if f.Model != tt.wantModel {
				t.Errorf("Model = %q, want %q", f.Model, tt.wantModel)
			}
			checkSane(t, f, tt.h, true)
		})
	}
}

func TestAutoIsDeterministic(t *testing.T) {
	inputs := [][]float64{wavy(), {0, 0, 3, 0, 0, 0, 1, 0, 5, 0, 0, 2, 0, 0, 0, 0, 4, 0, 0, 1}}
	for i, y := range inputs {
		first := forecast.Auto(y, 13, forecast.Options{})
		for range 3 {
			if diff := cmp.Diff(first, forecast.Auto(slices.Clone(y), 13, forecast.Options{})); diff != "" {
				t.Fatalf("input %d: second run differs (-first +second):\n%s", i, diff)
			}
		}
	}
}

func TestAutoCandidates(t *testing.T) {
	y := wavy()
	tests := []struct {
		name string
		opts forecast.Options
		want string
	}{
		{name: "one candidate", opts: forecast.Options{Candidates: []string{"holt"}}, want: "holt"},
		{name: "unknown names ignored", opts: forecast.Options{Candidates: []string{"arima", "ses"}}, want: "ses"},
		{name: "none known", opts: forecast.Options{Candidates: []string{"arima"}}, want: "ses"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := forecast.Auto(y, 5, tt.opts).Model; got != tt.want {
				t.Errorf("Model = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestFitErrors(t *testing.T) {
	tests := []struct {
		name  string
		model string
		y     []float64
		h     int
		want  error
	}{
		{name: "unknown model", model: "arima", y: []float64{1}, h: 1, want: forecast.ErrUnknownModel},
		{name: "empty", model: "ses", y: nil, h: 1, want: forecast.ErrNoData},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := forecast.Fit(tt.model, tt.y, tt.h, forecast.Options{}); !errors.Is(err, tt.want) {
				t.Errorf("error = %v, want %v", err, tt.want)
			}
		})
	}
	for _, y := range [][]float64{{1, math.NaN()}, {math.Inf(-1)}} {
		if _, err := forecast.Fit("ses", y, 1, forecast.Options{}); err == nil {
			t.Errorf("Fit(%v) gave no error", y)
		}
	}
	if _, err := forecast.Fit("ses", []float64{1}, -1, forecast.Options{}); err == nil {
		t.Error("negative horizon gave no error")
	}
}

func TestSeasonalModelsFollowTheCycle(t *testing.T) {
	// Four years of a clean yearly cycle: the seasonal step must carry the
	// shape into the forecast, so the peak week stays the peak.
	y := make([]float64, 208)
	for i := range y {
		y[i] = 100 + 40*math.Sin(2*math.Pi*float64(i)/52)
	}
	for _, m := range forecast.Methods() {
		if !m.Seasonal {
			continue
		}
		model := m.Name
		t.Run(model, func(t *testing.T) {
			f, err := forecast.Fit(model, y, 52, forecast.Options{})
			if err != nil {
				t.Fatal(err)
			}
			peak := 0
			for k := range f.Point {
				if f.Point[k] > f.Point[peak] {
					peak = k
				}
			}
			if peak < 10 || peak > 16 { // sin peaks at week 13 of the cycle
				t.Errorf("peak at step %d, want about 13: %v", peak+1, f.Point)
			}
		})
	}
}
