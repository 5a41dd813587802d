package planning

import (
	"cmp"
	"context"
	"database/sql"
	"slices"
	"strings"
	"time"

	"github.com/disdukcapil-bekasi/pantau/internal/readsql"
	"github.com/disdukcapil-bekasi/pantau/kpi"
	"github.com/disdukcapil-bekasi/pantau/kpi/kpiname"
)

// RegionInfo is one region (regency or city) as the province and national
// report names it.
type RegionInfo struct {
	Code string `sql:"region_code"`
	Name string `sql:"name"`
	// ProvinceCode is the two-digit province (32); ProvinceName is empty
	// when the provinces table does not know it.
	ProvinceCode string `sql:"province_code"`
	ProvinceName string `sql:"province_name"`
	// Population is from the reference; 0 when unknown.
	Population int64 `sql:"population"`
}

// RegionsInfo returns the regions with facts (those kpi_weekly holds), with
// their name, province and population, ordered by code.
func RegionsInfo(ctx context.Context, db *sql.DB) ([]RegionInfo, error) {
	return readsql.Read[RegionInfo](ctx, db, files, "regions_info", nil)
}

// ProvinceName returns the name of a province, or its code when the
// warehouse does not know it.
func ProvinceName(ctx context.Context, db *sql.DB, provinceCode string) (string, error) {
	var name string
	err := readsql.FileValue(ctx, db, files, "province_name", &name, provinceCode)
	return name, err
}

// DataAsOfRegions returns the time of the last service event of the
// regions before before; ok is false when there is none. Over lakes it
// answers from their manifests when every region's events end before
// before (the latest week's report); else it looks at the
// last dataAsOfDays first (over lakes, the files of older months are
// skipped by their statistics), and only when they hold no event at all.
func DataAsOfRegions(ctx context.Context, db *sql.DB, regions []string, before time.Time) (t time.Time, ok bool, err error) {
	if factsKept(ctx, db) {
		var v sql.NullTime
		if err := readsql.FileValue(ctx, db, files, "data_as_of_facts", &v, strings.Join(regions, ","), before); err != nil {
			return time.Time{}, false, err
		}
		if v.Valid {
			return v.Time, true, nil
		}
	}
	for _, since := range []any{before.AddDate(0, 0, -dataAsOfDays), nil} {
		var v sql.NullTime
		if err := readsql.FileValue(ctx, db, files, "data_as_of_regions", &v, strings.Join(regions, ","), before, since); err != nil {
			return time.Time{}, false, err
		}
		if v.Valid {
			return v.Time, true, nil
		}
	}
	return time.Time{}, false, nil
}

// factsKept tells whether region_facts is a table (a reader of lakes made
// it from their manifests) rather than the warehouse's view over the
// facts, which would scan every event to say what the events' own query
// finds in the last weeks.
func factsKept(ctx context.Context, db *sql.DB) bool {
	var table bool
	err := db.QueryRowContext(ctx, `SELECT count(*) > 0 FROM information_schema.tables
		WHERE table_name = 'region_facts' AND table_schema = 'main' AND table_type = 'BASE TABLE'`).Scan(&table)
	return err == nil && table
}

// dataAsOfDays is how far back DataAsOfRegions looks first.
const dataAsOfDays = 28

// BacklogRateMeasure is the measure id (measures.yaml) of the print backlog
// per 10,000 people; it is better low, as print_backlog is.
const BacklogRateMeasure = kpiname.NationalBacklogPer10k

// Rate is a rate from summed numerators and denominators for one week and
// one scope (region, province or national).
type Rate struct {
	Week    string `sql:"week"`
	Scope   string `sql:"scope"`
	ScopeID string `sql:"scope_id"`
	// Numerator and Denominator are the sums the rate divides; Value is
	// Numerator / Denominator × 10,000.
	Numerator   float64 `sql:"backlog"`
	Denominator float64 `sql:"population"`
	Value       float64 `sql:"per_10k"`
}

// BacklogPer10k returns the KTP-el print backlog per 10,000 people at the
// end of each week from from to to, for each of the regions (all regions
// with a population when regions is empty), for their provinces and for
// them all (scope national, id "ID"): a province's rate is the sum of its
// regions' backlogs over the sum of their populations, never a mean of
// rates. It reads the stored kpi_weekly rows; regions without a known
// population are left out of every sum.
func BacklogPer10k(ctx context.Context, db *sql.DB, from, to string, regions []string) ([]Rate, error) {
	return readsql.Read[Rate](ctx, db, files, "backlog_per_10k", struct {
		First   string `sql:"first"`
		Last    string `sql:"last"`
		Regions string `sql:"regions"`
	}{from, to, strings.Join(regions, ",")})
}

// Rank ranks values by a measure's direction: rank 1 is the best (the
// lowest when lowerIsBetter). Units with the same value share a rank and the
// next rank skips (1, 2, 2, 4). A unit that is not eligible, or whose value
// is nil (nothing to measure), gets rank 0: shown, not ranked.
func Rank(values []*float64, eligible []bool, lowerIsBetter bool) []int {
	idx := []int{}
	for i, v := range values {
		if v != nil && (eligible == nil || eligible[i]) {
			idx = append(idx, i)
		}
	}
	better := func(a, b float64) int {
		if lowerIsBetter {
			return cmp.Compare(a, b)
		}
		return cmp.Compare(b, a)
	}
	slices.SortStableFunc(idx, func(a, b int) int { return better(*values[a], *values[b]) })
	ranks := make([]int, len(values))
	for n, i := range idx {
		ranks[i] = n + 1
		if n > 0 && *values[idx[n-1]] == *values[i] {
			ranks[i] = ranks[idx[n-1]]
		}
	}
	return ranks
}

// SuketSignals returns the substitute-letter signal (see SuketSignal) of
// each unit of scope (region, office, province or national) whose rows the
// regions hold, over the twelve complete weeks ending with the week
// lastWeek, and the weeks compared ("2023-W02..2023-W05"). With a total
// id the signals also hold under it the units' signal taken together
// (their letters and recordings summed; absent when no unit has a value):
// a province's or the nation's from its regions' rows, which a reader of
// many lakes has for every week, while their province and national rows
// are pooled only for the weeks read.
func SuketSignals(ctx context.Context, db *sql.DB, s kpi.Settings, scope string, regions []string, lastWeek, total string) (
	signals map[string]SuketSignal, recent, prior string, err error) {
	last, err := kpi.ParseWeek(lastWeek)
	if err != nil {
		return nil, "", "", err
	}
	return suketSignals(ctx, db, s, scope, regions, last, total)
}
