package metrics

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"math"
	"slices"
	"time"
)

// DemandSeries is the weekly blanko (blank KTP-el card) demand of one scope
// (the region or one office) and the state of its stock at a date: what the
// stock plan starts from.
//
// Demand is the uncensored inflow, not the cards consumed: printing stops
// when stock runs out, so prints under-state demand in a shortage. An
// application is owed a card from its first print_ready (PRR) event, or its
// print when it was printed without one; in a region whose data never
// records PRR, from its first recorded (perekaman) event. Each card printed
// also spoils SpoilageRate cards on average, so the demand in cards is
// Applications × (1 + SpoilageRate).
//
// Demand counts at the office that prints for it: for each office, the
// office where most of the cards recorded there were printed (up to the
// date); an office without prints yet counts its own demand if it holds
// blanko, else the Dinas's. In Kabupaten Bekasi the kecamatan desks print
// their own cards and the Dinas prints for itself, the MPPs, the mobile
// units and the online channel.
type DemandSeries struct {
	// Scope is region or office; ScopeID the region code or office code.
	Scope, ScopeID string
	// AsOf is the local date the series is measured at: facts up to its end.
	AsOf time.Time
	// Weeks are the complete ISO weeks of the history, oldest first, from
	// the first full week with data to the last week ending before NextWeek.
	Weeks []string
	// Applications is, per week, the applications that came to be owed a card.
	Applications []float64
	// Demand is, per week, the cards those applications need:
	// Applications × (1 + SpoilageRate).
	Demand []float64
	// SpoilageRate is the region's spoiled KTP-el cards per printed card in
	// the 52 weeks ending on AsOf.
	SpoilageRate float64
	// Backlog is the applications owed a card at the end of AsOf: owed by
	// then and neither printed, rejected nor cancelled by then.
	Backlog float64
	// Stock is the cards in stock at the end of AsOf, by the rule of the
	// blanko_stock KPI: the latest physical count on or before AsOf, plus
	// later receipts, minus later consumption.
	Stock float64
	// OnOrder are the deliveries requested on or before AsOf and not
	// received by then (ministry and province; transfers are internal).
	OnOrder []PendingDelivery
	// LeadTime is measured from the past ministry and province deliveries
	// of the whole region; an office that never received one is supplied
	// by transfers from the Dinas, with lead time 0 (LeadTimeTransfer).
	LeadTime LeadTime
	// NextWeek is the first week to forecast: the week holding AsOf, or the
	// next one when AsOf is a Sunday.
	NextWeek string
	// NextWeekShare is the share of NextWeek's working days that lie after
	// AsOf (1 for a whole week): the part of its demand still to come.
	NextWeekShare float64
}

// PendingDelivery is a blanko delivery on order at a date.
type PendingDelivery struct {
	DeliveryID, OfficeCode, Source, Reference string
	RequestedAt                               time.Time
	// Quantity is the quantity requested (what will arrive is not known
	// yet); 0 when the request names no quantity.
	Quantity float64
}

// LeadTime is the delivery lead time of blanko: the weeks from request to receipt.
type LeadTime struct {
	// Weeks is what the plan uses: Days / 7 rounded up, or the override.
	Weeks int `json:"weeks"`
	// Days is the median of requested_at → received_at over the deliveries
	// measured; 0 when none was.
	Days float64 `json:"days"`
	// Deliveries is how many deliveries were measured.
	Deliveries int `json:"deliveries"`
	// Source is measured (the ministry and province deliveries received in
	// the 52 weeks ending on the date, or all received by then when fewer
	// than three), config (an override), default (nothing to measure:
	// DefaultLeadTimeWeeks) or transfer (an office supplied by the Dinas).
	Source string `json:"source"`
}

// DefaultLeadTimeWeeks is the lead time assumed when the warehouse holds no
// received delivery to measure it from.
const DefaultLeadTimeWeeks = 4

// Lead time sources.
const (
	LeadTimeMeasured = "measured"
	LeadTimeConfig   = "config"
	LeadTimeDefault  = "default"
	LeadTimeTransfer = "transfer"
)

