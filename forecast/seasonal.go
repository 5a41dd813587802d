package forecast

import "math"

// seasonalIndices decides whether y is seasonal with the given period and,
// if so, returns the classical multiplicative seasonal indices (one per
// position in the period, mean 1), as the M4 benchmarks did:
//
//   - the series must hold at least three periods and be positive
//     (a multiplicative index of a zero is meaningless);
//   - the autocorrelation at lag m must exceed the 90% limit
//     1.645·√((1 + 2·Σ_{i<m} r_i²)/n);
//   - the indices are the mean ratio of y to its centred moving average
//     (2×m for even m), position by position, normalised to mean 1, as R's
//     decompose(type = "multiplicative").
func seasonalIndices(y []float64, m int) ([]float64, bool) {
	if !testsSeasonal(y, m) {
		return nil, false
	}
	return ratioIndices(y, m)
}

// testsSeasonal applies the first two conditions of seasonalIndices.
func testsSeasonal(y []float64, m int) bool {
	n := len(y)
	if m < 2 || n < 3*m {
		return false
	}
	for _, v := range y {
		if v <= 0 {
			return false
		}
	}
	meanY := 0.0
	for _, v := range y {
		meanY += v
	}
	meanY /= float64(n)
	var c0 float64
	for _, v := range y {
		c0 += (v - meanY) * (v - meanY)
	}
	if c0 == 0 {
		return false
	}
	acf := func(lag int) float64 {
		s := 0.0
		for t := lag; t < n; t++ {
			s += (y[t] - meanY) * (y[t-lag] - meanY)
		}
		return s / c0
	}
	sum := 1.0
	for i := 1; i < m; i++ {
		r := acf(i)
		sum += 2 * r * r
	}
	limit := 1.645 / math.Sqrt(float64(n)) * math.Sqrt(sum)
	return math.Abs(acf(m)) > limit
}

// ratioIndices are the classical multiplicative indices of a positive y
// with at least three periods; false when one is not a positive finite
// number.
func ratioIndices(y []float64, m int) ([]float64, bool) {
	n := len(y)
	// Centred moving average: weights 1/m, halved at both ends for even m.
	half := m / 2
	ratioSum := make([]float64, m)
	ratioCount := make([]float64, m)
	for t := half; t < n-half; t++ {
		var ma float64
		if m%2 == 0 {
			ma = 0.5*y[t-half] + 0.5*y[t+half]
			for j := t - half + 1; j < t+half; j++ {
				ma += y[j]
			}
		} else {
			for j := t - half; j <= t+half; j++ {
				ma += y[j]
			}
		}
		ma /= float64(m)
		ratioSum[t%m] += y[t] / ma
		ratioCount[t%m]++
	}
	index := make([]float64, m)
	total := 0.0
	for i := range index {
		index[i] = ratioSum[i] / ratioCount[i]
		total += index[i]
	}
	for i := range index {
		index[i] *= float64(m) / total
		if !(index[i] > 0) || math.IsInf(index[i], 0) {
			return nil, false
		}
	}
	return index, true
}
