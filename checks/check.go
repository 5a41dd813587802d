package checks

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/disdukcapil-bekasi/pantau/kpi"
)

// Check levels and statuses.
const (
	LevelWarn  = "warn"
	LevelError = "error"
	StatusPass = "pass"
	StatusFail = "fail"
)

// Result is the outcome of one data-quality check.
type Result struct {
	// ID is the check's id, or <id>.<subject> for a check with one result
	// per subject (freshness.complaints).
	ID string
	// Level is warn or error: how bad a failure of this check is.
	Level string
	// Status is pass or fail.
	Status string
	// Count is how many rows (or, for freshness, days) the check found.
	Count int64
	// Title says what is checked; Message what was found, in id and en.
	Title, Message kpi.Text
}

// Failed tells whether the check failed at error level.
func (r Result) Failed() bool { return r.Status == StatusFail && r.Level == LevelError }

// Check runs every data-quality check of `pantau check` (the files
// sql/*.sql, see CheckDefinition) over the warehouse as of the latest
// complete week and returns their results ordered by check id. It only
// reads; SaveCheckResults stores them. Without any service event there is
// no latest week, and the one result is the failed freshness of
// service_events.
func Check(ctx context.Context, db *sql.DB, s kpi.Settings) ([]Result, error) {
	week, err := kpi.LatestWeek(ctx, db)
	switch {
	case errors.Is(err, kpi.ErrNoData):
		return []Result{noEvents()}, nil
	case err != nil:
		return nil, err
	}
	monday, _ := kpi.ParseWeek(week)
	var out []Result
	for _, d := range Definitions() {
		rs, err := runCheck(ctx, db, s, monday, d)
		if err != nil {
			return nil, fmt.Errorf("check %s: %w", d.ID, err)
		}
		out = append(out, rs...)
	}
	return out, nil
}

// noEvents is the freshness result of a warehouse without service events.
func noEvents() Result {
	for _, d := range Definitions() {
		if d.ID == "freshness" {
			return d.result("service_events", LevelError, true, 0, "empty", map[string]string{"subject": "service_events"})
		}
	}
	panic("checks/freshness.sql is missing") // embedded; the tests rule it out
}

// runCheck runs one check's SQL for the week starting monday.
func runCheck(ctx context.Context, db *sql.DB, s kpi.Settings, monday time.Time, d Definition) ([]Result, error) {
	base, args := kpi.QueryBase(s, []string{kpi.ScopeRegion, kpi.ScopeOffice, kpi.ScopeKecamatan}, monday, monday)
	rows, err := db.QueryContext(ctx, kpi.Compose(base, "SELECT * FROM (\n"+d.SQL+"\n)"), args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return nil, err
	}
	var out []Result
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return nil, err
		}
		r, err := d.resultOf(cols, vals)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// resultOf turns one row of a check's SQL into its result.
func (d Definition) resultOf(cols []string, vals []any) (Result, error) {
	fields := map[string]string{}
	for i, c := range cols {
		fields[c] = checkText(vals[i])
	}
	for _, c := range []string{"subject", "level", "failed", "count", "msg"} {
		if _, ok := fields[c]; !ok {
			return Result{}, fmt.Errorf("the SQL returns no column %s", c)
		}
	}
	var count int64
	if _, err := fmt.Sscan(cmp.Or(fields["count"], "0"), &count); err != nil {
		return Result{}, fmt.Errorf("count %q is not a whole number", fields["count"])
	}
	level := cmp.Or(fields["level"], d.Level)
	return d.result(fields["subject"], level, fields["failed"] == "true", count, fields["msg"], fields), nil
}

func (d Definition) result(subject, level string, failed bool, count int64, msg string, fields map[string]string) Result {
	r := Result{ID: d.ID, Level: level, Status: StatusPass, Count: count, Title: d.Title}
	if subject != "" {
		r.ID += "." + subject
	}
	if failed {
		r.Status = StatusFail
	}
	t := d.Messages[msg]
	r.Message = kpi.Text{ID: fill(t.ID, fields), EN: fill(t.EN, fields)}
	return r
}

// fill replaces each {column} in a message by the column's text.
func fill(message string, fields map[string]string) string {
	for k, v := range fields {
		message = strings.ReplaceAll(message, "{"+k+"}", shorten(v))
	}
	return message
}

// checkText writes one value of a check's row as text.
func checkText(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case time.Time:
		return x.Format(time.DateOnly)
	case []byte:
		return string(x)
	default:
		return fmt.Sprint(x)
	}
}

// SaveResults appends results to the check_results table, all with run
// time runAt; the stored message is the English one.
func SaveResults(ctx context.Context, db *sql.DB, runAt time.Time, results []Result) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("save check results: %w", err)
	}
	defer tx.Rollback() //nolint:errcheck // after Commit it is a no-op
	for _, r := range results {
		if _, err := tx.ExecContext(ctx, `INSERT INTO check_results VALUES (?, ?, ?, ?, ?, ?)`,
			runAt, r.ID, r.Level, r.Status, r.Count, r.Message.EN); err != nil {
			return fmt.Errorf("save check results: %w", err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("save check results: %w", err)
	}
	return nil
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
