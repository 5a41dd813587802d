package etl

import "time"

// SystemClock is the real clock, the default of NewLoader. Everything else
// in etl reads the time from the clock the loader was given, so that tests
// stamp load runs reproducibly.
func SystemClock() time.Time { return time.Now() }
