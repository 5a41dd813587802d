package forecast

import "math"

// crostonFilter runs Croston's method with smoothing constant α: the size of
// the non-zero demands and the interval between them are smoothed separately,
// and only in periods with demand; the forecast per period is size/interval.
// SBA multiplies it by 1 − α/2, which removes most of Croston's upward bias
// (Syntetos and Boylan, 2005). The states start at the first demand and the
// periods up to and including it. It returns the sum of squared one-step
// errors over the periods after the first demand, and the final forecast.
func crostonFilter(y []float64, alpha float64, sba bool) (sse, last float64) {
	first := -1
	for t, v := range y {
		if v != 0 {
			first = t
			break
		}
	}
	if first < 0 {
		return 0, 0
	}
	factor := 1.0
	if sba {
		factor = 1 - alpha/2
	}
	size, interval := y[first], float64(first+1)
	since := 0.0
	for _, v := range y[first+1:] {
		f := factor * size / interval
		sse += (v - f) * (v - f)
		since++
		if v != 0 {
			size += alpha * (v - size)
			interval += alpha * (since - interval)
			since = 0
		}
	}
	return sse, factor * size / interval
}

// croston fits α in [0.01, 0.99] by the one-step SSE and forecasts a flat
// line. The interval uses SES's variance with that α and the one-step errors.
func croston(y []float64, h int, sba bool) core {
	objective := func(x []float64) float64 {
		sse, _ := crostonFilter(y, x[0], sba)
		return sse
	}
	best, _ := minimize(objective, []float64{0.1}, []float64{0.01}, []float64{0.99}, 60)
	sse, last := crostonFilter(y, best[0], sba)
	return flat(last, best[0], sse, len(y), h)
}

// tsbFilter runs Teunter–Syntetos–Babai: the probability of a demand is
// smoothed every period with β, the size of the non-zero demands only when
// one occurs with α, and the forecast is probability·size, so that it decays
// towards zero when demand stops (which Croston's never does). The states start
// at the share of periods with demand and the mean non-zero demand.
func tsbFilter(y []float64, alpha, beta float64) (sse, last float64) {
	var count, total float64
	for _, v := range y {
		if v != 0 {
			count++
			total += v
		}
	}
	if count == 0 {
		return 0, 0
	}
	probability, size := count/float64(len(y)), total/count
	for _, v := range y {
		f := probability * size
		sse += (v - f) * (v - f)
		if v != 0 {
			probability += beta * (1 - probability)
			size += alpha * (v - size)
		} else {
			probability -= beta * probability
		}
	}
	return sse, probability * size
}

// tsb fits α and β in [0.01, 0.99] by the one-step SSE.
func tsb(y []float64, h int) core {
	objective := func(x []float64) float64 {
		sse, _ := tsbFilter(y, x[0], x[1])
		return sse
	}
	lower, upper := []float64{0.01, 0.01}, []float64{0.99, 0.99}
	best, _ := minimize(objective, []float64{0.1, 0.1}, lower, upper, 150)
	sse, last := tsbFilter(y, best[0], best[1])
	return flat(last, best[0], sse, len(y), h)
}

// flat is a constant forecast whose error grows like SES's with the given α.
func flat(level, alpha, sse float64, n, h int) core {
	model := etsModel{alpha: alpha, phi: 1, level: level, sigma: math.Sqrt(sse / float64(max(1, n-1)))}
	return model.forecast(h)
}
