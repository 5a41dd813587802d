package kpi

import (
	"context"
	"database/sql"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/disdukcapil-bekasi/pantau/internal/readsql"
)

// storedApplicationColumns are the columns of the ktp_el_applications table
// (migration 0010): those of kpi_application_firsts that kpi_applications
// reads (applicationColumns), and first_event_at and last_event_at.
const storedApplicationColumns = "region_code, application_id, service, office_code, print_office_code, submitted_at, " +
	"recorded_at, print_ready_at, printed_at, issued_at, interim_issued_at, rejected_at, cancelled_at, first_event_at, last_event_at"

// storedApplications makes a query read the KTP-el applications from the
// table that Refresh keeps instead of grouping the events: the columns
// kpi_applications does not read are NULL.
var storedApplications = Part{Name: "kpi_application_firsts", Body: storedApplicationsSelect}

const storedApplicationsSelect = `SELECT a.*, NULL::TEXT AS request_type, NULL::TEXT AS channel, NULL::TEXT AS interim_type,
       NULL::TIMESTAMP AS ikd_activated_at, NULL::BIGINT AS spoiled_cards, NULL::TEXT AS last_stage, NULL::BIGINT AS events
FROM ktp_el_applications a
WHERE a.region_code IN (SELECT region_code FROM kpi_regions)`

// weeksApplications is storedApplications cut to the applications that can
// count in a week computed: those with an event in or after the first week
// (every KPI counts applications by the week of one of their events), and
// those still waiting for a card (the backlog at each week's end). An
// application whose last event came before the first week and that was
// printed, rejected or cancelled by then counts in none, so Refresh of one
// more week reads what is new and the backlog, not the history.
var weeksApplications = Part{Name: "kpi_application_firsts", Body: storedApplicationsSelect + `
  AND (a.last_event_at >= (SELECT min(week_start) FROM kpi_weeks)
       OR (a.printed_at IS NULL AND a.rejected_at IS NULL AND a.cancelled_at IS NULL))`}

// syncApplications brings the ktp_el_applications rows of the plan's
// regions up to date with their events, in two statements for all regions.
// A region planned from its first week is regrouped whole; of the others
// only the applications that rows from the region's date on may have
// changed are regrouped (application_touched.sql), so a load of one more
// week regroups that week's applications, not the regions' history.
func syncApplications(ctx context.Context, tx *sql.Tx, s Settings, plan refreshPlan) error {
	var whole, partial []string
	for _, r := range slices.Sorted(maps.Keys(plan.regions)) {
		if plan.full || !plan.regions[r].After(plan.first) {
			whole = append(whole, r)
		} else {
			partial = append(partial, r)
		}
	}
	if plan.full {
		if _, err := tx.ExecContext(ctx, `DELETE FROM ktp_el_applications`); err != nil {
			return err
		}
	}
	if len(whole) > 0 {
		if _, err := tx.ExecContext(ctx, `DELETE FROM ktp_el_applications WHERE region_code IN (`+readsql.Placeholders(len(whole))+`)`, readsql.Anys(whole)...); err != nil {
			return err
		}
		if err := insertApplications(ctx, tx, s, plan, whole, nil); err != nil {
			return err
		}
	}
	if len(partial) == 0 {
		return nil
	}
	return syncTouched(ctx, tx, s, plan, partial)
}

// insertApplications regroups the regions' KTP-el applications from their
// events (all of them, or those of the part events) into the table.
func insertApplications(ctx context.Context, tx *sql.Tx, s Settings, plan refreshPlan, regions []string, events *Part) error {
	base, args := QueryBaseOf(s, regions, regionScopes, plan.first, plan.first)
	if events != nil {
		base = append(base, *events)
	}
	_, err := tx.ExecContext(ctx, "INSERT INTO ktp_el_applications BY NAME\n"+Compose(base,
		"SELECT "+storedApplicationColumns+" FROM kpi_application_firsts WHERE service = 'ktp_el'"), args...)
	return err
}

// syncTouched regroups, in the partial regions, only the applications with
// an event since the date the load touched (by region).
func syncTouched(ctx context.Context, tx *sql.Tx, s Settings, plan refreshPlan, partial []string) error {
	earliest := plan.last
	var args []any
	for _, r := range partial {
		args = append(args, r, plan.regions[r])
		earliest = minTime(earliest, plan.regions[r])
	}
	touched, err := sqlFile("application_touched")
	if err != nil {
		return err
	}
	for _, q := range []struct {
		sql  string
		args []any
	}{
		{`CREATE OR REPLACE TEMP TABLE refresh_from AS SELECT * FROM (VALUES ` +
			strings.TrimSuffix(strings.Repeat("(?::TEXT, ?::TIMESTAMP), ", len(partial)), ", ") + `) t(region_code, from_time)`, args},
		{`CREATE OR REPLACE TEMP TABLE application_touched AS ` + touched, []any{earliest}},
	} {
		if _, err := tx.ExecContext(ctx, q.sql, q.args...); err != nil {
			return err
		}
	}
	defer tx.ExecContext(ctx, `DROP TABLE IF EXISTS application_touched; DROP TABLE IF EXISTS refresh_from`) //nolint:errcheck // temp tables
	// The touched applications' events start at the earliest first event
	// of those stored (the others are new: all their events are that late),
	// a bound that lets the scan of the events skip the older history.
	var first sql.NullTime
	if err := tx.QueryRowContext(ctx, `SELECT min(a.first_event_at) FROM ktp_el_applications a
		SEMI JOIN application_touched t USING (region_code, application_id, service)`).Scan(&first); err != nil {
		return err
	}
	if first.Valid {
		earliest = minTime(earliest, first.Time)
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM ktp_el_applications a USING application_touched t
		WHERE a.region_code = t.region_code AND a.application_id = t.application_id AND a.service = t.service`); err != nil {
		return err
	}
	return insertApplications(ctx, tx, s, plan, partial, &Part{Name: "kpi_events", Body: `SELECT e.* FROM service_events e
		SEMI JOIN application_touched t USING (region_code, application_id, service)
		WHERE e.event_time >= TIMESTAMP '` + earliest.Format(time.DateTime) + `'`})
}

// CurrentApplications returns the part that reads the stored KTP-el
// applications when the table is current — a warehouse file whose loads
// have all been refreshed, the condition under which kpi_weekly is read —
// and nothing otherwise (a lake, or a load whose refresh has not run), so
// that the query groups the events itself. The stock plan reads it; checks
// group the events themselves, since they judge the facts, not what pantau
// derived from them.
func CurrentApplications(ctx context.Context, db rowQueryer) ([]Part, error) {
	var current bool
	if err := db.QueryRowContext(ctx, `SELECT
		EXISTS (SELECT 1 FROM duckdb_tables() WHERE table_name = 'ktp_el_applications' AND NOT temporary)
		AND NOT EXISTS (SELECT 1 FROM kpi_dirty)`).Scan(&current); err != nil || !current {
		return nil, err
	}
	return []Part{storedApplications}, nil
}