// BlankoDemand measures the weekly blanko demand as of the end of the local
// date asOf for the region and, with byOffice, for every office that holds
// blanko or prints for others, with the backlog, stock and deliveries on
// order at that date and the lead time measured from past deliveries. The
// region comes first, then the offices by code. Only facts dated up to
// asOf are used, so a plan made as of a past date sees what a planner saw
// then.
func BlankoDemand(ctx context.Context, db *sql.DB, s Settings, asOf time.Time, byOffice bool) ([]DemandSeries, error) {
	asOf = time.Date(asOf.Year(), asOf.Month(), asOf.Day(), 0, 0, 0, 0, time.UTC)
	var first, last sql.NullTime
	if err := db.QueryRowContext(ctx, `SELECT min(event_time)::DATE, max(event_time)::DATE FROM service_events WHERE region_code = ?`,
		s.RegionCode).Scan(&first, &last); err != nil {
		return nil, fmt.Errorf("blanko demand: %w", err)
	}
	if !first.Valid {
		return nil, ErrNoData
	}
	if asOf.Before(first.Time) || asOf.After(last.Time) {
		return nil, fmt.Errorf("blanko demand: as of %s is outside the data (%s to %s)",
			asOf.Format(time.DateOnly), first.Time.Format(time.DateOnly), last.Time.Format(time.DateOnly))
	}
	weekStart := monday(asOf)
	next := weekStart
	if asOf.Weekday() == time.Sunday {
		next = weekStart.AddDate(0, 0, 7)
	}
	firstWeek := monday(first.Time)
	if !firstWeek.Equal(first.Time) {
		firstWeek = firstWeek.AddDate(0, 0, 7) // the first full week
	}
	if firstWeek.After(next) {
		firstWeek = next
	}

	facts, err := demandFacts(ctx, db, s, asOf, firstWeek, next, weekStart)
	if err != nil {
		return nil, err
	}
	deliveries, err := deliveriesAsOf(ctx, db, s, asOf)
	if err != nil {
		return nil, err
	}
	lead, onOrder := measureDeliveries(deliveries, asOf)

	var weeks []string
	index := map[time.Time]int{}
	for d := firstWeek; d.Before(next); d = d.AddDate(0, 0, 7) {
		index[d] = len(weeks)
		weeks = append(weeks, FormatWeek(d))
	}
	share := 1.0
	if asOf.Weekday() != time.Sunday {
		switch {
		case facts.workdaysWeek > 0:
			share = facts.workdaysLeft / facts.workdaysWeek
		default:
			share = float64(7-isoWeekday(asOf)) / 7
		}
	}
	spoilage := 0.0
	if facts.printed > 0 {
		spoilage = facts.spoiled / facts.printed
	}
	newSeries := func(scope, id string) *DemandSeries {
		return &DemandSeries{Scope: scope, ScopeID: id, AsOf: asOf, Weeks: weeks,
			Applications: make([]float64, len(weeks)), SpoilageRate: spoilage, LeadTime: lead,
			NextWeek: FormatWeek(next), NextWeekShare: share}
	}
	region := newSeries(ScopeRegion, s.RegionCode)
	offices := map[string]*DemandSeries{}
	office := func(code string) *DemandSeries {
		if offices[code] == nil {
			offices[code] = newSeries(ScopeOffice, code)
		}
		return offices[code]
	}
	for _, f := range facts.rows {
		switch f.kind {
		case "office":
			office(f.office)
		case "demand":
			i, ok := index[f.week]
			if !ok {
				continue
			}
			office(f.office).Applications[i] += f.value
			region.Applications[i] += f.value
		case "backlog":
			office(f.office).Backlog += f.value
			region.Backlog += f.value
		case "stock":
			if f.value != 0 {
				office(f.office).Stock += f.value
			}
			region.Stock += f.value
		}
	}
	for _, d := range onOrder {
		office(d.OfficeCode).OnOrder = append(office(d.OfficeCode).OnOrder, d)
		region.OnOrder = append(region.OnOrder, d)
	}
	// Offices that never receive from the ministry or province are supplied
	// by transfers from the Dinas, which arrive the day they are sent.
	supplied := map[string]bool{}
	for _, d := range deliveries {
		supplied[d.office] = true
	}
	for code, o := range offices {
		if !supplied[code] {
			o.LeadTime = LeadTime{Source: LeadTimeTransfer}
		}
	}
	out := []DemandSeries{*region}
	if byOffice {
		codes := make([]string, 0, len(offices))
		for code, o := range offices {
			if o.Stock != 0 || o.Backlog != 0 || len(o.OnOrder) > 0 || slices.ContainsFunc(o.Applications, func(v float64) bool { return v != 0 }) {
				codes = append(codes, code)
			}
		}
		slices.Sort(codes)
		for _, code := range codes {
			out = append(out, *offices[code])
		}
	}
	for i := range out {
		out[i].Demand = make([]float64, len(weeks))
		for k, a := range out[i].Applications {
			out[i].Demand[k] = a * (1 + spoilage)
		}
	}
	return out, nil
}

// demandFact is one row of forecast_demand.sql.
type demandFact struct {
	kind, office string
	week         time.Time
	value        float64
}

type demandFactSet struct {
	rows                       []demandFact
	spoiled, printed           float64
	workdaysLeft, workdaysWeek float64
}

