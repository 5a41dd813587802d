package etl

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"os"
	"time"
)

// errLoadedBefore reports a file whose bytes were loaded before.
var errLoadedBefore = errors.New("loaded before")

// startHashing starts the hash of a file. A small file is hashed at once.
// A large file can only have been loaded before if one of the same size
// was: then it is hashed first. Otherwise it is hashed while it loads (see
// skipIfLoaded). The load of a file loaded before is prior.
func (l *Loader) startHashing(ctx context.Context, path string) (scan *pendingScan, prior int64, err error) {
	info, err := os.Stat(path)
	if err != nil {
		return nil, 0, err
	}
	if info.Size() >= smallFileSize {
		var sameSize bool
		if err := l.conn.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM load_runs WHERE status = 'loaded' AND file_size = ?)`, info.Size()).Scan(&sameSize); err != nil {
			return nil, 0, err
		}
		if !sameSize {
			return startScan(path, info.Size()), 0, nil
		}
	}
	facts, err := scanFile(path, info.Size())
	if err != nil {
		return nil, 0, err
	}
	if prior, err := l.loadedBefore(ctx, facts.hash); err != nil || prior > 0 {
		return nil, prior, err
	}
	return checkedScan(facts), 0, nil
}

// skipIfLoaded is the step that waits for the whole file's hash and stops
// the load with errLoadedBefore when the same bytes were loaded before.
func (l *Loader) skipIfLoaded(ctx context.Context, fl *fileLoad) error {
	full, err := fl.scan.wait()
	if err != nil {
		return fmt.Errorf("load %s: %w", fl.display, err)
	}
	fl.full = full
	if fl.scan.checked {
		return nil
	}
	prior, err := l.loadedBefore(ctx, full.hash)
	if err != nil || prior > 0 {
		fl.r.LoadID = prior
		return cmp.Or(err, errLoadedBefore)
	}
	return nil
}

// record is the last step: the rejects and the load run, in the load's
// transaction.
func (l *Loader) record(ctx context.Context, fl *fileLoad) error {
	if err := l.insertRejects(ctx, fl.loadID, fl.rejects); err != nil {
		return err
	}
	return l.insertRun(ctx, fl.r, fl.full, fl.started, l.now(), StatusLoaded, "")
}

// loadedBefore returns the load of a file with this hash, or 0. The
// hashes are read once (a statement a file cost a small file 0.4 ms).
func (l *Loader) loadedBefore(ctx context.Context, hash string) (int64, error) {
	if l.loaded == nil {
		rows, err := l.conn.QueryContext(ctx, `SELECT file_hash, min(load_id) FROM load_runs WHERE status = 'loaded' GROUP BY file_hash`)
		if err != nil {
			return 0, err
		}
		defer rows.Close()
		loaded := map[string]int64{}
		for rows.Next() {
			var h string
			var id int64
			if err := rows.Scan(&h, &id); err != nil {
				return 0, err
			}
			loaded[h] = id
		}
		if err := rows.Err(); err != nil {
			return 0, err
		}
		l.loaded = loaded
	}
	return l.loaded[hash], nil
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

func (l *Loader) insertRun(ctx context.Context, r Result, facts fileFacts, started, finished time.Time, status Status, errText string) error {
	// Prepared once: it reads no table, so DuckDB keeps its plan.
	s, err := l.reuse.stmt(ctx, l.conn, `INSERT INTO load_runs (load_id, file, file_hash, kind, format, rows_read, rows_inserted,
		rows_updated, rows_rejected, rows_conflicted, started_at, finished_at, status, error, file_size)
		VALUES (?, ?, ?, nullif(?, ''), nullif(?, ''), ?, ?, ?, ?, ?, ?, ?, ?, nullif(?, ''), ?)`)
	if err != nil {
		return err
	}
	_, err = s.ExecContext(ctx, r.LoadID, r.File, facts.hash, string(r.Kind), string(r.Format), r.Read, r.Inserted, r.Updated, r.Rejected, r.Conflicted,
		started, finished, string(status), errText, facts.size)
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
	if err := l.begin(ctx); err != nil {
		return err
	}
	r.Inserted, r.Updated = 0, 0
	if err := l.insertRejects(ctx, r.LoadID, rejects); err != nil {
		_, _ = l.exec(ctx, "ROLLBACK")
		return err
	}
	if err := l.insertRun(ctx, r, facts, started, started.Add(r.Took), StatusFailed, r.Err.Error()); err != nil {
		_, _ = l.exec(ctx, "ROLLBACK")
		return err
	}
	_, err := l.exec(ctx, "COMMIT")
	return err
}
