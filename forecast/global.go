package forecast

import (
	"math"
	"slices"
)

// The global model: one pooled ridge regression fitted across every series
// of a panel, on windows normalised per series (Montero-Manso and Hyndman,
// 2021, "Principles and algorithms for forecasting groups of time series").
//
// At each time t of each series the window is the last lags values before
// t, divided by the window's level: the mean absolute value of its last
// levelLags values. The targets are the next h values divided by the same
// level. For each step k = 1..h, one linear model (an intercept and a weight
// per lag) is fitted by ridge regression over all windows of all series
// (direct multi-step forecasting), the weights shrunk towards zero, that is
// towards forecasting the window's level. The fit is closed-form (a Cholesky
// solve of the normal equations) and deterministic: windows are taken in
// series order and summed in a fixed order.

const (
	// levelLags is how many of a window's latest values set its level.
	levelLags = 13
	// maxWindows is how many of a series' latest windows enter a fit: five
	// years of weeks, so that a long series does not outweigh the others and
	// old behaviour fades.
	maxWindows = 260
	// minWindowHistory is the fewest observed values a window must hold;
	// the rest of a short window repeats its first value.
	minWindowHistory = levelLags
)

// globalGrid lists the window lengths and ridge penalties the panel
// backtest chooses from (see FitGlobal), shortest and most shrunk first so
// that ties go to the simpler model. The penalty is relative: it is
// multiplied by the mean diagonal of the lags' normal equations.
func globalGrid() ([]int, []float64) {
	return []int{13, 26, 52}, []float64{1, 1e-1, 1e-2, 1e-3}
}

// globalName is the global model's name in Forecast.Model.
const globalName = "global"

// globalModel is one fitted pooled regression.
type globalModel struct {
	lags int
	// coef[k] are the intercept and lag weights (lag 1 first) for step k+1.
	coef [][]float64
	// q are the normalised residual quantiles per step: 2.5%, 10%, 90%, 97.5%.
	q [][4]float64
}

// normalEquations are the sums X'X and X'Y over a panel's windows for the
// longest lags, from which any shorter lags and any penalty are solved.
type normalEquations struct {
	p    int         // 1 + the longest lags
	xtx  []float64   // p×p, row-major
	xty  [][]float64 // per step, p
	rows int
}

// window returns the normalised window of y ending before t (lags values,
// lag 1 first) and its level; false when the level is zero or not finite.
func window(y []float64, t, lags int, out []float64) (float64, bool) {
	level := 0.0
	m := min(levelLags, t)
	for j := 1; j <= m; j++ {
		level += math.Abs(y[t-j])
	}
	level /= float64(m)
	if !(level > 0) || math.IsInf(level, 0) {
		return 0, false
	}
	for j := 1; j <= lags; j++ {
		i := max(t-j, 0)
		out[j-1] = y[i] / level
	}
	return level, true
}

// accumulate adds the windows of every series, each cut at its own end[i]
// (targets only before it), to the normal equations for h steps.
func accumulate(panel [][]float64, end []int, h, lags int) normalEquations {
	p := 1 + lags
	ne := normalEquations{p: p, xtx: make([]float64, p*p), xty: make([][]float64, h)}
	for k := range ne.xty {
		ne.xty[k] = make([]float64, p)
	}
	x := make([]float64, p)
	x[0] = 1
	for i, y := range panel {
		last := end[i] - h // the latest window start with h targets
		first := max(minWindowHistory, last-maxWindows+1)
		for t := first; t <= last; t++ {
			level, ok := window(y, t, lags, x[1:])
			if !ok {
				continue
			}
			ne.rows++
			for a := range p {
				xa := x[a]
				row := ne.xtx[a*p:]
				for b := a; b < p; b++ {
					row[b] += xa * x[b]
				}
			}
			for k := range h {
				target := y[t+k] / level
				for a := range p {
					ne.xty[k][a] += x[a] * target
				}
			}
		}
	}
	for a := range p { // mirror the upper triangle
		for b := a + 1; b < p; b++ {
			ne.xtx[b*p+a] = ne.xtx[a*p+b]
		}
	}
	return ne
}

