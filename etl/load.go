package etl

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"time"

	"github.com/disdukcapil-bekasi/pantau/config"
)

// Options control one load.
type Options struct {
	// Kind forces the source kind instead of detecting it from the header.
	Kind Kind
	// Strict fails a file on its first rejected row.
	Strict bool
	// MaxRejectRate fails a file whose share of rejected rows is above it.
	MaxRejectRate float64
	// Replace lets a re-sent id that names another row (an id conflict,
	// see conflict.go) replace the stored row instead of being rejected.
	Replace bool
	// Progress, when set, is told each file's steps.
	Progress func(file, step string)
}

// maxRejectsKept bounds the rejects returned in a Result (the table keeps all).
const maxRejectsKept = 20

// Loader loads files into the warehouse over one connection, the warehouse's
// only writer.
type Loader struct {
	db     *sql.DB
	conn   *sql.Conn
	cfg    config.Config
	logger *slog.Logger
	now    func() time.Time
	specs  map[Kind]spec
	tmpDir string
	// defaultZone is the time zone of rows whose region is unknown.
	defaultZone string
	// enumVars names the session variables of the enums' MAPs.
	enumVars map[string]string
	// reuse keeps the stage tables and statements of small files.
	reuse *reuse
	// threads is DuckDB's setting of worker threads, which a small file's
	// load lowers to one (see useOneThread); oneThread tells it is lowered.
	threads   int64
	oneThread bool
	// loaded maps the hash of each file loaded into the warehouse to its
	// load: read from load_runs at the first lookup, then kept up to date
	// as files commit (the loader is the only writer), so that a file's
	// hash is looked up without a statement (see loadedBefore).
	loaded map[string]int64
}

// NewLoader prepares a loader: one connection with pantau's SQL functions.
// key is the secret of the NIK hash (see NIKKey); now is the clock that
// stamps load runs (nil: SystemClock).
func NewLoader(ctx context.Context, db *sql.DB, cfg config.Config, key []byte, logger *slog.Logger, now func() time.Time) (*Loader, error) {
	if len(key) == 0 {
		return nil, errors.New("a NIK key is required")
	}
	conn, err := db.Conn(ctx)
	if err != nil {
		return nil, err
	}
	if err := registerFunctions(conn, NewClassifier(cfg.Classifier), key); err != nil {
		conn.Close()
		return nil, err
	}
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	if now == nil {
		now = SystemClock
	}
	l := &Loader{db: db, conn: conn, cfg: cfg, logger: logger, now: now, specs: specs(), tmpDir: os.TempDir()}
	// Built once per loader, outside any file's transaction: the national
	// reference makes it thousands of offices, and it does not change
	// while a load runs.
	if err := l.buildOfficeLookup(ctx); err != nil {
		conn.Close()
		return nil, fmt.Errorf("office lookup: %w", err)
	}
	if err := l.defineEnumMaps(ctx); err != nil {
		conn.Close()
		return nil, fmt.Errorf("enum values: %w", err)
	}
	l.reuse = newReuse()
	// Times with an offset become the wall time of the row's region; the
	// default region's zone (else the configured one) serves rows whose
	// region is unknown. A source's own time_zone overrides both.
	if err := conn.QueryRowContext(ctx, `SELECT coalesce(max(time_zone), ?) FROM regions WHERE region_code = ?`,
		cfg.TimeZone, cfg.RegionCode).Scan(&l.defaultZone); err != nil {
		conn.Close()
		return nil, fmt.Errorf("default time zone: %w", err)
	}
	if err := conn.QueryRowContext(ctx, `SELECT current_setting('threads')`).Scan(&l.threads); err != nil {
		conn.Close()
		return nil, fmt.Errorf("threads: %w", err)
	}
	return l, nil
}

// Close releases the loader's connection.
func (l *Loader) Close() error {
	l.reuse.close()
	err := l.useOneThread(context.Background(), false)
	return cmp.Or(l.conn.Close(), err)
}

