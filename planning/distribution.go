package planning

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math"
	"time"

	"github.com/disdukcapil-bekasi/pantau/kpi"
)

// DistributionPlan is the week's distribution of blanko within a regency:
// the cards the Dinas (and, where it cannot, an office with more than it
// needs) sends to each office, and what the regency still has to request.
type DistributionPlan struct {
	Region string `json:"region"`
	// AsOf is the plan's local date, YYYY-MM-DD; Week the week the cards
	// are sent for (the first week after AsOf).
	AsOf  string `json:"as_of"`
	Week  string `json:"week"`
	Dinas string `json:"dinas"`
	// Rows are the offices with a stock plan, the Dinas first, then by code.
	Rows      []DistributionRow `json:"rows"`
	Shipments []Shipment        `json:"shipments"`
	// Sent is the cards sent in all; DinasSpare the cards the Dinas can
	// send and keep its own cover; Spare those of every donor, the Dinas
	// included; Lack what the offices lack in all; Unmet the part of Lack
	// that no donor could cover.
	Sent       int `json:"sent"`
	DinasSpare int `json:"dinas_spare"`
	Spare      int `json:"spare"`
	Lack       int `json:"lack"`
	Unmet      int `json:"unmet"`
	// DinasLack is the cards the Dinas lacks for its own cover (its stock
	// plan's order quantity); RegionOrder the regency's order quantity as
	// one pooled stock (the region's stock plan).
	DinasLack   int `json:"dinas_lack"`
	RegionOrder int `json:"region_order"`
	// Request is the cards the regency requests from the province or the
	// ministry after the distribution: the larger of RegionOrder and
	// Unmet + DinasLack.
	Request int `json:"request"`
}

// DistributionRow is one office's part of the distribution.
type DistributionRow struct {
	Office string `json:"office"`
	Name   string `json:"name"`
	Dinas  bool   `json:"dinas"`
	// Stock is the cards in hand; Cover the cards to hold for the office's
	// lead time and review period at the service level (cards owed,
	// demand and safety stock); OnOrder the cards on their way within that
	// time; Lack the whole cards missing (see DistributionNeed).
	Stock         float64 `json:"stock"`
	Cover         float64 `json:"cover_cards"`
	OnOrder       float64 `json:"on_order"`
	Lack          int     `json:"lack"`
	LeadTimeWeeks int     `json:"lead_time_weeks"`
	// Send is the cards the office receives this week, From the offices
	// that send them; Gives the cards it sends to others.
	Send  int      `json:"send"`
	From  []string `json:"from"`
	Gives int      `json:"gives"`
	// CoverBeforeWeeks and CoverAfterWeeks are the weeks of stock
	// (WeeksOfStock) before and after the shipments; nil when the office
	// used no cards in the last four weeks.
	CoverBeforeWeeks *float64 `json:"weeks_of_stock_before"`
	CoverAfterWeeks  *float64 `json:"weeks_of_stock_after"`
	// StockOutWeek is the first week the office's projected stock net of
	// cards owed falls below zero without the shipments, StockOutDate its
	// Monday; StockOutWeekAfter the same with them ("" for none within the
	// horizon).
	StockOutWeek      string `json:"stock_out_week"`
	StockOutDate      string `json:"stock_out_date"`
	StockOutWeekAfter string `json:"stock_out_week_after"`
	// RunsOutWithinLeadTime says the office runs out without the shipments
	// before cards sent a week later could reach it: within its lead time,
	// and at least within the first week.
	RunsOutWithinLeadTime bool `json:"runs_out_within_lead_time"`
}

// ErrNoDinas is returned by Distribution when the region has no office of
// type dinas with a stock plan: nobody to send from.
var ErrNoDinas = errors.New("no Dinas office with a stock plan")

// Distribution plans the week's distribution of the region of s (its
// stock plans by office as of o.AsOf, stored or made now, see StoredPlan;
// the end of the latest complete week when zero) with Distribute, and the
// regency's request after it.
func Distribution(ctx context.Context, db *sql.DB, s kpi.Settings, o PlanOptions) (DistributionPlan, error) {
	o.ByOffice = true
	plans, err := StoredPlan(ctx, db, s, o)
	if err != nil {
		return DistributionPlan{}, err
	}
	return StoredDistribution(ctx, db, s, o, plans)
}

