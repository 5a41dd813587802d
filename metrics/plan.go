package metrics

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"time"

	"github.com/disdukcapil-bekasi/pantau/metrics/forecast"
)

// PlanOptions says what stock plan to make.
type PlanOptions struct {
	// AsOf is the local date the plan is made at (facts up to its end).
	// Zero means the end of the latest complete week (see LatestWeek).
	AsOf time.Time
	// Horizon is the weeks to project; 0 means 13.
	Horizon int
	// ByOffice adds a plan per office to the region's.
	ByOffice bool
	// ServiceLevel is the wanted probability of no stock-out before an order
	// placed now can be followed by the next, in [0.5, 1); 0 means 0.95.
	ServiceLevel float64
	// ReviewWeeks is the weeks until the next chance to order (0 is allowed:
	// an order can be placed any week).
	ReviewWeeks int
	// LeadTimeWeeks overrides the measured lead time of deliveries from
	// the ministry or province when positive (not that of transfers); a
	// fraction is rounded up to whole weeks.
	LeadTimeWeeks float64
}

// StockPlanRow is the stock plan of one scope: the region or one office.
type StockPlanRow struct {
	Scope   string `json:"scope"`
	ScopeID string `json:"scope_id"`
	// AsOf is the plan's local date, YYYY-MM-DD.
	AsOf string `json:"as_of"`
	// StockNow is the cards in stock at the end of AsOf (blanko_stock's rule).
	StockNow float64 `json:"stock_now"`
	// Backlog is the applications owed a card at AsOf; BacklogCards the
	// cards they need with spoilage, which the plan subtracts from stock.
	Backlog      float64 `json:"backlog"`
	BacklogCards float64 `json:"backlog_cards"`
	SpoilageRate float64 `json:"spoilage_rate"`
	// RecentDemand is the mean weekly demand in cards over the last four
	// complete weeks, to set beside the forecast.
	RecentDemand float64 `json:"recent_weekly_demand"`
	// HistoryWeeks is how many weeks of demand the forecast learned from.
	HistoryWeeks int      `json:"history_weeks"`
	LeadTime     LeadTime `json:"lead_time"`
	ReviewWeeks  int      `json:"review_weeks"`
	ServiceLevel float64  `json:"service_level"`
	// Model is the forecasting method Auto chose, e.g. "damped+theta".
	Model   string         `json:"model"`
	OnOrder []PlanDelivery `json:"on_order"`
	Weeks   []PlanWeek     `json:"weeks"`
	// StockOutWeek is the first week whose projected stock (net of backlog,
	// point forecast) is negative, or "" when none in the horizon;
	// StockOutProbability is the probability of being out of stock at the
	// end of that week (0 when none).
	StockOutWeek        string  `json:"stock_out_week"`
	StockOutProbability float64 `json:"stock_out_probability"`
	// StockOutWeekNoDeliveries is the stock-out week should nothing on
	// order arrive ("" when none in the horizon).
	StockOutWeekNoDeliveries string `json:"stock_out_week_no_deliveries"`
	// OrderByWeek is the last week in which an order can be placed and
	// still arrive, at the lead time, before StockOutWeek: the first week
	// when it is already too late ("" when no stock-out).
	OrderByWeek string `json:"order_by_week"`
	// MaxStockOutProbability is the highest weekly stock-out probability in
	// the horizon: the risk even when the point forecast runs out nowhere.
	MaxStockOutProbability float64 `json:"max_stock_out_probability"`
	// WeeksOfCover is the weeks of forecast demand the stock net of backlog
	// covers without deliveries; -1 when no demand is forecast.
	WeeksOfCover float64 `json:"weeks_of_cover"`
	SafetyStock  float64 `json:"safety_stock"`
	// OrderQuantity is the cards to request now (whole cards, rounded up)
	// so that stock covers backlog and demand over the lead time and review
	// period at the service level; OrderArrivalWeek is when such an order
	// would arrive.
	OrderQuantity    float64 `json:"order_quantity"`
	OrderArrivalWeek string  `json:"order_arrival_week"`
}

