package reports

import (
	"context"
	"database/sql"
	"errors"
	"sync"

	"github.com/disdukcapil-bekasi/pantau/kpi"
	"github.com/disdukcapil-bekasi/pantau/planning"
)

// StockPlan is the blanko stock plan of one scope (the region or an office)
// as of the end of a week: the demand forecast, the projected stock, the
// stock-out week and the quantity to request. The reports draw it; the
// figures come from the metrics layer's forecaster (PlanFunc).
type StockPlan struct {
	Scope   string // region or office
	ScopeID string
	// Stock is the blanko stock at the end of the week; Backlog the cards
	// already owed (plan.cards_owed: print-ready applications waiting for a
	// card, with spoilage).
	Stock, Backlog float64
	// HistoryWeeks and History are the past weekly demand the forecast
	// learned from (plan.demand), oldest first.
	HistoryWeeks []string
	History      []float64
	// Weeks are the forecast weeks (ISO weeks) after the plan's week.
	Weeks []string
	// Demand is the weekly point forecast with its 80% and 95% intervals.
	Demand, Lo80, Hi80, Lo95, Hi95 []float64
	// Projected is the stock net of backlog at the end of each forecast
	// week, within ProjectedLo..ProjectedHi (95%).
	Projected, ProjectedLo, ProjectedHi []float64
	// StockOutWeek is the first week whose projected stock is negative ("" none).
	StockOutWeek string
	// StockOutProbability is the probability that the stock is negative at
	// the end of each forecast week.
	StockOutProbability []float64
	// OnOrder are cards requested and not yet received.
	OnOrder float64
	// OrderQuantity is the number of cards to request now.
	OrderQuantity float64
	// WeeksOfCover is how many weeks of forecast demand the stock net of
	// backlog covers (plan.net_cover); WeeksOfStock is the one weeks of
	// stock every report shows (planning.WeeksOfStock; nil when nothing was
	// used in the last four weeks).
	WeeksOfCover float64
	WeeksOfStock *float64
	// Distribution is the week's distribution within the regency, on the
	// region's plan when the offices' plans were made (nil otherwise, or
	// when the region has no Dinas).
	Distribution *planning.DistributionPlan
	// LeadTimeWeeks is the delivery lead time the plan assumed: an order
	// placed now arrives after it.
	LeadTimeWeeks int
	// ServiceLevel is the wanted probability of no stock-out that sized the order.
	ServiceLevel float64
	// Model names the forecasting method chosen for the series.
	Model string
}

// PlanFunc returns the stock plans as of the end of week: the region's,
// and every office's too with offices (a region's report asks for the
// region's only).
type PlanFunc func(ctx context.Context, db *sql.DB, week string, offices bool) ([]StockPlan, error)

// planFor returns the plan of one scope, if any.
func planFor(plans []StockPlan, scope, id string) *StockPlan {
	for i := range plans {
		if plans[i].Scope == scope && plans[i].ScopeID == id {
			return &plans[i]
		}
	}
	return nil
}

// stockOutRisk is the highest stock-out probability over the horizon.
func (p StockPlan) stockOutRisk() float64 {
	risk := 0.0
	for _, q := range p.StockOutProbability {
		risk = max(risk, q)
	}
	return risk
}

// MetricsPlan is the PlanFunc of the metrics layer: planning.Plan as of the
// week's Sunday, for the region and every office, with the options given
// (horizon, service level, review period, lead time). The offices are
// always planned, even when only the region's plan is returned: the
// region's request is the one after the week's distribution
// (planning.DistributionOf), whichever report asks.
func MetricsPlan(s kpi.Settings, o planning.PlanOptions) PlanFunc {
	return PlanFrom(planning.Plan, s, o)
}

// PlanFrom is MetricsPlan with the plans made by plan (planning.Plan, or
// planning.StoredPlan, which reads the plans stored at refresh).
func PlanFrom(plan func(context.Context, *sql.DB, kpi.Settings, planning.PlanOptions) ([]planning.StockPlanRow, error),
	s kpi.Settings, o planning.PlanOptions) PlanFunc {
	return func(ctx context.Context, db *sql.DB, week string, offices bool) ([]StockPlan, error) {
		monday, err := kpi.ParseWeek(week)
		if err != nil {
			return nil, err
		}
		o := o
		o.AsOf, o.ByOffice = monday.AddDate(0, 0, 6), true
		rows, err := plan(ctx, db, s, o)
		if err != nil {
			return nil, err
		}
		uses, err := planning.StockUses(ctx, db, s, nil, []string{kpi.ScopeRegion, kpi.ScopeOffice}, week)
		if err != nil {
			return nil, err
		}
		var dist *planning.DistributionPlan
		d, err := planning.StoredDistribution(ctx, db, s, o, rows)
		switch {
		case err == nil:
			dist = &d
		case !errors.Is(err, planning.ErrNoDinas):
			return nil, err
		}
		out := make([]StockPlan, 0, len(rows))
		for _, r := range rows {
			if !offices && r.Scope != kpi.ScopeRegion {
				continue
			}
			p := StockPlan{Scope: r.Scope, ScopeID: r.ScopeID, Stock: r.StockNow, Backlog: r.BacklogCards,
				StockOutWeek: r.StockOutWeek, OrderQuantity: r.OrderQuantity, WeeksOfCover: r.WeeksOfCover,
				ServiceLevel: r.ServiceLevel, Model: r.Model}
			if w, ok := uses[planning.ScopeKey{Scope: r.Scope, ID: r.ScopeID}].Weeks(); ok {
				p.WeeksOfStock = &w
			}
			if r.Scope == kpi.ScopeRegion {
				p.Distribution = dist
			}
			p.LeadTimeWeeks = r.LeadTime.Weeks
			for _, d := range r.OnOrder {
				if d.Counted {
					p.OnOrder += d.Quantity
				}
			}
			for _, h := range r.History {
				p.HistoryWeeks, p.History = append(p.HistoryWeeks, h.Week), append(p.History, h.Demand)
			}
			for _, w := range r.Weeks {
				p.Weeks = append(p.Weeks, w.Week)
				p.Demand, p.Lo80, p.Hi80 = append(p.Demand, w.Demand), append(p.Lo80, w.DemandLo80), append(p.Hi80, w.DemandHi80)
				p.Lo95, p.Hi95 = append(p.Lo95, w.DemandLo95), append(p.Hi95, w.DemandHi95)
				p.Projected, p.ProjectedLo, p.ProjectedHi = append(p.Projected, w.Projected), append(p.ProjectedLo, w.ProjectedLo), append(p.ProjectedHi, w.ProjectedHi)
				p.StockOutProbability = append(p.StockOutProbability, w.StockOutProbability)
			}
			out = append(out, p)
		}
		return out, nil
	}
}

// OncePerWeek wraps f so that each week's plans are computed once: pantau
// run asks for the same week's plan for the region's reports and for every
// office's.
func OncePerWeek(f PlanFunc) PlanFunc {
	if f == nil {
		return nil
	}
	var mu sync.Mutex
	cache := map[string][]StockPlan{}
	return func(ctx context.Context, db *sql.DB, week string, _ bool) ([]StockPlan, error) {
		mu.Lock()
		defer mu.Unlock()
		if p, ok := cache[week]; ok {
			return p, nil
		}
		p, err := f(ctx, db, week, true) // the offices' plans serve every report of the run
		if err == nil {
			cache[week] = p
		}
		return p, err
	}
}
