package main

import (
	"fmt"
	"time"

	"github.com/disdukcapil-bekasi/pantau/reports"
)

// parseAsOf reads an --as-of date; "" is the zero time (the latest week).
func parseAsOf(v string) (time.Time, error) {
	if v == "" {
		return time.Time{}, nil
	}
	d, err := time.Parse(time.DateOnly, v)
	if err != nil {
		return time.Time{}, usagef("--as-of: %q is not a date like 2023-01-02", v)
	}
	return d, nil
}

// checkHorizon accepts a --horizon of 1 to 104 weeks.
func checkHorizon(h int) (int, error) {
	if h < 1 || h > 104 {
		return 0, usagef("--horizon: %d is not between 1 and 104 weeks", h)
	}
	return h, nil
}

// parseLangFlag reads a --lang of id or en.
func parseLangFlag(v string) (reports.Lang, error) {
	l, err := reports.ParseLang(v)
	if err != nil {
		return "", usageError{fmt.Errorf("--lang: %w", err)}
	}
	return l, nil
}
