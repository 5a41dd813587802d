package metrics

import (
	"context"
	"database/sql"
	"fmt"
	"slices"

	"github.com/disdukcapil-bekasi/pantau/config"
	"github.com/disdukcapil-bekasi/pantau/warehouse"
)

// viewBase are the base relations of the installed views: the settings come
// from the settings and sla_limits tables, the weeks span the data.
func viewBase() []part {
	return []part{
		{name: "kpi_settings", body: "SELECT region_code, cuti_bersama_off, issuance_standard_days FROM settings"},
		{name: "kpi_sla", body: "SELECT tier, days FROM sla_limits"},
		{name: "kpi_scope_kinds", body: "SELECT * FROM (VALUES ('region'), ('office'), ('kecamatan')) t(scope)"},
		{name: "kpi_weeks", body: weeksBody(`SELECT unnest(generate_series(date_trunc('week', first), last, INTERVAL 7 DAY)) AS d
      FROM (SELECT min(t) AS first, max(t) AS last FROM (
                SELECT min(event_time) AS t FROM service_events UNION ALL SELECT max(event_time) FROM service_events
                UNION ALL SELECT min(received_at) FROM complaints UNION ALL SELECT max(received_at) FROM complaints))
      WHERE first IS NOT NULL`)},
	}
}

// Install creates or replaces, in one transaction, what analysts and the
// quality report read beside the fact tables:
//
//   - settings (one row: region_code, cuti_bersama_off, issuance_standard_days)
//     and sla_limits (tier, days): the KPI settings of cfg, so that SQL run
//     in the warehouse agrees with the CLI;
//   - workday_calendar (date, week_start, week, is_workday, workday_no) and
//     the macro workdays(a, b);
//   - the views applications, blanko_ledger, complaint_facts and kpi_weekly,
//     built from the same SQL files as Compute;
//   - the table check_results, if missing (kept across installs);
//   - the survey settings and views kpi_period, ikm_results, ikm_elements (ikm_install.go).
//
// The loader calls it after each load.
func Install(ctx context.Context, db *sql.DB, cfg config.Config) error {
	s := SettingsFrom(cfg)
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("install metrics: %w", err)
	}
	defer tx.Rollback() //nolint:errcheck // after Commit it is a no-op
	exec := func(query string, args ...any) error {
		if _, err := tx.ExecContext(ctx, query, args...); err != nil {
			return fmt.Errorf("install metrics: %w", err)
		}
		return nil
	}
	if err := exec(`CREATE OR REPLACE TABLE settings (
		region_code TEXT NOT NULL, cuti_bersama_off BOOLEAN NOT NULL, issuance_standard_days INTEGER NOT NULL)`); err != nil {
		return err
	}
	if err := exec(`INSERT INTO settings VALUES (?, ?, ?)`, s.RegionCode, s.CutiBersamaOff, s.IssuanceStandardDays); err != nil {
		return err
	}
	if err := exec(`CREATE OR REPLACE TABLE sla_limits (tier TEXT PRIMARY KEY, days INTEGER NOT NULL)`); err != nil {
		return err
	}
	tiers := make([]string, 0, len(s.SLADays))
	for t := range s.SLADays {
		tiers = append(tiers, t)
	}
	slices.Sort(tiers)
	for _, t := range tiers {
		if err := exec(`INSERT INTO sla_limits VALUES (?, ?)`, t, s.SLADays[t]); err != nil {
			return err
		}
	}
	days, _ := files.ReadFile("sql/kpi_days.sql")
	if err := exec(`CREATE OR REPLACE TABLE workday_calendar AS WITH kpi_settings AS (SELECT * FROM settings) ` + string(days)); err != nil {
		return err
	}
	// workdays(a, b): working days d with date(a) < d <= date(b); same day = 0; NULL if either is NULL.
	if err := exec(`CREATE OR REPLACE MACRO workdays(a, b) AS (
		CASE WHEN a IS NULL OR b IS NULL THEN NULL ELSE (
			SELECT count(*) FROM workday_calendar w
			WHERE w.is_workday AND w.date > CAST(a AS DATE) AND w.date <= CAST(b AS DATE)
		) END)`); err != nil {
		return err
	}
	for _, v := range []struct{ name, file string }{
		{"applications", "applications"},
		{"blanko_ledger", "blanko_ledger"},
		{"complaint_facts", "complaint_facts"},
	} {
		body, err := files.ReadFile("sql/" + v.file + ".sql")
		if err != nil {
			return err
		}
		final := "SELECT * FROM (\n" + string(body) + "\n)"
		if err := exec("CREATE OR REPLACE VIEW " + warehouse.QuoteIdent(v.name) + " AS\n" + compose(viewBase(), final)); err != nil {
			return fmt.Errorf("view %s: %w", v.name, err)
		}
	}
	if err := exec("CREATE OR REPLACE VIEW kpi_weekly AS\n" + compose(viewBase(), unionOf(Definitions()))); err != nil {
		return fmt.Errorf("view kpi_weekly: %w", err)
	}
	if err := exec(checkResultsTable); err != nil {
		return err
	}
	if err := installIKM(ctx, tx, IKMSettingsFrom(cfg)); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("install metrics: %w", err)
	}
	return nil
}
