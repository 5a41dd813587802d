package etl

import (
	"errors"
	"fmt"
	"time"
)

// Reject is one row-level problem, positioned in its file.
type Reject struct {
	File   string
	Line   int64
	Column string
	Value  string
	Reason string
}

// String formats the reject the way compilers do: file:line:column: reason.
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
	// Rejects holds the first problems found (all are in the rejects table).
	Rejects []Reject
	Err     error
	Took    time.Duration
}

// ErrFileFailed reports that at least one file did not load.
var ErrFileFailed = errors.New("see the messages above and the rejects table")
