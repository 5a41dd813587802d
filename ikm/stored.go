package ikm

import (
	"cmp"
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

// StoredSemesters is how many of the latest complete semesters the
// warehouse keeps the survey of (table survey_stored): the four that the
// weekly report's survey card looks back over.
const StoredSemesters = 4

// The parts of a stored survey period, each what one function returns.
const (
	partResults = "results" // Compute, region and office scopes, with the sample
	partAlerts  = "alerts"  // Alerts
	partContext = "context" // ContextValues
	partProfile = "profile" // Profile
	partTopics  = "topics"  // Suggestions
)

// StoreStats says what RefreshStored did.
type StoreStats struct {
	Full bool
	// Regions is the number of regions with stored KPIs; Made the
	// region-periods computed again.
	Regions, Made int
	// First and Last are the semesters stored after the refresh.
	First, Last string
}

// NoteDirty copies the notes of kpi_dirty (which regions a load touched,
// from which date) for the stored survey; call it before kpi.Refresh, which
// clears kpi_dirty. The notes stay until RefreshStored has caught up.
func NoteDirty(ctx context.Context, db *sql.DB) error {
	query, err := readsql.File(ikmFiles, "stored_note")
	if err != nil {
		return err
	}
	if _, err := db.ExecContext(ctx, query); err != nil {
		return fmt.Errorf("note stored survey to refresh: %w", err)
	}
	return nil
}

// RefreshStored brings the stored survey up to date after kpi.Refresh: for
// every region with KPIs, each of the latest StoredSemesters semesters
// complete by the end of the latest week, the index of the region and its
// offices with the sample, the alerts, the operational context, the
// respondents' profile and the suggestions' topics — what the weekly and
// IKM reports read. A semester's figures depend on the facts up to its last
// day and on the responses of it and the semester before, so a refresh
// computes again only the semesters a noted load touched (the note's date
// on or before the semester's last day), those whose responses changed (a
// signature: their count and latest load), those not stored yet, and everything under
// changed settings; the semesters that fall out of the window are dropped.
// Any sequence of refreshes gives the rows a full one (full=true) gives.
func RefreshStored(ctx context.Context, db *sql.DB, s Settings, full bool) (StoreStats, error) {
	st := StoreStats{Full: full}
	fp, err := storedFingerprint(s)
	if err != nil {
		return st, err
	}
	periods, err := storedPeriods(ctx, db)
	if errors.Is(err, kpi.ErrNoData) {
		return st, dropStored(ctx, db, fp)
	}
	if err != nil {
		return st, err
	}
	st.First, st.Last = periods[0].ID, periods[len(periods)-1].ID
	dirty, all, err := storedDirty(ctx, db)
	if err != nil {
		return st, err
	}
	full = full || all
	st.Full = full
	have := map[string]string{}
	if !full {
		if have, err = storedHave(ctx, db, fp); err != nil {
			return st, err
		}
	}
	sigs, err := signatures(ctx, db, periods)
	if err != nil {
		return st, err
	}
	regions, err := readsql.Read[struct {
		Region string `sql:"region_code"`
	}](ctx, db, ikmFiles, "stored_regions", nil)
	if err != nil {
		return st, err
	}
	err = readsql.InTx(ctx, db, "refresh stored survey", func(tx *sql.Tx) error {
		first, last := periods[0].ID, periods[len(periods)-1].ID
		if full {
			first, last = "9999", "0000" // everything goes
		}
		if err := execFile(ctx, tx, "stored_trim", fp, first, last); err != nil {
			return err
		}
		for _, r := range regions {
			rs := s
			rs.RegionCode = r.Region
			from, touched := dirty[r.Region]
			for _, p := range periods {
				sig := cmp.Or(sigs[r.Region+" "+p.ID], noResponses)
				stored, ok := have[r.Region+" "+p.ID]
				if ok && stored == sig && !(touched && !from.After(p.LastDay())) {
					continue // stored, its responses unchanged, and no load touched it since
				}
				if err := storePeriod(ctx, db, tx, rs, fp, sig, p); err != nil {
					return fmt.Errorf("region %s %s: %w", r.Region, p.ID, err)
				}
				st.Made++
			}
			st.Regions++
		}
		return execFile(ctx, tx, "stored_done")
	})
	return st, err
}

// dropStored removes every stored survey row (a warehouse with no data has
// none).
func dropStored(ctx context.Context, db *sql.DB, fp string) error {
	return readsql.InTx(ctx, db, "refresh stored survey", func(tx *sql.Tx) error {
		if err := execFile(ctx, tx, "stored_trim", fp, "9999", "0000"); err != nil {
			return err
		}
		return execFile(ctx, tx, "stored_done")
	})
}

// storedPeriods returns the StoredSemesters latest semesters complete by
// the end of the latest week with KPIs, the earliest first.
func storedPeriods(ctx context.Context, db *sql.DB) ([]kpi.Period, error) {
	week, err := kpi.LatestWeek(ctx, db)
	if err != nil {
		return nil, err
	}
	monday, err := kpi.ParseWeek(week)
	if err != nil {
		return nil, err
	}
	p := kpi.LatestCompletePeriod(kpi.PeriodSemester, monday.AddDate(0, 0, 6))
	out := make([]kpi.Period, StoredSemesters)
	for i := len(out) - 1; i >= 0; i-- {
		out[i] = p
		p = p.Previous()
	}
	return out, nil
}

// signatures returns the signature (stored_read.sql's) of every region's
// responses of each period and the period before: "region period" →
// "count:latest load id"; a region-period without responses is missing (noResponses).
func signatures(ctx context.Context, db *sql.DB, periods []kpi.Period) (map[string]string, error) {
	type sem struct {
		Region   string `sql:"region_code"`
		Semester string `sql:"semester"`
		N        int64  `sql:"n"`
		Load     int64  `sql:"last_load"`
	}
	rows, err := readsql.Read[sem](ctx, db, ikmFiles, "stored_semesters", struct {
		From string `sql:"starts"`
		To   string `sql:"ends"`
	}{periods[0].Previous().Start.Format(time.DateOnly), periods[len(periods)-1].End.Format(time.DateOnly)})
	if err != nil {
		return nil, err
	}
	bySem := map[string]sem{}
	regions := map[string]bool{}
	for _, r := range rows {
		bySem[r.Region+" "+r.Semester] = r
		regions[r.Region] = true
	}
	out := map[string]string{}
	for region := range regions {
		for _, p := range periods {
			a, b := bySem[region+" "+p.Previous().ID], bySem[region+" "+p.ID]
			out[region+" "+p.ID] = fmt.Sprintf("%d:%d", a.N+b.N, max(a.Load, b.Load))
		}
	}
	return out, nil
}

// noResponses is the signature of no response.
const noResponses = "0:0"

// storePeriod computes one region's survey in a period and stores it in
// place of what was stored.
func storePeriod(ctx context.Context, db *sql.DB, tx *sql.Tx, s Settings, fp, sig string, p kpi.Period) error {
	if err := execFile(ctx, tx, "stored_delete", s.RegionCode, p.ID); err != nil {
		return err
	}
	// Every part is made of the responses of the period and the one before
	// (sig): without any, each is empty and nothing is computed (on a large
	// warehouse a period's queries cost 0.15 s even so). A reader that asks
	// for the operational context, shown beside the weak elements, computes
	// it (StoredContextValues).
	var (
		results []Result
		alerts  []Alert
		values  []PeriodValue
		profile []ProfileCount
		topics  []TopicCount
		err     error
	)
	if sig != noResponses {
		if results, err = Compute(ctx, db, s, storedQuery(p.ID)); err != nil {
			return err
		}
		if alerts, err = Alerts(ctx, db, s, p.ID); err != nil {
			return err
		}
		if values, err = ContextValues(ctx, db, s, p.ID); err != nil {
			return err
		}
		if profile, err = Profile(ctx, db, s, p.ID); err != nil {
			return err
		}
		if topics, err = Suggestions(ctx, db, s, p.ID); err != nil {
			return err
		}
	}
	query, err := readsql.File(ikmFiles, "stored_insert")
	if err != nil {
		return err
	}
	for _, part := range []struct {
		name string
		data any
	}{{partResults, results}, {partAlerts, alerts}, {partContext, values}, {partProfile, profile}, {partTopics, topics}} {
		if part.name == partContext && sig == noResponses {
			continue
		}
		b, err := json.Marshal(part.data)
		if err != nil {
			return fmt.Errorf("stored survey %s: %w", part.name, err)
		}
		if _, err := tx.ExecContext(ctx, query, s.RegionCode, p.ID, p.LastDay().Format(time.DateOnly), part.name, fp, sig, string(b)); err != nil {
			return fmt.Errorf("store survey %s: %w", part.name, err)
		}
	}
	return nil
}

// storedQuery is what a stored period's results are computed with.
func storedQuery(period string) Query {
	return Query{Periods: []string{period}, Scopes: []string{kpi.ScopeRegion, kpi.ScopeOffice}}
}

// readStored reads one part of the stored survey of the region of s in
// period into dest; false when it is not stored (or no longer current, or
// the warehouse predates the table).
func readStored(ctx context.Context, db *sql.DB, s Settings, period, part string, dest any) (bool, error) {
	p, err := kpi.ParsePeriod(period)
	if err != nil || p.Kind != kpi.PeriodSemester {
		return false, nil
	}
	fp, err := storedFingerprint(s)
	if err != nil {
		return false, err
	}
	rows, err := readsql.Read[struct {
		Data string `sql:"data"`
	}](ctx, db, ikmFiles, "stored_read", struct {
		Region   string `sql:"region"`
		Period   string `sql:"period"`
		Part     string `sql:"part"`
		Settings string `sql:"settings"`
		From     string `sql:"starts"`
		To       string `sql:"ends"`
	}{s.RegionCode, p.ID, part, fp, p.Previous().Start.Format(time.DateOnly), p.End.Format(time.DateOnly)})
	if err != nil || len(rows) != 1 {
		return false, nil //nolint:nilerr // not stored here: computed instead
	}
	if err := json.Unmarshal([]byte(rows[0].Data), dest); err != nil {
		return false, fmt.Errorf("stored survey %s %s: %w", period, part, err)
	}
	return true, nil
}

// StoredCompute is Compute read from the stored survey when every period
// asked for is stored for the region and current, and the scopes asked
// are among the region's and the offices'; else it computes. Both give the
// same results.
func StoredCompute(ctx context.Context, db *sql.DB, s Settings, q Query) ([]Result, error) {
	scopes := q.Scopes
	if len(q.Periods) == 0 || len(scopes) == 0 || slices.ContainsFunc(scopes, func(sc string) bool {
		return sc != kpi.ScopeRegion && sc != kpi.ScopeOffice
	}) {
		return Compute(ctx, db, s, q)
	}
	if len(slices.Compact(slices.Sorted(slices.Values(q.Periods)))) != len(q.Periods) {
		return Compute(ctx, db, s, q)
	}
	var out []Result
	for _, period := range q.Periods {
		var stored []Result
		ok, err := readStored(ctx, db, s, period, partResults, &stored)
		if err != nil {
			return nil, err
		}
		if !ok {
			return Compute(ctx, db, s, q)
		}
		for _, r := range stored {
			if !slices.Contains(scopes, r.Scope) {
				continue
			}
			if q.WithoutSample {
				r.Served, r.SampleMin, r.SampleAdequate, r.MarginOfError = nil, nil, nil, nil
			}
			out = append(out, r)
		}
	}
	scopeRank := map[string]int{kpi.ScopeRegion: 0, kpi.ScopeOffice: 1}
	slices.SortFunc(out, func(a, b Result) int {
		return cmp.Or(cmp.Compare(a.Period, b.Period), cmp.Compare(scopeRank[a.Scope], scopeRank[b.Scope]), cmp.Compare(a.ScopeID, b.ScopeID))
	})
	return out, nil
}

// storedOr reads a part of the stored survey, or computes it.
func storedOr[T any](ctx context.Context, db *sql.DB, s Settings, period, part string,
	compute func(context.Context, *sql.DB, Settings, string) ([]T, error)) ([]T, error) {
	var out []T
	ok, err := readStored(ctx, db, s, period, part, &out)
	if err != nil || ok {
		return out, err
	}
	return compute(ctx, db, s, period)
}

// StoredAlerts is Alerts read from the stored survey, or computed.
func StoredAlerts(ctx context.Context, db *sql.DB, s Settings, period string) ([]Alert, error) {
	return storedOr(ctx, db, s, period, partAlerts, Alerts)
}

// StoredContextValues is ContextValues read from the stored survey, or computed.
func StoredContextValues(ctx context.Context, db *sql.DB, s Settings, period string) ([]PeriodValue, error) {
	return storedOr(ctx, db, s, period, partContext, ContextValues)
}

// StoredProfile is Profile read from the stored survey, or computed.
func StoredProfile(ctx context.Context, db *sql.DB, s Settings, period string) ([]ProfileCount, error) {
	return storedOr(ctx, db, s, period, partProfile, Profile)
}

// StoredSuggestions is Suggestions read from the stored survey, or computed.
func StoredSuggestions(ctx context.Context, db *sql.DB, s Settings, period string) ([]TopicCount, error) {
	return storedOr(ctx, db, s, period, partTopics, Suggestions)
}

// storedFingerprint names the settings a stored survey is made under (the
// region apart): a stored row is read only under the same.
func storedFingerprint(s Settings) (string, error) {
	s.RegionCode = ""
	b, err := json.Marshal(s)
	if err != nil {
		return "", fmt.Errorf("stored survey: %w", err)
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:8]), nil
}

// storedHave returns "region period" → the responses' signature of every
// period stored under the fingerprint fp.
func storedHave(ctx context.Context, db *sql.DB, fp string) (map[string]string, error) {
	stored, err := readsql.Read[struct {
		Region    string `sql:"region_code"`
		Period    string `sql:"period"`
		Responses string `sql:"responses"`
	}](ctx, db, ikmFiles, "stored_have", struct {
		Settings string `sql:"settings"`
	}{fp})
	have := map[string]string{}
	for _, r := range stored {
		have[r.Region+" "+r.Period] = r.Responses
	}
	return have, err
}

// storedDirty reads the notes: region → earliest date to compute again
// from; all when a note asks for every region.
func storedDirty(ctx context.Context, db *sql.DB) (map[string]time.Time, bool, error) {
	return readsql.Dirty(ctx, db, ikmFiles, "stored_dirty")
}

// execFile runs the statement of sql/<name>.sql with args.
func execFile(ctx context.Context, tx *sql.Tx, name string, args ...any) error {
	return readsql.Exec(ctx, tx, ikmFiles, name, args...)
}
