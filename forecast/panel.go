package forecast

import (
	"math"
)

// PanelSeries is one series of a panel that AutoPanel forecasts together:
// its values and, optionally, its calendar (as Options.Calendar, which
// AutoPanel and FitGlobal do not read).
type PanelSeries struct {
	Y        []float64
	Calendar []float64
}

// AutoPanel forecasts h steps of every series of a panel: each by Auto, with
// the global model fitted across the whole panel as one more candidate (see
// FitGlobal). The result is in panel order.
func AutoPanel(panel []PanelSeries, h int, opts Options) []Forecast {
	g := FitGlobal(panel, h, opts)
	out := make([]Forecast, len(panel))
	for i := range panel {
		out[i] = g.Auto(i)
	}
	return out
}

// Global is the global model fitted across a panel, with each series'
// forecasts made by it at Auto's backtest origins: what AutoPanel adds to
// each series' candidates.
type Global struct {
	h      int
	opts   Options
	series []prepared
	// Lags and Penalty are the window length and relative ridge penalty
	// the panel backtest chose; both 0 when the panel is too small for a
	// global model (it then joins no series' candidates).
	Lags    int
	Penalty float64
	// backtest[i][k-1] is series i's forecast made at origin k; final[i]
	// its forecast from the whole series. Nil for a series the global
	// model does not serve.
	backtest [][]Forecast
	final    []*Forecast
}

// prepared is a series as the forecasters see it: finite values, divided
// by its calendar's factors when it has a calendar.
type prepared struct {
	z        []float64
	calendar calendarEffect
	adjusted bool
}

// prepare drops the non-finite values (with their calendar entries) and
// applies the calendar.
func prepare(y, calendar []float64, h int) prepared {
	clean := make([]float64, 0, len(y))
	var cal []float64
	for i, v := range y {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			continue
		}
		clean = append(clean, v)
		if i < len(calendar) {
			cal = append(cal, calendar[i])
		}
	}
	if len(calendar) > len(y) && len(cal) == len(clean) {
		cal = append(cal, calendar[len(y):]...)
	}
	p := prepared{z: clean}
	if e, ok := newCalendarEffect(cal, len(clean), max(h, 0)); ok {
		p.z, p.calendar, p.adjusted = e.adjust(clean), e, true
	}
	return p
}

// FitGlobal fits the global model across a panel for h steps, choosing its
// window length and penalty by the panel's own rolling origins, and makes
// each series' backtest forecasts with it.
//
// The origins are Auto's: each series cut Options.Origins times, one
// horizon apart, the latest first. At each cut the model is fitted on every
// series' windows whose targets lie before its cut, for every pair of
// globalGrid, and forecasts the next h values of each series; the pair with
// the lowest mean MASE over all series and cuts is chosen (ties to the
// earlier pair). Only what lies before the cut enters each fit, so the
// choice is made on the series' training data alone. The chosen model is
// then fitted on all the data; its 80% and 95% bounds are the quantiles of
// its normalised backtest errors, step by step.
//
// A series joins when it has at least h values more than Auto's shortest
// history (so that its backtest horizon is h). A fit needs twice as many
// windows as weights: at a cut with fewer, the model is its limit of
// infinite penalty, the window's level; with fewer on all the data, there is
// no global model.
func FitGlobal(panel []PanelSeries, h int, opts Options) *Global {
	g := &Global{h: max(h, 0), opts: opts, series: make([]prepared, len(panel)),
		backtest: make([][]Forecast, len(panel)), final: make([]*Forecast, len(panel))}
	for i, s := range panel {
		g.series[i] = prepare(s.Y, s.Calendar, h)
	}
	if g.h == 0 {
		return g
	}
	g.fit()
	return g
}

// minHistory is the fewest values before a backtest origin (see Auto).
const minHistory = 5

