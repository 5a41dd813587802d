package metrics

import (
	"context"
	"database/sql"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"
)

// RefreshStats says what a Refresh recomputed.
type RefreshStats struct {
	Full bool
	// Regions are the regions whose office, kecamatan and region rows were
	// recomputed, each from its own first week; Provinces likewise.
	Regions, Provinces int
	// Weeks is the number of region-weeks recomputed.
	Weeks int
	// First and Last are the weeks the table covers after the refresh.
	First, Last string
}

// Refresh brings the kpi_weekly table up to date with the facts, in one
// transaction. The table holds every KPI value for every week from the
// first to the last week with service events or complaints, for every
// region with facts, its offices and kecamatan, its province and the nation.
//
// A load notes in kpi_dirty, per region, the earliest date its rows (new or
// replaced) touch. Refresh recomputes each such region from that date's
// week to the last week — the later weeks too, since backlog and stock
// carry forward — then the provinces and the nation from the earliest of
// their regions' weeks, from the pooled rows. A region new to the table,
// a span that grows at its end (every region gains the new weeks) or at its
// start, a change of settings, an empty table or full=true recompute
// accordingly; any sequence of refreshes gives the rows a full recompute
// gives.
func Refresh(ctx context.Context, db *sql.DB, s Settings, full bool) (RefreshStats, error) {
	var plan refreshPlan
	var ok bool
	// First the stored applications, in their own transaction: syncing
	// again from the same notes gives the same rows, so a refresh stopped
	// after it is done whole by the next one.
	err := inTx(ctx, db, func(tx *sql.Tx) error {
		var err error
		if plan, ok, err = planRefresh(ctx, tx, full); err != nil || !ok {
			return err
		}
		return syncApplications(ctx, tx, s, plan)
	})
	if err != nil || !ok {
		return RefreshStats{}, err
	}
	var st RefreshStats
	err = inTx(ctx, db, func(tx *sql.Tx) error {
		var err error
		st, err = refresh(ctx, tx, s, plan)
		return err
	})
	return st, err
}

// inTx runs f in a transaction and commits it.
func inTx(ctx context.Context, db *sql.DB, f func(*sql.Tx) error) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("refresh kpis: %w", err)
	}
	defer tx.Rollback() //nolint:errcheck // after Commit it is a no-op
	if err := f(tx); err != nil {
		return fmt.Errorf("refresh kpis: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("refresh kpis: %w", err)
	}
	return nil
}

// refreshPlan is which regions to recompute from which week.
type refreshPlan struct {
	first, last time.Time            // the span of weeks after the refresh (Mondays)
	regions     map[string]time.Time // region → first Monday to recompute
	full        bool
}

func refresh(ctx context.Context, tx *sql.Tx, s Settings, plan refreshPlan) (RefreshStats, error) {
	st := RefreshStats{Full: plan.full, First: FormatWeek(plan.first), Last: FormatWeek(plan.last)}
	if plan.full {
		if _, err := tx.ExecContext(ctx, `DELETE FROM kpi_weekly`); err != nil {
			return st, err
		}
	}
	provinces := map[string]time.Time{}
	national := plan.last.AddDate(0, 0, 7)
	for _, r := range slices.Sorted(maps.Keys(plan.regions)) {
		from := plan.regions[r]
		if err := recompute(ctx, tx, s, []string{r}, r, regionScopes, from, plan.last); err != nil {
			return st, fmt.Errorf("region %s: %w", r, err)
		}
		st.Regions++
		st.Weeks += int(plan.last.Sub(from).Hours()/(24*7)) + 1
		p := provinceOf(r)
		if f, ok := provinces[p]; !ok || from.Before(f) {
			provinces[p] = from
		}
		national = minTime(national, from)
	}
	all, err := regionsWithFacts(ctx, tx)
	if err != nil {
		return st, err
	}
	for _, p := range slices.Sorted(maps.Keys(provinces)) {
		var members []string
		for _, r := range all {
			if provinceOf(r) == p {
				members = append(members, r)
			}
		}
		if err := recompute(ctx, tx, s, members, "", []string{ScopeProvince}, provinces[p], plan.last); err != nil {
			return st, fmt.Errorf("province %s: %w", p, err)
		}
		st.Provinces++
	}
	if len(plan.regions) > 0 {
		if err := recompute(ctx, tx, s, all, "", []string{ScopeNational}, national, plan.last); err != nil {
			return st, fmt.Errorf("national: %w", err)
		}
	}
	_, err = tx.ExecContext(ctx, `DELETE FROM kpi_dirty`)
	return st, err
}

// regionScopes are the scopes whose rows belong to one region.
var regionScopes = []string{ScopeRegion, ScopeOffice, ScopeKecamatan}

