package planning

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/disdukcapil-bekasi/pantau/internal/readsql"
	"github.com/disdukcapil-bekasi/pantau/kpi"
)

// StoreOptions say which plans the warehouse keeps (tables stock_plans and
// forecast_track).
type StoreOptions struct {
	// Plan are the options of the stored plans; AsOf and ByOffice are
	// ignored (every office is planned, as of each stored week's end).
	Plan PlanOptions
	// Weeks is how many of the latest complete weeks are stored, the
	// latest included; 0 means 13. A plan as of an older week is computed
	// when asked for.
	Weeks int
}

// StoreStats says what RefreshStored did.
type StoreStats struct {
	Full bool
	// Regions is the number of regions with stored plans; Made the
	// region-weeks planned again (each the region and its offices).
	Regions, Made int
	// First and Last are the weeks stored after the refresh.
	First, Last string
}

// NoteDirty copies the notes of kpi_dirty (which regions a load touched,
// from which date) for the stored plans; call it before kpi.Refresh, which
// clears kpi_dirty. The notes stay until RefreshStored has caught up, so a
// refresh stopped between the two is finished by the next.
func NoteDirty(ctx context.Context, db *sql.DB) error {
	query, err := readsql.File(files, "stored_plans_note")
	if err != nil {
		return err
	}
	if _, err := db.ExecContext(ctx, query); err != nil {
		return fmt.Errorf("note stored plans to refresh: %w", err)
	}
	return nil
}

// RefreshStored brings the stored plans up to date after kpi.Refresh: the
// plans of every region with KPIs and of its offices, as of the end of each
// of the latest o.Weeks complete weeks. A plan as of a date depends only
// on the facts up to that date, so a refresh plans again only the weeks a
// noted load touched (from the noted date on), the weeks not stored yet
// (a new latest week), and everything under changed settings; the weeks
// that fall out of the window are dropped. Any sequence of refreshes gives
// the rows a full one (full=true) gives.
//
// Beside the latest week's plans it stores the track record as of that
// week (forecast_track, TrackRecord with the default TrackOptions and every
// office, from the same demand series), which the planner report reads;
// scoring 13 past forecasts costs more than a plan, and the reports of an
// older week are rare. The region's distribution plan is stored beside its
// stock plans, a row of scope distribution under the same keys (trimmed
// and deleted with them).
func RefreshStored(ctx context.Context, db *sql.DB, s kpi.Settings, o StoreOptions, full bool) (StoreStats, error) {
	st := StoreStats{Full: full}
	ctx = withDemandPools(ctx) // every region's forecasts as of a date come from one pool
	po, weeks, err := o.resolve()
	if err != nil {
		return st, err
	}
	var fps storedFingerprints
	if fps.plan, err = planFingerprint(s, po); err != nil {
		return st, err
	}
	if fps.track, err = fingerprint(s, storedTrack()); err != nil {
		return st, err
	}
	last, err := latestSunday(ctx, db)
	if errors.Is(err, kpi.ErrNoData) {
		return st, dropStored(ctx, db, fps)
	}
	if err != nil {
		return st, err
	}
	first := last.AddDate(0, 0, -7*(weeks-1))
	st.First, st.Last = kpi.FormatWeek(first), kpi.FormatWeek(last)
	state, all, err := readStoreState(ctx, db, fps, last)
	if err != nil {
		return st, err
	}
	full = full || all
	st.Full = full
	if full {
		state = storeState{}
	}
	regions, err := readsql.Read[storedRegionRow](ctx, db, files, "stored_plans_regions", nil)
	if err != nil {
		return st, err
	}
	err = readsql.InTx(ctx, db, "refresh stored plans", func(tx *sql.Tx) error {
		if err := trimStored(ctx, tx, fps, first, last, full); err != nil {
			return err
		}
		due := make([][]storedWeek, len(regions))
		var dates []time.Time
		for i, r := range regions {
			rs := s
			rs.RegionCode = r.Region
			if due[i], err = dueWeeks(ctx, tx, rs, r, first, last, state); err != nil {
				return err
			}
			for _, w := range due[i] {
				if !slices.ContainsFunc(dates, w.asOf.Equal) {
					dates = append(dates, w.asOf)
				}
			}
		}
		// Every region's demand as of every date to plan, read at once: a
		// date's pool reads them all.
		codes, err := kpi.RegionsWithFacts(ctx, db)
		if err != nil {
			return err
		}
		if err := readDemandAhead(ctx, db, s, codes, dates); err != nil {
			return err
		}
		for i, r := range regions {
			rs := s
			rs.RegionCode = r.Region
			if err := storeWeeks(ctx, db, tx, rs, po, fps, due[i]); err != nil {
				return err
			}
			st.Made += len(due[i])
			st.Regions++
		}
		return execFile(ctx, tx, "stored_plans_done")
	})
	return st, err
}

