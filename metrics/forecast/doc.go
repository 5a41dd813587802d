// Package forecast forecasts weekly series and turns a demand forecast into a
// stock plan.
//
// It is what pantau uses to forecast weekly blanko (blank KTP-el card) demand
// per office and for the region, and what `pantau forecast series` runs on any
// long-format series so that the method can be measured on public benchmarks
// (M4 Weekly, see cmd/m4bench).
//
// The methods are the classical ones: naive, seasonal naive, simple
// exponential smoothing (SES), Holt's linear trend, additive damped trend,
// Theta (SES with drift, as in the M4 benchmark), Croston, SBA and TSB for
// intermittent series, and combinations of them. Auto chooses one per series
// by a rolling-origin backtest. Every forecast carries 80% and 95% prediction
// intervals. PlanStock turns a forecast into projected stock, a stock-out
// week and probability, and an order quantity.
//
// The package is pure computation: it holds no state between calls, reads no
// environment, and must not import the database, the warehouse, the CLI or
// any other pantau package (only the standard library), so that it can be
// tested and benchmarked on its own.
package forecast
