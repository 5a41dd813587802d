package planning

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"runtime"
	"slices"
	"sync"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/disdukcapil-bekasi/pantau/forecast"
	"github.com/disdukcapil-bekasi/pantau/kpi"
)

// demandForecasts measures the blanko demand of the region of s as of a
// date (BlankoDemand, every office) and forecasts it in cards for horizon
// weeks with the global model fitted across every region of the warehouse
// whose events reach the date (see pooledForecasts). The first week is
// partly past, so only its remaining share is still to come.
//
// With demandPools in ctx, the demand and forecasts of every region as of
// the date are made at once and kept for the next region planned as of
// that date: one pool per date instead of one per region and date.
func demandForecasts(ctx context.Context, db *sql.DB, s kpi.Settings, asOf time.Time, horizon int) ([]DemandSeries, []forecast.Forecast, error) {
	pools, _ := ctx.Value(demandPoolsKey{}).(*demandPools)
	key, err := fingerprint(s, PlanOptions{Horizon: horizon})
	if err != nil {
		return nil, nil, err
	}
	key += " " + asOf.Format(time.DateOnly)
	r, ok := pools.take(key, s.RegionCode)
	if !ok {
		series, err := BlankoDemand(ctx, db, s, asOf, true)
		if err != nil {
			return nil, nil, err
		}
		regions, err := readOtherRegions(ctx, db, s, asOf)
		if err != nil {
			return nil, nil, err
		}
		regions = append(regions, regionDemand{code: s.RegionCode, series: series})
		want := func(code string) bool { return code == s.RegionCode }
		if pools != nil {
			want = func(string) bool { return true }
		}
		all := pooledForecasts(regions, horizon, want)
		r = all[s.RegionCode]
		delete(all, s.RegionCode)
		pools.put(key, all)
	}
	for i, d := range r.series {
		f := r.forecasts[i]
		for _, s := range [][]float64{f.Point, f.Lo80, f.Hi80, f.Lo95, f.Hi95} {
			if len(s) > 0 {
				s[0] *= d.NextWeekShare
			}
		}
	}
	return r.series, r.forecasts, nil
}

// regionDemand is the demand of one region as of a date: the region's
// series, then its offices' (BlankoDemand's order).
type regionDemand struct {
	code   string
	series []DemandSeries
}

// pooledForecasts is pantau's demand forecast: forecast.FitGlobal fitted
// across every series of every region (each region's own series and its
// offices'), so that the global model learns the shape that all offices
// share, and then forecast.Auto on each series of the regions want keeps,
// with the global model among its candidates and each week's working days
// as the calendar (a Lebaran week is forecast at its working days' share of
// a normal week's demand).
//
// The regions are taken in the order of their codes, whatever the order
// they come in, so that the same data give the same forecasts. A region's
// forecasts depend on the other regions only through the global model: a
// series whose chosen models do not include it forecasts the same alone.
func pooledForecasts(regions []regionDemand, horizon int, want func(code string) bool) map[string]pooledRegion {
	regions = slices.SortedFunc(slices.Values(regions), func(a, b regionDemand) int { return cmp.Compare(a.code, b.code) })
	var panel []forecast.PanelSeries
	first := make([]int, len(regions))
	for r, rd := range regions {
		first[r] = len(panel)
		for _, d := range rd.series {
			panel = append(panel, panelSeries(d, len(d.Demand), horizon))
		}
	}
	g := forecast.FitGlobal(panel, horizon, forecast.Options{})
	out := map[string]pooledRegion{}
	var jobs []int // the panel's series to forecast
	for r, rd := range regions {
		if want(rd.code) {
			out[rd.code] = pooledRegion{series: rd.series, forecasts: make([]forecast.Forecast, len(rd.series))}
			for j := range rd.series {
				jobs = append(jobs, first[r]+j)
			}
		}
	}
	forecasts := make([]forecast.Forecast, len(panel))
	_ = parallel(len(jobs), func(k int) error { // Auto never fails
		forecasts[jobs[k]] = g.Auto(jobs[k])
		return nil
	})
	for r, rd := range regions {
		if p, ok := out[rd.code]; ok {
			copy(p.forecasts, forecasts[first[r]:])
		}
	}
	return out
}

