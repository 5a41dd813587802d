package reports

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/disdukcapil-bekasi/pantau/ikm"
	"github.com/disdukcapil-bekasi/pantau/kpi"
	"github.com/disdukcapil-bekasi/pantau/planning"
)

// Options choose what a report shows and how.
type Options struct {
	// Week is the ISO week reported, like 2023-W01; "" is the latest complete week.
	Week string
	// Office limits the weekly and planner reports to one office; "" is the region.
	Office string
	Lang   Lang
	// Now is the time the report is made, shown on it (inject the clock).
	Now time.Time
	// Settings are the KPI settings (kpi.SettingsFrom of the configuration).
	Settings kpi.Settings
	// Plan returns the blanko stock plan as of a week; nil leaves the
	// forecast out of the reports.
	Plan PlanFunc
	// Shared, when set, lets the reports of one run share what they all read
	// (pantau run: the region's and every office's weekly report).
	Shared *Shared
	// Period is the survey period of the IKM report, like 2023-S1 or
	// 2023-Q1; "" is the latest complete semester.
	Period string
	// IKM are the survey index settings (regulation, weight); its KPI
	// settings are taken from Settings.
	IKM ikm.Settings
	// Province limits the national report to one province's regions (32);
	// "" is the nation.
	Province string
	// MinRecordings is the fewest KTP-el recordings in the week a region
	// needs to be ranked in the national report; 0 means
	// DefaultMinRecordings.
	MinRecordings int
	// Allocate, when set, adds the allocation of Allocate.Supply cards across
	// the national report's regions (its By, Regions and AsOf are the
	// report's).
	Allocate *planning.AllocateOptions
}

// trendWeeks is how many weeks the trend charts show, the reported week last.
const trendWeeks = 26

// office is one office as the reports name it: Name in titles and
// sentences, Short where space is short (tables, a phone's width).
type office struct {
	Code, Type, Name, Short string
}

// basics are what every report needs to know about the warehouse.
type basics struct {
	week           string
	monday, sunday time.Time
	regionName     string
	offices        []office // sorted by code
	officeByCode   map[string]office
	dataAsOf       time.Time // the last service event up to the week's end
	hasData        bool
}

// ErrUnknownOffice reports an --office that is not in the offices table.
var ErrUnknownOffice = errors.New("unknown office")

func loadBasics(ctx context.Context, db *sql.DB, opt *Options) (basics, error) {
	var b basics
	if opt.Lang == "" {
		opt.Lang = Indonesian
	}
	week := opt.Week
	if week == "" {
		w, err := kpi.LatestWeek(ctx, db)
		if err != nil {
			return b, err
		}
		week = w
	}
	monday, err := kpi.ParseWeek(week)
	if err != nil {
		return b, err
	}
	b.week, b.monday, b.sunday = week, monday, monday.AddDate(0, 0, 6)
	region := opt.Settings.RegionCode
	if b.regionName, err = kpi.RegionName(ctx, db, region); err != nil {
		return b, err
	}
	offices, err := kpi.Offices(ctx, db, region)
	if err != nil {
		return b, err
	}
	b.officeByCode = map[string]office{}
	for _, mo := range offices {
		o := office{Code: mo.Code, Type: mo.Type, Name: mo.Name}
		o.Name = shortOfficeName(o, mo.KecamatanName)
		o.Short = mo.ShortName
		if o.Short == "" {
			o.Short = o.Name
		}
		b.offices = append(b.offices, o)
		b.officeByCode[o.Code] = o
	}
	if opt.Office != "" {
		if _, ok := b.officeByCode[opt.Office]; !ok {
			return b, fmt.Errorf("%w %q (see the offices table)", ErrUnknownOffice, opt.Office)
		}
	}
	if b.dataAsOf, b.hasData, err = kpi.DataAsOf(ctx, db, region, monday.AddDate(0, 0, 7)); err != nil {
		return b, err
	}
	return b, nil
}

