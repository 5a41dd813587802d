package planning

import (
	"github.com/disdukcapil-bekasi/pantau/forecast"
)

// forecastDemands forecasts every series' demand in cards for horizon
// weeks, together (see panelForecast). The first week is partly past, so
// only its remaining share is still to come.
func forecastDemands(series []DemandSeries, horizon int) []forecast.Forecast {
	if len(series) == 0 {
		return nil
	}
	out := panelForecast(series, len(series[0].Demand), horizon)
	for i, d := range series {
		for _, s := range [][]float64{out[i].Point, out[i].Lo80, out[i].Hi80, out[i].Lo95, out[i].Hi95} {
			s[0] *= d.NextWeekShare
		}
	}
	return out
}

// demandMethod forecasts horizon weeks of every series of a region from its
// first n weeks of demand (the series share their weeks).
type demandMethod func(series []DemandSeries, n, horizon int) []forecast.Forecast

// panelForecast is pantau's demand forecast: forecast.AutoPanel, so that
// the global model fitted across the region's and all its offices' series
// joins each one's candidates, with each week's working days as the
// calendar (a Lebaran week is forecast at its working days' share of a
// normal week's demand).
func panelForecast(series []DemandSeries, n, horizon int) []forecast.Forecast {
	panel := make([]forecast.PanelSeries, len(series))
	for i, d := range series {
		panel[i] = forecast.PanelSeries{Y: d.Demand[:n], Calendar: d.Workdays[:min(len(d.Workdays), n+horizon)]}
	}
	return forecast.AutoPanel(panel, horizon, forecast.Options{})
}

// previousForecast is the forecast pantau made before the calendar and the
// global model: forecast.Auto on each series alone. The track record keeps
// it to measure the change.
func previousForecast(series []DemandSeries, n, horizon int) []forecast.Forecast {
	out := make([]forecast.Forecast, len(series))
	for i, d := range series {
		out[i] = forecast.Auto(d.Demand[:n], horizon, forecast.Options{})
	}
	return out
}