// trimStored drops the stored plans outside the weeks first..last and the
// track records but the latest week's (everything with full).
func trimStored(ctx context.Context, tx *sql.Tx, fps storedFingerprints, first, last time.Time, full bool) error {
	trimFrom, trimTo := first.Format(time.DateOnly), last.Format(time.DateOnly)
	if full {
		trimFrom, trimTo = "9999-12-31", "0001-01-01" // everything goes
	}
	if err := execFile(ctx, tx, "stored_plans_trim", fps.plan, trimFrom, trimTo); err != nil {
		return err
	}
	trackFrom := trimTo // the latest week's only
	if full {
		trackFrom = trimFrom
	}
	return execFile(ctx, tx, "stored_track_trim", fps.track, trackFrom, trimTo)
}

// storedRegionRow is a region with KPIs, its first week and the last day
// of its events (none without events).
type storedRegionRow struct {
	Region    string       `sql:"region_code"`
	FirstWeek string       `sql:"first_week"`
	LastDay   sql.NullTime `sql:"last_day"`
}

// outside says whether a plan as of asOf is after the region's events
// (readDemandSpans' rule), so that there is nothing to plan.
func (r storedRegionRow) outside(asOf time.Time) bool {
	return !r.LastDay.Valid || asOf.After(r.LastDay.Time)
}

// start is the first Sunday to plan the region as of: its first week's,
// or the window's first when later.
func (r storedRegionRow) start(first time.Time) time.Time {
	if regionFirst, err := kpi.ParseWeek(r.FirstWeek); err == nil && regionFirst.AddDate(0, 0, 6).After(first) {
		return regionFirst.AddDate(0, 0, 6)
	}
	return first
}

// dropStored removes every stored plan and track record (a warehouse with
// no data has none).
func dropStored(ctx context.Context, db *sql.DB, fps storedFingerprints) error {
	return readsql.InTx(ctx, db, "refresh stored plans", func(tx *sql.Tx) error {
		if err := execFile(ctx, tx, "stored_plans_trim", fps.plan, "9999-12-31", "0001-01-01"); err != nil {
			return err
		}
		if err := execFile(ctx, tx, "stored_track_trim", fps.track, "9999-12-31", "0001-01-01"); err != nil {
			return err
		}
		return execFile(ctx, tx, "stored_plans_done")
	})
}

