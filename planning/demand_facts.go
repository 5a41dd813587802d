package planning

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/disdukcapil-bekasi/pantau/kpi"
)

// demandFact is one per-office row of forecast_demand.sql.
type demandFact struct {
	kind, office string
	week         time.Time
	value        float64
}

// The per-office kinds of forecast_demand.sql (see its header).
const (
	factOffice  = "office"
	factDemand  = "demand"
	factBacklog = "backlog"
	factStock   = "stock"
	// factWorkdays is region-wide: the working days of a week.
	factWorkdays = "workdays"
)

// demandFactSet is what forecast_demand.sql returns: the per-office rows,
// sorted, and the region-wide figures.
type demandFactSet struct {
	rows                       []demandFact
	spoiled, printed           float64
	workdaysLeft, workdaysWeek float64
	// workdays are the working days of each week by its Monday.
	workdays map[time.Time]float64
}

// readDemandFacts runs forecast_demand.sql through the KPI runner's
// relations, so that applications and stock are the KPIs' own, as of the
// date of each span (a zero span, a date outside the data, is left out):
// the facts by the span's date.
func readDemandFacts(ctx context.Context, db *sql.DB, s kpi.Settings, spans []demandSpan) (map[time.Time]demandFactSet, error) {
	body, err := files.ReadFile("sql/forecast_demand.sql")
	if err != nil {
		return nil, err
	}
	var asOf, firstWeek, endWeek, weekStart []string
	var from, to time.Time
	for _, span := range spans {
		if span.asOf.IsZero() {
			continue
		}
		asOf = append(asOf, span.asOf.Format(time.DateOnly))
		firstWeek = append(firstWeek, span.firstWeek.Format(time.DateOnly))
		endWeek = append(endWeek, span.next.Format(time.DateOnly))
		weekStart = append(weekStart, span.weekStart.Format(time.DateOnly))
		if from.IsZero() || span.weekStart.Before(from) {
			from = span.weekStart
		}
		if span.weekStart.After(to) {
			to = span.weekStart
		}
	}
	out := map[time.Time]demandFactSet{}
	if len(asOf) == 0 {
		return out, nil
	}
	base, args := kpi.QueryBase(s, []string{kpi.ScopeRegion, kpi.ScopeOffice}, from, to)
	stored, err := kpi.CurrentApplications(ctx, db)
	if err != nil {
		return nil, fmt.Errorf("blanko demand: %w", err)
	}
	base = append(base, stored...)
	args = append(args, sql.Named("as_of", strings.Join(asOf, ",")), sql.Named("first_week", strings.Join(firstWeek, ",")),
		sql.Named("end_week", strings.Join(endWeek, ",")), sql.Named("week_start", strings.Join(weekStart, ",")))
	rows, err := db.QueryContext(ctx, kpi.Compose(base, "SELECT * FROM (\n"+string(body)+"\n)"), args...)
	if err != nil {
		return nil, fmt.Errorf("blanko demand: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var day time.Time
		var kind string
		var office sql.NullString
		var week sql.NullTime
		var value float64
		if err := rows.Scan(&day, &kind, &office, &week, &value); err != nil {
			return nil, fmt.Errorf("blanko demand: %w", err)
		}
		day = time.Date(day.Year(), day.Month(), day.Day(), 0, 0, 0, 0, time.UTC)
		set := out[day]
		if err := set.add(kind, office, week, value); err != nil {
			return nil, fmt.Errorf("blanko demand: %w", err)
		}
		out[day] = set
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("blanko demand: %w", err)
	}
	for day, set := range out {
		// Sums in a fixed order, so that the floats are the same every run.
		slices.SortFunc(set.rows, func(a, b demandFact) int {
			return cmp.Or(cmp.Compare(a.kind, b.kind), cmp.Compare(a.office, b.office), a.week.Compare(b.week))
		})
		out[day] = set
	}
	return out, nil
}

// add takes one row of forecast_demand.sql. A kind the query's header does
// not list is an error: a fact dropped here would be demand or stock the
// plan silently leaves out.
func (set *demandFactSet) add(kind string, office sql.NullString, week sql.NullTime, value float64) error {
	switch kind {
	case "spoiled":
		set.spoiled += value
	case "printed":
		set.printed += value
	case "workdays_left":
		set.workdaysLeft = value
	case "workdays_week":
		set.workdaysWeek = value
	case factWorkdays:
		if set.workdays == nil {
			set.workdays = map[time.Time]float64{}
		}
		if week.Valid {
			set.workdays[time.Date(week.Time.Year(), week.Time.Month(), week.Time.Day(), 0, 0, 0, 0, time.UTC)] = value
		}
	case factOffice, factDemand, factBacklog, factStock:
		w := time.Time{}
		if week.Valid {
			w = time.Date(week.Time.Year(), week.Time.Month(), week.Time.Day(), 0, 0, 0, 0, time.UTC)
		}
		set.rows = append(set.rows, demandFact{kind: kind, office: office.String, week: w, value: value})
	default:
		return fmt.Errorf("forecast_demand.sql: unknown kind %q", kind)
	}
	return nil
}

// spoilageRate is the spoiled cards per printed card, 0 when nothing was
// printed.
func (set demandFactSet) spoilageRate() float64 {
	if set.printed > 0 {
		return set.spoiled / set.printed
	}
	return 0
}

// nextWeekShare is the share of the working days of asOf's week that lie
// after asOf (of its calendar days when the week has no working day); 1 when
// asOf is a Sunday and the next week is whole.
func (set demandFactSet) nextWeekShare(asOf time.Time) float64 {
	switch {
	case asOf.Weekday() == time.Sunday:
		return 1
	case set.workdaysWeek > 0:
		return set.workdaysLeft / set.workdaysWeek
	default:
		return float64(7-kpi.ISOWeekday(asOf)) / 7
	}
}

// calendarWeeks is how many weeks after the series the calendar of a demand
// series reaches: the longest horizon a plan takes.
const calendarWeeks = 104

// calendar lists the working days of the weeks from first to first +
// weeks, -1 where the calendar does not reach (the forecast then takes the
// week as typical).
func (set demandFactSet) calendar(first time.Time, weeks int) []float64 {
	out := make([]float64, weeks)
	for i := range out {
		v, ok := set.workdays[first.AddDate(0, 0, 7*i)]
		if !ok {
			v = -1
		}
		out[i] = v
	}
	return out
}
