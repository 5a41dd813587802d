package forecast_test

import (
	"math"
	"reflect"
	"strings"
	"testing"

	"github.com/disdukcapil-bekasi/pantau/forecast"
)

// shapePanel is a panel of offices that share one shape: each series is its
// own level times 1 + 0.3·sin(2πt/8) (a cycle of eight weeks), with ±2%
// noise. The shape is known, so the global model must find it.
func shapePanel(series, length int) ([]forecast.PanelSeries, func(level float64, t int) float64) {
	shape := func(level float64, t int) float64 { return level * (1 + 0.3*math.Sin(2*math.Pi*float64(t)/8)) }
	seed := uint64(7)
	noise := func() float64 {
		seed = seed*6364136223846793005 + 1442695040888963407
		return float64(seed>>11)/float64(1<<52) - 1
	}
	panel := make([]forecast.PanelSeries, series)
	for i := range panel {
		level := 50 + 40*float64(i)
		y := make([]float64, length)
		for t := range y {
			y[t] = shape(level, t) * (1 + 0.02*noise())
		}
		panel[i] = forecast.PanelSeries{Y: y}
	}
	return panel, shape
}

// TestGlobalModelRecoversTheSharedShape: fitted across 30 series of 60
// weeks, the global model forecasts each one's next 13 weeks within 5% of
// the true shape (mean absolute percentage error), and Auto chooses it for
// most series (ranked first; Top 1 so that the forecast is its own): no
// local method (seasonality off) knows an eight-week cycle.
func TestGlobalModelRecoversTheSharedShape(t *testing.T) {
	const h = 13
	panel, shape := shapePanel(30, 60)
	g := forecast.FitGlobal(panel, h, forecast.Options{Period: 1, Top: 1})
	if g.Lags == 0 {
		t.Fatal("no global model fitted")
	}
	chosen := 0
	for i := range panel {
		f := g.Auto(i)
		level := 50 + 40*float64(i)
		ape := 0.0
		for k := range h {
			want := shape(level, 60+k)
			ape += math.Abs(f.Point[k]-want) / want / h
		}
		if ape > 0.05 {
			t.Errorf("series %d (%s): MAPE %.1f%% against the true shape, want ≤ 5%%", i, f.Model, 100*ape)
		}
		if strings.Contains(f.Model, "global") {
			chosen++
		}
		for k := range h {
			if !(f.Lo95[k] <= f.Lo80[k] && f.Lo80[k] <= f.Point[k] && f.Point[k] <= f.Hi80[k] && f.Hi80[k] <= f.Hi95[k]) {
				t.Errorf("series %d step %d: bounds out of order: %v %v %v %v %v", i, k+1, f.Lo95[k], f.Lo80[k], f.Point[k], f.Hi80[k], f.Hi95[k])
			}
		}
	}
	t.Logf("lags %d, penalty %g; global chosen for %d of %d series", g.Lags, g.Penalty, chosen, len(panel))
	if chosen < len(panel)*2/3 {
		t.Errorf("global chosen for %d of %d series, want most", chosen, len(panel))
	}
}

// TestGlobalModelIsDeterministic: the same panel gives the same forecasts,
// bit for bit, fitted twice.
func TestGlobalModelIsDeterministic(t *testing.T) {
	panel, _ := shapePanel(12, 70)
	first := forecast.AutoPanel(panel, 13, forecast.Options{})
	second := forecast.AutoPanel(panel, 13, forecast.Options{})
	if !reflect.DeepEqual(first, second) {
		t.Error("two fits of the same panel differ")
	}
}

// TestGlobalModelNeedsEnoughHistory: series too short for a backtest of the
// horizon get no global model, and AutoPanel is then Auto series by series.
func TestGlobalModelNeedsEnoughHistory(t *testing.T) {
	panel := []forecast.PanelSeries{{Y: []float64{10, 12, 11, 13, 12, 14}}, {Y: []float64{0, 3, 0}}}
	g := forecast.FitGlobal(panel, 2, forecast.Options{})
	if g.Lags != 0 {
		t.Errorf("global model fitted with lags %d on series too short", g.Lags)
	}
	got := forecast.AutoPanel(panel, 2, forecast.Options{})
	for i, s := range panel {
		if want := forecast.Auto(s.Y, 2, forecast.Options{}); !reflect.DeepEqual(want, got[i]) {
			t.Errorf("series %d: AutoPanel %v, Auto %v", i, got[i], want)
		}
	}
}

