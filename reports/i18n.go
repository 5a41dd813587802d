package reports

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/disdukcapil-bekasi/pantau/kpi"
)

// Lang is a report language: Bahasa Indonesia (the default) or English.
type Lang string

// Languages of the reports.
const (
	Indonesian Lang = "id"
	English    Lang = "en"
)

// ParseLang accepts id or en ("" is id).
func ParseLang(s string) (Lang, error) {
	switch s {
	case "", "id":
		return Indonesian, nil
	case "en":
		return English, nil
	}
	return "", fmt.Errorf("language %q is not id or en", s)
}

var (
	monthsID = [...]string{"Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober", "November", "Desember"}
	monthsEN = [...]string{"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"}
	daysID   = [...]string{"Minggu", "Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu"}
	daysEN   = [...]string{"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"}
)

// Month returns the month's full name.
func (l Lang) Month(m time.Month) string {
	if l == English {
		return monthsEN[m-1]
	}
	return monthsID[m-1]
}

func (l Lang) monthAbbr(m time.Month) string {
	name := l.Month(m)
	if l == Indonesian && m == time.August {
		return "Agu"
	}
	return name[:3]
}

// Weekday returns the day's full name.
func (l Lang) Weekday(d time.Weekday) string {
	if l == English {
		return daysEN[d]
	}
	return daysID[d]
}

// Date writes a date in full, as in "Senin, 2 Januari 2023".
func (l Lang) Date(t time.Time) string {
	return fmt.Sprintf("%s, %d %s %d", l.Weekday(t.Weekday()), t.Day(), l.Month(t.Month()), t.Year())
}

// DateShort writes "2 Jan 2023".
func (l Lang) DateShort(t time.Time) string {
	return fmt.Sprintf("%d %s %d", t.Day(), l.monthAbbr(t.Month()), t.Year())
}

// DayMonth writes "2 Jan", the label of a week on a chart axis.
func (l Lang) DayMonth(t time.Time) string {
	return fmt.Sprintf("%d %s", t.Day(), l.monthAbbr(t.Month()))
}

// DateTime writes "27 November 2026 17.24", the time a report was made.
func (l Lang) DateTime(t time.Time) string {
	if l == English {
		return fmt.Sprintf("%d %s %d %02d:%02d", t.Day(), l.Month(t.Month()), t.Year(), t.Hour(), t.Minute())
	}
	return fmt.Sprintf("%d %s %d pukul %02d.%02d", t.Day(), l.Month(t.Month()), t.Year(), t.Hour(), t.Minute())
}

// Range writes a Monday–Sunday range: "2–8 Januari 2023",
// "26 Desember 2022 – 1 Januari 2023".
func (l Lang) Range(from, to time.Time) string {
	switch {
	case from.Year() != to.Year():
		return fmt.Sprintf("%d %s %d – %d %s %d", from.Day(), l.Month(from.Month()), from.Year(), to.Day(), l.Month(to.Month()), to.Year())
	case from.Month() != to.Month():
		return fmt.Sprintf("%d %s – %d %s %d", from.Day(), l.Month(from.Month()), to.Day(), l.Month(to.Month()), to.Year())
	}
	return fmt.Sprintf("%d–%d %s %d", from.Day(), to.Day(), l.Month(to.Month()), to.Year())
}

// Number writes v with the given number of decimals and the language's
// separators: 1.234,5 in Indonesian, 1,234.5 in English.
func (l Lang) Number(v float64, decimals int) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return "–"
	}
	s := strconv.FormatFloat(math.Abs(v), 'f', decimals, 64)
	intPart, frac, _ := strings.Cut(s, ".")
	thousands, point := ".", ","
	if l == English {
		thousands, point = ",", "."
	}
	var sb strings.Builder
	if v < 0 && strings.Trim(s, "0.") != "" {
		sb.WriteString("−")
	}
	for i, c := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			sb.WriteString(thousands)
		}
		sb.WriteRune(c)
	}
	if frac != "" {
		sb.WriteString(point)
		sb.WriteString(frac)
	}
	return sb.String()
}

// Percent writes a share in 0..1 as a percentage with one decimal: 87,5%.
func (l Lang) Percent(share float64) string {
	return l.Number(share*100, 1) + "%"
}

// Value writes a KPI value in its unit; nil (nothing to measure) is a dash.
func (l Lang) Value(v *float64, unit string) string {
	if v == nil {
		return "–"
	}
	switch unit {
	case "share":
		return l.Percent(*v)
	case "count", "cards":
		return l.Number(*v, 0)
	case "workdays":
		return l.Number(*v, 1) + " " + l.T("unit.workdays")
	case "hours":
		return l.Number(*v, 1) + " " + l.T("unit.hours")
	case "weeks":
		return l.Number(*v, 1) + " " + l.T("unit.weeks")
	default:
		return l.Number(*v, 1)
	}
}

// WeekLabel writes an ISO week for readers: "pekan 1/2023 (2–8 Januari 2023)".
func (l Lang) WeekLabel(week string) string {
	monday, err := parseISOWeek(week)
	if err != nil {
		return week
	}
	y, w := monday.ISOWeek()
	return fmt.Sprintf("%s %d/%d (%s)", l.T("week"), w, y, l.Range(monday, monday.AddDate(0, 0, 6)))
}

// WeekDates writes an ISO week (2023-W07) as its days, "13–19 Februari
// 2023", for sentences a reader cannot look ISO weeks up in.
func (l Lang) WeekDates(week string) string {
	monday, err := parseISOWeek(week)
	if err != nil {
		return week
	}
	return l.Range(monday, monday.AddDate(0, 0, 6))
}

// T returns the text of a message key in the language; an unknown key is
// returned as it is, which the tests catch.
func (l Lang) T(key string) string {
	m, ok := messages[key]
	if !ok {
		if m, ok = ikmMessages[key]; !ok {
			if m, ok = nationalMessages[key]; !ok {
				if m, ok = distributionMessages[key]; !ok {
					return key
				}
			}
		}
	}
	if l == English {
		return m[1]
	}
	return m[0]
}

// Tf formats the message key's text with args.
func (l Lang) Tf(key string, args ...any) string {
	return fmt.Sprintf(l.T(key), args...)
}

func parseISOWeek(week string) (time.Time, error) { return kpi.ParseWeek(week) }

// Label returns the one label of a KPI value or stock plan measure in the
// language (kpi.Label): every report and the text message use it.
func (l Lang) Label(name string) string { return kpi.Label(name).In(string(l)) }
