//go:build !windows

package warehouse

// heldByOtherProcess reports a lock that shows as something other than
// DuckDB's lock error; outside Windows, DuckDB's error is the only sign.
func heldByOtherProcess(string, error) bool { return false }

// osHolder names the holder of a lock DuckDB's error did not name; outside
// Windows DuckDB's error is the only source.
func osHolder(string) (holder, bool) { return holder{}, false }

// markHolder says, beside the warehouse, that this process holds it; only
// Windows needs it (DuckDB's lock error names the holder elsewhere).
func markHolder(string) func() { return func() {} }