// BenchmarkAutoPanelRegions times the blanko forecast of 64 regions: per
// region one AutoPanel over its 30 offices and the region itself (31
// series of 78 weeks, a year and a half, with a working-day calendar that
// has a Lebaran week), as pantau plans them: about 2,000 office series. The
// previous forecast (Auto on each series alone) is timed beside it.
func BenchmarkAutoPanelRegions(b *testing.B) {
	const regions, offices, weeks, h = 64, 30, 78, 13
	seed := uint64(3)
	noise := func() float64 {
		seed = seed*6364136223846793005 + 1442695040888963407
		return float64(seed>>11)/float64(1<<52) - 1
	}
	calendar := make([]float64, weeks+h)
	for t := range calendar {
		calendar[t] = 5
		if t%52 == 16 {
			calendar[t] = 2 // Lebaran
		}
	}
	panels := make([][]forecast.PanelSeries, regions)
	for r := range panels {
		total := make([]float64, weeks)
		for o := range offices {
			level := 20 + 10*float64((r+o)%15)
			y := make([]float64, weeks)
			for t := range y {
				y[t] = math.Round(level * calendar[t] / 5 * (1 + 0.3*noise()))
				total[t] += y[t]
			}
			panels[r] = append(panels[r], forecast.PanelSeries{Y: y, Calendar: calendar})
		}
		panels[r] = append(panels[r], forecast.PanelSeries{Y: total, Calendar: calendar})
	}
	b.Run("panel", func(b *testing.B) {
		for b.Loop() {
			for _, p := range panels {
				forecast.AutoPanel(p, h, forecast.Options{})
			}
		}
		b.ReportMetric(float64(regions*(offices+1)), "series/op")
	})
	b.Run("pooled", func(b *testing.B) { // one global model fitted across all regions
		var all []forecast.PanelSeries
		for _, p := range panels {
			all = append(all, p...)
		}
		for b.Loop() {
			g := forecast.FitGlobal(all, h, forecast.Options{})
			for i := range all {
				g.Auto(i)
			}
		}
		b.ReportMetric(float64(regions*(offices+1)), "series/op")
	})
	b.Run("previous", func(b *testing.B) { // Auto per series, no calendar, no global model
		for b.Loop() {
			for _, p := range panels {
				for _, s := range p {
					forecast.Auto(s.Y, h, forecast.Options{})
				}
			}
		}
		b.ReportMetric(float64(regions*(offices+1)), "series/op")
	})
}

// TestGlobalModelLearnsAcrossRegions: region A's 30 offices have 60 weeks
// of the shared shape; region B is one new office with 24 weeks of it, too
// few for any model of its own to see the cycle. Fitted on B alone, no
// global model can be fitted and B's forecast misses the cycle; fitted
// across A and B, B's forecast follows the shared shape.
func TestGlobalModelLearnsAcrossRegions(t *testing.T) {
	const h, weeks = 13, 24
	regionA, shape := shapePanel(30, 60)
	level := 70.0
	y := make([]float64, weeks)
	for t := range y {
		y[t] = shape(level, t)
	}
	newOffice := forecast.PanelSeries{Y: y}
	mape := func(f forecast.Forecast) float64 {
		e := 0.0
		for k := range h {
			want := shape(level, weeks+k)
			e += math.Abs(f.Point[k]-want) / want / h
		}
		return e
	}
	opts := forecast.Options{Period: 1, Top: 1}
	alone := forecast.FitGlobal([]forecast.PanelSeries{newOffice}, h, opts)
	pooled := forecast.FitGlobal(append(regionA[:len(regionA):len(regionA)], newOffice), h, opts)
	fa, fp := alone.Auto(0), pooled.Auto(len(regionA))
	t.Logf("new office alone: %s, MAPE %.1f%%; pooled with region A: %s, MAPE %.1f%%", fa.Model, 100*mape(fa), fp.Model, 100*mape(fp))
	if alone.Lags != 0 {
		t.Errorf("a global model fitted on one series of %d weeks (lags %d)", weeks, alone.Lags)
	}
	if mape(fp) > 0.05 || mape(fp) > mape(fa)/2 {
		t.Errorf("pooled MAPE %.1f%%, alone %.1f%%: want the pooled forecast within 5%% of the shape and at most half the error alone",
			100*mape(fp), 100*mape(fa))
	}
}
