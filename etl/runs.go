package etl

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// errLoadedBefore reports a file whose bytes were loaded before.
var errLoadedBefore = errors.New("loaded before")

// loadedBefore returns the load of a file with this hash, or 0.
func (l *Loader) loadedBefore(ctx context.Context, hash string) (int64, error) {
	var prior int64
	err := l.conn.QueryRowContext(ctx, `SELECT load_id FROM load_runs WHERE file_hash = ? AND status = 'loaded' LIMIT 1`, hash).Scan(&prior)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	return prior, err
}

func (l *Loader) skipped(r Result, prior int64, err error) Result {
	if err != nil {
		r.Status, r.Err = StatusFailed, fmt.Errorf("load %s: %w", r.File, err)
		return r
	}
	r = Result{File: r.File, Status: StatusSkipped, LoadID: prior}
	l.logger.Info("skipped: already loaded", "file", r.File, "load_id", prior)
	return r
}

func (l *Loader) insertRejects(ctx context.Context, loadID int64, rejects []Reject) error {
	if len(rejects) == 0 {
		return nil
	}
	stmt, err := l.conn.PrepareContext(ctx, `INSERT INTO rejects VALUES (?, ?, ?, nullif(?, ''), ?, ?)`)
	if err != nil {
		return err
	}
	defer stmt.Close()
	for _, rj := range rejects {
		if _, err := stmt.ExecContext(ctx, loadID, rj.File, rj.Line, rj.Column, rj.Value, rj.Reason); err != nil {
			return err
		}
	}
	return nil
}

func (l *Loader) insertRun(ctx context.Context, r Result, facts fileFacts, started time.Time, status Status, errText string) error {
	_, err := l.exec(ctx, `INSERT INTO load_runs (load_id, file, file_hash, kind, format, rows_read, rows_inserted,
		rows_updated, rows_rejected, started_at, finished_at, status, error, file_size)
		VALUES (?, ?, ?, nullif(?, ''), nullif(?, ''), ?, ?, ?, ?, ?, ?, ?, nullif(?, ''), ?)`,
		r.LoadID, r.File, facts.hash, string(r.Kind), string(r.Format), r.Read, r.Inserted, r.Updated, r.Rejected,
		started.Add(-r.Took), l.now(), string(status), errText, facts.size)
	return err
}

// recordFailure writes the failed run and its rejects in their own
// transaction, so the quality report can show why a file did not load.
func (l *Loader) recordFailure(ctx context.Context, r Result, facts fileFacts, started time.Time, rejects []Reject) error {
	ctx = context.WithoutCancel(ctx)
	if r.LoadID == 0 {
		if err := l.conn.QueryRowContext(ctx, `SELECT nextval('load_id_seq')`).Scan(&r.LoadID); err != nil {
			return err
		}
	}
	if _, err := l.exec(ctx, "BEGIN TRANSACTION"); err != nil {
		return err
	}
	r.Inserted, r.Updated = 0, 0
	if err := l.insertRejects(ctx, r.LoadID, rejects); err != nil {
		_, _ = l.exec(ctx, "ROLLBACK")
		return err
	}
	if err := l.insertRun(ctx, r, facts, started.Add(r.Took), StatusFailed, r.Err.Error()); err != nil {
		_, _ = l.exec(ctx, "ROLLBACK")
		return err
	}
	_, err := l.exec(ctx, "COMMIT")
	return err
}