// DistributionOf is Distribution from the stock plans Plan made by office
// for the region of s.
func DistributionOf(ctx context.Context, db *sql.DB, s kpi.Settings, plans []StockPlanRow) (DistributionPlan, error) {
	offices, err := kpi.Offices(ctx, db, s.RegionCode)
	if err != nil {
		return DistributionPlan{}, fmt.Errorf("distribution: %w", err)
	}
	byCode := map[string]kpi.Office{}
	for _, of := range offices {
		byCode[of.Code] = of
	}
	region, office := splitPlans(plans, byCode)
	if len(office) == 0 || byCode[office[0].ScopeID].Type != "dinas" {
		return DistributionPlan{}, fmt.Errorf("distribution %s: %w", s.RegionCode, ErrNoDinas)
	}
	asOf, err := time.Parse(time.DateOnly, region.AsOf)
	if err != nil {
		return DistributionPlan{}, err
	}
	uses, err := StockUses(ctx, db, s, nil, []string{kpi.ScopeOffice}, kpi.FormatWeek(lastSunday(asOf)))
	if err != nil {
		return DistributionPlan{}, err
	}
	needs := make([]DistributionNeed, len(office))
	for i, p := range office {
		needs[i] = distributionNeed(p, i == 0)
	}
	split, err := Distribute(needs)
	if err != nil {
		return DistributionPlan{}, err
	}
	out := DistributionPlan{Region: s.RegionCode, AsOf: region.AsOf, Dinas: office[0].ScopeID,
		Shipments: split.Shipments, Spare: split.Spare, Lack: split.Lack, Unmet: split.Unmet,
		DinasSpare: needs[0].Spare(), DinasLack: int(office[0].OrderQuantity), RegionOrder: int(region.OrderQuantity)}
	if len(region.Weeks) > 0 {
		out.Week = region.Weeks[0].Week
	}
	if out.Shipments == nil {
		out.Shipments = []Shipment{}
	}
	for _, sh := range split.Shipments {
		out.Sent += sh.Cards
	}
	out.Request = max(out.RegionOrder, out.Unmet+out.DinasLack)
	for i, p := range office {
		name := byCode[p.ScopeID].ShortName
		if name == "" {
			name = byCode[p.ScopeID].Name
		}
		out.Rows = append(out.Rows, distributionRow(p, needs[i], name, split.Received[i], split.Sent[i],
			split.Shipments, uses[ScopeKey{kpi.ScopeOffice, p.ScopeID}]))
	}
	return out, nil
}

// splitPlans returns the region's plan and the offices', the Dinas first.
func splitPlans(plans []StockPlanRow, offices map[string]kpi.Office) (StockPlanRow, []StockPlanRow) {
	var region StockPlanRow
	var dinas, others []StockPlanRow
	for _, p := range plans {
		switch {
		case p.Scope == kpi.ScopeRegion:
			region = p
		case offices[p.ScopeID].Type == "dinas" && len(dinas) == 0:
			dinas = append(dinas, p)
		default:
			others = append(others, p)
		}
	}
	return region, append(dinas, others...)
}

// lastSunday is the end of the latest complete week on or before t.
func lastSunday(t time.Time) time.Time {
	return t.AddDate(0, 0, -(kpi.ISOWeekday(t) % 7))
}

// distributionNeed is the office's stock plan as Distribute takes it: the
// cards to hold now for the weeks until cards ordered now can be followed
// by the next (lead time + review period), the stock plan's order-up-to
// level, and the cards on order arriving within them.
func distributionNeed(p StockPlanRow, dinas bool) DistributionNeed {
	protection := p.LeadTime.Weeks + p.ReviewWeeks
	demand, onOrder := 0.0, 0.0
	for k := range protection {
		if n := len(p.Weeks); n > 0 {
			demand += p.Weeks[min(k, n-1)].Demand
		}
		if k < len(p.Weeks) {
			onOrder += p.Weeks[k].Deliveries
		}
	}
	return DistributionNeed{Office: p.ScopeID, Dinas: dinas, Stock: math.Max(0, p.StockNow),
		Cover: p.BacklogCards + demand + p.SafetyStock, OnOrder: onOrder}
}

// distributionRow reports one office: its shipments, weeks of stock and
// stock-out before and after.
func distributionRow(p StockPlanRow, n DistributionNeed, name string, received, sent int, shipments []Shipment, use StockUse) DistributionRow {
	r := DistributionRow{Office: p.ScopeID, Name: name, Dinas: n.Dinas, Stock: n.Stock, Cover: n.Cover, OnOrder: n.OnOrder,
		Lack: n.Lack(), LeadTimeWeeks: p.LeadTime.Weeks, Send: received, Gives: sent, From: []string{}}
	for _, sh := range shipments {
		if sh.To == p.ScopeID {
			r.From = append(r.From, sh.From)
		}
	}
	use.Stock = n.Stock
	if w, ok := use.Weeks(); ok {
		r.CoverBeforeWeeks = &w
	}
	if w, ok := use.WeeksOfStockAfter(float64(received - sent)); ok {
		r.CoverAfterWeeks = &w
	}
	r.StockOutWeek = firstBelowZero(p.Weeks, 0)
	r.StockOutWeekAfter = firstBelowZero(p.Weeks, float64(received-sent))
	for k, w := range p.Weeks {
		if w.Week == r.StockOutWeek {
			r.RunsOutWithinLeadTime = k < max(1, p.LeadTime.Weeks)
			if monday, err := kpi.ParseWeek(w.Week); err == nil {
				r.StockOutDate = monday.Format(time.DateOnly)
			}
		}
	}
	return r
}

// firstBelowZero is the first week whose projected stock plus cards is
// negative ("" for none).
func firstBelowZero(weeks []PlanWeek, cards float64) string {
	for _, w := range weeks {
		if w.Projected+cards < 0 {
			return w.Week
		}
	}
	return ""
}
