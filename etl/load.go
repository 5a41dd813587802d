package etl

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"sort"
	"strings"
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
}

// NewLoader prepares a loader: one connection with pantau's SQL functions.
// key is the secret of the NIK hash (see NIKKey).
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
		now = time.Now
	}
	return &Loader{db: db, conn: conn, cfg: cfg, logger: logger, now: now, specs: specs(), tmpDir: os.TempDir()}, nil
}

// Close releases the loader's connection.
func (l *Loader) Close() error { return l.conn.Close() }

// Load loads every path; a folder stands for the data files in it, in name
// order (manifest.csv and *.rejects.csv are not data). A failed file does
// not stop the others; the error then wraps ErrFileFailed.
func (l *Loader) Load(ctx context.Context, paths []string, opt Options) ([]Result, error) {
	files, err := expandPaths(paths)
	if err != nil {
		return nil, err
	}
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

// dataExtensions are the file names a folder load picks up.
var dataExtensions = map[string]bool{".csv": true, ".txt": true, ".tsv": true, ".ndjson": true, ".jsonl": true, ".json": true,
	".parquet": true, ".xlsx": true, ".arrow": true, ".feather": true, ".ipc": true}

func expandPaths(paths []string) ([]string, error) {
	var out []string
	for _, p := range paths {
		info, err := os.Stat(p)
		if err != nil {
			return nil, err
		}
		if !info.IsDir() {
			out = append(out, p)
			continue
		}
		var found []string
		err = filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			name := d.Name()
			if d.IsDir() || !dataExtensions[strings.ToLower(filepath.Ext(name))] ||
				name == "manifest.csv" || strings.HasSuffix(name, ".rejects.csv") || strings.HasPrefix(name, ".") {
				return nil
			}
			found = append(found, path)
			return nil
		})
		if err != nil {
			return nil, err
		}
		sort.Strings(found)
		out = append(out, found...)
	}
	return out, nil
}