// dueWeeks lists the weeks to plan the region of s as of: each Sunday from
// its start (r.start) to last whose plan is not stored or that a load
// touched since, and the track record as of last when it is not stored or
// a load touched the region's own facts since (see storeState). A date
// after the region's events (a region whose data end on the Saturday) has
// nothing to plan: it is not planned again on every refresh, and what was
// stored for it before goes.
func dueWeeks(ctx context.Context, tx *sql.Tx, s kpi.Settings, r storedRegionRow, first, last time.Time, state storeState) ([]storedWeek, error) {
	var weeks []storedWeek
	for asOf := r.start(first); !asOf.After(last); asOf = asOf.AddDate(0, 0, 7) {
		key := s.RegionCode + " " + asOf.Format(time.DateOnly)
		w := storedWeek{asOf: asOf, plan: due(state.plans[key], state.dirty, s.RegionCode, asOf),
			track: asOf.Equal(last) && due(state.tracks[key], state.own, s.RegionCode, asOf)}
		if !w.plan && !w.track {
			continue // stored, and no load touched it since
		}
		if r.outside(asOf) {
			if err := unstoreWeek(ctx, tx, s.RegionCode, asOf, w.plan && state.plans[key], w.track && state.tracks[key]); err != nil {
				return nil, err
			}
			continue
		}
		weeks = append(weeks, w)
	}
	return weeks, nil
}

// storeWeeks makes the region's weeks at once (reads and forecasts: each
// date its own pool), then stores them in order in the refresh's
// transaction.
func storeWeeks(ctx context.Context, db *sql.DB, tx *sql.Tx, s kpi.Settings, po PlanOptions, fp storedFingerprints, weeks []storedWeek) error {
	err := parallel(len(weeks), func(i int) error {
		if err := weeks[i].make(ctx, db, s, po); err != nil {
			return fmt.Errorf("region %s as of %s: %w", s.RegionCode, weeks[i].asOf.Format(time.DateOnly), err)
		}
		return nil
	})
	if err != nil {
		return err
	}
	for _, w := range weeks {
		if err := w.store(ctx, tx, s, fp); err != nil {
			return fmt.Errorf("region %s as of %s: %w", s.RegionCode, w.asOf.Format(time.DateOnly), err)
		}
	}
	return nil
}

// storeState is what a refresh finds stored before it plans: the region
// and week ("3216 2023-06-25") of every stored plan (plans) and of the
// latest week's stored track records (tracks), and the earliest date from
// which each region's plans (dirty) and its track record (own) must be made
// again. The forecasts of a plan are pooled across regions, so a load in
// one region touches every region's plans (stored_plans_dirty.sql); a
// track record scores the region's own series only (scoreTrack with
// panelForecast), so only a load in that region touches it.
type storeState struct {
	plans, tracks map[string]bool
	dirty, own    map[string]time.Time
}

// due says whether the row of a region as of a date, stored or not, must
// be made: when it is not stored, or a load touched the region (from) on or
// before the date.
func due(stored bool, from map[string]time.Time, region string, asOf time.Time) bool {
	f, touched := from[region]
	return !stored || touched && !f.After(asOf)
}

// readStoreState reads what is stored under the fingerprints and the
// notes; all says a note asks for everything (a full refresh).
func readStoreState(ctx context.Context, db *sql.DB, fps storedFingerprints, last time.Time) (storeState, bool, error) {
	var st storeState
	var all, allOwn bool
	var err error
	if st.dirty, all, err = storedDirty(ctx, db, "stored_plans_dirty"); err != nil || all {
		return st, all, err
	}
	if st.own, allOwn, err = storedDirty(ctx, db, "stored_track_dirty"); err != nil || allOwn {
		return st, allOwn, err
	}
	st.plans, st.tracks, err = storedWeeks(ctx, db, fps, last)
	return st, false, err
}

// resolve returns the plan options every stored plan is made with and how
// many weeks are kept (13 by default).
func (o StoreOptions) resolve() (PlanOptions, int, error) {
	po, err := o.Plan.withDefaults()
	if err != nil {
		return po, 0, err
	}
	po.ByOffice, po.AsOf = true, time.Time{}
	weeks := o.Weeks
	if weeks == 0 {
		weeks = 13
	}
	if weeks < 0 || weeks > 520 {
		return po, 0, fmt.Errorf("stored plans: %d weeks is not between 0 and 520", weeks)
	}
	return po, weeks, nil
}

