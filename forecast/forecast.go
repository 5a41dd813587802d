package forecast

import (
	"errors"
	"fmt"
	"math"
	"slices"
)

// Forecast is an h-step forecast of one series. Point holds the point
// forecasts for steps 1..h; Lo80/Hi80 and Lo95/Hi95 the bounds of the 80% and
// 95% prediction intervals at each step. Model names the method that made it
// (one of Models()).
type Forecast struct {
	Model                         string
	Point, Lo80, Hi80, Lo95, Hi95 []float64
}

// Options tunes Fit and Auto. The zero value is what pantau uses for weekly
// data.
type Options struct {
	// Period is the seasonal period in observations. 0 means 52 (weekly data
	// with a yearly cycle); 1 turns every seasonal step off, as M4 did for its
	// weekly series.
	Period int
	// Origins is how many rolling origins Auto backtests each candidate on.
	// 0 means 5.
	Origins int
	// Candidates are the models Auto chooses from, in tie-break order. Nil
	// means DefaultCandidates.
	Candidates []string
	// Top is how many of the best candidates Auto averages. 0 means 2.
	Top int
	// Calendar is the working days of each period, for Auto: first the
	// len(y) observed periods, then the h forecast periods (nil: no calendar
	// effects). Auto then forecasts the demand per typical period (y divided
	// by each period's working days over the median of the observed
	// periods') and multiplies the forecast back by the forecast periods'
	// working days, so that a holiday falls where the calendar puts it.
	// Forecast periods beyond its end count as typical.
	Calendar []float64
}

// ErrUnknownModel is returned by Fit for a model name that Models does not list.
var ErrUnknownModel = errors.New("unknown model")

// ErrNoData is returned by Fit for an empty series.
var ErrNoData = errors.New("no observations")

// Normal quantiles of the two-sided 80% and 95% intervals.
const (
	z80 = 1.2815515655446004
	z95 = 1.959963984540054
)

func (o Options) period() int {
	if o.Period <= 0 {
		return 52
	}
	return o.Period
}

// Fit forecasts h steps of y with the named model. Parameters are fitted by
// minimising the in-sample one-step sum of squared errors. y must be non-empty
// and finite; h must not be negative. When every value of y is non-negative,
// no point or bound of the result is negative.
func Fit(model string, y []float64, h int, opts Options) (Forecast, error) {
	if _, ok := lookup(model); !ok {
		return Forecast{}, fmt.Errorf("forecast %q: %w", model, ErrUnknownModel)
	}
	if len(y) == 0 {
		return Forecast{}, fmt.Errorf("forecast %s: %w", model, ErrNoData)
	}
	if h < 0 {
		return Forecast{}, fmt.Errorf("forecast %s: horizon %d is negative", model, h)
	}
	for i, v := range y {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return Forecast{}, fmt.Errorf("forecast %s: value %d is %v", model, i+1, v)
		}
	}
	return fit(model, y, h, opts.period(), nil), nil
}

// core is a forecast on the modelling scale: point forecasts and the standard
// deviation of the forecast error at each step.
type core struct {
	point, sd []float64
}

// fit forecasts a non-empty finite series with a method of the registry.
// When cache is not nil it holds the forecasts already made of the same y
// and h, so that combinations and the backtest fit each member once.
func fit(model string, y []float64, h, period int, cache map[string]Forecast) Forecast {
	if f, ok := cache[model]; ok {
		return f
	}
	m, ok := lookup(model)
	if !ok {
		panic("forecast: fit of unknown model " + model) // Fit and Auto pass registry names only
	}
	var f Forecast
	if m.members != nil {
		f = combine(model, m.average, y, h, period, cache, m.members...)
	} else {
		f = fitSingle(m, y, h, period)
	}
	if cache != nil {
		cache[model] = f
	}
	return f
}

// fitSingle forecasts with one method (not a combination). It fits on y
// divided by its largest magnitude: sums of squares of huge values would
// overflow, and the bounds of the initial states are then the same for every
// series.
func fitSingle(m Method, y []float64, h, period int) Forecast {
	scale := 0.0
	for _, v := range y {
		scale = math.Max(scale, math.Abs(v))
	}
	if scale == 0 {
		scale = 1
	}
	z := make([]float64, len(y))
	for i, v := range y {
		z[i] = v / scale
	}
	var factors []float64
	if m.adjusted {
		factors = seasonallyAdjust(z, h, period)
	}
	c := m.fit(z, h, period)
	for k := range c.point {
		f := scale
		if factors != nil {
			f *= factors[k]
		}
		c.point[k] *= f
		c.sd[k] *= f
	}
	return finish(m.Name, c, nonNegative(y))
}

