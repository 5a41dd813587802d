package planning

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/disdukcapil-bekasi/pantau/kpi"
	"github.com/disdukcapil-bekasi/pantau/kpi/kpiname"
)

// SuketSignal is a unit's rise in substitute letters (Suket, biodata or
// IKD given instead of a card, the KPI interim_issued): when blanko runs
// out, offices hand out letters, so a rising share of them is a stock-out
// already happening, whatever the stock figures say. Shares are of the
// KTP-el recordings, pooled over the weeks (summed letters over summed
// recordings), nil when there were no recordings.
type SuketSignal struct {
	// RecentShare is over the last four complete weeks, PriorShare over the
	// eight before them; Rise is RecentShare − PriorShare (in share points:
	// 0.05 is five percentage points).
	RecentShare *float64 `json:"recent_share"`
	PriorShare  *float64 `json:"prior_share"`
	Rise        *float64 `json:"rise"`
	// Letters is the letters issued in the last four weeks.
	Letters float64 `json:"letters_recent"`
}

// suketRecentWeeks and suketPriorWeeks are the weeks the signal compares.
const suketRecentWeeks, suketPriorWeeks = 4, 8

// addSuket reads interim_issued and recordings for the twelve complete
// weeks up to the allocation's date and sets each row's signal.
func addSuket(ctx context.Context, db *sql.DB, s kpi.Settings, o AllocateOptions, out *Allocation) error {
	sunday := o.AsOf.AddDate(0, 0, -int(o.AsOf.Weekday())) // the last complete week ends on it
	var regions []string
	if o.By == kpi.ScopeOffice {
		regions = []string{out.Rows[0].Group}
	} else {
		for _, r := range out.Rows {
			regions = append(regions, r.Code)
		}
	}
	byUnit, recent, prior, err := suketSignals(ctx, db, s, o.By, regions, kpi.Monday(sunday), "")
	if err != nil {
		return fmt.Errorf("allocate: %w", err)
	}
	out.SuketRecent, out.SuketPrior = recent, prior
	for i := range out.Rows {
		if sig, ok := byUnit[out.Rows[i].Code]; ok {
			out.Rows[i].Suket = sig
		}
	}
	return nil
}

// suketSignals reads interim_issued and recordings of the units of scope
// for the twelve weeks ending with the week of Monday last, and pools them
// into each unit's signal; with a total, every unit's counts are also
// pooled into that id's (both KPIs are counts: a province's are the sums
// of its regions').
func suketSignals(ctx context.Context, db *sql.DB, s kpi.Settings, scope string, regions []string, last time.Time, total string) (
	map[string]SuketSignal, string, string, error) {
	first := last.AddDate(0, 0, -7*(suketRecentWeeks+suketPriorWeeks-1))
	split := last.AddDate(0, 0, -7*(suketRecentWeeks-1)) // the first recent week
	recent := kpi.FormatWeek(split) + ".." + kpi.FormatWeek(last)
	prior := kpi.FormatWeek(first) + ".." + kpi.FormatWeek(split.AddDate(0, 0, -7))
	q := kpi.Query{From: kpi.FormatWeek(first), To: kpi.FormatWeek(last), Scopes: []string{scope}, KPIs: []string{kpiname.InterimIssued, kpiname.Recordings},
		Regions: regions}
	values, err := kpi.Read(ctx, db, s, q)
	if err != nil {
		return nil, "", "", fmt.Errorf("substitute letters: %w", err)
	}
	type sums struct{ letters, recordings [2]float64 } // [recent, prior]
	byUnit := map[string]*sums{}
	for _, v := range values {
		if v.Value == nil {
			continue
		}
		week, err := kpi.ParseWeek(v.Week)
		if err != nil {
			return nil, "", "", err
		}
		period := 1
		if !week.Before(split) {
			period = 0
		}
		for _, id := range []string{v.ScopeID, total} {
			if id == "" {
				continue
			}
			u := byUnit[id]
			if u == nil {
				u = &sums{}
				byUnit[id] = u
			}
			switch v.KPI {
			case kpiname.InterimIssued:
				u.letters[period] += *v.Value
			case kpiname.Recordings:
				u.recordings[period] += *v.Value
			}
		}
	}
	out := make(map[string]SuketSignal, len(byUnit))
	for id, u := range byUnit {
		sig := SuketSignal{Letters: u.letters[0]}
		if u.recordings[0] > 0 {
			sig.RecentShare = floatPtr(u.letters[0] / u.recordings[0])
		}
		if u.recordings[1] > 0 {
			sig.PriorShare = floatPtr(u.letters[1] / u.recordings[1])
		}
		if sig.RecentShare != nil && sig.PriorShare != nil {
			sig.Rise = floatPtr(*sig.RecentShare - *sig.PriorShare)
		}
		out[id] = sig
	}
	return out, recent, prior, nil
}

func floatPtr(f float64) *float64 { return &f }
