package kpi

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/disdukcapil-bekasi/pantau/kpi/kpiname"
	"github.com/disdukcapil-bekasi/pantau/warehouse"
)

// pooledBlankoKPIs are the KPIs whose province and national rows are sums
// of their regions' stored rows (pooled_blanko.sql), not computed from the
// events: the blanko ledger of every office's days is most of the cost of
// pooling a week.
func pooledBlankoKPIs() []string {
	return []string{kpiname.BlankoConsumed, kpiname.BlankoReceived, kpiname.BlankoStock, kpiname.WeeksOfCover}
}

// pooledBlanko are the parts that give the blanko KPIs' results from the
// regions' stored rows: kpi_pooled_blanko, and result_<id> of each KPI of
// pooledBlankoKPIs over it, in place of the catalogue's (Compose takes the
// base parts' names as given).
func pooledBlanko() ([]Part, error) {
	text, err := sqlFile("pooled_blanko")
	if err != nil {
		return nil, err
	}
	parts := []Part{{Name: "kpi_pooled_blanko", Body: text, Materialized: true}}
	for _, id := range pooledBlankoKPIs() {
		parts = append(parts, Part{Name: "result_" + id,
			Body: "SELECT week, scope, scope_id, '" + id + "' AS kpi, " + id + " AS value FROM kpi_pooled_blanko"})
	}
	return parts, nil
}

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
// in the weeks (weeksApplications), as Refresh does. The blanko KPIs
// (sums over offices, and the cover their ratio) are summed from the
// regions' stored rows of kpi_weekly (pooledBlanko).
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
	blanko, err := pooledBlanko()
	if err != nil {
		return fmt.Errorf("pool kpis: %w", err)
	}
	base = append(base, blanko...)
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
