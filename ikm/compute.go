package ikm

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"slices"
	"time"

	"github.com/disdukcapil-bekasi/pantau/internal/readsql"
	"github.com/disdukcapil-bekasi/pantau/kpi"
)

// Result is the index of one scope in one period.
type Result struct {
	Period     string `json:"period"`
	PeriodKind string `json:"period_kind"`
	Scope      string `json:"scope"`
	ScopeID    string `json:"scope_id"`
	// Regulation and Weight name the rules followed ("PermenPANRB 14/2017", "exact" or "0.111").
	Regulation string `json:"regulation"`
	Weight     string `json:"weight"`
	Responses  int64  `json:"responses"`
	// Served is N, the applications served in the period; SampleMin the
	// Krejcie–Morgan minimum for N; both nil when nothing was served.
	Served    *int64 `json:"served"`
	SampleMin *int64 `json:"sample_min"`
	// SampleAdequate is nil when N is unknown.
	SampleAdequate *bool `json:"sample_adequate"`
	// MarginOfError is the 95% margin of error of the responses (0..1).
	MarginOfError *float64 `json:"margin_of_error"`
	// IKM100 is the index rounded to two decimals, in hundredths (8831 for
	// 88.31); nil when an element was scored by no one. Grade is read from it.
	IKM100 *int64 `json:"ikm100"`
	Grade  string `json:"grade"`
	// WeakestElement is the element with the lowest NRR.
	WeakestElement string  `json:"weakest_element"`
	Elements       []Score `json:"elements"`
}

// IKM returns the rounded index as a number (88.31), or nil.
func (r Result) IKM() *float64 {
	if r.IKM100 == nil {
		return nil
	}
	v := float64(*r.IKM100) / 100
	return &v
}

// Ranked says whether the result takes part in a ranking: its sample
// reaches the minimum and it has an index.
func (r Result) Ranked() bool {
	return r.IKM100 != nil && r.SampleAdequate != nil && *r.SampleAdequate
}

// Score is one element of one scope in one period.
type Score struct {
	Element string `json:"element"`
	// Responses scored the element (blank answers left out).
	Responses int64 `json:"responses"`
	// NRR is the mean score, 1..4, unrounded.
	NRR float64 `json:"nrr"`
	// Score100 is NRR × 25 rounded to two decimals, in hundredths; Grade is read from it.
	Score100 int64  `json:"score100"`
	Grade    string `json:"grade"`
}

// Query says which periods and scopes to compute.
type Query struct {
	// Periods are like 2023-S1 or 2023-Q1; empty: every quarter and semester of the data.
	Periods []string
	// Scopes are region, office and kecamatan; empty: all three.
	Scopes []string
	// WithoutSample leaves out the sample's figures (Served, SampleMin,
	// SampleAdequate, MarginOfError are nil): counting the people served
	// scans the periods' service events, which the index does not need.
	WithoutSample bool
}

// noServed replaces ikm_served when the sample is left out.
var noServed = kpi.Part{Name: "ikm_served",
	Body: "SELECT NULL::TEXT AS period, NULL::TEXT AS scope, NULL::TEXT AS scope_id, NULL::BIGINT AS served WHERE false"}

