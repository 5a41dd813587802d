package kpi

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/disdukcapil-bekasi/pantau/warehouse"
)

// RefreshPooled fills table (shaped like kpi_weekly, empty) with the
// province and national rows computed from the pooled facts of every region
// with facts, for the weeks from..to (Mondays; a zero time is the facts'
// first or last week) within the facts' span: the rows Refresh stores for
// those weeks in a warehouse holding all those regions. A reader of several
// regencies' lakes needs it because each lake's province and national rows
// were computed over that regency alone (lake.Reader.Pooled); it pools only
// the weeks the command reads, as a refresh of those weeks does. With
// applications, the database holds every region's stored KTP-el
// applications as ktp_el_applications (lakes that carry them), which the
// KPIs read instead of regrouping the events, cut to those that can count
// in the weeks (weeksApplications), as Refresh does.
func RefreshPooled(ctx context.Context, db *sql.DB, s Settings, table string, applications bool, from, to time.Time) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("pool kpis: %w", err)
	}
	defer tx.Rollback() //nolint:errcheck // after Commit it is a no-op
	first, last, err := factsSpan(ctx, tx)
	if err != nil {
		return fmt.Errorf("pool kpis: %w", err)
	}
	if !first.Valid {
		return nil
	}
	if !from.IsZero() {
		first.Time = maxTime(first.Time, Monday(from))
	}
	if !to.IsZero() {
		last.Time = minTime(last.Time, Monday(to))
	}
	if first.Time.After(last.Time) {
		return nil
	}
	all, err := regionsWithFacts(ctx, tx)
	if err != nil {
		return fmt.Errorf("pool kpis: %w", err)
	}
	// Every province and the nation in one statement: one grouping of the
	// pooled facts serves them all.
	base, args := QueryBaseOf(s, all, upperScopes, first.Time, last.Time)
	if applications {
		base = append(base, weeksApplications)
	}
	insert := "INSERT INTO " + warehouse.QuoteIdent(table) + " SELECT week, scope, scope_id, kpi, value, NULL FROM (\n" +
		Compose(base, unionOf(Definitions())) + "\n)"
	if _, err := tx.ExecContext(ctx, insert, args...); err != nil {
		return fmt.Errorf("pool kpis: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("pool kpis: %w", err)
	}
	return nil
}
