package planning

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"time"

	"github.com/disdukcapil-bekasi/pantau/forecast"
	"github.com/disdukcapil-bekasi/pantau/kpi"
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
	// History is the weekly demand the forecast learned from, oldest first:
	// the same measure as the forecast's (plan.demand).
	History []PlanHistoryWeek `json:"history"`
	Weeks   []PlanWeek        `json:"weeks"`
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
// PlanHistoryWeek is one past week of blanko demand in cards.
type PlanHistoryWeek struct {
	Week   string  `json:"week"`
	Demand float64 `json:"demand"`
}

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
// ByOffice) as of a date: the weekly demand of BlankoDemand forecast
// with the working-day calendar and the global model fitted across every
// region's and office's series (demandForecasts; with ByOffice or not, so
// that the region's forecast is the same either way), then projected and sized by
// forecast.PlanStock (see its documentation for the formulas). The backlog
// enters in cards (applications × (1 + spoilage)); deliveries on order are
// expected at requested_at + lead time, and in the first week when already
// overdue.
// The result depends only on the warehouse and the options.
func Plan(ctx context.Context, db *sql.DB, s kpi.Settings, o PlanOptions) ([]StockPlanRow, error) {
	o, err := o.withDefaults()
	if err != nil {
		return nil, err
	}
	if o.AsOf.IsZero() {
		if o.AsOf, err = latestSunday(ctx, db); err != nil {
			return nil, err
		}
	}
	series, forecasts, err := demandForecasts(ctx, db, s, o.AsOf, o.Horizon)
	if err != nil {
		return nil, err
	}
	return planSeries(ctx, series, forecasts, o)
}

// planSeries is Plan of the demand series of the region and its offices
// (BlankoDemand's, as of o.AsOf) and their forecasts (demandForecasts'),
// with o's defaults filled in.
func planSeries(ctx context.Context, series []DemandSeries, forecasts []forecast.Forecast, o PlanOptions) ([]StockPlanRow, error) {
	if !o.ByOffice {
		series = series[:1]
	}
	out := make([]StockPlanRow, 0, len(series))
	for i, d := range series {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		row, err := planOne(d, forecasts[i], o)
		if err != nil {
			return nil, fmt.Errorf("stock plan %s %s: %w", d.Scope, d.ScopeID, err)
		}
		out = append(out, row)
	}
	return out, nil
}

// withDefaults fills in the zero options and checks the others.
func (o PlanOptions) withDefaults() (PlanOptions, error) {
	if o.Horizon == 0 {
		o.Horizon = 13
	}
	if o.Horizon < 1 || o.Horizon > 104 {
		return o, fmt.Errorf("stock plan: horizon %d is not between 1 and 104 weeks", o.Horizon)
	}
	if o.ServiceLevel == 0 {
		o.ServiceLevel = 0.95
	}
	if !(o.ServiceLevel >= 0.5 && o.ServiceLevel < 1) {
		return o, fmt.Errorf("stock plan: service level %v is not in [0.5, 1)", o.ServiceLevel)
	}
	if o.ReviewWeeks < 0 || o.LeadTimeWeeks < 0 || math.IsNaN(o.LeadTimeWeeks) || o.LeadTimeWeeks > 104 {
		return o, fmt.Errorf("stock plan: review period %d and lead time %v weeks must be between 0 and 104", o.ReviewWeeks, o.LeadTimeWeeks)
	}
	return o, nil
}

// latestSunday is the end of the latest complete week (see LatestWeek).
func latestSunday(ctx context.Context, db *sql.DB) (time.Time, error) {
	week, err := kpi.LatestWeek(ctx, db)
	if err != nil {
		return time.Time{}, err
	}
	m, err := kpi.ParseWeek(week)
	if err != nil {
		return time.Time{}, err
	}
	return m.AddDate(0, 0, 6), nil
}

