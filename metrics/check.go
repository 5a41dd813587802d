package metrics

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/disdukcapil-bekasi/pantau/warehouse"
)

// Check levels and statuses.
const (
	LevelWarn  = "warn"
	LevelError = "error"
	StatusPass = "pass"
	StatusFail = "fail"
)

// CheckResult is the outcome of one data-quality check.
type CheckResult struct {
	ID string
	// Level is warn or error: how bad a failure of this check is.
	Level string
	// Status is pass or fail.
	Status string
	// Count is how many rows (or, for freshness, days) the check found.
	Count   int64
	Message string
}

// Failed tells whether the check failed at error level.
func (r CheckResult) Failed() bool { return r.Status == StatusFail && r.Level == LevelError }

// checker runs one check against the warehouse; latest is the Sunday ending
// the latest complete week.
type checker func(ctx context.Context, db *sql.DB, s Settings, latest time.Time) ([]CheckResult, error)

// Check runs every data-quality check of `pantau check` and returns their
// results in a fixed order. It only reads; SaveCheckResults stores them.
//
//   - freshness.<source>: how far each source's last row lies behind the end
//     of the latest complete week (error when there are no service events);
//   - unknown_offices (error): fact rows whose office is not in offices;
//   - stage_order (warn): KTP-el applications with a stage before the one it
//     follows (printed before recorded, ...);
//   - stuck_applications (warn): KTP-el applications waiting in one stage
//     far longer than the others waiting in it (over 3 times their median
//     and over 30 days);
//   - duplicate_ids (error): an id held by more than one row (across loads);
//   - stock_vs_ledger (warn): stock counts differing from the book stock
//     carried from the office's previous count by more than 5 cards and 2%.
func Check(ctx context.Context, db *sql.DB, s Settings) ([]CheckResult, error) {
	var latest time.Time
	week, err := LatestWeek(ctx, db)
	switch {
	case err == nil:
		monday, _ := ParseWeek(week)
		latest = monday.AddDate(0, 0, 6)
	case errors.Is(err, ErrNoData):
		return []CheckResult{{ID: "freshness.service_events", Level: LevelError, Status: StatusFail,
			Message: "no service events in the warehouse"}}, nil
	default:
		return nil, err
	}
	var out []CheckResult
	for _, c := range []checker{checkFreshness, checkUnknownOffices, checkStageOrder, checkStuck, checkDuplicates, checkStock} {
		rs, err := c(ctx, db, s, latest)
		if err != nil {
			return nil, fmt.Errorf("check: %w", err)
		}
		out = append(out, rs...)
	}
	return out, nil
}