// useOneThread runs DuckDB on one thread, or on its own setting again.
// DuckDB runs a query's pipelines on its worker threads while the calling
// thread polls for their tasks; for a small file's statements, each a few
// rows, that hand-over and the polling cost more than the work (about 40%
// of a 3-row file's CPU time, measured). The setting is the database's,
// not the connection's: Load and Close give it back.
func (l *Loader) useOneThread(ctx context.Context, one bool) error {
	if one == l.oneThread {
		return nil
	}
	n := l.threads
	if one {
		n = 1
	}
	if _, err := l.conn.ExecContext(ctx, fmt.Sprintf("SET threads = %d", n)); err != nil {
		return fmt.Errorf("threads: %w", err)
	}
	l.oneThread = one
	return nil
}

// Load loads every path; a folder stands for the data files in it, in name
// order (manifest.csv and *.rejects.csv are not data). A failed file does
// not stop the others; the error then wraps ErrFileFailed.
func (l *Loader) Load(ctx context.Context, paths []string, opt Options) ([]Result, error) {
	files, err := expandPaths(paths)
	if err != nil {
		return nil, err
	}
	defer func() {
		if err := l.useOneThread(context.WithoutCancel(ctx), false); err != nil {
			l.logger.Warn("cannot restore DuckDB's threads", "err", err)
		}
	}()
	var results []Result
	failed := 0
	for _, f := range files {
		if err := ctx.Err(); err != nil {
			return results, err
		}
		r := l.LoadFile(ctx, f, opt)
		if r.Status == StatusFailed {
			failed++
		}
		results = append(results, r)
	}
	if failed > 0 {
		return results, fmt.Errorf("%d of %d files did not load: %w", failed, len(files), ErrFileFailed)
	}
	return results, nil
}

// LoadFile loads one file in one transaction: all its good rows or nothing.
// It tries the fast, optimistic way first (see fileLoad.optimistic).
func (l *Loader) LoadFile(ctx context.Context, path string, opt Options) Result {
	start := l.now()
	if opt.Progress != nil {
		opt.Progress(path, "reading")
	}
	scan, prior, err := l.startHashing(ctx, path)
	if err != nil || prior > 0 {
		return l.skipped(Result{File: path}, prior, err)
	}
	if err := l.useOneThread(ctx, scan.size < smallFileSize); err != nil {
		return l.skipped(Result{File: path}, 0, err)
	}
	fl := l.tryLoad(ctx, path, scan, opt, true, start)
	if errors.Is(fl.err, errSomeRowsBad) {
		fl = l.tryLoad(ctx, path, scan, opt, false, start)
	}
	if errors.Is(fl.err, errLoadedBefore) {
		return l.skipped(fl.r, fl.r.LoadID, nil)
	}
	facts, scanErr := scan.wait()
	r, err := fl.r, cmp.Or(fl.err, scanErr)
	r.Took = l.now().Sub(start)
	if err != nil {
		r.Status, r.Err = StatusFailed, redactedError{err}
		if recErr := l.recordFailure(ctx, r, facts, start, fl.rejects); recErr != nil {
			l.logger.Error("could not record the failed load", "file", path, "err", recErr)
		}
		return r
	}
	r.Status = StatusLoaded
	l.logger.Info("loaded", "file", path, "kind", r.Kind, "rows", r.Read, "inserted", r.Inserted,
		"updated", r.Updated, "rejected", r.Rejected, "conflicted", r.Conflicted, "took", r.Took.Round(time.Millisecond))
	return r
}

// tryLoad runs one pass of a file's transaction.
func (l *Loader) tryLoad(ctx context.Context, path string, scan *pendingScan, opt Options, optimistic bool, started time.Time) *fileLoad {
	fl := &fileLoad{path: path, display: path, opt: opt, scan: scan, optimistic: optimistic, started: started}
	fl.r.File = fl.display
	fl.err = l.loadInTx(ctx, fl)
	return fl
}

