package kpi

import (
	"context"
	"database/sql"
	"time"
)

// LoadRun is one run of pantau load over one file.
type LoadRun struct {
	ID                                int64
	File, Kind, Status, Error         string
	Read, Inserted, Updated, Rejected int64
	// Conflicted are the rows rejected as id_conflict: a re-sent id naming
	// another application, office or date (part of Rejected).
	Conflicted int64
	Started    time.Time // in the location asked for
	Took       time.Duration
}

// Count is a number of rows of one key (a reject reason, a file).
type Count struct {
	Key   string
	Count int64
}

// Reject is one rejected input row and its place.
type Reject struct {
	File, Column, Value, Reason string
	Line                        int64
}

// LoadHistory is what the quality report shows of past loads.
type LoadHistory struct {
	Runs     []LoadRun // newest first
	ByReason []Count
	ByFile   []Count
	Examples []Reject // the first few of each reason
}

// Limits of the load history the quality report shows.
const (
	historyRuns       = 60
	historyCounts     = 40
	examplesPerReason = 3
	historyExamples   = 60
)

// ReadLoadHistory reads the latest load runs and the rejects by reason and
// by file, with start times in loc.
func ReadLoadHistory(ctx context.Context, db *sql.DB, loc *time.Location) (LoadHistory, error) {
	var h LoadHistory
	var err error
	h.Runs, err = queryFileList(ctx, db, "load_runs", func(r *sql.Rows) (LoadRun, error) {
		var run LoadRun
		var ms int64
		err := r.Scan(&run.ID, &run.File, &run.Kind, &run.Status, &run.Error, &run.Read, &run.Inserted,
			&run.Updated, &run.Rejected, &run.Conflicted, &run.Started, &ms)
		run.Started = run.Started.In(loc)
		run.Took = time.Duration(ms) * time.Millisecond
		return run, err
	}, historyRuns)
	if err != nil {
		return h, err
	}
	scanCount := func(r *sql.Rows) (Count, error) {
		var c Count
		err := r.Scan(&c.Key, &c.Count)
		return c, err
	}
	if h.ByReason, err = queryFileList(ctx, db, "rejects_by_reason", scanCount, historyCounts); err != nil {
		return h, err
	}
	if h.ByFile, err = queryFileList(ctx, db, "rejects_by_file", scanCount, historyCounts); err != nil {
		return h, err
	}
	h.Examples, err = queryFileList(ctx, db, "reject_examples", func(r *sql.Rows) (Reject, error) {
		var x Reject
		err := r.Scan(&x.File, &x.Line, &x.Column, &x.Value, &x.Reason)
		return x, err
	}, examplesPerReason, historyExamples)
	return h, err
}
