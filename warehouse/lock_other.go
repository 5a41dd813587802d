//go:build !windows

package warehouse

// heldByOtherProcess reports a lock that shows as something other than
// DuckDB's lock error; outside Windows, DuckDB's error is the only sign.
func heldByOtherProcess(string, error) bool { return false }
