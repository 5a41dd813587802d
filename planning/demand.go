package planning

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"time"

	"github.com/disdukcapil-bekasi/pantau/kpi"
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
	// Workdays are the working days of each week of Weeks, then of the 104
	// weeks from NextWeek (the region's calendar: holidays, and cuti
	// bersama as the settings say); -1 for a week beyond the calendar.
	Workdays []float64
}

// BlankoDemand measures the weekly blanko demand as of the end of the local
// date asOf for the region and, with byOffice, for every office that holds
// blanko or prints for others, with the backlog, stock and deliveries on
// order at that date and the lead time measured from past deliveries. The
// region comes first, then the offices by code. Only facts dated up to
// asOf are used, so a plan made as of a past date sees what a planner saw
// then.
//
// It reads as its steps: the span of weeks, the facts of
// forecast_demand.sql, the deliveries of forecast_deliveries.sql and their
// lead time, then the assembly of the series by office and for the region.
func BlankoDemand(ctx context.Context, db *sql.DB, s kpi.Settings, asOf time.Time, byOffice bool) ([]DemandSeries, error) {
	if d, ok := demandReadAhead(ctx, s.RegionCode, asOf, byOffice); ok {
		return d.series, d.err
	}
	got, err := blankoDemandAt(ctx, db, s, []time.Time{asOf}, byOffice)
	if err != nil {
		return nil, err
	}
	return got[0].series, got[0].err
}

// demandAt is a region's demand as of one date, or why it has none (an
// OutsideDataError, kpi.ErrNoData).
type demandAt struct {
	series []DemandSeries
	err    error
}

// blankoDemandAt is BlankoDemand as of each of dates, with one read of
// the facts for all of them: a date's series are the same whichever dates
// are read with it.
func blankoDemandAt(ctx context.Context, db *sql.DB, s kpi.Settings, dates []time.Time, byOffice bool) ([]demandAt, error) {
	spans, out, err := readDemandSpans(ctx, db, s, dates)
	if err != nil {
		return nil, err
	}
	facts, err := readDemandFacts(ctx, db, s, spans)
	if err != nil {
		return nil, err
	}
	for i, span := range spans {
		if out[i].err != nil {
			continue
		}
		deliveries, err := readDeliveries(ctx, db, s, span.asOf)
		if err != nil {
			return nil, err
		}
		lead, onOrder := measureDeliveries(deliveries, span.asOf)
		a := newDemandAssembly(span, s.RegionCode, facts[span.asOf], lead)
		if err := a.addFacts(facts[span.asOf].rows); err != nil {
			return nil, fmt.Errorf("blanko demand: %w", err)
		}
		a.addOnOrder(onOrder)
		a.supplyByTransfer(deliveries)
		out[i].series = a.series(byOffice)
	}
	return out, nil
}

// OutsideDataError reports a plan asked for as of a date outside the dates
// of the region's service events: callers planning many regions skip those.
type OutsideDataError struct {
	AsOf, First, Last time.Time
}

func (e *OutsideDataError) Error() string {
	return fmt.Sprintf("blanko demand: as of %s is outside the data (%s to %s)",
		e.AsOf.Format(time.DateOnly), e.First.Format(time.DateOnly), e.Last.Format(time.DateOnly))
}

// demandSpan is the calendar of a demand series as of a date.
type demandSpan struct {
	// asOf is the plan's local date at midnight UTC.
	asOf time.Time
	// weekStart is the Monday of asOf's week; next the Monday of the first
	// week to forecast (weekStart, or the week after when asOf is a Sunday).
	weekStart, next time.Time
	// firstWeek is the Monday of the first full week with data (next at the
	// latest): the series runs from firstWeek to the week before next.
	firstWeek time.Time
}

// readDemandSpans fixes the weeks of the series as of each date; a date
// outside the region's events has no span (its demandAt holds an
// OutsideDataError, or kpi.ErrNoData when the region has no events).
func readDemandSpans(ctx context.Context, db *sql.DB, s kpi.Settings, dates []time.Time) ([]demandSpan, []demandAt, error) {
	var first, last sql.NullTime
	if err := db.QueryRowContext(ctx, `SELECT min(event_time)::DATE, max(event_time)::DATE FROM service_events WHERE region_code = ?`,
		s.RegionCode).Scan(&first, &last); err != nil {
		return nil, nil, fmt.Errorf("blanko demand: %w", err)
	}
	spans := make([]demandSpan, len(dates))
	out := make([]demandAt, len(dates))
	for i, asOf := range dates {
		asOf = time.Date(asOf.Year(), asOf.Month(), asOf.Day(), 0, 0, 0, 0, time.UTC)
		switch {
		case !first.Valid:
			out[i].err = kpi.ErrNoData
		case asOf.Before(first.Time) || asOf.After(last.Time):
			out[i].err = &OutsideDataError{AsOf: asOf, First: first.Time, Last: last.Time}
		default:
			spans[i] = demandSpanOf(asOf, first.Time)
		}
	}
	return spans, out, nil
}

