package warehouse

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/duckdb/duckdb-go/v2"
)

// ErrBusy reports that another process holds the warehouse for writing (a
// load is running) and the wait for it ran out.
var ErrBusy = errors.New("the warehouse is busy: a load is running; try again when it has finished")

// ErrNotFound reports that a read-only open found no warehouse file.
var ErrNotFound = errors.New("no warehouse yet: run 'pantau load' or 'pantau demo' first")

// Options say how to open the warehouse.
type Options struct {
	ReadOnly bool
	// Wait bounds how long Open retries while another process holds the file.
	Wait time.Duration
	// Logger receives one line per wait; nil discards.
	Logger *slog.Logger
	// MemoryLimit, TempDirectory and Threads cap DuckDB ("" and 0 keep its
	// defaults): with a memory limit, large joins and aggregates spill to
	// the temp folder instead of failing.
	MemoryLimit, TempDirectory string
	Threads                    int
	// Directories are the folders a read-only warehouse's connection may
	// still read and write files in (export's lake); see sandbox.
	Directories []string
	// NIKKey returns the key of the NIK hash, asked for only when migration
	// 0012 runs: the NIKs and phone numbers in the ids stored before it
	// become the pseudonyms etl makes with it. nil: a random key (see
	// redactStored).
	NIKKey func() ([]byte, error)
}

// Warehouse is an open DuckDB warehouse file.
type Warehouse struct {
	DB       *sql.DB
	Path     string
	ReadOnly bool

	nikKey  func() ([]byte, error) // for migration 0012
	unmark  func()                 // removes markHolder's mark (Windows)
	ownTemp string                 // the spill folder OpenMemory made, removed by Close
}

// Open opens (and for read-write, creates and migrates) the warehouse at path.
// path ":memory:" or "" opens an in-memory database, for tests.
func Open(ctx context.Context, path string, opt Options) (*Warehouse, error) {
	if opt.Logger == nil {
		opt.Logger = slog.New(slog.DiscardHandler)
	}
	dsn := path
	if path == ":memory:" {
		dsn = ""
	}
	config := caps(opt.MemoryLimit, opt.TempDirectory, opt.Threads)
	if dsn != "" && unfinishedCreation(path) {
		// A process killed while DuckDB created the file left it without
		// its header: it holds nothing, so it is as if never made.
		if opt.ReadOnly {
			return nil, fmt.Errorf("open %s: %w", path, ErrNotFound)
		}
		opt.Logger.Warn("an unfinished new warehouse file is made again", "file", path)
		if err := os.Remove(path); err != nil {
			return nil, fmt.Errorf("open %s: %w", path, err)
		}
	}
	if opt.ReadOnly && dsn != "" {
		if !fileExists(path) {
			return nil, fmt.Errorf("open %s: %w", path, ErrNotFound)
		}
		config.Set("access_mode", "READ_ONLY")
	}
	if len(config) > 0 {
		dsn += "?" + config.Encode()
	}
	// The wait is a budget of backoff sleeps, not a wall-clock deadline:
	// no clock is read here.
	left := opt.Wait
	backoff := 50 * time.Millisecond
	for {
		w, err := open(ctx, dsn, path, opt)
		if err == nil {
			if dsn != "" {
				w.unmark = markHolder(path)
			}
			return w, nil
		}
		if !isLockConflict(err) && !heldByOtherProcess(path, err) {
			return nil, fmt.Errorf("open %s: %w", path, err)
		}
		if backoff > left {
			return nil, fmt.Errorf("open %s: %w", path, heldBy(path, err))
		}
		left -= backoff
		opt.Logger.Info("waiting for the warehouse", "file", path, "retry_in", backoff)
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(backoff):
		}
		backoff = min(backoff*2, 2*time.Second)
	}
}

func open(ctx context.Context, dsn, path string, opt Options) (*Warehouse, error) {
	connector, err := duckdb.NewConnector(dsn, nil)
	if err != nil {
		return nil, err
	}
	db := sql.OpenDB(connector)
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, err
	}
	w := &Warehouse{DB: db, Path: path, ReadOnly: opt.ReadOnly, nikKey: opt.NIKKey}
	if opt.ReadOnly {
		err = sandbox(ctx, db, opt.Directories)
		if err == nil {
			err = w.checkVersion(ctx)
		}
	} else {
		// A load that filled the disk may have left the file longer
		// than its blocks: give that back before anything commits.
		// Not giving it back is no reason to refuse the open (Windows
		// cannot truncate a file DuckDB holds open).
		switch freed, rerr := w.Reclaim(ctx); {
		case rerr != nil:
			opt.Logger.Warn("disk space not given back", "file", path, "err", rerr)
		case freed > 0:
			opt.Logger.Info("disk space given back", "file", path, "bytes", freed)
		}
		err = w.migrate(ctx)
	}
	if err != nil {
		db.Close()
		return nil, err
	}
	return w, nil
}

