package forecast

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// approx compares floats to 1e-9, enough for hand arithmetic.
var approx = cmpopts.EquateApprox(0, 1e-9)

func TestETSFilterHandComputed(t *testing.T) {
	type result struct{ SSE, Level, Slope float64 }
	tests := []struct {
		name                     string
		y                        []float64
		alpha, beta, phi, l0, b0 float64
		want                     result
	}{
		{
			// f1 = 10, e = 0, ℓ = 10; f2 = 10, e = 2, ℓ = 11; f3 = 11, e = 0, ℓ = 11.
			// SSE = 0 + 4 + 0 = 4.
			name: "ses alpha 0.5", y: []float64{10, 12, 11}, alpha: 0.5, phi: 1, l0: 10,
			want: result{SSE: 4, Level: 11},
		},
		{
			// f1 = 10+1 = 11, e = 0: ℓ = 11, b = 1.
			// f2 = 12, e = 1: ℓ = 12.5, b = 1 + 0.1·1 = 1.1.
			// f3 = 13.6, e = 0.4: ℓ = 13.8, b = 1.1 + 0.04 = 1.14.
			// SSE = 0 + 1 + 0.16 = 1.16.
			name: "holt alpha 0.5 beta 0.1", y: []float64{11, 13, 14}, alpha: 0.5, beta: 0.1, phi: 1, l0: 10, b0: 1,
			want: result{SSE: 1.16, Level: 13.8, Slope: 1.14},
		},
		{
			// f1 = 10 + 0.8·1 = 10.8, e = 0.2: ℓ = 10.9, b = 0.8 + 0.02 = 0.82.
			// SSE = 0.04.
			name: "damped phi 0.8", y: []float64{11}, alpha: 0.5, beta: 0.1, phi: 0.8, l0: 10, b0: 1,
			want: result{SSE: 0.04, Level: 10.9, Slope: 0.82},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got result
			got.SSE, got.Level, got.Slope = etsFilter(tt.y, tt.alpha, tt.beta, tt.phi, tt.l0, tt.b0, nil)
			if diff := cmp.Diff(tt.want, got, approx); diff != "" {
				t.Errorf("etsFilter (-want +got):\n%s", diff)
			}
		})
	}
}

func TestETSForecastHandComputed(t *testing.T) {
	tests := []struct {
		name  string
		model etsModel
		want  core
	}{
		{
			// var(k) = σ²(1 + (k−1)α²) = 4·(1, 1.25, 1.5).
			name:  "ses",
			model: etsModel{alpha: 0.5, phi: 1, level: 11, sigma: 2},
			want:  core{point: []float64{11, 11, 11}, sd: []float64{2, 2 * math.Sqrt(1.25), 2 * math.Sqrt(1.5)}},
		},
		{
			// Points 13.8 + k·1.14; c_1 = 0.5 + 0.1·1 = 0.6, c_2 = 0.5 + 0.1·2 = 0.7:
			// var = 1, 1.36, 1.36 + 0.49 = 1.85.
			name:  "holt",
			model: etsModel{alpha: 0.5, beta: 0.1, phi: 1, level: 13.8, slope: 1.14, sigma: 1},
			want:  core{point: []float64{14.94, 16.08, 17.22}, sd: []float64{1, math.Sqrt(1.36), math.Sqrt(1.85)}},
		},
		{
			// Points 10 + (0.8, 1.44)·1; c_1 = 0.5 + 0.1·0.8 = 0.58: var = 1, 1.3364.
			name:  "damped",
			model: etsModel{alpha: 0.5, beta: 0.1, phi: 0.8, level: 10, slope: 1, sigma: 1},
			want:  core{point: []float64{10.8, 11.44}, sd: []float64{1, math.Sqrt(1.3364)}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := tt.model.forecast(len(tt.want.point))
			if diff := cmp.Diff(tt.want, got, approx, cmp.AllowUnexported(core{})); diff != "" {
				t.Errorf("forecast (-want +got):\n%s", diff)
			}
		})
	}
}

