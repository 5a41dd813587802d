package kpi

import (
	"fmt"
	"strconv"
	"time"
)

// Period is a quarter (2023-Q1) or a semester (2023-S1) of the survey
// index: from Start (included) to End (excluded), local dates.
type Period struct {
	ID         string
	Kind       string // quarter or semester
	Start, End time.Time
}

// Period kinds.
const (
	PeriodQuarter  = "quarter"
	PeriodSemester = "semester"
)

// ParsePeriod parses 2023-Q1 … 2023-Q4 or 2023-S1, 2023-S2.
func ParsePeriod(s string) (Period, error) {
	bad := fmt.Errorf("period %q is not a quarter like 2023-Q1 or a semester like 2023-S1", s)
	if len(s) != 7 || s[4] != '-' {
		return Period{}, bad
	}
	year, err1 := strconv.Atoi(s[:4])
	n, err2 := strconv.Atoi(s[6:])
	if err1 != nil || err2 != nil || year < 1900 {
		return Period{}, bad
	}
	switch {
	case s[5] == 'Q' && n >= 1 && n <= 4:
		start := time.Date(year, time.Month(3*(n-1)+1), 1, 0, 0, 0, 0, time.UTC)
		return Period{ID: s, Kind: PeriodQuarter, Start: start, End: start.AddDate(0, 3, 0)}, nil
	case s[5] == 'S' && (n == 1 || n == 2):
		start := time.Date(year, time.Month(6*(n-1)+1), 1, 0, 0, 0, 0, time.UTC)
		return Period{ID: s, Kind: PeriodSemester, Start: start, End: start.AddDate(0, 6, 0)}, nil
	}
	return Period{}, bad
}

// PeriodOf returns the period of the given kind holding the date t.
func PeriodOf(kind string, t time.Time) Period {
	if kind == PeriodQuarter {
		p, _ := ParsePeriod(fmt.Sprintf("%04d-Q%d", t.Year(), (int(t.Month())-1)/3+1))
		return p
	}
	p, _ := ParsePeriod(fmt.Sprintf("%04d-S%d", t.Year(), (int(t.Month())-1)/6+1))
	return p
}

// Previous returns the period of the same kind just before p.
func (p Period) Previous() Period {
	return PeriodOf(p.Kind, p.Start.AddDate(0, 0, -1))
}

// LastDay is the period's last date.
func (p Period) LastDay() time.Time { return p.End.AddDate(0, 0, -1) }

// LatestCompletePeriod returns the latest period of kind whose last day is
// on or before asOf's date.
func LatestCompletePeriod(kind string, asOf time.Time) Period {
	day := time.Date(asOf.Year(), asOf.Month(), asOf.Day(), 0, 0, 0, 0, time.UTC)
	p := PeriodOf(kind, day)
	if p.LastDay().Equal(day) {
		return p
	}
	return p.Previous()
}