// OpenMemory opens an in-memory database with the warehouse's schema for a
// reader of files (lake.Open): sandboxed from the start, so that nothing but
// the files under opt.Directories is read, then migrated. Without
// opt.TempDirectory it spills to a new folder under the system's temporary
// folder, removed by Close. The Warehouse is ReadOnly: no load writes it.
func OpenMemory(ctx context.Context, opt Options) (*Warehouse, error) {
	var own string
	if opt.TempDirectory == "" {
		var err error
		if own, err = os.MkdirTemp("", "pantau-lake-"); err != nil {
			return nil, err
		}
		opt.TempDirectory = own
	}
	w := &Warehouse{Path: ":memory:", ReadOnly: true, ownTemp: own}
	connector, err := duckdb.NewConnector("?"+caps(opt.MemoryLimit, opt.TempDirectory, opt.Threads).Encode(), nil)
	if err != nil {
		_ = os.RemoveAll(own)
		return nil, err
	}
	w.DB = sql.OpenDB(connector)
	if err := sandbox(ctx, w.DB, opt.Directories); err != nil {
		w.Close()
		return nil, err
	}
	if err := w.migrate(ctx); err != nil {
		w.Close()
		return nil, err
	}
	return w, nil
}

// ErrOldSchema reports a warehouse made by an older pantau, which a reader
// cannot migrate.
var ErrOldSchema = errors.New("the warehouse was made by an older pantau: run 'pantau load' once to update it")

// checkVersion tells a reader whether the file holds a complete schema (a
// load killed while creating the file leaves none).
func (w *Warehouse) checkVersion(ctx context.Context) error {
	applied, err := w.appliedVersions(ctx)
	if err != nil || len(applied) == 0 {
		return ErrNotFound
	}
	migrations, err := Migrations()
	if err != nil {
		return err
	}
	for _, m := range migrations {
		if !applied[m.Version] {
			return ErrOldSchema
		}
	}
	return nil
}

// Close closes the database; a read-write warehouse is checkpointed first so
// the file holds everything and the write-ahead log is empty.
func (w *Warehouse) Close() error {
	if !w.ReadOnly {
		_, _ = w.DB.Exec("CHECKPOINT")
	}
	err := w.DB.Close()
	if w.unmark != nil {
		w.unmark()
	}
	if w.ownTemp != "" {
		_ = os.RemoveAll(w.ownTemp)
	}
	return err
}

func isLockConflict(err error) bool {
	msg := err.Error()
	return strings.Contains(msg, "Could not set lock") || strings.Contains(msg, "Conflicting lock")
}

// QuoteIdent quotes an SQL identifier; the only way names reach SQL text.
func QuoteIdent(name string) string {
	return `"` + strings.ReplaceAll(name, `"`, `""`) + `"`
}

// QuoteLiteral quotes an SQL string literal, for SQL that takes no
// parameters (DDL, COPY ... TO, constant MAPs).
func QuoteLiteral(s string) string {
	return "'" + strings.ReplaceAll(s, "'", "''") + "'"
}

// caps are the DSN settings of DuckDB's memory, spill folder and threads
// ("" and 0 keep its defaults); they hold for the whole database, whichever
// connection runs, and are given at open so that a locked configuration
// (sandbox) keeps them.
func caps(memoryLimit, tempDirectory string, threads int) url.Values {
	v := url.Values{}
	if memoryLimit != "" {
		v.Set("memory_limit", memoryLimit)
	}
	if tempDirectory != "" {
		v.Set("temp_directory", tempDirectory)
	}
	if threads > 0 {
		v.Set("threads", fmt.Sprint(threads))
	}
	// A partitioned COPY (the lake's export) buffers up to this many rows
	// per partition outside the cap; DuckDB's default, 524288, took the
	// export of a 6.9-million-row warehouse 150 MB over a 500MB cap.
	v.Set("partitioned_write_flush_threshold", "100000")
	return v
}

// sandbox closes a reading database to everything outside it, for every
// connection it has or will have: no file is read or written but the
// database file, the temp folder and the files under dirs (read_text,
// read_csv, COPY and ATTACH of anything else fail with a Permission
// Error); no extension is installed or loaded beyond the built-in ones;
// and no setting can be changed after, this one included.
func sandbox(ctx context.Context, db *sql.DB, dirs []string) error {
	var stmts []string
	if len(dirs) > 0 {
		abs := make([]string, len(dirs))
		for i, d := range dirs {
			a, err := filepath.Abs(d)
			if err != nil {
				return err
			}
			abs[i] = strings.TrimSuffix(a, string(filepath.Separator)) + string(filepath.Separator)
		}
		// Given before external access is closed: it cannot change after.
		stmts = append(stmts, "SET allowed_directories = "+literalList(abs))
	}
	stmts = append(stmts,
		"SET enable_external_access = false",
		"SET autoinstall_known_extensions = false",
		"SET autoload_known_extensions = false",
		"SET lock_configuration = true")
	for _, q := range stmts {
		if _, err := db.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("sandbox: %w", err)
		}
	}
	return nil
}

func literalList(items []string) string {
	var q []string
	for _, s := range items {
		q = append(q, QuoteLiteral(s))
	}
	return "[" + strings.Join(q, ", ") + "]"
}

// unfinishedCreation says whether path is a file DuckDB began to create
// but never gave its headers (the process was killed first): shorter than
// the three header blocks DuckDB writes (and syncs) before anything else,
// every byte zero, and no write-ahead log beside it. Nothing was ever
// committed to such a file.
func unfinishedCreation(path string) bool {
	const headers = 3 * 4096
	if st, err := os.Stat(path); err != nil || !st.Mode().IsRegular() || st.Size() >= headers {
		return false
	}
	b, err := os.ReadFile(path)
	if err != nil || len(b) >= headers {
		return false
	}
	if st, err := os.Stat(path + ".wal"); err == nil && st.Size() > 0 {
		return false
	}
	for _, c := range b {
		if c != 0 {
			return false
		}
	}
	return true
}
