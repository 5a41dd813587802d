package forecast

import (
	"cmp"
	"math"
	"slices"
	"strings"
)

// Auto forecasts h steps of y with the models that forecast y's own recent
// past best.
//
// The backtest cuts y at a few rolling origins (Options.Origins, one horizon
// apart, the latest first), fits every candidate on the history before each
// origin, and scores the next h values by the mean absolute error scaled by
// y's mean absolute first difference (MASE). Candidates are ranked by that
// score, ties keeping the candidate order, so the choice is deterministic.
// The best Options.Top candidates are refitted on all of y and averaged step
// by step, bounds included; Forecast.Model names them joined by "+", e.g.
// "damped+snaive".
//
// Candidates are Options.Candidates (unknown names are ignored) or
// DefaultCandidates, plus the intermittent-demand methods of the registry
// (see Methods) when y is non-negative and contains zeros. A series too short for a backtest (fewer than five values
// before the first origin) gets ses, or naive below three values.
//
// With Options.Calendar, y is first divided by each period's working days
// relative to a typical period's, forecast as a rate, and multiplied back by
// the forecast periods' working days (see Options.Calendar).
//
// Auto never fails: non-finite values are dropped, an empty y forecasts zeros
// with the model "naive", and h ≤ 0 gives empty slices.
func Auto(y []float64, h int, opts Options) Forecast {
	p := prepare(y, opts.Calendar, h)
	f := auto(p.z, max(h, 0), opts, nil)
	if p.adjusted {
		f = p.calendar.apply(f)
	}
	return f
}

// auto is Auto on a prepared series, with an external candidate when ext is
// not nil.
func auto(y []float64, h int, opts Options, ext *external) Forecast {
	if len(y) == 0 {
		return finish("naive", core{point: make([]float64, h), sd: make([]float64, h)}, true)
	}
	period := opts.period()
	ranked := rankModels(y, h, period, opts, ext)
	top := ranked[:min(len(ranked), opts.top())]
	cache := map[string]Forecast{}
	if ext != nil {
		cache[globalName] = ext.final
	}
	if len(top) == 1 {
		return fit(top[0], y, h, period, cache)
	}
	return combine(strings.Join(top, "+"), mean, y, h, period, cache, top...)
}

// rankModels orders the candidates for y by their rolling-origin backtest
// score, best first (see Auto).
func rankModels(y []float64, h, period int, opts Options, ext *external) []string {
	n := len(y)
	fallback := "ses"
	if n < 3 {
		fallback = "naive"
	}
	candidates := candidatesFor(y, opts)
	if ext != nil && len(ext.backtest) > 0 {
		candidates = append(candidates, globalName)
	}
	if len(candidates) == 0 {
		return []string{fallback}
	}
	if len(candidates) == 1 {
		return candidates[:1]
	}
	horizon := min(max(h, 1), n-minHistory)
	if horizon < 1 {
		return []string{fallback}
	}
	scores, ok := backtest(y, candidates, horizon, period, opts.origins(), ext)
	if !ok {
		return []string{fallback}
	}
	order := make([]int, len(candidates))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(scores[a], scores[b]) })
	ranked := make([]string, len(order))
	for i, j := range order {
		ranked[i] = candidates[j]
	}
	return ranked
}

// backtest scores each candidate by its mean absolute error over up to
// origins rolling origins, one horizon apart, scaled by y's mean absolute
// first difference (MASE). It reports false when no origin leaves
// minHistory values to fit on. The external candidate's forecasts come from
// ext, origin by origin; an origin it has none for ends the backtest.
func backtest(y []float64, candidates []string, horizon, period, origins int, ext *external) ([]float64, bool) {
	n := len(y)
	scale := meanAbsoluteDifference(y)
	scores := make([]float64, len(candidates))
	count := 0
	for k := 1; k <= origins; k++ {
		origin := n - k*horizon
		if origin < minHistory {
			break
		}
		cache := map[string]Forecast{}
		if ext != nil {
			if k > len(ext.backtest) {
				break
			}
			cache[globalName] = ext.backtest[k-1]
		}
		actual := y[origin : origin+horizon]
		for i, c := range candidates {
			f := fit(c, y[:origin], horizon, period, cache)
			for j, a := range actual {
				scores[i] += math.Abs(a-f.Point[j]) / scale
			}
		}
		count += horizon
	}
	if count == 0 {
		return nil, false
	}
	// Scores that differ by less than a billionth of a naive step are ties:
	// such differences are rounding, and must not decide the choice.
	for i := range scores {
		scores[i] = math.Round(scores[i]/float64(count)*1e9) / 1e9
	}
	return scores, true
}

// meanAbsoluteDifference is the MASE scale of y (n ≥ 2), or 1 when it is
// zero or not finite.
func meanAbsoluteDifference(y []float64) float64 {
	n := len(y)
	scale := 0.0
	for t := 1; t < n; t++ {
		scale += math.Abs(y[t] - y[t-1])
	}
	scale /= float64(n - 1)
	if !(scale > 0) || math.IsInf(scale, 0) {
		return 1
	}
	return scale
}

// candidatesFor lists the methods Auto backtests on y: Options.Candidates
// that the registry knows, without repeats, or the registry's default
// candidates, with the intermittent ones when y is non-negative and holds a
// zero.
func candidatesFor(y []float64, opts Options) []string {
	if opts.Candidates != nil {
		var out []string
		for _, c := range opts.Candidates {
			if _, ok := lookup(c); ok && !slices.Contains(out, c) {
				out = append(out, c)
			}
		}
		return out
	}
	return candidates(nonNegative(y) && slices.Contains(y, 0))
}