// fit chooses the grid pair and fits the model (see FitGlobal).
func (g *Global) fit() {
	h := g.h
	zs := make([][]float64, len(g.series))
	eligible := make([]bool, len(g.series))
	anyEligible := false
	for i, s := range g.series {
		zs[i] = s.z
		eligible[i] = len(s.z)-minHistory >= h
		anyEligible = anyEligible || eligible[i]
	}
	if !anyEligible {
		return
	}
	lagsGrid, penalties := globalGrid()
	trials, count := g.backtestGrid(zs, eligible, lagsGrid, penalties)
	best := -1
	for t, tr := range trials {
		if count > 0 && (best < 0 || round9(tr.score) < round9(trials[best].score)) {
			best = t
		}
	}
	if best < 0 {
		return
	}
	lags, pen := lagsGrid[best/len(penalties)], penalties[best%len(penalties)]
	ends := make([]int, len(zs))
	for i, z := range zs {
		ends[i] = len(z)
	}
	m, ok := accumulate(zs, ends, h, lagsGrid[len(lagsGrid)-1]).solve(lags, pen)
	if !ok {
		return
	}
	m.residualQuantiles(trials[best].errs)
	g.Lags, g.Penalty = lags, pen
	for i, z := range zs {
		if !eligible[i] {
			continue
		}
		f := m.forecast(z)
		g.final[i] = &f
		for k := 1; k <= count; k++ {
			point := trials[best].points[k-1][i]
			if point == nil {
				break
			}
			g.backtest[i] = append(g.backtest[i], Forecast{Model: globalName, Point: point})
		}
	}
}

// globalTrial is one window length and penalty of the global model scored
// over the rolling origins.
type globalTrial struct {
	score  float64
	points [][][]float64 // [cut-1][series] points (nil when none)
	errs   [][]float64   // per step, normalised errors
}

// backtestGrid fits the model for every window length and penalty at each
// rolling origin of the training part and scores its forecasts of the
// eligible series (MASE-scaled absolute errors); it returns the trials,
// lags-major, and how many origins were scored.
func (g *Global) backtestGrid(zs [][]float64, eligible []bool, lagsGrid []int, penalties []float64) ([]globalTrial, int) {
	h, origins := g.h, g.opts.origins()
	maxLags := lagsGrid[len(lagsGrid)-1]
	trials := make([]globalTrial, len(lagsGrid)*len(penalties))
	for t := range trials {
		trials[t] = globalTrial{points: make([][][]float64, origins), errs: make([][]float64, h)}
	}
	count := 0
	for k := 1; k <= origins; k++ {
		ends := make([]int, len(zs))
		cut := false
		for i, z := range zs {
			ends[i] = max(len(z)-k*h, 0)
			if eligible[i] && ends[i] >= minHistory {
				cut = true
			}
		}
		if !cut {
			break
		}
		ne := accumulate(zs, ends, h, maxLags)
		for a, lags := range lagsGrid {
			for b, pen := range penalties {
				m, ok := ne.solve(lags, pen)
				if !ok {
					m = levelModel(lags, h) // too few windows before this cut
				}
				trials[a*len(penalties)+b].score1(m, zs, ends, eligible, k, h)
			}
		}
		count++
	}
	return trials, count
}

// score1 adds to the trial the forecasts of model m at the k-th origin
// (each series cut at ends) and their errors.
func (tr *globalTrial) score1(m globalModel, zs [][]float64, ends []int, eligible []bool, k, h int) {
	tr.points[k-1] = make([][]float64, len(zs))
	for i, z := range zs {
		if !eligible[i] || ends[i] < minHistory {
			continue
		}
		point, level, ok := m.points(z[:ends[i]])
		if !ok {
			point = make([]float64, h) // a series at zero lately: forecast zero
			level = 0
		}
		tr.points[k-1][i] = point
		scale := meanAbsoluteDifference(z[:ends[i]+h])
		for j := range h {
			e := z[ends[i]+j] - point[j]
			tr.score += math.Abs(e) / scale
			if level > 0 {
				tr.errs[j] = append(tr.errs[j], e/level)
			}
		}
	}
}

// round9 keeps nine decimals, so that scores equal but for rounding tie.
func round9(v float64) float64 { return math.Round(v*1e9) / 1e9 }

// Auto forecasts series i of the panel by Auto, the global model among its
// candidates when it serves the series.
func (g *Global) Auto(i int) Forecast {
	s := g.series[i]
	var ext *external
	if g.final[i] != nil {
		ext = &external{backtest: g.backtest[i], final: *g.final[i]}
	}
	f := auto(s.z, g.h, g.opts, ext)
	if s.adjusted {
		f = s.calendar.apply(f)
	}
	return f
}

// external is a candidate made outside Auto: its forecasts at the backtest
// origins (the latest first) and from the whole series.
type external struct {
	backtest []Forecast
	final    Forecast
}