// demandFacts runs forecast_demand.sql through the KPI runner's relations,
// so that applications and stock are the KPIs' own.
func demandFacts(ctx context.Context, db *sql.DB, s Settings, asOf, firstWeek, endWeek, weekStart time.Time) (demandFactSet, error) {
	body, err := files.ReadFile("sql/forecast_demand.sql")
	if err != nil {
		return demandFactSet{}, err
	}
	base, args := queryBase(s, []string{ScopeRegion, ScopeOffice}, weekStart, weekStart)
	args = append(args, asOf.Format(time.DateOnly), firstWeek.Format(time.DateOnly),
		endWeek.Format(time.DateOnly), weekStart.Format(time.DateOnly))
	rows, err := db.QueryContext(ctx, compose(base, "SELECT * FROM (\n"+string(body)+"\n)"), args...)
	if err != nil {
		return demandFactSet{}, fmt.Errorf("blanko demand: %w", err)
	}
	defer rows.Close()
	var set demandFactSet
	for rows.Next() {
		var kind string
		var office sql.NullString
		var week sql.NullTime
		var value float64
		if err := rows.Scan(&kind, &office, &week, &value); err != nil {
			return demandFactSet{}, fmt.Errorf("blanko demand: %w", err)
		}
		switch kind {
		case "spoiled":
			set.spoiled += value
		case "printed":
			set.printed += value
		case "workdays_left":
			set.workdaysLeft = value
		case "workdays_week":
			set.workdaysWeek = value
		default:
			w := time.Time{}
			if week.Valid {
				w = time.Date(week.Time.Year(), week.Time.Month(), week.Time.Day(), 0, 0, 0, 0, time.UTC)
			}
			set.rows = append(set.rows, demandFact{kind: kind, office: office.String, week: w, value: value})
		}
	}
	if err := rows.Err(); err != nil {
		return demandFactSet{}, fmt.Errorf("blanko demand: %w", err)
	}
	// Sums in a fixed order, so that the floats are the same every run.
	slices.SortFunc(set.rows, func(a, b demandFact) int {
		return cmp.Or(cmp.Compare(a.kind, b.kind), cmp.Compare(a.office, b.office), a.week.Compare(b.week))
	})
	return set, nil
}

// delivery is one row of forecast_deliveries.sql.
type delivery struct {
	id, office, source, reference string
	requested                     time.Time
	received                      sql.NullTime
	quantityRequested             sql.NullFloat64
}

func deliveriesAsOf(ctx context.Context, db *sql.DB, s Settings, asOf time.Time) ([]delivery, error) {
	body, err := files.ReadFile("sql/forecast_deliveries.sql")
	if err != nil {
		return nil, err
	}
	rows, err := db.QueryContext(ctx, string(body), s.RegionCode, asOf.Format(time.DateOnly))
	if err != nil {
		return nil, fmt.Errorf("blanko deliveries: %w", err)
	}
	defer rows.Close()
	var out []delivery
	for rows.Next() {
		var d delivery
		var received sql.NullFloat64
		if err := rows.Scan(&d.id, &d.office, &d.source, &d.requested, &d.quantityRequested, &d.received, &received, &d.reference); err != nil {
			return nil, fmt.Errorf("blanko deliveries: %w", err)
		}
		out = append(out, d)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("blanko deliveries: %w", err)
	}
	return out, nil
}

// measureDeliveries splits the deliveries requested by asOf into the lead
// time of those received and the ones still on order.
func measureDeliveries(ds []delivery, asOf time.Time) (LeadTime, []PendingDelivery) {
	var recent, all []float64
	var onOrder []PendingDelivery
	yearAgo := asOf.AddDate(0, 0, -364)
	for _, d := range ds {
		if d.received.Valid && !d.received.Time.After(asOf) {
			days := math.Round(d.received.Time.Sub(d.requested).Hours() / 24)
			if days < 0 {
				continue // received before requested: a data error, not a lead time
			}
			all = append(all, days)
			if !d.received.Time.Before(yearAgo) {
				recent = append(recent, days)
			}
			continue
		}
		onOrder = append(onOrder, PendingDelivery{DeliveryID: d.id, OfficeCode: d.office, Source: d.source,
			Reference: d.reference, RequestedAt: d.requested, Quantity: math.Max(0, d.quantityRequested.Float64)})
	}
	measured := recent
	if len(measured) < 3 {
		measured = all
	}
	if len(measured) == 0 {
		return LeadTime{Weeks: DefaultLeadTimeWeeks, Source: LeadTimeDefault}, onOrder
	}
	days := medianOf(measured)
	return LeadTime{Weeks: int(math.Ceil(days / 7)), Days: days, Deliveries: len(measured), Source: LeadTimeMeasured}, onOrder
}

// medianOf interpolates between the middle two values, as quantile_cont does.
func medianOf(v []float64) float64 {
	s := slices.Clone(v)
	slices.Sort(s)
	n := len(s)
	if n%2 == 1 {
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2]) / 2
}

// monday returns the Monday of t's ISO week (at midnight UTC).
func monday(t time.Time) time.Time {
	d := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
	return d.AddDate(0, 0, 1-isoWeekday(d))
}

// isoWeekday is 1 for Monday to 7 for Sunday.
func isoWeekday(t time.Time) int {
	if t.Weekday() == time.Sunday {
		return 7
	}
	return int(t.Weekday())
}