// storedWeeks returns the region and week ("3216 2023-06-25") of every
// plan stored under the plans' fingerprint and of every track record stored
// under the track records' as of last.
func storedWeeks(ctx context.Context, db *sql.DB, fps storedFingerprints, last time.Time) (plans, tracks map[string]bool, err error) {
	stored, err := readsql.Read[struct {
		Region string `sql:"region_code"`
		AsOf   string `sql:"as_of"`
		Plan   bool   `sql:"has_plan"`
		Track  bool   `sql:"has_track"`
	}](ctx, db, files, "stored_plans_have", struct {
		Settings string `sql:"settings"`
		Track    string `sql:"track"`
		Last     string `sql:"last"`
	}{fps.plan, fps.track, last.Format(time.DateOnly)})
	plans, tracks = map[string]bool{}, map[string]bool{}
	for _, r := range stored {
		key := r.Region + " " + r.AsOf
		plans[key], tracks[key] = r.Plan, r.Track
	}
	return plans, tracks, err
}

// storedFingerprints name the settings the stored plans (plan) and track
// records (track) are made under.
type storedFingerprints struct{ plan, track string }

// storedTrack returns the options of the stored track records: the
// planner report's.
func storedTrack() TrackOptions { return TrackOptions{Forecasts: 13, Horizon: 13, ByOffice: true} }

// storedWeek is one region as of a date to plan (plan) and whose past
// forecasts to score (track, TrackRecord), and what make made of them; a
// date outside the region's events has no plan (Plan says so when asked)
// and nothing to store.
type storedWeek struct {
	asOf        time.Time
	plan, track bool

	rows         []StockPlanRow    // the region's and its offices' plans
	distribution *DistributionPlan // nil: no Dinas
	tracks       []TrackRow
}

// make plans the region of s and its offices as of the week's date and
// scores the track record from the same demand series; it only reads.
func (w *storedWeek) make(ctx context.Context, db *sql.DB, s kpi.Settings, o PlanOptions) error {
	o.AsOf = w.asOf
	// One demand series for the plan and the track record (Plan and
	// TrackRecord each read the same).
	series, forecasts, err := demandForecasts(ctx, db, s, w.asOf, o.Horizon)
	var outside *OutsideDataError
	if errors.As(err, &outside) || errors.Is(err, kpi.ErrNoData) {
		return nil
	}
	if err != nil {
		return err
	}
	if w.plan {
		rows, err := planSeries(ctx, series, forecasts, o)
		if errors.As(err, &outside) || errors.Is(err, kpi.ErrNoData) {
			return nil
		}
		if err != nil {
			return err
		}
		d, err := DistributionOf(ctx, db, s, rows)
		switch {
		case err == nil:
			w.distribution = &d
		case !errors.Is(err, ErrNoDinas):
			return err
		}
		w.rows = rows
	}
	if w.track {
		w.tracks = scoreTrack(series, storedTrack(), panelForecast)
	}
	return nil
}

// store puts what make made in place of what was stored for the week.
func (w storedWeek) store(ctx context.Context, tx *sql.Tx, s kpi.Settings, fps storedFingerprints) error {
	if err := unstoreWeek(ctx, tx, s.RegionCode, w.asOf, w.plan, w.track); err != nil {
		return err
	}
	day := w.asOf.Format(time.DateOnly)
	if err := storeRows(ctx, tx, s.RegionCode, day, fps.plan, "stored_plans_insert", w.rows); err != nil {
		return err
	}
	if w.distribution != nil {
		b, err := json.Marshal(w.distribution)
		if err != nil {
			return fmt.Errorf("distribution plan %s: %w", s.RegionCode, err)
		}
		if err := execFile(ctx, tx, "stored_plans_insert", s.RegionCode, day, scopeDistribution, s.RegionCode, len(w.rows), fps.plan, string(b)); err != nil {
			return err
		}
	}
	return storeRows(ctx, tx, s.RegionCode, day, fps.track, "stored_track_insert", w.tracks)
}

