package planning

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/disdukcapil-bekasi/pantau/forecast"
	"github.com/disdukcapil-bekasi/pantau/kpi"
)

// MaxSupply is the most cards Allocate splits (forecast.MaxSupply): a
// billion, several times the nation's population.
const MaxSupply = forecast.MaxSupply

// AllocateOptions says what supply of blanko (blank KTP-el cards) to split,
// and across what.
type AllocateOptions struct {
	// Supply is the cards to allocate (≥ 0).
	Supply int
	// By is region (every region with facts, or those of Regions) or office
	// (every office of the settings' region, or of the one region in
	// Regions); "" means region.
	By string
	// AsOf is the local date the allocation is made at; zero means the end
	// of the latest complete week of the warehouse, the same for every unit.
	AsOf time.Time
	// Horizon is the weeks over which stock-out weeks are counted; 0 means 13.
	Horizon int
	// Lending adds transfers between regions of one province (or offices of
	// the regency) for the shortfalls the allocation cannot reach in time.
	Lending bool
	// Regions limits the regions (By region), or names the region whose
	// offices share the supply (By office).
	Regions []string
	// ServiceLevel, ReviewWeeks and LeadTimeWeeks are those of the stock
	// plan (PlanOptions). ReviewWeeks is also the weeks until the next
	// allocation, which a lender keeps cover for; 0 means 4.
	ServiceLevel  float64
	ReviewWeeks   int
	LeadTimeWeeks float64
	// MarginWeeks is the cover a lender keeps beyond lead time and review;
	// 0 means 2.
	MarginWeeks int
}

// Allocation is the split of a supply across units, and with Lending the
// transfers proposed.
type Allocation struct {
	// AsOf is the allocation's local date, YYYY-MM-DD; By is region or office.
	AsOf    string `json:"as_of"`
	By      string `json:"by"`
	Supply  int    `json:"supply"`
	Horizon int    `json:"horizon_weeks"`
	// SuketWeeks names the weeks the substitute-letter signal compares:
	// the recent four and the eight before them.
	SuketRecent string `json:"suket_recent_weeks"`
	SuketPrior  string `json:"suket_prior_weeks"`
	// StockOutWeeksBefore and After are the expected stock-out weeks summed
	// over the units: what the allocation makes smallest.
	StockOutWeeksBefore float64         `json:"expected_stock_out_weeks_before"`
	StockOutWeeksAfter  float64         `json:"expected_stock_out_weeks_after"`
	Rows                []AllocationRow `json:"rows"`
	Transfers           []Transfer      `json:"transfers"`
	// Skipped lists the regions with facts that could not be planned as of
	// the date (no service events, or none that late), with the reason.
	Skipped []SkippedUnit `json:"skipped"`
}

// AllocationRow is one unit's share of the supply and its stock before and
// after it.
type AllocationRow struct {
	// Scope is region or office; Code the region or office code; Group the
	// province (of a region) or region (of an office) lending stays within.
	Scope string `json:"scope"`
	Code  string `json:"code"`
	Name  string `json:"name"`
	Group string `json:"group"`
	// Stock is the cards in stock; BacklogCards the cards owed (with
	// spoilage); OnOrder the cards on order the plan counts on within the
	// horizon; WeeklyDemand the mean forecast demand of the horizon's
	// whole weeks, in cards.
	Stock         float64 `json:"stock"`
	BacklogCards  float64 `json:"backlog_cards"`
	OnOrder       float64 `json:"on_order"`
	WeeklyDemand  float64 `json:"weekly_demand"`
	LeadTimeWeeks int     `json:"lead_time_weeks"`
	// CoverBefore and CoverAfter are the weeks of stock (WeeksOfStock) of
	// the stock, and of the stock plus the allocation; -1 when the unit
	// used no cards in the last four weeks.
	CoverBefore float64 `json:"cover_weeks_before"`
	Cards       int     `json:"allocation"`
	CoverAfter  float64 `json:"cover_weeks_after"`
	// StockOutProbabilityBefore and After are the highest weekly
	// probability of ending a week of the horizon out of stock;
	// StockOutWeeksBefore and After the expected number of such weeks;
	// StockOutWeekBefore and After the first week the point projection is
	// negative ("" for none).
	StockOutProbabilityBefore float64 `json:"stock_out_probability_before"`
	StockOutProbabilityAfter  float64 `json:"stock_out_probability_after"`
	StockOutWeeksBefore       float64 `json:"expected_stock_out_weeks_before"`
	StockOutWeeksAfter        float64 `json:"expected_stock_out_weeks_after"`
	StockOutWeekBefore        string  `json:"stock_out_week_before"`
	StockOutWeekAfter         string  `json:"stock_out_week_after"`
	// OutBeforeDelivery says the unit runs out (point forecast) before an
	// allocation can arrive: only a transfer can help.
	OutBeforeDelivery bool `json:"out_before_delivery"`
	// Suket is the rise in substitute letters: see SuketSignal.
	Suket SuketSignal `json:"suket"`
}