// shortOfficeName names a kecamatan desk by its kecamatan ("Kec. Babelan")
// and cuts other offices' names at their address.
func shortOfficeName(o office, kecamatan string) string {
	if o.Type == "kecamatan" && kecamatan != "" {
		return "Kec. " + kecamatan
	}
	name, _, _ := strings.Cut(o.Name, " - ")
	name, _, _ = strings.Cut(name, " (")
	return strings.TrimSpace(name)
}

// scopeName is what the report is about: the region or one office.
func (b basics) scopeName(l Lang, officeCode string) string {
	if officeCode == "" {
		return b.regionName
	}
	return b.officeByCode[officeCode].Name
}

// stamps are the lines every page carries: the period and "data per".
func (b basics) stamps(l Lang, now time.Time) (period, asOf, generated string) {
	period = l.WeekLabel(b.week)
	if b.hasData {
		asOf = l.T("data_as_of") + " " + l.Date(b.dataAsOf)
	} else {
		asOf = l.T("no_data")
	}
	generated = l.T("generated") + " " + l.DateTime(now)
	return
}

// kpiSeries holds KPI values by scope, scope id and value name, one per week.
type kpiSeries struct {
	weeks []string
	index map[string]int
	v     map[string][]*float64
}

func (k kpiSeries) get(scope, id, name string) []*float64 {
	if s, ok := k.v[scope+"|"+id+"|"+name]; ok {
		return s
	}
	return make([]*float64, len(k.weeks))
}

// at is the value in the week i (negative: from the end).
func (k kpiSeries) at(scope, id, name string, i int) *float64 {
	s := k.get(scope, id, name)
	if i < 0 {
		i += len(s)
	}
	if i < 0 || i >= len(s) {
		return nil
	}
	return s[i]
}

// computeSeries reads the stored KPIs (kpi.Read) for the weeks ending with week.
func computeSeries(ctx context.Context, db *sql.DB, s kpi.Settings, week string, n int, scopes, kpis []string) (kpiSeries, error) {
	return readSeries(ctx, db, s, week, n, scopes, kpis, nil)
}

// readSeries reads the stored KPIs of some regions (nil: the settings'
// region) for the n weeks ending with week.
func readSeries(ctx context.Context, db *sql.DB, s kpi.Settings, week string, n int, scopes, kpis, regions []string) (kpiSeries, error) {
	from, err := kpi.AddWeeks(week, -(n - 1))
	if err != nil {
		return kpiSeries{}, err
	}
	k := kpiSeries{index: map[string]int{}, v: map[string][]*float64{}}
	for i := range n {
		w, _ := kpi.AddWeeks(from, i)
		k.index[w] = i
		k.weeks = append(k.weeks, w)
	}
	values, err := kpi.Read(ctx, db, s, kpi.Query{From: from, To: week, Scopes: scopes, KPIs: kpis, Regions: regions})
	if err != nil {
		return k, err
	}
	for _, v := range values {
		key := v.Scope + "|" + v.ScopeID + "|" + v.KPI
		if k.v[key] == nil {
			k.v[key] = make([]*float64, n)
		}
		k.v[key][k.index[v.Week]] = v.Value
	}
	return k, nil
}

// weekAxis labels weeks for a chart axis by their Monday: "2 Jan".
func weekAxis(l Lang, weeks []string) []string {
	out := make([]string, len(weeks))
	for i, w := range weeks {
		monday, err := kpi.ParseWeek(w)
		if err != nil {
			out[i] = w
			continue
		}
		out[i] = l.DayMonth(monday)
		if i == 0 || monday.Year() != mustMonday(weeks[i-1]).Year() {
			out[i] = l.DateShort(monday)
		}
	}
	return out
}

func mustMonday(week string) time.Time {
	t, _ := kpi.ParseWeek(week)
	return t
}

func ptr(f float64) *float64 { return &f }
