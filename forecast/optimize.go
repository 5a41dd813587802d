package forecast

import "math"

// minimize finds a box-constrained minimum of f with the Nelder–Mead simplex
// method, starting from x0. Points are clamped into [lo, hi] so that
// smoothing parameters stay admissible. It is written here rather than taken
// from gonum so that the package keeps no dependencies and so that a fit costs
// no allocations per evaluation: the backtest calls it thousands of times.
// It is deterministic: no randomness, a fixed initial simplex.
func minimize(f func([]float64) float64, x0, lo, hi []float64, maxEval int) ([]float64, float64) {
	s := newSimplex(f, x0, lo, hi)
	for s.evals < maxEval {
		s.sort()
		if s.converged() {
			break
		}
		s.step()
	}
	return s.best()
}

// simplex is the state of a Nelder–Mead search in d dimensions: d+1
// vertices with their values, and scratch points reused at every step.
type simplex struct {
	f                          func([]float64) float64
	lo, hi                     []float64
	vertices                   [][]float64
	values                     []float64
	centroid, reflected, trial []float64
	evals                      int
}

// newSimplex builds the initial simplex: the first vertex is x0, the others
// step 10% of the box width along one axis each, inwards when the step would
// leave it.
func newSimplex(f func([]float64) float64, x0, lo, hi []float64) *simplex {
	d := len(x0)
	s := &simplex{f: f, lo: lo, hi: hi, vertices: make([][]float64, d+1), values: make([]float64, d+1),
		centroid: make([]float64, d), reflected: make([]float64, d), trial: make([]float64, d)}
	for i := range s.vertices {
		v := append([]float64(nil), x0...)
		s.clamp(v)
		if i > 0 {
			step := 0.1 * (hi[i-1] - lo[i-1])
			if step == 0 {
				step = 0.1
			}
			if v[i-1]+step > hi[i-1] {
				step = -step
			}
			v[i-1] += step
			s.clamp(v)
		}
		s.vertices[i] = v
		s.values[i] = s.eval(v)
	}
	s.evals = d + 1
	return s
}

// eval is f, with NaN taken as +Inf so that it never wins a comparison.
func (s *simplex) eval(x []float64) float64 {
	v := s.f(x)
	if math.IsNaN(v) {
		return math.Inf(1)
	}
	return v
}

func (s *simplex) clamp(x []float64) {
	for i := range x {
		x[i] = math.Max(s.lo[i], math.Min(s.hi[i], x[i]))
	}
}

// sort orders the vertices by value with an insertion sort: the simplex is
// tiny and ties keep their order, which keeps the search deterministic.
func (s *simplex) sort() {
	for i := 1; i < len(s.values); i++ {
		for j := i; j > 0 && s.values[j] < s.values[j-1]; j-- {
			s.values[j], s.values[j-1] = s.values[j-1], s.values[j]
			s.vertices[j], s.vertices[j-1] = s.vertices[j-1], s.vertices[j]
		}
	}
}

// converged tells whether the best and worst values of the sorted simplex
// agree to a relative 1e-10.
func (s *simplex) converged() bool {
	best, worst := s.values[0], s.values[len(s.values)-1]
	return math.Abs(worst-best) <= 1e-10*(math.Abs(best)+1e-20)
}

// point sets dst to centroid + coef·(worst − centroid), clamped.
func (s *simplex) point(dst []float64, coef float64, worst []float64) {
	for j := range dst {
		dst[j] = s.centroid[j] + coef*(worst[j]-s.centroid[j])
	}
	s.clamp(dst)
}

// replaceWorst puts x, of value v, in place of the worst vertex.
func (s *simplex) replaceWorst(x []float64, v float64) {
	d := len(s.centroid)
	copy(s.vertices[d], x)
	s.values[d] = v
}

// step moves the sorted simplex once: reflect the worst vertex through the
// centroid of the others, then expand, accept, contract or shrink.
func (s *simplex) step() {
	d := len(s.centroid)
	best, worst := s.values[0], s.values[d]
	for j := range s.centroid {
		s.centroid[j] = 0
		for i := 0; i < d; i++ {
			s.centroid[j] += s.vertices[i][j]
		}
		s.centroid[j] /= float64(d)
	}
	s.point(s.reflected, -1, s.vertices[d])
	fr := s.eval(s.reflected)
	s.evals++
	switch {
	case fr < best:
		s.point(s.trial, -2, s.vertices[d])
		fe := s.eval(s.trial)
		s.evals++
		if fe < fr {
			s.replaceWorst(s.trial, fe)
		} else {
			s.replaceWorst(s.reflected, fr)
		}
	case fr < s.values[d-1]:
		s.replaceWorst(s.reflected, fr)
	default:
		s.contract(fr, worst)
	}
}

// contract tries a point between the centroid and the worst vertex (inside,
// or outside when the reflection fr beat the worst) and, when that fails
// too, shrinks every vertex halfway towards the best.
func (s *simplex) contract(fr, worst float64) {
	d := len(s.centroid)
	coef := 0.5 // inside contraction
	if fr < worst {
		coef = -0.5 // outside contraction
	}
	s.point(s.trial, coef, s.vertices[d])
	fc := s.eval(s.trial)
	s.evals++
	if fc < math.Min(fr, worst) {
		s.replaceWorst(s.trial, fc)
		return
	}
	for i := 1; i <= d; i++ {
		for j := range s.vertices[i] {
			s.vertices[i][j] = s.vertices[0][j] + 0.5*(s.vertices[i][j]-s.vertices[0][j])
		}
		s.values[i] = s.eval(s.vertices[i])
		s.evals++
	}
}

// best returns the vertex with the lowest value (the first of equals).
func (s *simplex) best() ([]float64, float64) {
	bestIndex := 0
	for i := 1; i < len(s.values); i++ {
		if s.values[i] < s.values[bestIndex] {
			bestIndex = i
		}
	}
	return s.vertices[bestIndex], s.values[bestIndex]
}