// PlanWeek is one projected week of a stock plan.
type PlanWeek struct {
	Week string `json:"week"`
	// Demand is the forecast demand in cards with its 80% and 95% bounds
	// (for the first week, only the part after AsOf).
	Demand     float64 `json:"demand"`
	DemandLo80 float64 `json:"demand_lo80"`
	DemandHi80 float64 `json:"demand_hi80"`
	DemandLo95 float64 `json:"demand_lo95"`
	DemandHi95 float64 `json:"demand_hi95"`
	// Deliveries is the cards on order expected at the start of the week.
	Deliveries float64 `json:"deliveries"`
	// Projected is the stock net of backlog at the end of the week, with
	// its 95% band; negative is demand that cannot be met.
	Projected   float64 `json:"projected"`
	ProjectedLo float64 `json:"projected_lo95"`
	ProjectedHi float64 `json:"projected_hi95"`
	// StockOutProbability is P(projected stock < 0) at the end of the week.
	StockOutProbability float64 `json:"stock_out_probability"`
}

// PlanDelivery is a delivery on order as the plan counts it.
type PlanDelivery struct {
	DeliveryID  string  `json:"delivery_id"`
	OfficeCode  string  `json:"office_code"`
	Source      string  `json:"source"`
	Reference   string  `json:"reference"`
	RequestedAt string  `json:"requested_at"`
	Quantity    float64 `json:"quantity"`
	// ExpectedWeek is the week of requested_at plus the lead time; an order
	// already past that is Overdue and expected in the first week.
	ExpectedWeek string `json:"expected_week"`
	Overdue      bool   `json:"overdue"`
	// Counted says whether the projection counts on the order: not when it
	// is late by more than a whole lead time (in a shortage such orders
	// arrive late and short, if at all).
	Counted bool `json:"counted"`
}

// Plan makes the blanko stock plan of the region (and each office with
// ByOffice) as of a date: the weekly demand of BlankoDemand forecast by
// forecast.Auto, then projected and sized by forecast.PlanStock (see its
// documentation for the formulas). The backlog enters in cards
// (applications × (1 + spoilage)); deliveries on order are expected at
// requested_at + lead time, and in the first week when already overdue.
// The result depends only on the warehouse and the options.
func Plan(ctx context.Context, db *sql.DB, s Settings, o PlanOptions) ([]StockPlanRow, error) {
	if o.Horizon == 0 {
		o.Horizon = 13
	}
	if o.Horizon < 1 || o.Horizon > 104 {
		return nil, fmt.Errorf("stock plan: horizon %d is not between 1 and 104 weeks", o.Horizon)
	}
	if o.ServiceLevel == 0 {
		o.ServiceLevel = 0.95
	}
	if !(o.ServiceLevel >= 0.5 && o.ServiceLevel < 1) {
		return nil, fmt.Errorf("stock plan: service level %v is not in [0.5, 1)", o.ServiceLevel)
	}
	if o.ReviewWeeks < 0 || o.LeadTimeWeeks < 0 || math.IsNaN(o.LeadTimeWeeks) || o.LeadTimeWeeks > 104 {
		return nil, fmt.Errorf("stock plan: review period %d and lead time %v weeks must be between 0 and 104", o.ReviewWeeks, o.LeadTimeWeeks)
	}
	if o.AsOf.IsZero() {
		week, err := LatestWeek(ctx, db)
		if err != nil {
			return nil, err
		}
		m, err := ParseWeek(week)
		if err != nil {
			return nil, err
		}
		o.AsOf = m.AddDate(0, 0, 6)
	}
	series, err := BlankoDemand(ctx, db, s, o.AsOf, o.ByOffice)
	if err != nil {
		return nil, err
	}
	out := make([]StockPlanRow, 0, len(series))
	for _, d := range series {
		row, err := planOne(d, o)
		if err != nil {
			return nil, fmt.Errorf("stock plan %s %s: %w", d.Scope, d.ScopeID, err)
		}
		out = append(out, row)
	}
	return out, nil
}

