package forecast

import (
	"math"
	"slices"
)

// calendarEffect is what a working-day calendar does to a series: each
// period's factor is its working days over the typical period's (the median
// of the observed periods with any), so a normal week is 1, a Lebaran week
// with two working days of five is 0.4.
type calendarEffect struct {
	past, future []float64 // factors of the observed and the forecast periods
}

// newCalendarEffect reads Options.Calendar for n observed and h forecast
// periods. It reports false when there is no calendar or it says nothing
// (no observed period with working days). Forecast periods the calendar
// does not reach are typical (factor 1); a negative or non-finite entry is
// taken as typical too.
func newCalendarEffect(calendar []float64, n, h int) (calendarEffect, bool) {
	if len(calendar) == 0 || n == 0 {
		return calendarEffect{}, false
	}
	var working []float64
	for _, c := range calendar[:min(n, len(calendar))] {
		if c > 0 && !math.IsInf(c, 0) {
			working = append(working, c)
		}
	}
	if len(working) == 0 {
		return calendarEffect{}, false
	}
	typical := median(working)
	factor := func(i int) float64 {
		if i >= len(calendar) || !(calendar[i] >= 0) || math.IsInf(calendar[i], 0) {
			return 1
		}
		return calendar[i] / typical
	}
	e := calendarEffect{past: make([]float64, n), future: make([]float64, h)}
	for i := range e.past {
		e.past[i] = factor(i)
	}
	for k := range e.future {
		e.future[k] = factor(n + k)
	}
	return e, true
}

// adjust returns y per typical period: each value divided by its factor. A
// period without working days says nothing about the rate, so it takes the
// rate of the nearest earlier period (of the first later one at the start).
func (e calendarEffect) adjust(y []float64) []float64 {
	z := make([]float64, len(y))
	known := make([]bool, len(y))
	for i, v := range y {
		if f := e.past[i]; f > minFactor {
			z[i], known[i] = v/f, true
		}
	}
	first := slices.Index(known, true)
	if first < 0 {
		return slices.Clone(y)
	}
	last := z[first]
	for i := range z {
		if known[i] {
			last = z[i]
		} else {
			z[i] = last
		}
	}
	return z
}

// minFactor is the smallest share of a typical period's working days from
// which a period's value is read as a rate: below it (a week of Lebaran and
// cuti bersama with no working day) the value is mostly spill-over.
const minFactor = 0.1

// apply multiplies a forecast of the rate back by the forecast periods'
// factors, bounds included.
func (e calendarEffect) apply(f Forecast) Forecast {
	for _, s := range [][]float64{f.Point, f.Lo80, f.Hi80, f.Lo95, f.Hi95} {
		for k := range s {
			s[k] = finite(s[k] * e.future[k])
		}
	}
	return f
}