// SaveCheckResults appends results to the check_results table (created if
// missing), all with run time runAt.
func SaveCheckResults(ctx context.Context, db *sql.DB, runAt time.Time, results []CheckResult) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("save check results: %w", err)
	}
	defer tx.Rollback() //nolint:errcheck // after Commit it is a no-op
	if _, err := tx.ExecContext(ctx, checkResultsTable); err != nil {
		return fmt.Errorf("save check results: %w", err)
	}
	for _, r := range results {
		if _, err := tx.ExecContext(ctx, `INSERT INTO check_results VALUES (?, ?, ?, ?, ?, ?)`,
			runAt, r.ID, r.Level, r.Status, r.Count, r.Message); err != nil {
			return fmt.Errorf("save check results: %w", err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("save check results: %w", err)
	}
	return nil
}

func result(id, level string, count int64, failed bool, format string, args ...any) CheckResult {
	status := StatusPass
	if failed {
		status = StatusFail
	}
	return CheckResult{ID: id, Level: level, Status: status, Count: count, Message: fmt.Sprintf(format, args...)}
}

// freshness limits per source, in days behind the latest week's Sunday:
// warn beyond warnDays, error beyond errorDays (0: never an error).
var freshnessLimits = []struct {
	source, table, column string
	warnDays, errorDays   int
}{
	{"service_events", "service_events", "event_time", 7, 14},
	{"complaints", "complaints", "received_at", 7, 28},
	{"blanko_deliveries", "blanko_deliveries", "received_at", 56, 0},
	{"blanko_stock_counts", "blanko_stock_counts", "counted_at", 35, 0},
}

func checkFreshness(ctx context.Context, db *sql.DB, _ Settings, latest time.Time) ([]CheckResult, error) {
	var out []CheckResult
	for _, f := range freshnessLimits {
		id := "freshness." + f.source
		level := LevelWarn
		if f.errorDays > 0 {
			level = LevelError
		}
		var last sql.NullTime
		q := fmt.Sprintf(`SELECT max(%s)::DATE FROM %s`, warehouse.QuoteIdent(f.column), warehouse.QuoteIdent(f.table))
		if err := db.QueryRowContext(ctx, q).Scan(&last); err != nil {
			return nil, err
		}
		if !last.Valid {
			out = append(out, result(id, level, 0, true, "%s has no rows", f.source))
			continue
		}
		behind := int64(latest.Sub(last.Time).Hours() / 24)
		if behind < 0 {
			behind = 0
		}
		r := result(id, level, behind, false, "last %s %s, %d days before the end of %s",
			f.source, last.Time.Format(time.DateOnly), behind, FormatWeek(latest))
		switch {
		case f.errorDays > 0 && behind > int64(f.errorDays):
			r.Status = StatusFail
		case behind > int64(f.warnDays):
			r.Status, r.Level = StatusFail, LevelWarn
		}
		out = append(out, r)
	}
	return out, nil
}

func checkUnknownOffices(ctx context.Context, db *sql.DB, _ Settings, _ time.Time) ([]CheckResult, error) {
	var n int64
	var codes sql.NullString
	err := db.QueryRowContext(ctx, `
		WITH facts AS (
			SELECT office_code FROM service_events
			UNION ALL SELECT office_code FROM blanko_deliveries
			UNION ALL SELECT office_code FROM blanko_stock_counts
			UNION ALL SELECT office_code FROM complaints WHERE office_code IS NOT NULL
		), unknown AS (
			SELECT office_code, count(*) AS n FROM facts
			WHERE office_code NOT IN (SELECT office_code FROM offices)
			GROUP BY ALL
		)
		SELECT coalesce(sum(n), 0)::BIGINT, string_agg(office_code, ', ' ORDER BY n DESC, office_code) FROM (SELECT * FROM unknown ORDER BY n DESC, office_code)`).Scan(&n, &codes)
	if err != nil {
		return nil, err
	}
	if n == 0 {
		return []CheckResult{result("unknown_offices", LevelError, 0, false, "every row's office is known")}, nil
	}
	return []CheckResult{result("unknown_offices", LevelError, n, true, "%d rows of offices not in the reference data: %s", n, shorten(codes.String))}, nil
}

// checkQuery composes a check's SQL with the KPI relations, for the latest week.
func checkQuery(s Settings, latest time.Time, final string) (string, []any) {
	monday := latest.AddDate(0, 0, -6)
	base, args := queryBase(s, []string{ScopeRegion, ScopeOffice, ScopeKecamatan}, monday, monday)
	return compose(base, "SELECT * FROM (\n"+final+"\n)"), args
}

func checkStageOrder(ctx context.Context, db *sql.DB, s Settings, latest time.Time) ([]CheckResult, error) {
	q, args := checkQuery(s, latest, `
		SELECT count(*),
		       count(*) FILTER (WHERE printed_at < recorded_at),
		       count(*) FILTER (WHERE print_ready_at < recorded_at),
		       count(*) FILTER (WHERE printed_at < print_ready_at),
		       count(*) FILTER (WHERE issued_at < printed_at),
		       count(*) FILTER (WHERE recorded_at < submitted_at)
		FROM kpi_applications
		WHERE printed_at < recorded_at OR print_ready_at < recorded_at OR printed_at < print_ready_at
		   OR issued_at < printed_at OR recorded_at < submitted_at`)
	var n, printedFirst, readyFirst, printedBeforeReady, issuedFirst, recordedFirst int64
	if err := db.QueryRowContext(ctx, q, args...).Scan(&n, &printedFirst, &readyFirst, &printedBeforeReady, &issuedFirst, &recordedFirst); err != nil {
		return nil, err
	}
	if n == 0 {
		return []CheckResult{result("stage_order", LevelWarn, 0, false, "every application's stages are in order")}, nil
	}
	return []CheckResult{result("stage_order", LevelWarn, n, true,
		"%d applications with stages out of order: printed before recorded %d, print_ready before recorded %d, printed before print_ready %d, issued before printed %d, recorded before submitted %d",
		n, printedFirst, readyFirst, printedBeforeReady, issuedFirst, recordedFirst)}, nil
}

func checkStuck(ctx context.Context, db *sql.DB, s Settings, latest time.Time) ([]CheckResult, error) {
	q, args := checkQuery(s, latest, `
		WITH waiting AS (
			SELECT CASE WHEN a.printed_at < w.next_start THEN 'printed'
			            WHEN a.print_ready_at < w.next_start THEN 'print_ready'
			            ELSE 'recorded' END AS stage,
			       date_diff('day', CASE WHEN a.printed_at < w.next_start THEN a.printed_at
			                             WHEN a.print_ready_at < w.next_start THEN a.print_ready_at
			                             ELSE a.recorded_at END, w.next_start) AS days
			FROM kpi_applications a, kpi_weeks w
			WHERE a.service = 'ktp_el' AND a.recorded_at < w.next_start
			  AND coalesce(least(a.issued_at, a.rejected_at, a.cancelled_at), 'infinity'::TIMESTAMP) >= w.next_start
		), limits AS (
			SELECT stage, 3 * median(days) AS limit_days FROM waiting GROUP BY stage
		), stuck AS (
			SELECT stage, count(*) AS n, max(days) AS longest, any_value(l.limit_days) AS limit_days
			FROM waiting JOIN limits l USING (stage)
			WHERE days > l.limit_days AND days > 30
			GROUP BY stage
		)
		SELECT coalesce(sum(n), 0)::BIGINT,
		       string_agg(format('{} in {} (over {} days, longest {})', n, stage, round(limit_days)::BIGINT, longest), '; ' ORDER BY stage)
		FROM stuck`)
	var n int64
	var detail sql.NullString
	if err := db.QueryRowContext(ctx, q, args...).Scan(&n, &detail); err != nil {
		return nil, err
	}
	if n == 0 {
		return []CheckResult{result("stuck_applications", LevelWarn, 0, false, "no application waits far longer than the others in its stage")}, nil
	}
	return []CheckResult{result("stuck_applications", LevelWarn, n, true,
		"%d KTP-el applications waiting far longer than the others in their stage at the end of %s: %s", n, FormatWeek(latest), detail.String)}, nil
}

func checkDuplicates(ctx context.Context, db *sql.DB, _ Settings, _ time.Time) ([]CheckResult, error) {
	var events, complaints, deliveries int64
	err := db.QueryRowContext(ctx, `SELECT
		(SELECT count(*) FROM (SELECT event_id FROM service_events GROUP BY event_id HAVING count(*) > 1)),
		(SELECT count(*) FROM (SELECT complaint_id FROM complaints GROUP BY complaint_id HAVING count(*) > 1)),
		(SELECT count(*) FROM (SELECT delivery_id FROM blanko_deliveries GROUP BY delivery_id HAVING count(*) > 1))`).
		Scan(&events, &complaints, &deliveries)
	if err != nil {
		return nil, err
	}
	n := events + complaints + deliveries
	if n == 0 {
		return []CheckResult{result("duplicate_ids", LevelError, 0, false, "every id is held by one row")}, nil
	}
	return []CheckResult{result("duplicate_ids", LevelError, n, true,
		"%d ids held by more than one row: event_id %d, complaint_id %d, delivery_id %d", n, events, complaints, deliveries)}, nil
}

func checkStock(ctx context.Context, db *sql.DB, s Settings, latest time.Time) ([]CheckResult, error) {
	q, args := checkQuery(s, latest, `
		WITH counts AS (
			SELECT office_code, date, counted, book_stock,
			       row_number() OVER (PARTITION BY office_code ORDER BY date) AS nth
			FROM kpi_blanko_ledger
			WHERE counted IS NOT NULL
		), off AS (
			SELECT * FROM counts
			WHERE nth > 1 AND abs(counted - book_stock) > greatest(5, 0.02 * abs(book_stock))
		)
		SELECT count(*),
		       string_agg(format('{} on {}: counted {}, book {}', office_code, date, counted, book_stock), '; ' ORDER BY date, office_code)
		FROM off`)
	var n int64
	var detail sql.NullString
	if err := db.QueryRowContext(ctx, q, args...).Scan(&n, &detail); err != nil {
		return nil, err
	}
	if n == 0 {
		return []CheckResult{result("stock_vs_ledger", LevelWarn, 0, false, "every stock count agrees with the ledger")}, nil
	}
	return []CheckResult{result("stock_vs_ledger", LevelWarn, n, true,
		"%d stock counts differ from the book stock carried from the previous count: %s", n, shorten(detail.String))}, nil
}

// shorten keeps a list readable in one line.
func shorten(s string) string {
	const max = 200
	if len(s) <= max {
		return s
	}
	cut := strings.LastIndex(s[:max], ";")
	if cut < 0 {
		cut = strings.LastIndex(s[:max], ",")
	}
	if cut < 0 {
		cut = max
	}
	return s[:cut] + " …"
}