// seasonallyAdjust divides z in place by its seasonal indices when it tests
// seasonal, and returns the indices of the h forecast steps (nil when not
// seasonal).
func seasonallyAdjust(z []float64, h, period int) []float64 {
	index, ok := seasonalIndices(z, period)
	if !ok {
		return nil
	}
	n := len(z)
	factors := make([]float64, h)
	for i := range z {
		z[i] /= index[i%period]
	}
	for k := range factors {
		factors[k] = index[(n+k)%period]
	}
	return factors
}

// finish turns a core forecast into bounds, clipping at zero for
// non-negative data and replacing anything non-finite, so that no caller ever
// sees NaN or Inf.
func finish(model string, c core, clip bool) Forecast {
	h := len(c.point)
	f := Forecast{Model: model, Point: make([]float64, h), Lo80: make([]float64, h), Hi80: make([]float64, h),
		Lo95: make([]float64, h), Hi95: make([]float64, h)}
	for k := range h {
		p, sd := finite(c.point[k]), finite(math.Abs(c.sd[k]))
		f.Point[k] = p
		f.Lo80[k], f.Hi80[k] = finite(p-z80*sd), finite(p+z80*sd)
		f.Lo95[k], f.Hi95[k] = finite(p-z95*sd), finite(p+z95*sd)
	}
	if clip {
		clipAtZero(&f)
	}
	return f
}

func clipAtZero(f *Forecast) {
	for _, s := range [][]float64{f.Point, f.Lo80, f.Hi80, f.Lo95, f.Hi95} {
		for k := range s {
			s[k] = math.Max(0, s[k])
		}
	}
}

// finite maps NaN to 0 and the infinities to the largest finite values.
func finite(v float64) float64 {
	switch {
	case math.IsNaN(v):
		return 0
	case math.IsInf(v, 1):
		return math.MaxFloat64
	case math.IsInf(v, -1):
		return -math.MaxFloat64
	}
	return v
}

func nonNegative(y []float64) bool {
	for _, v := range y {
		if v < 0 {
			return false
		}
	}
	return true
}

// combine averages the forecasts of several models step by step, bounds
// included. Averaging quantiles rather than pooling the distributions keeps
// the intervals about as wide as the members' (Lichtendahl, Grushka-Cockayne
// and Winkler, 2013), and is what a planner can check by hand.
func combine(model string, average func([]float64) float64, y []float64, h, period int, cache map[string]Forecast, members ...string) Forecast {
	if cache == nil {
		cache = map[string]Forecast{}
	}
	forecasts := make([]Forecast, len(members))
	for i, m := range members {
		forecasts[i] = fit(m, y, h, period, cache)
	}
	out := Forecast{Model: model}
	values := make([]float64, len(members))
	pick := func(get func(Forecast) []float64) []float64 {
		s := make([]float64, h)
		for k := range s {
			for i, f := range forecasts {
				values[i] = get(f)[k]
			}
			s[k] = finite(average(values))
		}
		return s
	}
	out.Point = pick(func(f Forecast) []float64 { return f.Point })
	out.Lo80 = pick(func(f Forecast) []float64 { return f.Lo80 })
	out.Hi80 = pick(func(f Forecast) []float64 { return f.Hi80 })
	out.Lo95 = pick(func(f Forecast) []float64 { return f.Lo95 })
	out.Hi95 = pick(func(f Forecast) []float64 { return f.Hi95 })
	return out
}

func mean(v []float64) float64 {
	s := 0.0
	for _, x := range v {
		s += x / float64(len(v)) // divided first so that huge values cannot overflow
	}
	return s
}

// median sorts a copy; for an even count it is the mean of the middle two.
func median(v []float64) float64 {
	s := slices.Clone(v)
	slices.Sort(s)
	n := len(s)
	if n%2 == 1 {
		return s[n/2]
	}
	return s[n/2-1]/2 + s[n/2]/2
}

func (o Options) top() int {
	if o.Top <= 0 {
		return 2
	}
	return o.Top
}

func (o Options) origins() int {
	if o.Origins <= 0 {
		return 5
	}
	return o.Origins
}
