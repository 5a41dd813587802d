package warehouse

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"os"
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
	// Lake is set when DB reads lakes (OpenLake) instead of a file.
	Lake *Lake

	nikKey func() ([]byte, error) // for migration 0012
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
	if opt.ReadOnly && dsn != "" {
		if !fileExists(path) {
			return nil, fmt.Errorf("open %s: %w", path, ErrNotFound)
		}
		dsn += "?" + url.Values{"access_mode": {"READ_ONLY"}}.Encode()
	}
	// The wait is a budget of backoff sleeps, not a wall-clock deadline:
	// no clock is read here.
	left := opt.Wait
	backoff := 50 * time.Millisecond
	for {
		w, err := open(ctx, dsn, path, opt)
		if err == nil {
			if err := w.limit(ctx, opt); err != nil {
				w.Close()
				return nil, fmt.Errorf("open %s: %w", path, err)
			}
			return w, nil
		}
		if !isLockConflict(err) {
			return nil, fmt.Errorf("open %s: %w", path, err)
		}
		if backoff > left {
			return nil, fmt.Errorf("open %s: %w", path, ErrBusy)
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
	readOnly := opt.ReadOnly
	connector, err := duckdb.NewConnector(dsn, nil)
	if err != nil {
		return nil, err
	}
	db := sql.OpenDB(connector)
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, err
	}
	w := &Warehouse{DB: db, Path: path, ReadOnly: readOnly, nikKey: opt.NIKKey}
	if readOnly {
		err = w.checkVersion(ctx)
	} else {
		err = w.migrate(ctx)
	}
	if err != nil {
		db.Close()
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
	if w.Lake != nil && w.Lake.ownTemp != "" {
		_ = os.RemoveAll(w.Lake.ownTemp)
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

// limit applies the options' caps on DuckDB's memory, spill folder and
// threads; they hold for the whole database, whichever connection runs.
func (w *Warehouse) limit(ctx context.Context, opt Options) error {
	settings := []struct{ name, value string }{
		{"memory_limit", opt.MemoryLimit},
		{"temp_directory", opt.TempDirectory},
	}
	if opt.Threads > 0 {
		settings = append(settings, struct{ name, value string }{"threads", fmt.Sprint(opt.Threads)})
	}
	for _, s := range settings {
		if s.value == "" {
			continue
		}
		// SET takes no parameters: the value is quoted as a literal.
		if _, err := w.DB.ExecContext(ctx, "SET "+s.name+" = "+QuoteLiteral(s.value)); err != nil {
			return fmt.Errorf("set %s: %w", s.name, err)
		}
	}
	return nil
}