// loadInTx loads a file inside one transaction, as a sequence of steps
// that each fill in fl: nothing is committed unless every step succeeds.
func (l *Loader) loadInTx(ctx context.Context, fl *fileLoad) error {
	if err := l.begin(ctx); err != nil {
		return err
	}
	committed := false
	defer func() {
		if fl.st.cleanup != nil {
			fl.st.cleanup()
		}
		if !committed {
			// The temp tables the file created go with the transaction.
			_, _ = l.exec(context.WithoutCancel(ctx), "ROLLBACK")
			l.reuse.ended(false, fl.st.reused && len(fl.st.temp) == 0)
			return
		}
		l.reuse.ended(true, fl.st.reused && len(fl.st.temp) == 0)
		l.dropTemp(context.WithoutCancel(ctx), fl)
		if err := l.reuse.indexLookup(ctx, l.conn); err != nil {
			l.logger.Warn("cannot index the office lookup", "err", err)
		}
	}()
	for _, step := range []func(context.Context, *fileLoad) error{
		l.detect,            // format.go: the file's format and a first look at its bytes
		l.stageFile,         // stage.go: the file as a relation of text columns
		l.mapColumns,        // columns.go: its kind and which column holds what
		l.prepareChecks,     // validate.go: the SQL that parses and checks every row
		l.insert,            // insert.go: the good rows into the fact table
		l.skipIfLoaded,      // runs.go: the same bytes loaded before are skipped
		l.listRejects,       // rejects.go: the bad rows, positioned
		l.compareKeys,       // merge.go: keys the file repeats, keys stored before
		l.findConflicts,     // conflict.go: ids that name other rows
		l.applyRejectPolicy, // policy.go: --strict and --max-reject-rate
		l.merge,             // merge.go: the new rows replace what they re-send
		l.record,            // runs.go: the rejects and the load run
	} {
		if err := step(ctx, fl); err != nil {
			return err
		}
	}
	if _, err := l.exec(ctx, "COMMIT"); err != nil {
		return fmt.Errorf("%s: commit: %w", fl.display, err)
	}
	committed = true
	if l.loaded != nil {
		l.loaded[fl.full.hash] = fl.loadID
	}
	return nil
}

// fileLoad is one pass over one file: what the steps of loadInTx learn.
type fileLoad struct {
	path, display string
	opt           Options
	scan          *pendingScan // the hash and facts of the whole file
	// optimistic: the file is read once and any bad row aborts the pass
	// with errSomeRowsBad; LoadFile then loads it again carefully, filtering
	// and listing the bad rows. Most files have no bad row, and the filter
	// costs as much as a fifth of the load.
	optimistic bool
	started    time.Time // when LoadFile began, for load_runs

	format    formatSpec
	facts     fileFacts // a sample's facts (optimistic) or the whole file's
	full      fileFacts // the whole file's, once the scan is done
	st        staged
	spec      spec
	source    config.Source
	positions map[string][]int
	plan      plan
	loadID    int64
	good      int64    // rows inserted by insert
	distinct  int64    // distinct keys among them
	skipped   []int64  // lines the reader skipped (see shiftLine)
	resends   bool     // stored rows of earlier loads share a key with the load's
	conflicts []Reject // rows whose id names another stored row
	rejects   []Reject // every reject: bad rows, then (without Replace) conflicts

	r   Result
	err error
}

// small tells a file below smallFileSize.
func (fl *fileLoad) small() bool { return fl.scan.size < smallFileSize }

func (fl *fileLoad) progress(step string) {
	if fl.opt.Progress != nil {
		fl.opt.Progress(fl.display, step)
	}
}

// dropTemp drops the temp tables a committed file created.
func (l *Loader) dropTemp(ctx context.Context, fl *fileLoad) {
	for _, t := range fl.st.temp {
		_, _ = l.exec(ctx, "DROP TABLE IF EXISTS temp."+t)
	}
}