func parsePeriods(ids []string) ([]kpi.Period, error) {
	var out []kpi.Period
	for _, id := range ids {
		p, err := kpi.ParsePeriod(id)
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, nil
}

// Compute computes the index, its elements and the sample of every scope
// with responses in the periods asked for, ordered by period, scope
// (region, office, kecamatan) and scope id.
func Compute(ctx context.Context, db *sql.DB, s Settings, q Query) ([]Result, error) {
	periods, err := parsePeriods(q.Periods)
	if err != nil {
		return nil, err
	}
	scopes := q.Scopes
	if len(scopes) == 0 {
		scopes = []string{kpi.ScopeRegion, kpi.ScopeOffice, kpi.ScopeKecamatan}
	}
	// One query: the elements ride along as a list, so that they are
	// computed once for the index, the weakest element and the output.
	final := `SELECT r.period, r.period_kind, r.scope, r.scope_id, r.regulation, r.weight, r.responses, r.served, r.sample_min,
		r.sample_adequate, r.margin_of_error, r.ikm100, r.grade, r.weakest_element, e.elements
		FROM ikm_results r
		LEFT JOIN (SELECT period, scope, scope_id,
		                  list({'element': element, 'scored': scored, 'nrr': nrr, 'score100': score100::BIGINT, 'grade': grade} ORDER BY element) AS elements
		           FROM ikm_elements GROUP BY ALL) e USING (period, scope, scope_id)`
	var extra []kpi.Part
	if q.WithoutSample {
		extra = append(extra, noServed)
	}
	text, args, err := ikmQuery(s, periods, scopes, final, extra...)
	if err != nil {
		return nil, err
	}
	rows, err := db.QueryContext(ctx, text, args...)
	if err != nil {
		return nil, fmt.Errorf("compute ikm: %w", err)
	}
	defer rows.Close()
	var out []Result
	for rows.Next() {
		var r Result
		var served, sampleMin, ikm100 sql.NullInt64
		var adequate sql.NullBool
		var margin sql.NullFloat64
		var grade, weakest sql.NullString
		var elements any
		if err := rows.Scan(&r.Period, &r.PeriodKind, &r.Scope, &r.ScopeID, &r.Regulation, &r.Weight, &r.Responses,
			&served, &sampleMin, &adequate, &margin, &ikm100, &grade, &weakest, &elements); err != nil {
			return nil, fmt.Errorf("compute ikm: %w", err)
		}
		if !slices.Contains(scopes, r.Scope) {
			continue
		}
		r.Served, r.SampleMin, r.IKM100 = nullInt(served), nullInt(sampleMin), nullInt(ikm100)
		if adequate.Valid {
			r.SampleAdequate = &adequate.Bool
		}
		if margin.Valid {
			r.MarginOfError = &margin.Float64
		}
		r.Grade, r.WeakestElement = grade.String, weakest.String
		if r.Elements, err = scanScores(elements); err != nil {
			return nil, fmt.Errorf("compute ikm: %w", err)
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("compute ikm: %w", err)
	}
	scopeRank := map[string]int{kpi.ScopeRegion: 0, kpi.ScopeOffice: 1, kpi.ScopeKecamatan: 2}
	slices.SortFunc(out, func(a, b Result) int {
		return cmp.Or(cmp.Compare(a.Period, b.Period), cmp.Compare(scopeRank[a.Scope], scopeRank[b.Scope]), cmp.Compare(a.ScopeID, b.ScopeID))
	})
	return out, nil
}

// scanScores reads the list of element structs of a result row.
func scanScores(v any) ([]Score, error) {
	if v == nil {
		return nil, nil
	}
	list, ok := v.([]any)
	if !ok {
		return nil, fmt.Errorf("elements: unexpected %T", v)
	}
	out := make([]Score, 0, len(list))
	for _, item := range list {
		m, ok := item.(map[string]any)
		if !ok {
			return nil, fmt.Errorf("element: unexpected %T", item)
		}
		e := Score{}
		e.Element, _ = m["element"].(string)
		e.Responses, _ = m["scored"].(int64)
		e.NRR, _ = m["nrr"].(float64)
		e.Score100, _ = m["score100"].(int64)
		e.Grade, _ = m["grade"].(string)
		out = append(out, e)
	}
	return out, nil
}

func nullInt(v sql.NullInt64) *int64 {
	if !v.Valid {
		return nil
	}
	return &v.Int64
}

// Alert is a fall an office's survey took since the previous period.
type Alert struct {
	Period, Previous, Office string
	// Element is empty for the index itself.
	Element string
	// Before100 and After100 are the index (or the element's NRR × 25),
	// rounded, in hundredths.
	Before100, After100 int64
	// NRRBefore and NRRAfter are the element's mean scores (element alerts only).
	NRRBefore, NRRAfter float64
}

// Alerts lists the offices whose index fell by 5 points or more since the
// previous period of the same kind, or one of whose elements' NRR fell by 0.5
// or more (thresholds in ikm.yaml), the index first, then by office and element.
func Alerts(ctx context.Context, db *sql.DB, s Settings, period string) ([]Alert, error) {
	p, err := kpi.ParsePeriod(period)
	if err != nil {
		return nil, err
	}
	text, args, err := ikmQuery(s, withPrevious([]kpi.Period{p}), []string{kpi.ScopeOffice}, `SELECT period, previous, office_code, coalesce(element, ''),
		before100::BIGINT, after100::BIGINT, coalesce(nrr_before, 0), coalesce(nrr_after, 0)
		FROM ikm_alerts WHERE period = $period ORDER BY element IS NOT NULL, office_code, element`)
	if err != nil {
		return nil, err
	}
	rows, err := db.QueryContext(ctx, text, append(args, sql.Named("period", p.ID))...)
	if err != nil {
		return nil, fmt.Errorf("ikm alerts: %w", err)
	}
	defer rows.Close()
	var out []Alert
	for rows.Next() {
		var a Alert
		if err := rows.Scan(&a.Period, &a.Previous, &a.Office, &a.Element, &a.Before100, &a.After100, &a.NRRBefore, &a.NRRAfter); err != nil {
			return nil, fmt.Errorf("ikm alerts: %w", err)
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// PeriodValue is one figure of one scope in one period, in the long shape
// of kpi_period.
type PeriodValue struct {
	Period  string   `json:"period" sql:"period"`
	Scope   string   `json:"scope" sql:"scope"`
	ScopeID string   `json:"scope_id" sql:"scope_id"`
	KPI     string   `json:"kpi" sql:"kpi"`
	Value   *float64 `json:"value" sql:"value"`
}

// ContextValues returns, per scope, the operational figures of the period that
// the IKM report puts beside a weak element (ikm.yaml elements.operational):
// print_lead_time.median, blanko_stockout_weeks,
// complaints_received.category.etiquette and sla_met_rate.
func ContextValues(ctx context.Context, db *sql.DB, s Settings, period string) ([]PeriodValue, error) {
	p, err := kpi.ParsePeriod(period)
	if err != nil {
		return nil, err
	}
	text, args, err := ikmQuery(s, []kpi.Period{p}, kpi.RegionScopes(), `SELECT period, scope, scope_id, kpi, value FROM ikm_context ORDER BY scope, scope_id, kpi`)
	if err != nil {
		return nil, err
	}
	return queryPeriodValues(ctx, db, text, args)
}

// KPIPeriod returns the rows of the kpi_period view for the periods asked
// (empty: all), computed with the settings instead of the warehouse's.
func KPIPeriod(ctx context.Context, db *sql.DB, s Settings, periods []string) ([]PeriodValue, error) {
	ps, err := parsePeriods(periods)
	if err != nil {
		return nil, err
	}
	body, _ := ikmPart("kpi_period")
	text, args, err := ikmQuery(s, ps, kpi.Scopes(), "SELECT period, scope, scope_id, kpi, value FROM (\n"+body+"\n) ORDER BY period, scope, scope_id, kpi")
	if err != nil {
		return nil, err
	}
	return queryPeriodValues(ctx, db, text, args)
}

func queryPeriodValues(ctx context.Context, db *sql.DB, text string, args []any) ([]PeriodValue, error) {
	return readsql.Rows[PeriodValue](ctx, db, "period values", text, args...)
}

// ProfileCount is how many responses gave one value of a profile field
// (sex, age_band, education, occupation; value "" when left blank).
type ProfileCount struct {
	Scope, ScopeID, Field, Value string
	Responses                    int64
}

// Profile returns the respondent profile of every scope in the period.
func Profile(ctx context.Context, db *sql.DB, s Settings, period string) ([]ProfileCount, error) {
	p, err := kpi.ParsePeriod(period)
	if err != nil {
		return nil, err
	}
	text, args, err := ikmQuery(s, []kpi.Period{p}, kpi.RegionScopes(), `SELECT scope, scope_id, field, value, responses FROM ikm_profile
		ORDER BY scope, scope_id, field, responses DESC, value`)
	if err != nil {
		return nil, err
	}
	rows, err := db.QueryContext(ctx, text, args...)
	if err != nil {
		return nil, fmt.Errorf("ikm profile: %w", err)
	}
	defer rows.Close()
	var out []ProfileCount
	for rows.Next() {
		var c ProfileCount
		if err := rows.Scan(&c.Scope, &c.ScopeID, &c.Field, &c.Value, &c.Responses); err != nil {
			return nil, fmt.Errorf("ikm profile: %w", err)
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// TopicCount is how many suggestions of one scope fell in one topic (a
// complaint category of the keyword classifier).
type TopicCount struct {
	Scope, ScopeID, Topic string
	Suggestions           int64
}

// Suggestions counts the period's suggestions by topic per scope.
func Suggestions(ctx context.Context, db *sql.DB, s Settings, period string) ([]TopicCount, error) {
	p, err := kpi.ParsePeriod(period)
	if err != nil {
		return nil, err
	}
	text, args, err := ikmQuery(s, []kpi.Period{p}, kpi.RegionScopes(), `SELECT scope, scope_id, topic, suggestions FROM ikm_suggestions
		ORDER BY scope, scope_id, suggestions DESC, topic`)
	if err != nil {
		return nil, err
	}
	rows, err := db.QueryContext(ctx, text, args...)
	if err != nil {
		return nil, fmt.Errorf("ikm suggestions: %w", err)
	}
	defer rows.Close()
	var out []TopicCount
	for rows.Next() {
		var c TopicCount
		if err := rows.Scan(&c.Scope, &c.ScopeID, &c.Topic, &c.Suggestions); err != nil {
			return nil, fmt.Errorf("ikm suggestions: %w", err)
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// LatestPeriod returns the latest complete period of kind ("quarter" or
// "semester") as of asOf: its last day is on or before both asOf and the last
// day the warehouse holds data for (the latest service event or response).
// ErrNoData when the warehouse holds neither.
func LatestPeriod(ctx context.Context, db *sql.DB, s Settings, kind string, asOf time.Time) (string, error) {
	body, _ := ikmPart("ikm_data_end")
	var end sql.NullTime
	if err := db.QueryRowContext(ctx, "WITH kpi_settings AS (SELECT ?::TEXT AS region_code)\n"+body, s.RegionCode).Scan(&end); err != nil {
		return "", fmt.Errorf("latest period: %w", err)
	}
	if !end.Valid {
		return "", kpi.ErrNoData
	}
	day := end.Time
	if !asOf.IsZero() && asOf.Before(day) {
		day = asOf
	}
	return kpi.LatestCompletePeriod(kind, day).ID, nil
}
