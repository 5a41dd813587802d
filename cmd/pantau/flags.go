package main

import (
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/spf13/pflag"

	"github.com/disdukcapil-bekasi/pantau/planning"
	"github.com/disdukcapil-bekasi/pantau/reports"
)

// flagError is cobra's flag error as a usage error, a value that does not
// parse said plainly (not strconv's words).
func flagError(err error) error {
	var bad *pflag.InvalidValueError
	if !errors.As(err, &bad) {
		return usageError{err}
	}
	name, value := bad.GetFlag().Name, bad.GetValue()
	if errors.Is(err, strconv.ErrRange) {
		return usagef("--%s: %q is out of range", name, value)
	}
	what := map[string]string{"int": "a whole number", "int64": "a whole number", "float64": "a number",
		"bool": "true or false", "duration": "a duration like 30s"}[bad.GetFlag().Value.Type()]
	if what == "" {
		return usageError{err}
	}
	return usagef("--%s: %q is not %s", name, value, what)
}

// checkSupply accepts a --supply of 0 to planning.MaxSupply cards.
func checkSupply(n int) error {
	if n < 0 || n > planning.MaxSupply {
		return usagef("--supply: %d is not between 0 and %d cards", n, planning.MaxSupply)
	}
	return nil
}

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