// Transfer is cards one unit lends another of its group now (see
// forecast.Lend for the rule), with the effect on both.
type Transfer struct {
	Group           string  `json:"group"`
	From            string  `json:"from"`
	FromName        string  `json:"from_name"`
	To              string  `json:"to"`
	ToName          string  `json:"to_name"`
	Cards           int     `json:"cards"`
	FromCoverBefore float64 `json:"from_cover_weeks_before"`
	FromCoverAfter  float64 `json:"from_cover_weeks_after"`
	// ToStockOutWeekBefore and After are the borrower's first stock-out
	// week ("" for none in the horizon).
	ToStockOutWeekBefore  string  `json:"to_stock_out_week_before"`
	ToStockOutWeekAfter   string  `json:"to_stock_out_week_after"`
	ToStockOutWeeksBefore float64 `json:"to_expected_stock_out_weeks_before"`
	ToStockOutWeeksAfter  float64 `json:"to_expected_stock_out_weeks_after"`
}

// SkippedUnit is a region the allocation leaves out, and why.
type SkippedUnit struct {
	Code   string `json:"code"`
	Reason string `json:"reason"`
}

// Allocate splits opts.Supply cards across the regions (or the offices of
// one region) so that the expected number of stock-out weeks over the
// horizon is smallest, from each unit's stock plan (Plan: forecast demand
// with intervals, stock, backlog owed, cards on order, lead time), by
// forecast.Allocate; see its documentation for the method and guarantees.
// With Lending it adds forecast.Lend's transfers within each province (or
// the regency). Each row carries the rise in substitute letters (Suket),
// the stock-out signal offices give when cards run out.
//
// It reads as its steps: the units and the date, a stock plan per unit,
// the allocation, the transfers, the Suket signal, the rows.
func Allocate(ctx context.Context, db *sql.DB, s kpi.Settings, o AllocateOptions) (Allocation, error) {
	o, err := o.withDefaults()
	if err != nil {
		return Allocation{}, err
	}
	if o.AsOf.IsZero() {
		if o.AsOf, err = latestSunday(ctx, db); err != nil {
			return Allocation{}, err
		}
	}
	units, skipped, err := planUnits(ctx, db, s, o)
	if err != nil {
		return Allocation{}, err
	}
	if len(units) == 0 {
		return Allocation{}, fmt.Errorf("allocate: no %s can be planned as of %s", o.By, o.AsOf.Format(time.DateOnly))
	}
	inputs := make([]forecast.AllocationUnit, len(units))
	for i, u := range units {
		inputs[i] = u.input()
	}
	split, err := forecast.Allocate(o.Supply, inputs)
	if err != nil {
		return Allocation{}, err
	}
	out := Allocation{AsOf: o.AsOf.Format(time.DateOnly), By: o.By, Supply: o.Supply, Horizon: o.Horizon, Skipped: skipped,
		Rows: make([]AllocationRow, len(units)), Transfers: []Transfer{}}
	for i, u := range units {
		out.Rows[i] = u.row(split[i])
		out.StockOutWeeksBefore += split[i].StockOutWeeksBefore
		out.StockOutWeeksAfter += split[i].StockOutWeeksAfter
	}
	if o.Lending {
		if out.Transfers, err = lend(units, inputs, split, o); err != nil {
			return Allocation{}, err
		}
	}
	if err := addWeeksOfStock(ctx, db, s, o, &out); err != nil {
		return Allocation{}, err
	}
	if err := addSuket(ctx, db, s, o, &out); err != nil {
		return Allocation{}, err
	}
	return out, nil
}

