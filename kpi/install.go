package kpi

import (
	"context"
	"database/sql"
	"fmt"
	"slices"

	"github.com/disdukcapil-bekasi/pantau/config"
	"github.com/disdukcapil-bekasi/pantau/warehouse"
)

// ViewBase are the base relations of the installed views: the settings come
// from the settings and sla_limits tables, the weeks span the data.
func ViewBase() []Part {
	return []Part{
		{Name: "kpi_settings", Body: "SELECT region_code, cuti_bersama_off, issuance_standard_days FROM settings"},
		{Name: "kpi_sla", Body: "SELECT tier, days FROM sla_limits"},
		{Name: "kpi_scope_kinds", Body: "SELECT * FROM (VALUES ('region'), ('office'), ('kecamatan'), ('province'), ('national')) t(scope)"},
		{Name: "kpi_regions", Body: "SELECT region_code, left(region_code, 2) AS province_code FROM regions"},
		{Name: "kpi_weeks", Body: weeksBody(`SELECT unnest(generate_series(date_trunc('week', first), last, INTERVAL 7 DAY)) AS d
      FROM (SELECT min(t) AS first, max(t) AS last FROM (
                SELECT min(event_time) AS t FROM service_events UNION ALL SELECT max(event_time) FROM service_events
                UNION ALL SELECT min(received_at) FROM complaints UNION ALL SELECT max(received_at) FROM complaints))
      WHERE first IS NOT NULL`)},
	}
}

// Install refreshes, in one transaction, what analysts and the quality
// report read beside the fact tables. The tables are the migrations' (0005);
// Install only replaces their rows and (re)creates views:
//
//   - the rows of settings (region_code, cuti_bersama_off,
//     issuance_standard_days) and sla_limits (tier, days): the KPI settings
//     of cfg, so that SQL run in the warehouse agrees with the CLI;
//   - the rows of workday_calendar under those settings (read by the macro
//     workdays(a, b));
//   - the views applications, blanko_ledger and complaint_facts, built from
//     the same SQL files as Compute;
//   - a note in kpi_dirty that every stored KPI must be recomputed when the
//     settings changed (kpi_weekly is a table that Refresh keeps).
//   - whatever each of more installs in the same transaction (ikm.Install:
//     the survey settings and views).
//
// The loader calls it after each load.
func Install(ctx context.Context, db *sql.DB, cfg config.Config, more ...Installer) error {
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
	before, err := settingsFingerprint(ctx, tx)
	if err != nil {
		return fmt.Errorf("install metrics: %w", err)
	}
	if err := writeSettings(exec, SettingsFrom(cfg)); err != nil {
		return err
	}
	after, err := settingsFingerprint(ctx, tx)
	if err != nil {
		return fmt.Errorf("install metrics: %w", err)
	}
	// Stored KPIs were computed under the old settings: Refresh recomputes
	// them all.
	if before != "" && before != after {
		if err := exec(`INSERT INTO kpi_dirty VALUES ('*', DATE '1900-01-01')`); err != nil {
			return err
		}
	}
	if err := installViews(exec); err != nil {
		return err
	}
	for _, install := range more {
		if err := install(exec); err != nil {
			return err
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("install metrics: %w", err)
	}
	return nil
}

// An Installer replaces, in Install's transaction, the rows and views of
// another room; exec runs one statement.
type Installer func(exec func(query string, args ...any) error) error

// settingsFingerprint writes the stored settings as one text ("" when none).
func settingsFingerprint(ctx context.Context, tx *sql.Tx) (string, error) {
	var fp sql.NullString
	err := tx.QueryRowContext(ctx, `SELECT (SELECT string_agg(format('{}|{}|{}', region_code, cuti_bersama_off, issuance_standard_days), ';') FROM settings)
		|| '/' || coalesce((SELECT string_agg(format('{}={}', tier, days), ';' ORDER BY tier) FROM sla_limits), '')`).Scan(&fp)
	return fp.String, err
}

// writeSettings replaces the rows of settings, sla_limits and workday_calendar.
func writeSettings(exec func(string, ...any) error, s Settings) error {
	if err := exec(`DELETE FROM settings`); err != nil {
		return err
	}
	if err := exec(`INSERT INTO settings VALUES (?, ?, ?)`, s.RegionCode, s.CutiBersamaOff, s.IssuanceStandardDays); err != nil {
		return err
	}
	if err := exec(`DELETE FROM sla_limits`); err != nil {
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
	days, err := sqlFile("kpi_days")
	if err != nil {
		return err
	}
	if err := exec(`DELETE FROM workday_calendar`); err != nil {
		return err
	}
	return exec(`INSERT INTO workday_calendar WITH kpi_settings AS (SELECT * FROM settings) ` + days)
}

// installViews creates or replaces the analysts' views.
func installViews(exec func(string, ...any) error) error {
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
		if err := exec("CREATE OR REPLACE VIEW " + warehouse.QuoteIdent(v.name) + " AS\n" + Compose(ViewBase(), final)); err != nil {
			return fmt.Errorf("view %s: %w", v.name, err)
		}
	}
	return nil
}