// planOne plans the stock of one series from its demand forecast f, in
// steps: the lead time, the deliveries on order, the stock plan with them,
// the weekly projection, the stock-out, and the stock-out should nothing on
// order arrive.
func planOne(d DemandSeries, f forecast.Forecast, o PlanOptions) (StockPlanRow, error) {
	lead := planLeadTime(d.LeadTime, o)
	next, err := kpi.ParseWeek(d.NextWeek)
	if err != nil {
		return StockPlanRow{}, err
	}
	weeks := planWeeks{first: next}
	onOrder, listed := scheduleDeliveries(d, lead, weeks)
	input := forecast.StockInput{
		Stock: math.Max(0, d.Stock), Backlog: d.Backlog * (1 + d.SpoilageRate), Demand: f, OnOrder: onOrder,
		LeadTime: lead.Weeks, ReviewPeriod: o.ReviewWeeks, ServiceLevel: o.ServiceLevel,
	}
	plan, err := forecast.PlanStock(input)
	if err != nil {
		return StockPlanRow{}, err
	}
	row := newPlanRow(d, o, lead, input, f.Model, listed, plan)
	row.Weeks, row.MaxStockOutProbability = projectWeeks(f, plan, onOrder, o.Horizon, weeks)
	if plan.StockOutWeek >= 0 {
		row.StockOutWeek = weeks.name(plan.StockOutWeek)
		row.StockOutProbability = plan.StockOutProbability[plan.StockOutWeek]
		row.OrderByWeek = weeks.name(max(0, plan.StockOutWeek-lead.Weeks))
	}
	row.StockOutWeekNoDeliveries, err = stockOutWithoutDeliveries(input, row.StockOutWeek, weeks)
	if err != nil {
		return StockPlanRow{}, err
	}
	return row, nil
}

// planWeeks names the weeks of a plan: week 0 is the first forecast week.
type planWeeks struct{ first time.Time }

func (w planWeeks) name(k int) string { return kpi.FormatWeek(w.first.AddDate(0, 0, 7*k)) }

// planLeadTime is the measured lead time, or the override of the options
// for deliveries from the ministry or province (never for transfers).
func planLeadTime(measured LeadTime, o PlanOptions) LeadTime {
	if o.LeadTimeWeeks > 0 && measured.Source != LeadTimeTransfer {
		return LeadTime{Weeks: int(math.Ceil(o.LeadTimeWeeks)), Source: LeadTimeConfig}
	}
	return measured
}

// scheduleDeliveries expects each delivery on order at requested_at plus
// the lead time, or in the first week when that is past; the projection
// counts on it unless it is late by more than a whole lead time. It returns
// the deliveries counted on, and every one as the plan lists it.
func scheduleDeliveries(d DemandSeries, lead LeadTime, weeks planWeeks) ([]forecast.Delivery, []PlanDelivery) {
	var onOrder []forecast.Delivery
	var listed []PlanDelivery
	for _, p := range d.OnOrder {
		expected := p.RequestedAt.AddDate(0, 0, 7*lead.Weeks)
		k := max(0, int(kpi.Monday(expected).Sub(weeks.first).Hours()/(24*7)))
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
			ExpectedWeek: weeks.name(k), Overdue: overdue, Counted: counted})
	}
	return onOrder, listed
}

// newPlanRow fills in what the plan row takes from the series, the options
// and the stock plan as a whole; the weeks and the stock-out come after.
func newPlanRow(d DemandSeries, o PlanOptions, lead LeadTime, input forecast.StockInput, model string, listed []PlanDelivery, plan forecast.StockPlan) StockPlanRow {
	return StockPlanRow{
		Scope: d.Scope, ScopeID: d.ScopeID, AsOf: d.AsOf.Format(time.DateOnly),
		StockNow: d.Stock, Backlog: d.Backlog, BacklogCards: input.Backlog, SpoilageRate: d.SpoilageRate,
		RecentDemand: recentDemand(d.Demand),
		HistoryWeeks: len(d.Demand), LeadTime: lead, ReviewWeeks: o.ReviewWeeks, ServiceLevel: o.ServiceLevel,
		Model: model, OnOrder: listed, History: history(d),
		WeeksOfCover: plan.WeeksOfCover, SafetyStock: plan.SafetyStock,
		OrderQuantity:    wholeCards(plan.OrderQuantity),
		OrderArrivalWeek: kpi.FormatWeek(d.AsOf.AddDate(0, 0, 7*lead.Weeks)),
	}
}

