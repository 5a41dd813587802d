package kpi

import (
	"context"
	"database/sql"
	"time"

	"github.com/disdukcapil-bekasi/pantau/internal/readsql"
)

// LoadRun is one run of pantau load over one file.
type LoadRun struct {
	ID       int64  `sql:"load_id"`
	File     string `sql:"file"`
	Kind     string `sql:"kind"`
	Status   string `sql:"status"`
	Error    string `sql:"error"`
	Read     int64  `sql:"rows_read"`
	Inserted int64  `sql:"rows_inserted"`
	Updated  int64  `sql:"rows_updated"`
	Rejected int64  `sql:"rows_rejected"`
	// Conflicted are the rows rejected as id_conflict: a re-sent id naming
	// another application, office or date (part of Rejected).
	Conflicted int64         `sql:"rows_conflicted"`
	Started    time.Time     `sql:"started_at"` // in the location asked for
	TookMS     int64         `sql:"took_ms"`
	Took       time.Duration // TookMS as a duration
}

// Count is a number of rows of one key (a reject reason, a file).
type Count struct {
	Key   string `sql:"key"`
	Count int64  `sql:"n"`
}

// Reject is one rejected input row and its place.
type Reject struct {
	File   string `sql:"file"`
	Column string `sql:"column"`
	Value  string `sql:"value"`
	Reason string `sql:"reason"`
	Line   int64  `sql:"line"`
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
	if h.Runs, err = readsql.Read[LoadRun](ctx, db, files, "load_runs", limit{historyRuns}); err != nil {
		return h, err
	}
	for i, run := range h.Runs {
		h.Runs[i].Started = run.Started.In(loc)
		h.Runs[i].Took = time.Duration(run.TookMS) * time.Millisecond
	}
	if h.ByReason, err = readsql.Read[Count](ctx, db, files, "rejects_by_reason", limit{historyCounts}); err != nil {
		return h, err
	}
	if h.ByFile, err = readsql.Read[Count](ctx, db, files, "rejects_by_file", limit{historyCounts}); err != nil {
		return h, err
	}
	h.Examples, err = readsql.Read[Reject](ctx, db, files, "reject_examples", struct {
		PerReason int64 `sql:"per_reason"`
		Limit     int64 `sql:"limit"`
	}{examplesPerReason, historyExamples})
	return h, err
}

// limit is the parameters of a read that takes only $limit.
type limit struct {
	Limit int64 `sql:"limit"`
}