// unstoreWeek deletes the stored plans (plan) and track records (track) of
// a region as of a date.
func unstoreWeek(ctx context.Context, tx *sql.Tx, region string, asOf time.Time, plan, track bool) error {
	day := asOf.Format(time.DateOnly)
	if plan {
		if err := execFile(ctx, tx, "stored_plans_delete", region, day); err != nil {
			return err
		}
	}
	if track {
		return execFile(ctx, tx, "stored_track_delete", region, day)
	}
	return nil
}

// storeRows stores the rows of a region as of a day (stock plans or track
// records: each row's scope and id as its keys, its order and the
// fingerprint fp) with the insert of the file named.
func storeRows[T interface{ key() (string, string) }](ctx context.Context, tx *sql.Tx, region, day, fp, file string, rows []T) error {
	query, err := readsql.File(files, file)
	if err != nil {
		return err
	}
	for i, row := range rows {
		scope, id := row.key()
		b, err := json.Marshal(row)
		if err != nil {
			return fmt.Errorf("store %s %s: %w", scope, id, err)
		}
		if _, err := tx.ExecContext(ctx, query, region, day, scope, id, i, fp, string(b)); err != nil {
			return fmt.Errorf("store %s %s: %w", scope, id, err)
		}
	}
	return nil
}

func (r StockPlanRow) key() (string, string) { return r.Scope, r.ScopeID }
func (r TrackRow) key() (string, string)     { return r.Scope, r.ScopeID }

// scopeDistribution is the scope of a region's stored distribution plan in
// stock_plans.
const scopeDistribution = "distribution"

// StoredTrackRecord is TrackRecord read from the stored track records when
// the warehouse keeps the record of that date under the same settings and
// options (storedTrack, by office or not), and no load has since touched
// that date or an earlier one; else it computes it. Both give the same rows.
func StoredTrackRecord(ctx context.Context, db *sql.DB, s kpi.Settings, o TrackOptions) ([]TrackRow, error) {
	d := o.withDefaults()
	key := d
	key.AsOf, key.ByOffice = time.Time{}, true
	if key != storedTrack() {
		return TrackRecord(ctx, db, s, o)
	}
	if d.AsOf.IsZero() {
		var err error
		if d.AsOf, err = latestSunday(ctx, db); err != nil {
			return nil, err
		}
	}
	fp, err := fingerprint(s, storedTrack())
	if err != nil {
		return nil, err
	}
	stored, err := readsql.Read[struct {
		Track string `sql:"track"`
	}](ctx, db, files, "stored_track_read", struct {
		Region   string `sql:"region"`
		AsOf     string `sql:"as_of"`
		Settings string `sql:"settings"`
	}{s.RegionCode, d.AsOf.Format(time.DateOnly), fp})
	if err != nil || len(stored) == 0 {
		// Not stored (or an older warehouse without the table): score now.
		return TrackRecord(ctx, db, s, d)
	}
	if !d.ByOffice {
		stored = stored[:1]
	}
	out := make([]TrackRow, len(stored))
	for i, r := range stored {
		if err := json.Unmarshal([]byte(r.Track), &out[i]); err != nil {
			return nil, fmt.Errorf("stored track record: %w", err)
		}
	}
	return out, nil
}

// StoredPlan is Plan read from the stored plans when the warehouse keeps
// the plans of that date under the same settings and options, and no load
// has since touched that date or an earlier one; else it computes them.
// Both give the same rows.
func StoredPlan(ctx context.Context, db *sql.DB, s kpi.Settings, o PlanOptions) ([]StockPlanRow, error) {
	d, err := o.withDefaults()
	if err != nil {
		return nil, err
	}
	if d.AsOf.IsZero() {
		if d.AsOf, err = latestSunday(ctx, db); err != nil {
			return nil, err
		}
	}
	fp, err := planFingerprint(s, d)
	if err != nil {
		return nil, err
	}
	out, ok, err := readStoredPlans[StockPlanRow](ctx, db, s.RegionCode, d.AsOf.Format(time.DateOnly), fp, "plans", d.ByOffice)
	if err != nil || !ok {
		// Not stored (or an older warehouse without the tables): plan now.
		return Plan(ctx, db, s, d)
	}
	return out, nil
}