// history lists the demand series the forecast learned from.
func history(d DemandSeries) []PlanHistoryWeek {
	out := make([]PlanHistoryWeek, len(d.Weeks))
	for i, w := range d.Weeks {
		out[i] = PlanHistoryWeek{Week: w, Demand: d.Demand[i]}
	}
	return out
}

// recentDemand is the mean weekly demand over the last four weeks (fewer
// when the series is shorter; 0 when empty).
func recentDemand(demand []float64) float64 {
	mean := 0.0
	if n := len(demand); n > 0 {
		recent := demand[max(0, n-4):]
		for _, v := range recent {
			mean += v / float64(len(recent))
		}
	}
	return mean
}

// projectWeeks lists the projected weeks of the plan, and the highest
// weekly stock-out probability among them.
func projectWeeks(f forecast.Forecast, plan forecast.StockPlan, onOrder []forecast.Delivery, horizon int, weeks planWeeks) ([]PlanWeek, float64) {
	arriving := make([]float64, horizon)
	for _, del := range onOrder {
		if del.Week < horizon {
			arriving[del.Week] += del.Quantity
		}
	}
	out := make([]PlanWeek, 0, horizon)
	highest := 0.0
	for k := range horizon {
		out = append(out, PlanWeek{
			Week: weeks.name(k), Demand: f.Point[k], DemandLo80: f.Lo80[k], DemandHi80: f.Hi80[k],
			DemandLo95: f.Lo95[k], DemandHi95: f.Hi95[k], Deliveries: arriving[k],
			Projected: plan.Projected[k], ProjectedLo: plan.ProjectedLo[k], ProjectedHi: plan.ProjectedHi[k],
			StockOutProbability: plan.StockOutProbability[k],
		})
		highest = math.Max(highest, plan.StockOutProbability[k])
	}
	return out, highest
}

// stockOutWithoutDeliveries is the stock-out week should nothing on order
// arrive: the plan's own (stockOut) when nothing is on order, else that of
// the same plan without its deliveries ("" when none in the horizon).
func stockOutWithoutDeliveries(input forecast.StockInput, stockOut string, weeks planWeeks) (string, error) {
	if len(input.OnOrder) == 0 {
		return stockOut, nil
	}
	input.OnOrder = nil
	bare, err := forecast.PlanStock(input)
	if err != nil {
		return "", err
	}
	if bare.StockOutWeek >= 0 {
		return weeks.name(bare.StockOutWeek), nil
	}
	return "", nil
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

// WeeklyDemand is the mean forecast demand over the horizon's whole weeks
// (the first week may be partly past).
func (p StockPlanRow) WeeklyDemand() float64 {
	weeks := p.Weeks
	if len(weeks) > 1 {
		weeks = weeks[1:]
	}
	if len(weeks) == 0 {
		return 0
	}
	sum := 0.0
	for _, w := range weeks {
		sum += w.Demand
	}
	return sum / float64(len(weeks))
}

// ShortageUnavoidable tells whether the stock runs out before an order
// placed now can arrive.
func (p StockPlanRow) ShortageUnavoidable() bool {
	if p.StockOutWeek == "" {
		return false
	}
	for k, w := range p.Weeks {
		if w.Week == p.StockOutWeek {
			return k < p.LeadTime.Weeks
		}
	}
	return false
}
