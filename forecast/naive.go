package forecast

import "math"

// naive forecasts the last value. The error of a random walk grows with the
// square root of the horizon; σ² is the mean squared first difference, which
// is how M4 built the naive intervals it scored.
func naive(y []float64, h int) core {
	n := len(y)
	sigma := 0.0
	if n > 1 {
		sse := 0.0
		for t := 1; t < n; t++ {
			d := y[t] - y[t-1]
			sse += d * d
		}
		sigma = math.Sqrt(sse / float64(n-1))
	}
	c := core{point: make([]float64, h), sd: make([]float64, h)}
	for k := range h {
		c.point[k] = y[n-1]
		c.sd[k] = sigma * math.Sqrt(float64(k+1))
	}
	return c
}

// seasonalNaive forecasts the value one period earlier. It needs more than a
// period of history to estimate its error; with less it is naive. The error at
// step k comes from ⌈k/m⌉ independent seasonal differences.
func seasonalNaive(y []float64, h, period int) core {
	n := len(y)
	if period < 2 || n <= period {
		return naive(y, h)
	}
	sse := 0.0
	for t := period; t < n; t++ {
		d := y[t] - y[t-period]
		sse += d * d
	}
	sigma := math.Sqrt(sse / float64(n-period))
	c := core{point: make([]float64, h), sd: make([]float64, h)}
	for k := range h {
		c.point[k] = y[n-period+k%period]
		c.sd[k] = sigma * math.Sqrt(float64(k/period+1))
	}
	return c
}
