package forecast

import "math"

// minimize finds a box-constrained minimum of f with the Nelder–Mead simplex
// method, starting from x0. Points are clamped into [lo, hi] so that
// smoothing parameters stay admissible. It is written here rather than taken
// from gonum so that the package keeps no dependencies and so that a fit costs
// no allocations per evaluation: the backtest calls it thousands of times.
// It is deterministic: no randomness, a fixed initial simplex.
func minimize(f func([]float64) float64, x0, lo, hi []float64, maxEval int) ([]float64, float64) {
	d := len(x0)
	eval := func(x []float64) float64 {
		v := f(x)
		if math.IsNaN(v) {
			return math.Inf(1)
		}
		return v
	}
	clamp := func(x []float64) {
		for i := range x {
			x[i] = math.Max(lo[i], math.Min(hi[i], x[i]))
		}
	}
	// Simplex of d+1 vertices; the first is x0, the others step 10% of the
	// box width along one axis each, inwards when the step would leave it.
	simplex := make([][]float64, d+1)
	values := make([]float64, d+1)
	for i := range simplex {
		simplex[i] = append([]float64(nil), x0...)
		clamp(simplex[i])
		if i > 0 {
			step := 0.1 * (hi[i-1] - lo[i-1])
			if step == 0 {
				step = 0.1
			}
			if simplex[i][i-1]+step > hi[i-1] {
				step = -step
			}
			simplex[i][i-1] += step
			clamp(simplex[i])
		}
		values[i] = eval(simplex[i])
	}
	evals := d + 1
	centroid := make([]float64, d)
	reflected := make([]float64, d)
	trial := make([]float64, d)
	point := func(dst []float64, coef float64, worst []float64) {
		for j := range dst {
			dst[j] = centroid[j] + coef*(worst[j]-centroid[j])
		}
		clamp(dst)
	}
	for evals < maxEval {
		// Insertion sort: the simplex is tiny and ties keep their order,
		// which keeps the search deterministic.
		for i := 1; i <= d; i++ {
			for j := i; j > 0 && values[j] < values[j-1]; j-- {
				values[j], values[j-1] = values[j-1], values[j]
				simplex[j], simplex[j-1] = simplex[j-1], simplex[j]
			}
		}
		best, worst := values[0], values[d]
		if math.Abs(worst-best) <= 1e-10*(math.Abs(best)+1e-20) {
			break
		}
		for j := range centroid {
			centroid[j] = 0
			for i := 0; i < d; i++ {
				centroid[j] += simplex[i][j]
			}
			centroid[j] /= float64(d)
		}
		point(reflected, -1, simplex[d])
		fr := eval(reflected)
		evals++
		switch {
		case fr < best:
			point(trial, -2, simplex[d])
			fe := eval(trial)
			evals++
			if fe < fr {
				copy(simplex[d], trial)
				values[d] = fe
			} else {
				copy(simplex[d], reflected)
				values[d] = fr
			}
		case fr < values[d-1]:
			copy(simplex[d], reflected)
			values[d] = fr
		default:
			coef := 0.5 // inside contraction
			if fr < worst {
				coef = -0.5 // outside contraction
			}
			point(trial, coef, simplex[d])
			fc := eval(trial)
			evals++
			if fc < math.Min(fr, worst) {
				copy(simplex[d], trial)
				values[d] = fc
				continue
			}
			for i := 1; i <= d; i++ {
				for j := range simplex[i] {
					simplex[i][j] = simplex[0][j] + 0.5*(simplex[i][j]-simplex[0][j])
				}
				values[i] = eval(simplex[i])
				evals++
			}
		}
	}
	bestIndex := 0
	for i := 1; i <= d; i++ {
		if values[i] < values[bestIndex] {
			bestIndex = i
		}
	}
	return simplex[bestIndex], values[bestIndex]
}
