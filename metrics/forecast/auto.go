package forecast

import (
	"math"
	"slices"
)

// Auto forecasts h steps of y with the model that forecast y's own recent
// past best.
//
// The backtest cuts y at a few rolling origins (Options.Origins, one horizon
// apart, the latest first), fits every candidate on the history before each
// origin, and scores the next h values by the mean absolute error scaled by
// y's mean absolute first difference (MASE). The candidate with the lowest
// score wins; a tie goes to the earlier candidate, so the choice is
// deterministic. The winner is then refitted on all of y.
//
// Candidates are Options.Candidates (unknown names are ignored) or
// DefaultCandidates, plus croston, sba and tsb when y is non-negative and
// contains zeros. A series too short for a backtest (fewer than five values
// before the first origin) gets ses, or naive below three values.
//
// Auto never fails: non-finite values are dropped, an empty y forecasts zeros
// with the model "naive", and h ≤ 0 gives empty slices.
func Auto(y []float64, h int, opts Options) Forecast {
	clean := make([]float64, 0, len(y))
	for _, v := range y {
		if !math.IsNaN(v) && !math.IsInf(v, 0) {
			clean = append(clean, v)
		}
	}
	y = clean
	h = max(h, 0)
	if len(y) == 0 {
		return finish("naive", core{point: make([]float64, h), sd: make([]float64, h)}, true)
	}
	period := opts.period()
	best := chooseModel(y, h, period, opts)
	return fit(best, y, h, period, nil)
}

// chooseModel runs the rolling-origin backtest of Auto.
func chooseModel(y []float64, h, period int, opts Options) string {
	const minHistory = 5
	n := len(y)
	fallback := "ses"
	if n < 3 {
		fallback = "naive"
	}
	candidates := candidatesFor(y, opts)
	if len(candidates) == 0 {
		return fallback
	}
	horizon := min(max(h, 1), n-minHistory)
	origins := opts.Origins
	if origins <= 0 {
		origins = 3
	}
	if horizon < 1 || len(candidates) == 1 {
		if len(candidates) == 1 {
			return candidates[0]
		}
		return fallback
	}
	scale := 0.0
	for t := 1; t < n; t++ {
		scale += math.Abs(y[t] - y[t-1])
	}
	scale /= float64(n - 1)
	if !(scale > 0) || math.IsInf(scale, 0) {
		scale = 1
	}
	errors := make([]float64, len(candidates))
	count := 0
	for k := 1; k <= origins; k++ {
		origin := n - k*horizon
		if origin < minHistory {
			break
		}
		cache := map[string]Forecast{}
		actual := y[origin : origin+horizon]
		for i, c := range candidates {
			f := fit(c, y[:origin], horizon, period, cache)
			for j, a := range actual {
				errors[i] += math.Abs(a-f.Point[j]) / scale
			}
		}
		count += horizon
	}
	if count == 0 {
		return fallback
	}
	best := 0
	for i := range candidates {
		if errors[i] < errors[best] {
			best = i
		}
	}
	return candidates[best]
}

func candidatesFor(y []float64, opts Options) []string {
	known := Models()
	if opts.Candidates != nil {
		var out []string
		for _, c := range opts.Candidates {
			if slices.Contains(known, c) && !slices.Contains(out, c) {
				out = append(out, c)
			}
		}
		return out
	}
	out := DefaultCandidates()
	if nonNegative(y) && slices.Contains(y, 0) {
		out = append(out, "croston", "sba", "tsb")
	}
	return out
}