// planRefresh reads the span of the facts and of the table and the dirty
// notes, and decides what to recompute; ok is false when there are no facts.
func planRefresh(ctx context.Context, tx *sql.Tx, full bool) (refreshPlan, bool, error) {
	var p refreshPlan
	var first, last, storedFirst, storedLast sql.NullTime
	var everything bool
	err := tx.QueryRowContext(ctx, `
		WITH t AS (SELECT min(event_time) AS a, max(event_time) AS b FROM service_events
		           UNION ALL SELECT min(received_at), max(received_at) FROM complaints)
		SELECT date_trunc('week', min(a)), date_trunc('week', max(b)),
		       (SELECT count(*) > 0 FROM kpi_dirty WHERE region_code = '*')
		FROM t`).Scan(&first, &last, &everything)
	if err != nil {
		return p, false, err
	}
	if !first.Valid {
		_, err := tx.ExecContext(ctx, `DELETE FROM kpi_weekly; DELETE FROM kpi_dirty; DELETE FROM ktp_el_applications`)
		return p, false, err
	}
	p.first, p.last = first.Time, last.Time
	if storedFirst, storedLast, err = storedSpan(ctx, tx); err != nil {
		return p, false, err
	}
	all, err := regionsWithFacts(ctx, tx)
	if err != nil {
		return p, false, err
	}
	p.regions = map[string]time.Time{}
	p.full = full || everything || !storedFirst.Valid || p.first.Before(storedFirst.Time)
	if p.full {
		for _, r := range all {
			p.regions[r] = p.first
		}
		return p, true, nil
	}
	return p, true, p.addDirty(ctx, tx, all, storedLast.Time)
}

// addDirty plans each region from its dirty date, a region new to the
// table from the first week, and every region from the first new week when
// the span grew at its end.
func (p *refreshPlan) addDirty(ctx context.Context, tx *sql.Tx, all []string, storedLast time.Time) error {
	storedRegions, err := queryList(ctx, tx, "stored regions", `SELECT DISTINCT region_code FROM kpi_weekly WHERE scope = 'region'`, scanString)
	if err != nil {
		return err
	}
	stored := map[string]bool{}
	for _, r := range storedRegions {
		stored[r] = true
	}
	dirty, err := dirtyDates(ctx, tx)
	if err != nil {
		return err
	}
	for _, r := range all {
		from, ok := dirty[r]
		if ok {
			from = maxTime(monday(from), p.first)
		}
		if !stored[r] {
			from, ok = p.first, true
		}
		if grown := storedLast.AddDate(0, 0, 7); !p.last.Before(grown) && (!ok || grown.Before(from)) {
			from, ok = grown, true
		}
		if ok {
			p.regions[r] = from
		}
	}
	return nil
}

// rowQueryer is a *sql.DB or a *sql.Tx.
type rowQueryer interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// storedSpan is the first and last Monday of the table's weeks.
func storedSpan(ctx context.Context, tx rowQueryer) (first, last sql.NullTime, err error) {
	var a, b sql.NullString
	if err := tx.QueryRowContext(ctx, `SELECT min(week), max(week) FROM kpi_weekly`).Scan(&a, &b); err != nil || !a.Valid {
		return first, last, err
	}
	fa, err := ParseWeek(a.String)
	if err != nil {
		return first, last, err
	}
	fb, err := ParseWeek(b.String)
	return sql.NullTime{Time: fa, Valid: true}, sql.NullTime{Time: fb, Valid: true}, err
}

// dirtyDates returns the earliest dirty date per region.
func dirtyDates(ctx context.Context, tx *sql.Tx) (map[string]time.Time, error) {
	type dirty struct {
		region string
		from   time.Time
	}
	rows, err := queryList(ctx, tx, "kpi_dirty", `SELECT region_code, min(from_date) FROM kpi_dirty WHERE region_code <> '*' GROUP BY ALL`,
		func(r *sql.Rows) (dirty, error) {
			var d dirty
			err := r.Scan(&d.region, &d.from)
			return d, err
		})
	out := map[string]time.Time{}
	for _, d := range rows {
		out[d.region] = d.from
	}
	return out, err
}

// RegionsWithFacts lists the regions with any fact row, ordered: the
// regions kpi_weekly holds.
func RegionsWithFacts(ctx context.Context, db *sql.DB) ([]string, error) {
	return regionsWithFacts(ctx, db)
}

// regionsWithFacts lists the regions with any fact row, ordered.
func regionsWithFacts(ctx context.Context, tx queryer) ([]string, error) {
	return queryFileList(ctx, tx, "regions_with_facts", scanString)
}

// recompute replaces the rows of scopes for the weeks from..to, computed
// over regions; region is the region_code the rows carry ("" for NULL).
func recompute(ctx context.Context, tx *sql.Tx, s Settings, regions []string, region string, scopes []string, from, to time.Time) error {
	del := `DELETE FROM kpi_weekly WHERE scope IN (` + strings.TrimSuffix(strings.Repeat("?, ", len(scopes)), ", ") + `) AND week >= ? AND `
	var args []any
	for _, sc := range scopes {
		args = append(args, sc)
	}
	args = append(args, FormatWeek(from))
	switch {
	case region != "":
		del += `region_code = ?`
		args = append(args, region)
	case slices.Contains(scopes, ScopeProvince):
		del += `scope_id = ?`
		args = append(args, provinceOf(regions[0]))
	default:
		del += `true`
	}
	if _, err := tx.ExecContext(ctx, del, args...); err != nil {
		return err
	}
	base, baseArgs := queryBaseOf(s, regions, scopes, from, to)
	base = append(base, weeksApplications)
	insert := "INSERT INTO kpi_weekly SELECT week, scope, scope_id, kpi, value, nullif(?::TEXT, '') FROM (\n" +
		compose(base, unionOf(Definitions())) + "\n)"
	_, err := tx.ExecContext(ctx, insert, append([]any{region}, baseArgs...)...)
	return err
}

// provinceOf is the province of a region: the first two digits of its
// Kemendagri code.
func provinceOf(region string) string {
	if len(region) < 2 {
		return region
	}
	return region[:2]
}

func minTime(a, b time.Time) time.Time {
	if b.Before(a) {
		return b
	}
	return a
}

func maxTime(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}