// demandSpanOf is the span of the series as of asOf of a region whose
// events begin on first.
func demandSpanOf(asOf, first time.Time) demandSpan {
	span := demandSpan{asOf: asOf, weekStart: kpi.Monday(asOf)}
	span.next = span.weekStart
	if asOf.Weekday() == time.Sunday {
		span.next = span.weekStart.AddDate(0, 0, 7)
	}
	span.firstWeek = kpi.Monday(first)
	if !span.firstWeek.Equal(first) {
		span.firstWeek = span.firstWeek.AddDate(0, 0, 7) // the first full week
	}
	if span.firstWeek.After(span.next) {
		span.firstWeek = span.next
	}
	return span
}

// weeks lists the ISO weeks of the series and the index of each Monday.
func (span demandSpan) weeks() ([]string, map[time.Time]int) {
	var weeks []string
	index := map[time.Time]int{}
	for d := span.firstWeek; d.Before(span.next); d = d.AddDate(0, 0, 7) {
		index[d] = len(weeks)
		weeks = append(weeks, kpi.FormatWeek(d))
	}
	return weeks, index
}

// demandAssembly gathers the facts into the region's series and one per
// office, created as the facts name them.
type demandAssembly struct {
	span      demandSpan
	weekIndex map[time.Time]int
	template  DemandSeries // the fields every series shares
	region    *DemandSeries
	offices   map[string]*DemandSeries
}

func newDemandAssembly(span demandSpan, regionCode string, facts demandFactSet, lead LeadTime) *demandAssembly {
	weeks, index := span.weeks()
	a := &demandAssembly{span: span, weekIndex: index, offices: map[string]*DemandSeries{}, template: DemandSeries{
		AsOf: span.asOf, Weeks: weeks, SpoilageRate: facts.spoilageRate(), LeadTime: lead,
		NextWeek: kpi.FormatWeek(span.next), NextWeekShare: facts.nextWeekShare(span.asOf),
		Workdays: facts.calendar(span.firstWeek, len(weeks)+calendarWeeks),
	}}
	a.region = a.newSeries(kpi.ScopeRegion, regionCode)
	return a
}

func (a *demandAssembly) newSeries(scope, id string) *DemandSeries {
	d := a.template
	d.Scope, d.ScopeID = scope, id
	d.Applications = make([]float64, len(d.Weeks))
	return &d
}

// office returns the series of an office, creating it on first use.
func (a *demandAssembly) office(code string) *DemandSeries {
	if a.offices[code] == nil {
		a.offices[code] = a.newSeries(kpi.ScopeOffice, code)
	}
	return a.offices[code]
}

// addFacts adds each per-office fact to its office and to the region. An
// unknown kind, or demand in a week outside the series, is an error rather
// than a fact silently left out.
func (a *demandAssembly) addFacts(facts []demandFact) error {
	for _, f := range facts {
		switch f.kind {
		case factOffice:
			a.office(f.office)
		case factDemand:
			i, ok := a.weekIndex[f.week]
			if !ok {
				return fmt.Errorf("demand of office %q in week %s, outside the series (%s up to %s)",
					f.office, kpi.FormatWeek(f.week), kpi.FormatWeek(a.span.firstWeek), kpi.FormatWeek(a.span.next))
			}
			a.office(f.office).Applications[i] += f.value
			a.region.Applications[i] += f.value
		case factBacklog:
			a.office(f.office).Backlog += f.value
			a.region.Backlog += f.value
		case factStock:
			if f.value != 0 {
				a.office(f.office).Stock += f.value
			}
			a.region.Stock += f.value
		default:
			return fmt.Errorf("unknown kind of demand fact %q (office %q)", f.kind, f.office)
		}
	}
	return nil
}

// addOnOrder lists each delivery on order at its office and the region.
func (a *demandAssembly) addOnOrder(onOrder []PendingDelivery) {
	for _, d := range onOrder {
		o := a.office(d.OfficeCode)
		o.OnOrder = append(o.OnOrder, d)
		a.region.OnOrder = append(a.region.OnOrder, d)
	}
}

// supplyByTransfer gives the offices that never receive from the ministry
// or province the lead time of transfers from the Dinas, which arrive the
// day they are sent.
func (a *demandAssembly) supplyByTransfer(deliveries []delivery) {
	supplied := map[string]bool{}
	for _, d := range deliveries {
		supplied[d.office] = true
	}
	for code, o := range a.offices {
		if !supplied[code] {
			o.LeadTime = LeadTime{Source: LeadTimeTransfer}
		}
	}
}

// series returns the region's series and, with byOffice, those of the
// offices with anything to plan, by code, each with its demand in cards.
func (a *demandAssembly) series(byOffice bool) []DemandSeries {
	out := []DemandSeries{*a.region}
	if byOffice {
		codes := make([]string, 0, len(a.offices))
		for code, o := range a.offices {
			if o.Stock != 0 || o.Backlog != 0 || len(o.OnOrder) > 0 || slices.ContainsFunc(o.Applications, func(v float64) bool { return v != 0 }) {
				codes = append(codes, code)
			}
		}
		slices.Sort(codes)
		for _, code := range codes {
			out = append(out, *a.offices[code])
		}
	}
	for i := range out {
		out[i].Demand = withSpoilage(out[i].Applications, out[i].SpoilageRate)
	}
	return out
}

// withSpoilage is the cards the applications need: each card printed
// spoils spoilage more on average.
func withSpoilage(applications []float64, spoilage float64) []float64 {
	cards := make([]float64, len(applications))
	for k, n := range applications {
		cards[k] = n * (1 + spoilage)
	}
	return cards
}