// addWeeksOfStock sets each row's weeks of stock before and after its
// allocation, at the pace of use of the four weeks ending on the last
// Sunday on or before the date.
func addWeeksOfStock(ctx context.Context, db *sql.DB, s kpi.Settings, o AllocateOptions, al *Allocation) error {
	var regions []string
	for _, r := range al.Rows {
		regions = append(regions, r.Code)
	}
	if o.By == kpi.ScopeOffice {
		regions = []string{s.RegionCode}
		if len(o.Regions) == 1 {
			regions = o.Regions
		}
	}
	uses, err := StockUses(ctx, db, s, regions, []string{o.By}, kpi.FormatWeek(lastSunday(o.AsOf)))
	if err != nil {
		return fmt.Errorf("allocate: %w", err)
	}
	weeks := func(w float64, ok bool) float64 {
		if !ok {
			return -1
		}
		return w
	}
	for i, r := range al.Rows {
		use := uses[ScopeKey{o.By, r.Code}]
		use.Stock = r.Stock
		al.Rows[i].CoverBefore = weeks(use.Weeks())
		al.Rows[i].CoverAfter = weeks(use.WeeksOfStockAfter(float64(r.Cards)))
	}
	return nil
}

// withDefaults fills in the zero options and checks the others.
func (o AllocateOptions) withDefaults() (AllocateOptions, error) {
	if o.By == "" {
		o.By = kpi.ScopeRegion
	}
	if o.By != kpi.ScopeRegion && o.By != kpi.ScopeOffice {
		return o, fmt.Errorf("allocate: by %q is not region or office", o.By)
	}
	if o.Supply < 0 || o.Supply > MaxSupply {
		return o, fmt.Errorf("allocate: supply %d is not between 0 and %d cards", o.Supply, MaxSupply)
	}
	if o.By == kpi.ScopeOffice && len(o.Regions) > 1 {
		return o, fmt.Errorf("allocate: by office takes one region, not %d", len(o.Regions))
	}
	if o.ReviewWeeks == 0 {
		o.ReviewWeeks = 4
	}
	if o.MarginWeeks == 0 {
		o.MarginWeeks = 2
	}
	if o.MarginWeeks < 0 {
		return o, fmt.Errorf("allocate: margin %d weeks is negative", o.MarginWeeks)
	}
	p, err := o.planOptions(false).withDefaults()
	o.Horizon, o.ServiceLevel = p.Horizon, p.ServiceLevel
	return o, err
}

func (o AllocateOptions) planOptions(byOffice bool) PlanOptions {
	return PlanOptions{AsOf: o.AsOf, Horizon: o.Horizon, ByOffice: byOffice, ServiceLevel: o.ServiceLevel,
		ReviewWeeks: o.ReviewWeeks, LeadTimeWeeks: o.LeadTimeWeeks}
}

// plannedUnit is one unit's stock plan, named and grouped.
type plannedUnit struct {
	plan        StockPlanRow
	name, group string
}

// planUnits makes the stock plan of every region (each with its own
// settings) or of every office of the region, skipping the regions that
// cannot be planned as of the date.
func planUnits(ctx context.Context, db *sql.DB, s kpi.Settings, o AllocateOptions) ([]plannedUnit, []SkippedUnit, error) {
	if o.By == kpi.ScopeOffice {
		return planOffices(ctx, db, s, o)
	}
	regions := o.Regions
	if len(regions) == 0 {
		var err error
		if regions, err = kpi.RegionsWithFacts(ctx, db); err != nil {
			return nil, nil, fmt.Errorf("allocate: %w", err)
		}
	}
	units := make([]plannedUnit, 0, len(regions))
	skipped := []SkippedUnit{}
	ctx = withDemandPools(ctx) // every region's forecasts come from one pool
	for _, r := range slices.Compact(slices.Sorted(slices.Values(regions))) {
		if err := ctx.Err(); err != nil {
			return nil, nil, err
		}
		regional := s
		regional.RegionCode = r
		plans, err := Plan(ctx, db, regional, o.planOptions(false))
		var outside *OutsideDataError
		switch {
		case errors.Is(err, kpi.ErrNoData):
			skipped = append(skipped, SkippedUnit{Code: r, Reason: "no service events"})
			continue
		case errors.As(err, &outside):
			skipped = append(skipped, SkippedUnit{Code: r, Reason: fmt.Sprintf("data from %s to %s",
				outside.First.Format(time.DateOnly), outside.Last.Format(time.DateOnly))})
			continue
		case err != nil:
			return nil, nil, fmt.Errorf("allocate: region %s: %w", r, err)
		}
		name, err := kpi.RegionName(ctx, db, r)
		if err != nil {
			return nil, nil, fmt.Errorf("allocate: region %s: %w", r, err)
		}
		units = append(units, plannedUnit{plan: plans[0], name: name, group: kpi.ProvinceOf(r)})
	}
	return units, skipped, nil
}

