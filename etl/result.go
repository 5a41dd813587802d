package etl

import (
	"fmt"
	"time"
)

// Reject is one row-level problem, positioned in its file. It is an error,
// like encoding/csv's ParseError: file:line:column: reason.
type Reject struct {
	File   string
	Line   int64
	Column string
	Value  string
	Reason string
}

// Error formats the reject the way compilers do: file:line:column: reason.
func (r Reject) Error() string { return r.String() }

// String is Error.
func (r Reject) String() string {
	if r.Column == "" {
		return fmt.Sprintf("%s:%d: %s", r.File, r.Line, r.Reason)
	}
	return fmt.Sprintf("%s:%d:%s: %s", r.File, r.Line, r.Column, r.Reason)
}

// Status is the outcome of loading one file.
type Status string

// The outcomes of a file.
const (
	StatusLoaded  Status = "loaded"
	StatusSkipped Status = "skipped" // the same bytes were loaded before
	StatusFailed  Status = "failed"
)

// Result reports what loading one file did.
type Result struct {
	File     string
	Kind     Kind
	Format   Format
	Status   Status
	LoadID   int64
	Read     int64
	Inserted int64
	Updated  int64
	Rejected int64
	// Conflicted counts the rows whose id names another stored row, or
	// another row of the file (every row of such an id; see
	// Options.Replace): rejected, and counted in Rejected too, unless the
	// load replaced them (then the stored row, or all but the file's last
	// row of the id, counted in Updated).
	Conflicted int64
	// Rejects holds the first problems found (all are in the rejects table).
	Rejects []Reject
	Err     error
	Took    time.Duration
}
