package etl

import (
	"context"
	"database/sql"
	"log/slog"
	"strings"
	"time"
)

func (l *Loader) sql() timedConn { return timedConn{l.conn, l.logger, l.now} }

// execer is the loader's connection as the staging functions see it.
type execer interface {
	ExecContext(ctx context.Context, q string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error)
	Raw(func(any) error) error
}

// timedConn logs each statement's duration at debug level.
type timedConn struct {
	*sql.Conn
	logger *slog.Logger
	now    func() time.Time
}

func (c timedConn) ExecContext(ctx context.Context, q string, args ...any) (sql.Result, error) {
	if c.logger.Enabled(ctx, slog.LevelDebug) {
		defer func(start time.Time) {
			c.logger.Debug("sql", "took", c.now().Sub(start).Round(time.Millisecond), "sql", truncate(strings.Join(strings.Fields(q), " "), 100))
		}(c.now())
	}
	return c.Conn.ExecContext(ctx, q, args...)
}

func (l *Loader) exec(ctx context.Context, q string, args ...any) (int64, error) {
	res, err := l.sql().ExecContext(ctx, q, args...)
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

// begin starts a transaction on the loader's connection. A BEGIN cancelled
// while it runs can fail with ctx's error and leave the transaction begun
// all the same (268 of 3,469 cancelled BEGINs in a loop, duckdb-go
// v2.10506.0): then it is rolled back, so that the next BEGIN (the failed
// load's record, the next file) is not refused with "cannot start a
// transaction within a transaction".
func (l *Loader) begin(ctx context.Context) error {
	_, err := l.exec(ctx, "BEGIN TRANSACTION")
	if err != nil {
		_, _ = l.exec(context.WithoutCancel(ctx), "ROLLBACK") // nothing to roll back, mostly
	}
	return err
}
