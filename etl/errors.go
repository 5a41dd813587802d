package etl

import (
	"errors"
	"fmt"

	"github.com/disdukcapil-bekasi/pantau/privacy"
)

// Callers branch on these with errors.Is; the messages are for people.
var (
	// ErrFileFailed reports that at least one file did not load.
	ErrFileFailed = errors.New("see the messages above and the rejects table")
	// ErrNotText reports a file read as text (CSV, NDJSON) that holds binary content.
	ErrNotText = errors.New("not a text file")
	// ErrUnknownKind reports a file whose header fits no source.
	ErrUnknownKind = errors.New("cannot tell which source this file holds")
	// ErrMissingColumn reports a header without a required column.
	ErrMissingColumn = errors.New("missing required column")
	// ErrTooManyRejects reports a file failed by --strict or --max-reject-rate.
	ErrTooManyRejects = errors.New("too many rejected rows")
)

// FileError is a problem that stops a whole file, positioned where the
// position is known: "file:line: err" or "file: err".
type FileError struct {
	File string
	Line int64 // 0: the file as a whole
	Err  error
}

func (e *FileError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %v", e.File, e.Line, e.Err)
	}
	return fmt.Sprintf("%s: %v", e.File, e.Err)
}

func (e *FileError) Unwrap() error { return e.Err }

// RejectLimitError reports a file whose rejected rows fail it: any with
// Strict, else a share above Limit. It wraps ErrTooManyRejects.
type RejectLimitError struct {
	File           string
	Rejected, Read int64
	Strict         bool
	Limit          float64
	First          Reject
}

func (e *RejectLimitError) Error() string {
	if e.Strict {
		return fmt.Sprintf("%s: %d rows rejected and --strict is set; first: %s", e.File, e.Rejected, e.First)
	}
	return fmt.Sprintf("%s: %d of %d rows rejected (%.1f%%), above the limit of %.1f%%; first: %s",
		e.File, e.Rejected, e.Read, 100*float64(e.Rejected)/float64(e.Read), 100*e.Limit, e.First)
}

func (e *RejectLimitError) Unwrap() error { return ErrTooManyRejects }

// redactedError is err with the NIKs and phone numbers in its message
// masked: a failed file's error is printed and stored in load_runs, and
// messages from below (DuckDB's, a reader's) may quote a cell.
type redactedError struct{ err error }

func (e redactedError) Error() string { return privacy.Redact(e.err.Error()) }
func (e redactedError) Unwrap() error { return e.err }
