package forecast

import "math"

// etsModel is a fitted exponential smoothing model in error-correction form:
//
//	forecast  ŷ(t) = ℓ(t-1) + φ·b(t-1)
//	level     ℓ(t) = ŷ(t) + α·e(t)
//	trend     b(t) = φ·b(t-1) + β·e(t),   e(t) = y(t) − ŷ(t)
//
// SES has no trend (β = 0, b = 0); Holt has φ = 1; the damped trend has
// φ in [0.8, 0.98], the range R's forecast package uses, because a φ near 1
// is Holt again and a small φ is SES again.
type etsModel struct {
	alpha, beta, phi float64
	level, slope     float64 // states after the last observation
	level0, slope0   float64 // initial states
	sigma            float64 // standard deviation of the one-step errors
}

// etsFilter runs the recursions over y from the initial states and returns
// the sum of squared one-step errors and the final states. When fitted is not
// nil it receives the one-step forecasts.
func etsFilter(y []float64, alpha, beta, phi, level, slope float64, fitted []float64) (sse, endLevel, endSlope float64) {
	for t, v := range y {
		f := level + phi*slope
		if fitted != nil {
			fitted[t] = f
		}
		e := v - f
		sse += e * e
		level = f + alpha*e
		slope = phi*slope + beta*e
	}
	return sse, level, slope
}

// fitETS fits α (and β, φ) and the initial states by minimising the in-sample
// one-step sum of squared errors, as R's ses() and holt() do with
// opt.crit = "mse". β is searched as a share of α so that β ≤ α, the usual
// admissible region. The one-step errors are linear in the initial states, so
// for given smoothing parameters the best initial states are a least-squares
// solution (see profile); the simplex searches the smoothing parameters only.
func fitETS(y []float64, trend, damped bool) etsModel {
	n := len(y)
	if n == 1 || (trend && n == 2) {
		// Too short to tell a level from a trend: the last value, no trend.
		return etsModel{alpha: 1, phi: 1, level: y[n-1], level0: y[n-1]}
	}
	// x = [α, β/α, φ], only the entries the model uses.
	x0 := []float64{0.2}
	lower := []float64{1e-4}
	upper := []float64{0.9999}
	if trend {
		x0 = append(x0, 0.1)
		lower = append(lower, 1e-4)
		upper = append(upper, 0.9999)
	}
	if damped {
		x0 = append(x0, 0.95)
		lower = append(lower, 0.8)
		upper = append(upper, 0.98)
	}
	unpack := func(x []float64) (alpha, beta, phi float64) {
		alpha, phi = x[0], 1
		if trend {
			beta = alpha * x[1]
		}
		if damped {
			phi = x[2]
		}
		return
	}
	objective := func(x []float64) float64 {
		alpha, beta, phi := unpack(x)
		sse, _, _ := profile(y, alpha, beta, phi, trend)
		return sse
	}
	best, _ := minimize(objective, x0, lower, upper, 80*len(x0))
	// A second start from the first optimum escapes a collapsed simplex.
	best, sse := minimize(objective, best, lower, upper, 40*len(x0))
	alpha, beta, phi := unpack(best)
	_, level0, slope0 := profile(y, alpha, beta, phi, trend)
	_, level, slope := etsFilter(y, alpha, beta, phi, level0, slope0, nil)
	states := 1
	if trend {
		states = 2
	}
	return etsModel{alpha: alpha, beta: beta, phi: phi, level: level, slope: slope, level0: level0, slope0: slope0,
		sigma: math.Sqrt(math.Max(0, sse) / float64(max(1, n-len(best)-states)))}
}

// profile returns the smallest sum of squared one-step errors over the
// initial states for given smoothing parameters, and those states. The
// recursions are linear, so the one-step error is r(t) − ℓ0·u(t) − b0·v(t),
// where r is the error from zero initial states and u, v are the responses
// of the forecast to a unit initial level and slope; ℓ0 and b0 then solve a
// 2×2 least-squares problem.
func profile(y []float64, alpha, beta, phi float64, trend bool) (sse, level0, slope0 float64) {
	var lr, br float64 // states driven by y from zero
	lu, bu := 1.0, 0.0 // response to a unit initial level
	lv, bv := 0.0, 1.0 // response to a unit initial slope
	var suu, suv, svv, sur, svr, srr float64
	for _, v := range y {
		fr := lr + phi*br
		r := v - fr
		lr, br = fr+alpha*r, phi*br+beta*r
		fu := lu + phi*bu
		lu, bu = fu-alpha*fu, phi*bu-beta*fu
		srr += r * r
		sur += fu * r
		suu += fu * fu
		if trend {
			fv := lv + phi*bv
			lv, bv = fv-alpha*fv, phi*bv-beta*fv
			svr += fv * r
			svv += fv * fv
			suv += fu * fv
		}
	}
	if trend {
		det := suu*svv - suv*suv
		if det > 1e-12*suu*svv && det > 0 {
			level0 = (sur*svv - svr*suv) / det
			slope0 = (svr*suu - sur*suv) / det
			return srr - level0*sur - slope0*svr, level0, slope0
		}
	}
	if suu > 0 {
		level0 = sur / suu
	}
	return srr - level0*sur, level0, 0
}

// forecast gives the h-step point forecasts ℓ + (φ + … + φ^k)·b and the
// analytic error standard deviations of the linear innovations state space
// model (Hyndman et al. 2008, ch. 6):
//
//	var(k) = σ² · (1 + Σ_{j=1..k-1} c_j²),   c_j = α + β·(φ + … + φ^j)
//
// which is σ²(1 + (k−1)α²) for SES.
func (m etsModel) forecast(h int) core {
	c := core{point: make([]float64, h), sd: make([]float64, h)}
	phiSum, variance := 0.0, 1.0
	power := 1.0
	for k := range h {
		if k > 0 {
			cj := m.alpha + m.beta*phiSum
			variance += cj * cj
		}
		power *= m.phi
		phiSum += power
		c.point[k] = m.level + phiSum*m.slope
		c.sd[k] = m.sigma * math.Sqrt(variance)
	}
	return c
}

// lineFit is the least-squares line a + b·t through y at t = 1..n.
func lineFit(y []float64) (a, b float64) {
	n := float64(len(y))
	if len(y) < 2 {
		if len(y) == 1 {
			return y[0], 0
		}
		return 0, 0
	}
	meanT := (n + 1) / 2
	meanY := 0.0
	for _, v := range y {
		meanY += v
	}
	meanY /= n
	var sxy, sxx float64
	for i, v := range y {
		dt := float64(i+1) - meanT
		sxy += dt * (v - meanY)
		sxx += dt * dt
	}
	b = sxy / sxx
	return meanY - b*meanT, b
}