// solve fits the model with the first lags lags and the relative penalty;
// false when the equations are singular or hold too few windows.
func (ne normalEquations) solve(lags int, penalty float64) (globalModel, bool) {
	p := 1 + lags
	if ne.rows < 2*p {
		return globalModel{}, false
	}
	a := make([]float64, p*p)
	trace := 0.0
	for i := 1; i < p; i++ {
		trace += ne.xtx[i*ne.p+i]
	}
	ridge := penalty * trace / float64(max(p-1, 1))
	for i := range p {
		for j := range p {
			a[i*p+j] = ne.xtx[i*ne.p+j]
		}
		if i > 0 {
			a[i*p+i] += ridge
		}
	}
	l, ok := cholesky(a, p)
	if !ok {
		return globalModel{}, false
	}
	g := globalModel{lags: lags, coef: make([][]float64, len(ne.xty))}
	for k, b := range ne.xty {
		g.coef[k] = choleskySolve(l, p, b[:p])
	}
	return g, true
}

// levelModel is the limit of infinite penalty: every step forecasts the
// window's level.
func levelModel(lags, h int) globalModel {
	g := globalModel{lags: lags, coef: make([][]float64, h)}
	for k := range g.coef {
		g.coef[k] = make([]float64, 1+lags)
		g.coef[k][0] = 1
	}
	return g
}

// cholesky factors a symmetric positive definite p×p matrix as L·Lᵀ;
// false when it is not positive definite.
func cholesky(a []float64, p int) ([]float64, bool) {
	l := make([]float64, p*p)
	for j := range p {
		d := a[j*p+j]
		for k := range j {
			d -= l[j*p+k] * l[j*p+k]
		}
		if !(d > 0) {
			return nil, false
		}
		l[j*p+j] = math.Sqrt(d)
		for i := j + 1; i < p; i++ {
			s := a[i*p+j]
			for k := range j {
				s -= l[i*p+k] * l[j*p+k]
			}
			l[i*p+j] = s / l[j*p+j]
		}
	}
	return l, true
}

// choleskySolve solves L·Lᵀ·x = b.
func choleskySolve(l []float64, p int, b []float64) []float64 {
	y := make([]float64, p)
	for i := range p {
		s := b[i]
		for k := range i {
			s -= l[i*p+k] * y[k]
		}
		y[i] = s / l[i*p+i]
	}
	x := make([]float64, p)
	for i := p - 1; i >= 0; i-- {
		s := y[i]
		for k := i + 1; k < p; k++ {
			s -= l[k*p+i] * x[k]
		}
		x[i] = s / l[i*p+i]
	}
	return x
}

// points forecasts the h steps after y, in y's units; false when the
// window's level is zero (the series has been zero lately).
func (g globalModel) points(y []float64) ([]float64, float64, bool) {
	x := make([]float64, g.lags)
	level, ok := window(y, len(y), g.lags, x)
	if !ok {
		return nil, 0, false
	}
	out := make([]float64, len(g.coef))
	for k, c := range g.coef {
		v := c[0]
		for j, w := range x {
			v += c[j+1] * w
		}
		out[k] = v * level
	}
	return out, level, true
}

// forecast is the model's forecast of y with its quantile bounds; zeros
// when the window's level is zero.
func (g globalModel) forecast(y []float64) Forecast {
	h := len(g.coef)
	f := Forecast{Model: globalName, Point: make([]float64, h), Lo80: make([]float64, h), Hi80: make([]float64, h),
		Lo95: make([]float64, h), Hi95: make([]float64, h)}
	point, level, ok := g.points(y)
	if !ok {
		return f
	}
	for k, p := range point {
		f.Point[k] = finite(p)
		if k < len(g.q) {
			q := g.q[k]
			f.Lo95[k], f.Lo80[k] = finite(p+q[0]*level), finite(p+q[1]*level)
			f.Hi80[k], f.Hi95[k] = finite(p+q[2]*level), finite(p+q[3]*level)
		}
	}
	if nonNegative(y) {
		clipAtZero(&f)
	}
	return f
}

// quantile is the linear-interpolation quantile of sorted values.
func quantile(sorted []float64, p float64) float64 {
	if len(sorted) == 0 {
		return 0
	}
	pos := p * float64(len(sorted)-1)
	i := int(pos)
	if i+1 >= len(sorted) {
		return sorted[len(sorted)-1]
	}
	return sorted[i] + (pos-float64(i))*(sorted[i+1]-sorted[i])
}

// residualQuantiles sets the model's bounds from normalised out-of-sample
// errors per step (actual minus point, over the level), widened by nothing
// else: they are what the backtest saw.
func (g *globalModel) residualQuantiles(errs [][]float64) {
	g.q = make([][4]float64, len(errs))
	for k, e := range errs {
		s := slices.Clone(e)
		slices.Sort(s)
		g.q[k] = [4]float64{quantile(s, 0.025), quantile(s, 0.10), quantile(s, 0.90), quantile(s, 0.975)}
	}
}
