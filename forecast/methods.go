package forecast

import "slices"

// Method is one forecast method of the registry that Methods returns: what
// Fit runs for its name, what Auto may choose, and what the tests and the M4
// benchmark iterate.
type Method struct {
	// Name is what Fit, Options.Candidates and Forecast.Model call it.
	Name string
	// Summary says in a line what the method forecasts.
	Summary string
	// Seasonal is set when the method carries the cycle of Options.Period
	// into its forecast, by itself (snaive) or by fitting the seasonally
	// adjusted series when the series tests seasonal (see seasonalIndices).
	Seasonal bool
	// Intermittent is set for the methods made for intermittent demand: Auto
	// tries them only on non-negative series that contain zeros.
	Intermittent bool
	// Candidate is the method's place in Auto's tie-break order when
	// Options.Candidates is nil (1 first); 0 keeps it out of Auto's choice.
	Candidate int

	// fit forecasts a single method on a series scaled to a largest
	// magnitude of 1 (see fitSingle); nil for a combination.
	fit func(z []float64, h, period int) core
	// adjusted fits the seasonally adjusted series when it tests seasonal.
	adjusted bool
	// members and average make a combination: the step-by-step average of
	// the members' forecasts, bounds included (see combine).
	members []string
	average func([]float64) float64
}

// Methods returns the registry of forecast methods, in the order Models
// lists them. It is the only list of them: Fit, Auto, DefaultCandidates and
// the tests read it. A new slice is returned on every call.
//
// The seasonal methods other than snaive work on the seasonally adjusted
// series when the series tests seasonal (see seasonalIndices), and so do the
// combinations of them.
func Methods() []Method {
	return []Method{
		{Name: "naive", Summary: "the last value", Candidate: 7,
			fit: func(z []float64, h, _ int) core { return naive(z, h) }},
		{Name: "naive2", Summary: "the last value of the seasonally adjusted series, reseasonalised (M4's Naive2)",
			Seasonal: true, adjusted: true,
			fit: func(z []float64, h, _ int) core { return naive(z, h) }},
		{Name: "snaive", Summary: "the value one period earlier; naive when the series is not longer than a period",
			Seasonal: true, Candidate: 8, fit: seasonalNaive},
		{Name: "ses", Summary: "simple exponential smoothing", Seasonal: true, adjusted: true, Candidate: 5,
			fit: func(z []float64, h, _ int) core { return fitETS(z, false, false).forecast(h) }},
		{Name: "holt", Summary: "Holt's linear trend", Seasonal: true, adjusted: true, Candidate: 6,
			fit: func(z []float64, h, _ int) core { return fitETS(z, true, false).forecast(h) }},
		{Name: "damped", Summary: "additive damped trend (phi in [0.8, 0.98], as R's forecast package)",
			Seasonal: true, adjusted: true, Candidate: 3,
			fit: func(z []float64, h, _ int) core { return fitETS(z, true, true).forecast(h) }},
		{Name: "theta", Summary: "the classical Theta method of the M4 benchmark (SES with drift)",
			Seasonal: true, adjusted: true, Candidate: 4,
			fit: func(z []float64, h, _ int) core { return theta(z, h) }},
		{Name: "croston", Summary: "Croston's method for intermittent demand", Intermittent: true, Candidate: 9,
			fit: func(z []float64, h, _ int) core { return croston(z, h, false) }},
		{Name: "sba", Summary: "Croston with the Syntetos–Boylan bias correction", Intermittent: true, Candidate: 10,
			fit: func(z []float64, h, _ int) core { return croston(z, h, true) }},
		{Name: "tsb", Summary: "Teunter–Syntetos–Babai, which decays when demand stops", Intermittent: true, Candidate: 11,
			fit: func(z []float64, h, _ int) core { return tsb(z, h) }},
		{Name: "comb", Summary: "mean of ses, holt and damped (the M4 Comb benchmark)", Seasonal: true, Candidate: 2,
			members: []string{"ses", "holt", "damped"}, average: mean},
		{Name: "combt", Summary: "median of ses, holt, damped and theta", Seasonal: true, Candidate: 1,
			members: []string{"ses", "holt", "damped", "theta"}, average: median},
	}
}

// lookup finds a method of the registry by name.
func lookup(name string) (Method, bool) {
	for _, m := range Methods() {
		if m.Name == name {
			return m, true
		}
	}
	return Method{}, false
}

// Models lists the names of the methods Fit accepts, in registry order (see
// Methods for what each does).
func Models() []string {
	methods := Methods()
	names := make([]string, len(methods))
	for i, m := range methods {
		names[i] = m.Name
	}
	return names
}

// DefaultCandidates lists the models Auto chooses from when
// Options.Candidates is nil, in tie-break order. The intermittent-demand
// models join them, after the others, only for series that contain zeros
// (see Auto).
func DefaultCandidates() []string {
	return candidates(false)
}

// candidates lists the methods with a Candidate place, in that order; the
// intermittent ones only when withIntermittent.
func candidates(withIntermittent bool) []string {
	methods := slices.DeleteFunc(Methods(), func(m Method) bool {
		return m.Candidate == 0 || (m.Intermittent && !withIntermittent)
	})
	slices.SortStableFunc(methods, func(a, b Method) int { return a.Candidate - b.Candidate })
	names := make([]string, len(methods))
	for i, m := range methods {
		names[i] = m.Name
	}
	return names
}