// StoredDistribution is DistributionOf the plans (StoredPlan's under the
// options o, by office) read from the distribution plan stored beside
// them when there is one; else it computes it. Both give the same plan.
func StoredDistribution(ctx context.Context, db *sql.DB, s kpi.Settings, o PlanOptions, plans []StockPlanRow) (DistributionPlan, error) {
	d, err := o.withDefaults()
	if err != nil {
		return DistributionPlan{}, err
	}
	fp, err := planFingerprint(s, d)
	if err != nil {
		return DistributionPlan{}, err
	}
	if len(plans) > 0 && plans[0].Scope == kpi.ScopeRegion {
		stored, ok, err := readStoredPlans[DistributionPlan](ctx, db, s.RegionCode, plans[0].AsOf, fp, "distribution", false)
		if err == nil && ok && len(stored) == 1 {
			return stored[0], nil
		}
	}
	return DistributionOf(ctx, db, s, plans)
}

// readStoredPlans reads the stored rows of a region as of a day under the
// fingerprint fp: its stock plans (scope "plans", with offices the
// offices' too) or its distribution plan ("distribution"); ok is false
// when none is stored (or the warehouse has no such table).
func readStoredPlans[T any](ctx context.Context, db *sql.DB, region, day, fp, scope string, offices bool) ([]T, bool, error) {
	stored, err := readsql.Read[struct {
		Plan string `sql:"plan"`
	}](ctx, db, files, "stored_plan_read", struct {
		Region   string `sql:"region"`
		AsOf     string `sql:"as_of"`
		Settings string `sql:"settings"`
		Scope    string `sql:"scope"`
		Offices  bool   `sql:"offices"`
	}{region, day, fp, scope, offices})
	if err != nil || len(stored) == 0 {
		return nil, false, nil
	}
	out := make([]T, len(stored))
	for i, r := range stored {
		if err := json.Unmarshal([]byte(r.Plan), &out[i]); err != nil {
			return nil, false, fmt.Errorf("stored %s: %w", scope, err)
		}
	}
	return out, true, nil
}

// planFingerprint is the fingerprint of the plans made under o (with its
// defaults) as RefreshStored stores them: every office, the date apart.
func planFingerprint(s kpi.Settings, o PlanOptions) (string, error) {
	o.AsOf, o.ByOffice = time.Time{}, true
	return fingerprint(s, o)
}

// fingerprint names the settings and options (PlanOptions or
// TrackOptions) a plan or track record is made under (the region apart): a
// stored row is read only under the same.
func fingerprint(s kpi.Settings, o any) (string, error) {
	s.RegionCode = ""
	b, err := json.Marshal(struct {
		Settings kpi.Settings
		Options  any
	}{s, o})
	if err != nil {
		return "", fmt.Errorf("stored plans: %w", err)
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:8]), nil
}

// storedDirty reads the notes through sql/<name>.sql (stored_plans_dirty:
// the plans', stored_track_dirty: the track records'): region → earliest
// date to make again; all when a note asks for every region.
func storedDirty(ctx context.Context, db *sql.DB, name string) (map[string]time.Time, bool, error) {
	return readsql.Dirty(ctx, db, files, name)
}

// execFile runs the statement of sql/<name>.sql with args.
func execFile(ctx context.Context, tx *sql.Tx, name string, args ...any) error {
	return readsql.Exec(ctx, tx, files, name, args...)
}