// LoadFile loads one file in one transaction: all its good rows or nothing.
func (l *Loader) LoadFile(ctx context.Context, path string, opt Options) Result {
	start := l.now()
	display := path
	r := Result{File: display}
	step := func(s string) {
		if opt.Progress != nil {
			opt.Progress(display, s)
		}
	}
	step("reading")
	info, err := os.Stat(path)
	if err != nil {
		r.Status, r.Err = StatusFailed, fmt.Errorf("load %s: %w", display, err)
		return r
	}
	// A file can only have been loaded before if one of the same size was:
	// then hash it first. Otherwise hash it while it loads.
	var sameSize bool
	if err := l.conn.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM load_runs WHERE status = 'loaded' AND file_size = ?)`, info.Size()).Scan(&sameSize); err != nil {
		r.Status, r.Err = StatusFailed, fmt.Errorf("load %s: %w", display, err)
		return r
	}
	var scan *pendingScan
	if sameSize {
		facts, err := scanFile(path)
		if err != nil {
			r.Status, r.Err = StatusFailed, fmt.Errorf("load %s: %w", display, err)
			return r
		}
		if prior, err := l.loadedBefore(ctx, facts.hash); err != nil || prior > 0 {
			return l.skipped(r, prior, err)
		}
		scan = finishedScan(facts)
	} else {
		scan = startScan(path)
	}
	var all []Reject
	r, all, err = l.loadInTx(ctx, path, display, scan, opt, step, true)
	if errors.Is(err, errSomeRowsBad) {
		r, all, err = l.loadInTx(ctx, path, display, scan, opt, step, false)
	}
	if errors.Is(err, errLoadedBefore) {
		return l.skipped(r, r.LoadID, nil)
	}
	facts, scanErr := scan.wait()
	if err == nil {
		err = scanErr
	}
	r.Took = l.now().Sub(start)
	if err != nil {
		r.Status, r.Err = StatusFailed, err
		if recErr := l.recordFailure(ctx, r, facts, start, all); recErr != nil {
			l.logger.Error("could not record the failed load", "file", display, "err", recErr)
		}
		return r
	}
	r.Status = StatusLoaded
	l.logger.Info("loaded", "file", display, "kind", r.Kind, "rows", r.Read, "inserted", r.Inserted,
		"updated", r.Updated, "rejected", r.Rejected, "took", r.Took.Round(time.Millisecond))
	return r
}

// loadInTx does the work of LoadFile inside one transaction. On error it
// returns the rejects found so far, for the record of the failed load.
//
// With optimistic, the file is read once and any bad row aborts the
// transaction with errSomeRowsBad; the caller then loads it again carefully,
// filtering and listing the bad rows. Most files have no bad row, and the
// filter costs as much as a fifth of the load.
func (l *Loader) loadInTx(ctx context.Context, path, display string, scan *pendingScan, opt Options, step func(string), optimistic bool) (Result, []Reject, error) {
	r := Result{File: display}
	if _, err := l.exec(ctx, "BEGIN TRANSACTION"); err != nil {
		return r, nil, err
	}
	committed := false
	defer func() {
		if !committed {
			_, _ = l.exec(context.WithoutCancel(ctx), "ROLLBACK")
		}
		l.dropTemp(context.WithoutCancel(ctx))
	}()

	format, err := detectFormat(path)
	if err != nil {
		return r, nil, fmt.Errorf("load %s: %w", display, err)
	}
	r.Format = format
	// The optimistic pass starts from a sample of the file; the careful pass
	// waits for the whole scan.
	var facts fileFacts
	if optimistic {
		facts, err = sampleFacts(path)
	} else {
		facts, err = scan.wait()
	}
	if err != nil {
		return r, nil, fmt.Errorf("load %s: %w", display, err)
	}
	st, err := l.stage(ctx, path, display, format, facts, opt)
	if st.cleanup != nil {
		defer st.cleanup()
	}
	if err != nil {
		return r, nil, err
	}
	kind := opt.Kind
	if kind == "" {
		kind, err = detectKind(st.header, l.specs, l.renames())
		if err != nil {
			return r, nil, fmt.Errorf("%s:1: %w", display, err)
		}
	}
	r.Kind = kind
	s, ok := l.specs[kind]
	if !ok {
		return r, nil, fmt.Errorf("%s: unknown kind %q", display, kind)
	}
	src := l.cfg.Sources[string(kind)]
	positions := mapHeader(st.header, s, src.Columns)
	var missing []string
	for _, c := range s.columns {
		if _, ok := positions[c.name]; c.required && !ok {
			missing = append(missing, c.name)
		}
	}
	if len(missing) > 0 {
		return r, nil, fmt.Errorf("%s:1: missing required column %s for %s (the header has: %s)",
			display, strings.Join(missing, ", "), kind, strings.Join(st.header, ", "))
	}

	step("checking")
	if err := l.buildOfficeLookup(ctx); err != nil {
		return r, nil, err
	}
	if err := l.buildEnumMap(ctx, s, src.Values); err != nil {
		return r, nil, err
	}
	zone := l.cfg.TimeZone
	if src.TimeZone != "" {
		zone = src.TimeZone
	}
	decimalComma := st.decimalComma
	if src.Decimal != "" {
		decimalComma = src.Decimal == ","
	}
	p := buildPlan(s, positions, planOptions{layout: src.DateLayout, zone: zone, decimalComma: decimalComma, values: src.Values})
	var loadID int64
	if err := l.conn.QueryRowContext(ctx, `SELECT nextval('load_id_seq')`).Scan(&loadID); err != nil {
		return r, nil, err
	}
	r.LoadID = loadID

	// One pass inserts the good rows. Most files have no bad row: then the
	// rows inserted equal the records in the file and nothing else is read.
	good, err := l.insertGood(ctx, p, st, loadID, optimistic, false)
	if optimistic && err != nil {
		// A bad row, or a guess from the sample that was wrong (an encoding):
		// the careful pass will say which.
		return r, nil, errSomeRowsBad
	}
	if err != nil {
		return r, nil, fmt.Errorf("%s: %w", display, cleanDuckDBError(err))
	}
	full, err := scan.wait()
	if err != nil {
		return r, nil, fmt.Errorf("load %s: %w", display, err)
	}
	if prior, err := l.loadedBefore(ctx, full.hash); err != nil || prior > 0 {
		r.LoadID = prior
		return r, nil, cmp.Or(err, errLoadedBefore)
	}
	var structural []Reject
	var skipped []int64
	if st.finish != nil {
		if structural, skipped, err = st.finish(ctx); err != nil {
			return r, nil, fmt.Errorf("%s: %w", display, cleanDuckDBError(err))
		}
	}
	var records int64
	known := true
	if st.fromLines {
		records = full.lines - 1
		// The sample's guesses hold for the whole file only if these agree.
		known = !full.quotedNewlines && full.validUTF8 == facts.validUTF8
	} else if err := l.conn.QueryRowContext(ctx, `SELECT count(*) FROM stage`).Scan(&records); err != nil {
		return r, nil, err
	}
	var rejects []Reject
	r.Read = good
	if optimistic && (!known || good != records || len(structural) > 0) {
		return r, nil, errSomeRowsBad
	}
	if good != records || len(structural) > 0 {
		step("listing rejects")
		rows, rejectedRows, err := l.listProblems(ctx, p, st, display, skipped)
		if err != nil {
			return r, nil, fmt.Errorf("%s: %w", display, cleanDuckDBError(err))
		}
		rejects = append(structural, rows...)
		sort.SliceStable(rejects, func(i, j int) bool { return rejects[i].Line < rejects[j].Line })
		r.Read = good + rejectedRows + int64(len(structural))
	}
	r.Rejected = r.Read - good
	r.Rejects = rejects[:min(len(rejects), maxRejectsKept)]
	if opt.Strict && r.Rejected > 0 {
		return r, rejects, fmt.Errorf("%s: %d rows rejected and --strict is set; first: %s", display, r.Rejected, rejects[0])
	}
	if r.Read > 0 && float64(r.Rejected)/float64(r.Read) > opt.MaxRejectRate {
		return r, rejects, fmt.Errorf("%s: %d of %d rows rejected (%.1f%%), above the limit of %.1f%%; first: %s",
			display, r.Rejected, r.Read, 100*float64(r.Rejected)/float64(r.Read), 100*opt.MaxRejectRate, rejects[0])
	}

	step("merging")
	if err := l.merge(ctx, p, st, loadID, good, &r); err != nil {
		return r, rejects, fmt.Errorf("%s: merge: %w", display, cleanDuckDBError(err))
	}
	if err := l.insertRejects(ctx, loadID, rejects); err != nil {
		return r, rejects, err
	}
	if err := l.insertRun(ctx, r, full, l.now(), StatusLoaded, ""); err != nil {
		return r, rejects, err
	}
	if _, err := l.exec(ctx, "COMMIT"); err != nil {
		return r, rejects, fmt.Errorf("%s: commit: %w", display, err)
	}
	committed = true
	return r, rejects, nil
}

func (l *Loader) renames() map[Kind]map[string]string {
	out := map[Kind]map[string]string{}
	for k, s := range l.cfg.Sources {
		out[Kind(k)] = s.Columns
	}
	return out
}

func (l *Loader) stage(ctx context.Context, path, display string, format Format, facts fileFacts, opt Options) (staged, error) {
	switch format {
	case FormatCSV:
		return stageCSV(ctx, l.sql(), path, display, facts, l.tmpDir)
	case FormatNDJSON:
		return stageNDJSON(ctx, l.sql(), path, display)
	case FormatParquet:
		return stageParquet(ctx, l.sql(), path, display)
	case FormatXLSX:
		sheet := ""
		if opt.Kind != "" {
			sheet = l.cfg.Sources[string(opt.Kind)].Sheet
		}
		return stageXLSX(ctx, l.sql(), path, display, sheet)
	case FormatArrow:
		return stageArrow(ctx, l.sql(), path, display)
	}
	return staged{}, fmt.Errorf("%s: unsupported format %q", display, format)
}

func (l *Loader) dropTemp(ctx context.Context) {
	for _, t := range []string{"stage", "stage_rejects", "stage_scans", "office_lookup", "enum_map"} {
		_, _ = l.exec(ctx, "DROP TABLE IF EXISTS temp."+t)
	}
}
