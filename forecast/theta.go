package forecast

import "math"

// theta is the classical Theta method exactly as the M4 benchmark code
// (Theta.classic) builds it: the least-squares line (theta line 0) and SES
// fitted to the theta line 2 = 2·y − line, forecast with equal weights. This is
// SES with drift half the line's slope (Hyndman and Billah, 2003), so the
// error variance is SES's with the α of the theta-line-2 fit, scaled by the
// one-step errors of the combined in-sample fit.
func theta(y []float64, h int) core {
	n := len(y)
	a, b := lineFit(y)
	line2 := make([]float64, n)
	for i, v := range y {
		line2[i] = 2*v - (a + b*float64(i+1))
	}
	ses := fitETS(line2, false, false)
	// In-sample one-step errors of the combined forecast, for σ.
	fitted := make([]float64, n)
	etsFilter(line2, ses.alpha, 0, 1, ses.level0, 0, fitted)
	sse := 0.0
	for i, v := range y {
		e := v - (0.5*fitted[i] + 0.5*(a+b*float64(i+1)))
		sse += e * e
	}
	sigma := math.Sqrt(sse / float64(max(1, n-3)))
	model := etsModel{alpha: ses.alpha, phi: 1, level: ses.level, sigma: sigma}
	c := model.forecast(h)
	for k := range c.point {
		c.point[k] = 0.5*c.point[k] + 0.5*(a+b*float64(n+k+1))
	}
	return c
}
