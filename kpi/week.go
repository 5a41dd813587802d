package kpi

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"time"
)

// ErrNoData reports that the warehouse holds no service events yet.
var ErrNoData = errors.New("no service events in the warehouse yet")

// ParseWeek parses an ISO week like 2023-W01 and returns its Monday.
func ParseWeek(s string) (time.Time, error) {
	bad := fmt.Errorf("week %q is not an ISO week like 2023-W01", s)
	if len(s) != 8 || s[4] != '-' || s[5] != 'W' {
		return time.Time{}, bad
	}
	year, err1 := strconv.Atoi(s[:4])
	week, err2 := strconv.Atoi(s[6:])
	if err1 != nil || err2 != nil || week < 1 || week > 53 {
		return time.Time{}, bad
	}
	// ISO week 1 is the week with 4 January in it.
	jan4 := time.Date(year, time.January, 4, 0, 0, 0, 0, time.UTC)
	monday := jan4.AddDate(0, 0, -((int(jan4.Weekday())+6)%7)+7*(week-1))
	if y, w := monday.ISOWeek(); y != year || w != week {
		return time.Time{}, fmt.Errorf("week %q does not exist: %d has no week %d", s, year, week)
	}
	return monday, nil
}

// FormatWeek returns the ISO week of t, like 2023-W01.
func FormatWeek(t time.Time) string {
	y, w := t.ISOWeek()
	return fmt.Sprintf("%04d-W%02d", y, w)
}

// AddWeeks returns the ISO week n weeks after week (n may be negative).
func AddWeeks(week string, n int) (string, error) {
	monday, err := ParseWeek(week)
	if err != nil {
		return "", err
	}
	return FormatWeek(monday.AddDate(0, 0, 7*n)), nil
}

// LatestWeek returns the latest complete ISO week with data: the week of the
// last service event if that event falls on a Sunday, else the week before.
func LatestWeek(ctx context.Context, db *sql.DB) (string, error) {
	var last sql.NullTime
	if err := db.QueryRowContext(ctx, `SELECT max(event_time)::DATE FROM service_events`).Scan(&last); err != nil {
		return "", fmt.Errorf("latest week: %w", err)
	}
	if !last.Valid {
		return "", ErrNoData
	}
	// The Sunday ending the last complete week: the day itself if it is a Sunday.
	sunday := last.Time.AddDate(0, 0, -int(last.Time.Weekday()))
	if last.Time.Weekday() == time.Sunday {
		sunday = last.Time
	}
	return FormatWeek(sunday), nil
}

// Monday returns the Monday of t's ISO week (at midnight UTC).
func Monday(t time.Time) time.Time {
	d := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
	return d.AddDate(0, 0, 1-ISOWeekday(d))
}

// ISOWeekday is 1 for Monday to 7 for Sunday.
func ISOWeekday(t time.Time) int {
	if t.Weekday() == time.Sunday {
		return 7
	}
	return int(t.Weekday())
}
