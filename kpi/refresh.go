package kpi

import (
	"context"
	"database/sql"
	"fmt"
	"iter"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/disdukcapil-bekasi/pantau/internal/readsql"
)

// RefreshStats says what a Refresh recomputed.
type RefreshStats struct {
	Full bool
	// Regions are the regions whose office, kecamatan and region rows were
	// recomputed, each from its own first week; Provinces the provinces
	// recomputed with the nation, from the earliest of those weeks.
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
// carry forward — then every province and the nation, in one statement from
// the earliest of those weeks, from the pooled rows. A region new to the table,
// a span that grows at its end (every region gains the new weeks) or at its
// start, a change of settings, an empty table or full=true recompute
// accordingly. The span follows the facts both ways: when their first or
// last week moves in (an outlier's date corrected), the rows outside it
// are deleted. Any sequence of refreshes gives the rows a full recompute
// gives.
func Refresh(ctx context.Context, db *sql.DB, s Settings, full bool) (RefreshStats, error) {
	var plan refreshPlan
	var ok bool
	// First the stored applications, in their own transaction: syncing
	// again from the same notes gives the same rows, so a refresh stopped
	// after it is done whole by the next one.
	err := readsql.InTx(ctx, db, "refresh kpis", func(tx *sql.Tx) error {
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
	err = readsql.InTx(ctx, db, "refresh kpis", func(tx *sql.Tx) error {
		var err error
		st, err = refresh(ctx, tx, s, plan)
		return err
	})
	return st, err
}

// refreshPlan is which regions to recompute from which week.
type refreshPlan struct {
	first, last time.Time            // the span of weeks after the refresh (Mondays)
	regions     map[string]time.Time // region → first Monday to recompute
	full        bool
	// trim: the table holds weeks outside first..last, whose facts have
	// since moved (a corrected date); their rows are deleted.
	trim bool
}

func refresh(ctx context.Context, tx *sql.Tx, s Settings, plan refreshPlan) (RefreshStats, error) {
	st := RefreshStats{Full: plan.full, First: FormatWeek(plan.first), Last: FormatWeek(plan.last)}
	if plan.full {
		if _, err := tx.ExecContext(ctx, `DELETE FROM kpi_weekly`); err != nil {
			return st, err
		}
	}
	if plan.trim {
		if _, err := tx.ExecContext(ctx, `DELETE FROM kpi_weekly WHERE week < ? OR week > ?`,
			FormatWeek(plan.first), FormatWeek(plan.last)); err != nil {
			return st, err
		}
	}
	// Regions planned from the same recent week are recomputed in one
	// statement (batches), then the provinces and the nation.
	national := plan.last.AddDate(0, 0, 7)
	for from, group := range byFirstWeek(plan.regions) {
		for _, regions := range batches(group, from, plan.last) {
			if err := recompute(ctx, tx, s, regions, regionScopes, from, plan.last); err != nil {
				return st, fmt.Errorf("regions %s: %w", strings.Join(regions, ", "), err)
			}
		}
		st.Regions += len(group)
		st.Weeks += len(group) * (int(plan.last.Sub(from).Hours()/(24*7)) + 1)
		national = minTime(national, from)
	}
	all, err := regionsWithFacts(ctx, tx)
	if err != nil {
		return st, err
	}
	if len(plan.regions) > 0 {
		if err := recomputeUpper(ctx, tx, s, all, national, plan.last); err != nil {
			return st, fmt.Errorf("provinces and nation: %w", err)
		}
		provinces := map[string]bool{}
		for _, r := range all {
			provinces[ProvinceOf(r)] = true
		}
		st.Provinces = len(provinces)
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM kpi_dirty; DELETE FROM kpi_span`); err != nil {
		return st, err
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO kpi_span VALUES (?, ?)`, st.First, st.Last)
	return st, err
}

// regionScopes are the scopes whose rows belong to one region; upperScopes
// those pooled from many regions' rows.
var (
	regionScopes = []string{ScopeRegion, ScopeOffice, ScopeKecamatan}
	upperScopes  = []string{ScopeProvince, ScopeNational}
)

// planRefresh reads the span of the facts and of the table and the dirty
// notes, and decides what to recompute; ok is false when there are no facts.
func planRefresh(ctx context.Context, tx *sql.Tx, full bool) (refreshPlan, bool, error) {
	var p refreshPlan
	var storedFirst, storedLast sql.NullTime
	first, last, err := factsSpan(ctx, tx)
	if err != nil {
		return p, false, err
	}
	var everything bool
	if err := tx.QueryRowContext(ctx, `SELECT count(*) > 0 FROM kpi_dirty WHERE region_code = '*'`).Scan(&everything); err != nil {
		return p, false, err
	}
	if !first.Valid {
		_, err := tx.ExecContext(ctx, `DELETE FROM kpi_weekly; DELETE FROM kpi_span; DELETE FROM kpi_dirty; DELETE FROM ktp_el_applications`)
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
	p.trim = !p.full && (p.first.After(storedFirst.Time) || p.last.Before(storedLast.Time))
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
	storedRegions, err := readsql.List(ctx, tx, "stored regions", `SELECT DISTINCT region_code FROM kpi_weekly WHERE scope = 'region'`, readsql.ScanString)
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
			from = maxTime(Monday(from), p.first)
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

// storedSpan is the first and last Monday of the table's weeks: kpi_span,
// which Refresh keeps, else (a lake's view, or a warehouse read before its
// migration) from the table itself.
func storedSpan(ctx context.Context, tx rowQueryer) (first, last sql.NullTime, err error) {
	var a, b sql.NullString
	err = tx.QueryRowContext(ctx, `SELECT first_week, last_week FROM kpi_span`).Scan(&a, &b)
	if err != nil {
		err = tx.QueryRowContext(ctx, `SELECT min(week), max(week) FROM kpi_weekly`).Scan(&a, &b)
	}
	if err != nil || !a.Valid {
		return first, last, err
	}
	fa, err := ParseWeek(a.String)
	if err != nil {
		return first, last, err
	}
	fb, err := ParseWeek(b.String)
	return sql.NullTime{Time: fa, Valid: true}, sql.NullTime{Time: fb, Valid: true}, err
}

// factsSpan is the Mondays of the first and last weeks with facts
// (facts_span.sql); not Valid without facts.
func factsSpan(ctx context.Context, tx rowQueryer) (first, last sql.NullTime, err error) {
	text, err := sqlFile("facts_span")
	if err != nil {
		return first, last, err
	}
	err = tx.QueryRowContext(ctx, text).Scan(&first, &last)
	return first, last, err
}

// dirtyDates returns the earliest dirty date per region.
func dirtyDates(ctx context.Context, tx *sql.Tx) (map[string]time.Time, error) {
	rows, err := readsql.Read[struct {
		Region string    `sql:"region_code"`
		From   time.Time `sql:"from_date"`
	}](ctx, tx, files, "dirty_dates", nil)
	out := map[string]time.Time{}
	for _, d := range rows {
		out[d.Region] = d.From
	}
	return out, err
}

// RegionsWithFacts lists the regions with any fact row, ordered: the
// regions kpi_weekly holds.
func RegionsWithFacts(ctx context.Context, db *sql.DB) ([]string, error) {
	return regionsWithFacts(ctx, db)
}

// regionsWithFacts lists the regions with any fact row, ordered.
func regionsWithFacts(ctx context.Context, tx readsql.Queryer) ([]string, error) {
	rows, err := readsql.Read[struct {
		Region string `sql:"region_code"`
	}](ctx, tx, files, "regions_with_facts", nil)
	out := make([]string, len(rows))
	for i, r := range rows {
		out[i] = r.Region
	}
	return out, err
}

// byFirstWeek groups the regions of a plan by the week they are recomputed
// from, in the order of the weeks; regions sorted.
func byFirstWeek(from map[string]time.Time) iter.Seq2[time.Time, []string] {
	groups := map[time.Time][]string{}
	for _, k := range slices.Sorted(maps.Keys(from)) {
		groups[from[k]] = append(groups[from[k]], k)
	}
	return func(yield func(time.Time, []string) bool) {
		for _, w := range slices.SortedFunc(maps.Keys(groups), time.Time.Compare) {
			if !yield(w, groups[w]) {
				return
			}
		}
	}
}

// batchWeeks is the longest span of weeks recomputed for many regions in
// one statement. A longer span — a new region, a full
// refresh — reads each one's history, so each gets its own statement, which
// bounds the memory a statement needs.
const batchWeeks = 8

// batches splits keys recomputed from..to into the statements that compute
// them: one for all of them over a short span, one each over a long one.
func batches(keys []string, from, to time.Time) [][]string {
	if to.Sub(from) <= time.Duration(batchWeeks-1)*7*24*time.Hour {
		return [][]string{keys}
	}
	out := make([][]string, len(keys))
	for i, k := range keys {
		out[i] = []string{k}
	}
	return out
}

// recompute replaces the rows of scopes for the weeks from..to, computed
// over regions: with the region scopes (region, office, kecamatan) the rows
// of those regions, each carrying its region_code (kpi_scope_regions); with
// the upper scopes (province, national) every province's and the nation's,
// so regions must then be every region with facts.
func recompute(ctx context.Context, tx *sql.Tx, s Settings, regions, scopes []string, from, to time.Time) error {
	if err := deleteRows(ctx, tx, regions, scopes, from); err != nil {
		return err
	}
	base, baseArgs := QueryBaseOf(s, regions, scopes, from, to)
	base = append(base, weeksApplications, scopeRegions)
	insert := "INSERT INTO kpi_weekly\n" + Compose(base, `SELECT r.week, r.scope, r.scope_id, r.kpi, r.value, m.region_code
FROM (
`+unionOf(Definitions())+`
) r
LEFT JOIN kpi_scope_regions m ON m.scope = r.scope AND m.scope_id = r.scope_id`)
	_, err := tx.ExecContext(ctx, insert, baseArgs...)
	return err
}

// deleteRows deletes the rows of scopes from the week from on: of the
// regions with the region scopes, of every province and the nation with
// the upper ones.
func deleteRows(ctx context.Context, tx *sql.Tx, regions, scopes []string, from time.Time) error {
	del := `DELETE FROM kpi_weekly WHERE scope IN (` + readsql.Placeholders(len(scopes)) + `) AND week >= ?`
	args := append(readsql.Anys(scopes), FormatWeek(from))
	if slices.Contains(scopes, ScopeRegion) {
		del += ` AND region_code IN (` + readsql.Placeholders(len(regions)) + `)`
		args = append(args, readsql.Anys(regions)...)
	}
	_, err := tx.ExecContext(ctx, del, args...)
	return err
}

// scopeRegions is the region of each region, office and kecamatan scope of
// the regions computed: the region_code their stored rows carry (province
// and national rows carry NULL).
var scopeRegions = Part{Name: "kpi_scope_regions", Body: `SELECT 'region' AS scope, region_code AS scope_id, region_code FROM kpi_regions
UNION ALL
SELECT 'office', office_code, region_code FROM offices WHERE region_code IN (SELECT region_code FROM kpi_regions)
UNION ALL
SELECT 'kecamatan', kecamatan_code, region_code FROM kecamatan WHERE region_code IN (SELECT region_code FROM kpi_regions)`}

// recomputeUpper replaces the province and national rows from the week
// from on: in one statement over every region with facts (all), from the
// earliest week recomputed, since one grouping of the pooled rows serves
// them all; or, when all is one region, as copies of its rows
// (upper_from_region.sql).
func recomputeUpper(ctx context.Context, tx *sql.Tx, s Settings, all []string, from, to time.Time) error {
	if len(all) != 1 {
		return recompute(ctx, tx, s, all, upperScopes, from, to)
	}
	if err := deleteRows(ctx, tx, all, upperScopes, from); err != nil {
		return err
	}
	text, err := sqlFile("upper_from_region")
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, text, all[0], FormatWeek(from), ProvinceOf(all[0]), NationalID)
	return err
}

// ProvinceOf is the province of a region: the first two digits of its
// Kemendagri code.
func ProvinceOf(region string) string {
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

// RefreshPending tells whether the stored KPIs lag the facts: kpi_dirty
// holds notes no refresh has recomputed yet (a load whose refresh was
// killed or failed; the next Refresh finishes it) and there are facts (a
// new warehouse holds the note of migration 0010, with nothing to
// recompute). Always false for a lake, whose KPIs are the export's (it
// holds no stored applications). The check kpi_refresh asks the same
// (refresh_pending.sql).
func RefreshPending(ctx context.Context, db *sql.DB) (bool, error) {
	text, err := sqlFile("refresh_pending")
	if err != nil {
		return false, err
	}
	var notes int64
	if err := db.QueryRowContext(ctx, text).Scan(&notes); err != nil {
		return false, fmt.Errorf("read kpi_dirty: %w", err)
	}
	return notes > 0, nil
}