// planOffices makes the stock plan of every office of the region.
func planOffices(ctx context.Context, db *sql.DB, s kpi.Settings, o AllocateOptions) ([]plannedUnit, []SkippedUnit, error) {
	if len(o.Regions) == 1 {
		s.RegionCode = o.Regions[0]
	}
	plans, err := Plan(ctx, db, s, o.planOptions(true))
	if err != nil {
		return nil, nil, fmt.Errorf("allocate: %w", err)
	}
	offices, err := kpi.Offices(ctx, db, s.RegionCode)
	if err != nil {
		return nil, nil, fmt.Errorf("allocate: %w", err)
	}
	names := map[string]string{}
	for _, of := range offices {
		names[of.Code] = of.Name
	}
	var units []plannedUnit
	for _, p := range plans {
		if p.Scope == kpi.ScopeOffice {
			units = append(units, plannedUnit{plan: p, name: names[p.ScopeID], group: s.RegionCode})
		}
	}
	return units, []SkippedUnit{}, nil
}

// input is the unit as forecast.Allocate takes it: the same projection as
// its stock plan's.
func (u plannedUnit) input() forecast.AllocationUnit {
	p := u.plan
	in := forecast.AllocationUnit{ID: p.ScopeID, Stock: math.Max(0, p.StockNow), Backlog: p.BacklogCards,
		LeadTime: p.LeadTime.Weeks, Group: u.group}
	for k, w := range p.Weeks {
		in.Demand.Point = append(in.Demand.Point, w.Demand)
		in.Demand.Hi95 = append(in.Demand.Hi95, w.DemandHi95)
		if w.Deliveries > 0 {
			in.OnOrder = append(in.OnOrder, forecast.Delivery{Week: k, Quantity: w.Deliveries})
		}
	}
	return in
}

// row reports the unit with its share.
func (u plannedUnit) row(a forecast.UnitAllocation) AllocationRow {
	p := u.plan
	onOrder := 0.0
	for _, w := range p.Weeks {
		onOrder += w.Deliveries
	}
	return AllocationRow{Scope: p.Scope, Code: p.ScopeID, Name: u.name, Group: u.group,
		Stock: p.StockNow, BacklogCards: p.BacklogCards, OnOrder: onOrder, WeeklyDemand: p.WeeklyDemand(),
		LeadTimeWeeks: p.LeadTime.Weeks, Cards: a.Cards,
		StockOutProbabilityBefore: a.MaxStockOutProbabilityBefore, StockOutProbabilityAfter: a.MaxStockOutProbabilityAfter,
		StockOutWeeksBefore: a.StockOutWeeksBefore, StockOutWeeksAfter: a.StockOutWeeksAfter,
		StockOutWeekBefore: u.weekName(a.StockOutWeekBefore), StockOutWeekAfter: u.weekName(a.StockOutWeekAfter),
		OutBeforeDelivery: a.StockOutWeekAfter >= 0 && a.StockOutWeekAfter < p.LeadTime.Weeks}
}

// weekName names week k of the unit's plan ("" for -1).
func (u plannedUnit) weekName(k int) string {
	if k < 0 || k >= len(u.plan.Weeks) {
		return ""
	}
	return u.plan.Weeks[k].Week
}

// lend proposes the transfers within each group and names them.
func lend(units []plannedUnit, inputs []forecast.AllocationUnit, split []forecast.UnitAllocation, o AllocateOptions) ([]Transfer, error) {
	transfers, err := forecast.Lend(inputs, split, forecast.LendingRule{ReviewWeeks: o.ReviewWeeks, MarginWeeks: o.MarginWeeks})
	if err != nil {
		return nil, err
	}
	byCode := make(map[string]plannedUnit, len(units))
	for _, u := range units {
		byCode[u.plan.ScopeID] = u
	}
	out := make([]Transfer, 0, len(transfers))
	for _, t := range transfers {
		from, to := byCode[t.From], byCode[t.To]
		out = append(out, Transfer{Group: t.Group, From: t.From, FromName: from.name, To: t.To, ToName: to.name, Cards: t.Cards,
			FromCoverBefore: t.FromCoverBefore, FromCoverAfter: t.FromCoverAfter,
			ToStockOutWeekBefore: to.weekName(t.ToStockOutWeekBefore), ToStockOutWeekAfter: to.weekName(t.ToStockOutWeekAfter),
			ToStockOutWeeksBefore: t.ToStockOutWeeksBefore, ToStockOutWeeksAfter: t.ToStockOutWeeksAfter})
	}
	return out, nil
}