func TestIntermittentHandComputed(t *testing.T) {
	type result struct{ SSE, Last float64 }
	y := []float64{0, 4, 0, 0, 2}
	tests := []struct {
		name string
		run  func() (float64, float64)
		want result
	}{
		{
			// Start at the first demand: size 4, interval 2 (periods up to it).
			// Forecast 4/2 = 2 for the next three periods: errors −2, −2, 0, SSE 8.
			// At the demand of 2 after 3 periods: size 4 + 0.5·(2−4) = 3,
			// interval 2 + 0.5·(3−2) = 2.5, forecast 3/2.5 = 1.2.
			name: "croston alpha 0.5",
			run:  func() (float64, float64) { return crostonFilter(y, 0.5, false) },
			want: result{SSE: 8, Last: 1.2},
		},
		{
			// The same with factor 1 − 0.5/2 = 0.75: forecasts 1.5,
			// SSE 2.25 + 2.25 + 0.25 = 4.75, last 0.75·1.2 = 0.9.
			name: "sba alpha 0.5",
			run:  func() (float64, float64) { return crostonFilter(y, 0.5, true) },
			want: result{SSE: 4.75, Last: 0.9},
		},
		{
			// Start: probability 1/2 (one demand in two periods), size 2.
			// f1 = 1, e = −1; no demand: p = 0.25. f2 = 0.5, e = 1.5; demand:
			// p = 0.25 + 0.5·0.75 = 0.625, size 2. SSE 1 + 2.25, last 1.25.
			name: "tsb alpha beta 0.5",
			run:  func() (float64, float64) { return tsbFilter([]float64{0, 2}, 0.5, 0.5) },
			want: result{SSE: 3.25, Last: 1.25},
		},
		{
			name: "croston no demand",
			run:  func() (float64, float64) { return crostonFilter([]float64{0, 0, 0}, 0.1, false) },
			want: result{},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got result
			got.SSE, got.Last = tt.run()
			if diff := cmp.Diff(tt.want, got, approx); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestProfileFindsBestInitialStates(t *testing.T) {
	y := []float64{3, 5, 4, 6, 8, 7, 9, 12, 10, 13}
	tests := []struct {
		name             string
		alpha, beta, phi float64
		trend            bool
	}{
		{name: "ses", alpha: 0.3, phi: 1},
		{name: "holt", alpha: 0.3, beta: 0.05, phi: 1, trend: true},
		{name: "damped", alpha: 0.3, beta: 0.05, phi: 0.9, trend: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sse, l0, b0 := profile(y, tt.alpha, tt.beta, tt.phi, tt.trend)
			direct, _, _ := etsFilter(y, tt.alpha, tt.beta, tt.phi, l0, b0, nil)
			if diff := cmp.Diff(direct, sse, cmpopts.EquateApprox(1e-9, 1e-9)); diff != "" {
				t.Errorf("profile SSE against the filter at its states (-want +got):\n%s", diff)
			}
			// Moving either initial state away must not lower the SSE.
			for _, d := range [][2]float64{{0.1, 0}, {-0.1, 0}, {0, 0.1}, {0, -0.1}} {
				if !tt.trend && d[1] != 0 {
					continue
				}
				other, _, _ := etsFilter(y, tt.alpha, tt.beta, tt.phi, l0+d[0], b0+d[1], nil)
				if other < sse-1e-9 {
					t.Errorf("states %v + %v give SSE %v < %v", [2]float64{l0, b0}, d, other, sse)
				}
			}
		})
	}
}

func TestFitETSRecoversParameters(t *testing.T) {
	// Long series simulated from each model with a fixed seed: the fit must
	// come back near the parameters that made them.
	tests := []struct {
		name          string
		trend, damped bool
		alpha, beta   float64
		phi           float64
	}{
		{name: "ses", alpha: 0.3, phi: 1},
		{name: "holt", trend: true, alpha: 0.4, beta: 0.1, phi: 1},
		{name: "damped", trend: true, damped: true, alpha: 0.4, beta: 0.1, phi: 0.9},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			random := rand.New(rand.NewPCG(1, 2))
			level, slope := 100.0, 0.0
			if tt.trend {
				slope = 0.5
			}
			y := make([]float64, 3000)
			for i := range y {
				e := random.NormFloat64()
				f := level + tt.phi*slope
				y[i] = f + e
				level = f + tt.alpha*e
				slope = tt.phi*slope + tt.beta*e
			}
			m := fitETS(y, tt.trend, tt.damped)
			got := []float64{m.alpha, m.beta, m.phi}
			want := []float64{tt.alpha, tt.beta, tt.phi}
			if diff := cmp.Diff(want, got, cmpopts.EquateApprox(0, 0.05)); diff != "" {
				t.Errorf("alpha, beta, phi (-want +got):\n%s", diff)
			}
		})
	}
}

func TestSeasonalIndices(t *testing.T) {
	shape := []float64{0.5, 1, 1.5, 1}
	var seasonal, flat []float64
	for i := range 24 {
		seasonal = append(seasonal, 100*shape[i%4])
		flat = append(flat, 100+float64(i%3)) // a cycle of 3, not 4
	}
	tests := []struct {
		name   string
		y      []float64
		period int
		want   []float64
		ok     bool
	}{
		{name: "period 4", y: seasonal, period: 4, want: shape, ok: true},
		{name: "too short", y: seasonal[:11], period: 4},
		{name: "period 1", y: seasonal, period: 1},
		{name: "no cycle at 4", y: flat, period: 4},
		{name: "zero value", y: append([]float64{0}, seasonal...), period: 4},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := seasonalIndices(tt.y, tt.period)
			if ok != tt.ok {
				t.Fatalf("seasonal = %v, want %v", ok, tt.ok)
			}
			if diff := cmp.Diff(tt.want, got, approx); diff != "" {
				t.Errorf("indices (-want +got):\n%s", diff)
			}
		})
	}
}

func TestMinimize(t *testing.T) {
	f := func(x []float64) float64 { return (x[0]-0.3)*(x[0]-0.3) + (x[1]+0.2)*(x[1]+0.2) }
	tests := []struct {
		name   string
		lo, hi []float64
		want   []float64
	}{
		{name: "inside the box", lo: []float64{-1, -1}, hi: []float64{1, 1}, want: []float64{0.3, -0.2}},
		{name: "on the edge", lo: []float64{-1, 0}, hi: []float64{1, 1}, want: []float64{0.3, 0}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, _ := minimize(f, []float64{0.5, 0.5}, tt.lo, tt.hi, 500)
			if diff := cmp.Diff(tt.want, got, cmpopts.EquateApprox(0, 1e-4)); diff != "" {
				t.Errorf("minimum (-want +got):\n%s", diff)
			}
		})
	}
}
