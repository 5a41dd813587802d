// Package planning plans the blanko (blank KTP-el card) stock: weekly
// demand, the stock plan, the split of a supply, and the national ranking.
//
// BlankoDemand measures each week's demand from the warehouse (the cards
// printed, spoiled and owed; sql/forecast_demand.sql) and what is on order
// (OnOrder, sql/forecast_deliveries.sql); Plan hands that demand to the
// pure-Go forecaster (forecast.FitGlobal and Auto: the region and its
// offices together with every other region's, by working day;
// demand_forecast.go) and sizes the stock with
// forecast.PlanStock; TrackRecord scores the forecasts it would have made as
// of past weeks (demand_track.go); Allocate splits a supply of cards across every
// region's (or a regency's offices') stock plans with forecast.Allocate and
// the lending between them; Distribution plans the week's shipments from
// the Dinas to the offices (the pure rule: Distribute) and the regency's
// request after them; WeeksOfStock is the one weeks of stock of every
// report (StockUses reads its terms). The national and province report's reads are
// here too: RegionsInfo, BacklogPer10k and Rank (the ranking by a rate), and
// SuketSignals. Every measure has its label in kpi/measures.yaml.
//
// planning imports kpi (settings, weeks, the query composer, the stored
// KPIs) and forecast; kpi and forecast never import it.
//
// How to add a plan measure: compute it in plan.go (or forecast/stock.go
// when it is pure arithmetic over the forecast), add its field to
// StockPlanRow with a json name, its label (plan.<name>) to kpi/measures.yaml
// (regenerate docs/glossary.md: go test ./reports -run Glossary -update),
// and its hand-worked value to plan_test.go on testdata/plan.
package planning