// planOne forecasts one series and plans its stock.
func planOne(d DemandSeries, o PlanOptions) (StockPlanRow, error) {
	f := forecast.Auto(d.Demand, o.Horizon, forecast.Options{})
	// The first week is partly past: only its remaining share is still to come.
	for _, s := range [][]float64{f.Point, f.Lo80, f.Hi80, f.Lo95, f.Hi95} {
		s[0] *= d.NextWeekShare
	}
	lead := d.LeadTime
	if o.LeadTimeWeeks > 0 && lead.Source != LeadTimeTransfer {
		lead = LeadTime{Weeks: int(math.Ceil(o.LeadTimeWeeks)), Source: LeadTimeConfig}
	}
	next, err := ParseWeek(d.NextWeek)
	if err != nil {
		return StockPlanRow{}, err
	}
	weekOf := func(k int) string { return FormatWeek(next.AddDate(0, 0, 7*k)) }

	var onOrder []forecast.Delivery
	var listed []PlanDelivery
	for _, p := range d.OnOrder {
		expected := p.RequestedAt.AddDate(0, 0, 7*lead.Weeks)
		k := max(0, int(monday(expected).Sub(next).Hours()/(24*7)))
		overdue := !expected.After(d.AsOf)
		// An order late by more than a whole lead time is not counted on.
		counted := expected.AddDate(0, 0, 7*lead.Weeks).After(d.AsOf)
		if overdue {
			k = 0
		}
		if counted {
			onOrder = append(onOrder, forecast.Delivery{Week: k, Quantity: p.Quantity})
		}
		listed = append(listed, PlanDelivery{DeliveryID: p.DeliveryID, OfficeCode: p.OfficeCode, Source: p.Source,
			Reference: p.Reference, RequestedAt: p.RequestedAt.Format(time.DateOnly), Quantity: p.Quantity,
			ExpectedWeek: weekOf(k), Overdue: overdue, Counted: counted})
	}
	backlogCards := d.Backlog * (1 + d.SpoilageRate)
	plan, err := forecast.PlanStock(forecast.StockInput{
		Stock: math.Max(0, d.Stock), Backlog: backlogCards, Demand: f, OnOrder: onOrder,
		LeadTime: lead.Weeks, ReviewPeriod: o.ReviewWeeks, ServiceLevel: o.ServiceLevel,
	})
	if err != nil {
		return StockPlanRow{}, err
	}
	row := StockPlanRow{
		Scope: d.Scope, ScopeID: d.ScopeID, AsOf: d.AsOf.Format(time.DateOnly),
		StockNow: d.Stock, Backlog: d.Backlog, BacklogCards: backlogCards, SpoilageRate: d.SpoilageRate,
		HistoryWeeks: len(d.Demand), LeadTime: lead, ReviewWeeks: o.ReviewWeeks, ServiceLevel: o.ServiceLevel,
		Model: f.Model, OnOrder: listed,
		WeeksOfCover: plan.WeeksOfCover, SafetyStock: plan.SafetyStock,
		OrderQuantity:    wholeCards(plan.OrderQuantity),
		OrderArrivalWeek: FormatWeek(d.AsOf.AddDate(0, 0, 7*lead.Weeks)),
	}
	if n := len(d.Demand); n > 0 {
		recent := d.Demand[max(0, n-4):]
		for _, v := range recent {
			row.RecentDemand += v / float64(len(recent))
		}
	}
	arriving := make([]float64, o.Horizon)
	for _, del := range onOrder {
		if del.Week < o.Horizon {
			arriving[del.Week] += del.Quantity
		}
	}
	for k := range o.Horizon {
		row.Weeks = append(row.Weeks, PlanWeek{
			Week: weekOf(k), Demand: f.Point[k], DemandLo80: f.Lo80[k], DemandHi80: f.Hi80[k],
			DemandLo95: f.Lo95[k], DemandHi95: f.Hi95[k], Deliveries: arriving[k],
			Projected: plan.Projected[k], ProjectedLo: plan.ProjectedLo[k], ProjectedHi: plan.ProjectedHi[k],
			StockOutProbability: plan.StockOutProbability[k],
		})
		row.MaxStockOutProbability = math.Max(row.MaxStockOutProbability, plan.StockOutProbability[k])
	}
	if plan.StockOutWeek >= 0 {
		row.StockOutWeek = weekOf(plan.StockOutWeek)
		row.StockOutProbability = plan.StockOutProbability[plan.StockOutWeek]
		row.OrderByWeek = weekOf(max(0, plan.StockOutWeek-lead.Weeks))
	}
	if len(onOrder) == 0 {
		row.StockOutWeekNoDeliveries = row.StockOutWeek
		return row, nil
	}
	bare, err := forecast.PlanStock(forecast.StockInput{
		Stock: math.Max(0, d.Stock), Backlog: backlogCards, Demand: f,
		LeadTime: lead.Weeks, ReviewPeriod: o.ReviewWeeks, ServiceLevel: o.ServiceLevel,
	})
	if err != nil {
		return StockPlanRow{}, err
	}
	if bare.StockOutWeek >= 0 {
		row.StockOutWeekNoDeliveries = weekOf(bare.StockOutWeek)
	}
	return row, nil
}

// wholeCards rounds a quantity of cards up, ignoring rounding noise below a
// billionth of a card (and never giving -0).
func wholeCards(q float64) float64 {
	q = math.Ceil(q - 1e-9)
	if q <= 0 {
		return 0
	}
	return q
}
