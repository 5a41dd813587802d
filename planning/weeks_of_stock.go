package planning

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/disdukcapil-bekasi/pantau/kpi"
	"github.com/disdukcapil-bekasi/pantau/kpi/kpiname"
)

// useWeeks is how many weeks the pace of use is averaged over: the 28 days
// ending on the week's Sunday, as the weeks_of_cover KPI counts them.
const useWeeks = 4

// WeeksOfStock is the one "weeks of stock" (Pekan stok) of every report:
// the blanko stock divided by the mean weekly use (cards printed and
// spoiled) of the last four weeks. ok is false when nothing was used, when
// the measure has no value (the weeks_of_cover KPI is NULL then). The
// weekly report and the national ranking read the same figure stored as
// the weeks_of_cover KPI; the planner, the allocation and the distribution
// compute it here, from the same stored stock and use.
func WeeksOfStock(stock, weeklyUse float64) (weeks float64, ok bool) {
	if !(weeklyUse > 0) {
		return 0, false
	}
	return stock / weeklyUse, true
}

// StockUse is a scope's blanko stock at the end of a week and its mean
// weekly use over the four weeks ending then: the two terms of
// WeeksOfStock.
type StockUse struct {
	Scope, ScopeID string
	Stock          float64
	WeeklyUse      float64
}

// Weeks is the scope's weeks of stock (see WeeksOfStock).
func (u StockUse) Weeks() (float64, bool) { return WeeksOfStock(u.Stock, u.WeeklyUse) }

// WeeksOfStockAfter is the weeks of stock with cards more (or fewer, when
// negative) at the same pace of use.
func (u StockUse) WeeksOfStockAfter(cards float64) (float64, bool) {
	return WeeksOfStock(u.Stock+cards, u.WeeklyUse)
}

// ScopeKey names one scope: region, office or kecamatan and its id.
type ScopeKey struct{ Scope, ID string }

// StockUses reads the stock and the pace of use of every scope of the
// regions (empty: the settings' region) at the end of week, from the stored
// KPIs blanko_stock and blanko_consumed.
func StockUses(ctx context.Context, db *sql.DB, s kpi.Settings, regions, scopes []string, week string) (map[ScopeKey]StockUse, error) {
	from, err := kpi.AddWeeks(week, -(useWeeks - 1))
	if err != nil {
		return nil, err
	}
	values, err := kpi.Read(ctx, db, s, kpi.Query{From: from, To: week, Scopes: scopes, Regions: regions,
		KPIs: []string{kpiname.BlankoStock, kpiname.BlankoConsumed}})
	if err != nil {
		return nil, fmt.Errorf("weeks of stock %s: %w", week, err)
	}
	out := map[ScopeKey]StockUse{}
	for _, v := range values {
		key := ScopeKey{v.Scope, v.ScopeID}
		u := out[key]
		u.Scope, u.ScopeID = v.Scope, v.ScopeID
		if v.Value != nil {
			switch {
			case v.KPI == kpiname.BlankoConsumed:
				u.WeeklyUse += *v.Value / useWeeks
			case v.KPI == kpiname.BlankoStock && v.Week == week:
				u.Stock = *v.Value
			}
		}
		out[key] = u
	}
	return out, nil
}
