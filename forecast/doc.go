// Package forecast forecasts weekly series and turns a demand forecast into a
// stock plan.
//
// It is what pantau uses to forecast weekly blanko (blank KTP-el card) demand
// per office and for the region, and what `pantau forecast series` runs on any
// long-format series so that the method can be measured on public benchmarks
// (M4 Weekly, see cmd/m4bench).
//
// The methods are the classical ones (naive and seasonal naive, exponential
// smoothing, Theta, the intermittent-demand methods of Croston and after, and
// combinations of them), each one entry of the registry that Methods
// returns. Fit runs one by name; Auto chooses per series by a rolling-origin
// backtest among the registry's candidates. Options.Calendar (working days
// per period) makes Auto forecast demand per working day, so that a moving
// holiday such as Lebaran falls in the week the calendar says. AutoPanel
// forecasts many series at once: FitGlobal fits one pooled ridge regression
// on normalised windows of every series (global.go, panel.go), which joins
// each series' candidates and wins only where its backtest says so. Every
// forecast carries 80% and 95% prediction intervals. PlanStock turns a forecast into projected stock,
// a stock-out week and probability, and an order quantity. Allocate splits a
// supply of cards across many units' forecasts to make the expected number of
// stock-out weeks smallest, and Lend proposes transfers between units of one
// province or regency for the shortfalls an allocation cannot reach in time.
//
// The package is pure computation: it holds no state between calls, reads no
// environment, and must not import the database, the warehouse, the CLI or
// any other pantau package (only the standard library), so that it can be
// tested and benchmarked on its own.
//
// # How to add a forecast method
//
//  1. Write its fit function in a file of its family (naive.go, ets.go,
//     theta.go, intermittent.go…): func(z []float64, h, period int) core,
//     point forecasts and error standard deviations for steps 1..h of a series
//     scaled to a largest magnitude of 1. Fit hands it only non-empty finite
//     series, and finish clips and cleans what it returns. A combination needs
//     no function: it names its members and an average (mean or median).
//  2. Add one entry to the table in Methods (methods.go): Name, Summary,
//     Seasonal (and adjusted, to fit the seasonally adjusted series),
//     Intermittent, and Candidate, its place in Auto's tie-break order
//     (unique: renumber the others to fit it in), or 0 to keep it out of
//     Auto's choice. Nothing else lists method names: Fit, Models,
//     DefaultCandidates, Auto, `pantau forecast series` (through Auto) and
//     the M4 benchmark all read the table.
//  3. Add a hand-computed test of its recursions to methods_test.go, beside
//     the others. TestRegistry, TestEveryModelIsSane, TestIntervalsWidenWithHorizon,
//     TestConstantAndZeroSeries and, when Seasonal, TestSeasonalModelsFollowTheCycle
//     then run it through the shared checks.
//  4. If it is a candidate (Candidate > 0), Auto may now choose it: run
//     `make bench-forecast` (the M4 Weekly benchmark, cmd/m4bench) and update
//     the M4 table and the list of candidates in docs/forecasting.md. A new
//     choice changes the golden files of `pantau forecast series`
//     (testdata/series.golden.*), the stock plan and the reports; refresh them
//     with -update and say why in the commit.
package forecast