// parallel runs do(0) … do(n−1) on as many goroutines as Go may run at
// once and returns the error of the lowest index that failed. Each call
// writes only its own results, so the outcome does not depend on the
// order they run in.
func parallel(n int, do func(i int) error) error {
	errs := make([]error, n)
	var g errgroup.Group
	g.SetLimit(runtime.GOMAXPROCS(0))
	for i := range n {
		g.Go(func() error {
			errs[i] = do(i)
			return nil
		})
	}
	g.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// pooledRegion is a region's demand series and their forecasts (in the
// same order) made from a pool.
type pooledRegion struct {
	series    []DemandSeries
	forecasts []forecast.Forecast
}

// panelSeries is the first n weeks of a series' demand with its working
// days up to the horizon.
func panelSeries(d DemandSeries, n, horizon int) forecast.PanelSeries {
	return forecast.PanelSeries{Y: d.Demand[:n], Calendar: d.Workdays[:min(len(d.Workdays), n+horizon)]}
}

// readOtherRegions reads the demand of every region but that of s as of
// asOf, leaving out those whose events do not reach the date.
func readOtherRegions(ctx context.Context, db *sql.DB, s kpi.Settings, asOf time.Time) ([]regionDemand, error) {
	codes, err := kpi.RegionsWithFacts(ctx, db)
	if err != nil {
		return nil, fmt.Errorf("blanko demand of the other regions: %w", err)
	}
	codes = slices.DeleteFunc(codes, func(code string) bool { return code == s.RegionCode })
	read := make([]regionDemand, len(codes))
	err = parallel(len(codes), func(i int) error {
		rs := s
		rs.RegionCode = codes[i]
		series, err := BlankoDemand(ctx, db, rs, asOf, true)
		var outside *OutsideDataError
		if errors.As(err, &outside) || errors.Is(err, kpi.ErrNoData) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("blanko demand of region %s: %w", codes[i], err)
		}
		read[i] = regionDemand{code: codes[i], series: series}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return slices.DeleteFunc(read, func(r regionDemand) bool { return r.code == "" }), nil
}

// demandPools keeps the demand and forecasts of every region made from
// one pool (a date, horizon and settings) for a caller that plans many
// regions as of the same dates from the same data: the stored plans'
// refresh, the allocation across regions. It lives as long as the ctx
// that carries it (withDemandPools), which must not outlive a change of
// the data. Each region is taken once; a second plan of the same region
// and date makes its pool again.
type demandPools struct {
	mu sync.Mutex
	m  map[string]map[string]pooledRegion // pool key → region → demand and forecasts
	// ahead are demand series read ahead (readDemandAhead), each taken
	// once by BlankoDemand: "region date byOffice" → demand.
	ahead map[string]demandAt
}

type demandPoolsKey struct{}

// withDemandPools returns ctx carrying an empty demandPools.
func withDemandPools(ctx context.Context) context.Context {
	return context.WithValue(ctx, demandPoolsKey{}, &demandPools{m: map[string]map[string]pooledRegion{}, ahead: map[string]demandAt{}})
}

// take removes and returns a region's demand and forecasts made from the
// pool key.
func (p *demandPools) take(key, region string) (pooledRegion, bool) {
	if p == nil {
		return pooledRegion{}, false
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	r, ok := p.m[key][region]
	if ok {
		delete(p.m[key], region)
	}
	return r, ok
}

// put keeps the other regions' demand and forecasts of the pool key.
func (p *demandPools) put(key string, regions map[string]pooledRegion) {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.m[key] = regions
}

// readDemandAhead reads the demand of every region of codes as of each of
// dates, one read of the facts per region, for the BlankoDemand calls of
// the pools in ctx (withDemandPools) to take: a refresh planning many
// weeks reads each region once instead of once a week.
func readDemandAhead(ctx context.Context, db *sql.DB, s kpi.Settings, codes []string, dates []time.Time) error {
	p, _ := ctx.Value(demandPoolsKey{}).(*demandPools)
	if p == nil || len(dates) == 0 {
		return nil
	}
	return parallel(len(codes), func(i int) error {
		rs := s
		rs.RegionCode = codes[i]
		got, err := blankoDemandAt(ctx, db, rs, dates, true)
		if err != nil {
			return fmt.Errorf("blanko demand of region %s: %w", codes[i], err)
		}
		p.mu.Lock()
		defer p.mu.Unlock()
		for j, d := range got {
			p.ahead[aheadKey(codes[i], dates[j], true)] = d
		}
		return nil
	})
}

// demandReadAhead takes the demand of a region as of a date read ahead.
func demandReadAhead(ctx context.Context, region string, asOf time.Time, byOffice bool) (demandAt, bool) {
	p, _ := ctx.Value(demandPoolsKey{}).(*demandPools)
	if p == nil {
		return demandAt{}, false
	}
	key := aheadKey(region, asOf, byOffice)
	p.mu.Lock()
	defer p.mu.Unlock()
	d, ok := p.ahead[key]
	delete(p.ahead, key)
	return d, ok
}

func aheadKey(region string, asOf time.Time, byOffice bool) string {
	return fmt.Sprintf("%s %s %t", region, asOf.Format(time.DateOnly), byOffice)
}

// demandMethod forecasts horizon weeks of every series of a region from its
// first n weeks of demand (the series share their weeks).
type demandMethod func(series []DemandSeries, n, horizon int) []forecast.Forecast

// panelForecast is the forecast of the track record: forecast.AutoPanel
// over the region's own series cut at n weeks (the global model fitted
// across the region's and its offices' series; see pooledForecasts), with
// each week's working days as the calendar.
func panelForecast(series []DemandSeries, n, horizon int) []forecast.Forecast {
	panel := make([]forecast.PanelSeries, len(series))
	for i, d := range series {
		panel[i] = panelSeries(d, n, horizon)
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
