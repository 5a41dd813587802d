package reports

import (
	"context"
	"database/sql"
	"sync"
	"time"

	"github.com/disdukcapil-bekasi/pantau/ikm"
	"github.com/disdukcapil-bekasi/pantau/kpi"
	"github.com/disdukcapil-bekasi/pantau/reports/page"
)

// weeklyIKM is the weekly report's view of the survey: the index of the
// survey period (surveyPeriod: the same rule as the IKM report's), for
// the report's scope, beside the period before, and the offices whose
// index or an element fell since then.
type weeklyIKM struct {
	result *ikm.Result
	prev   *ikm.Result
	alerts []ikm.Alert
	def    ikm.Definition
}

// maxWeeklyIKMAlerts bounds the survey sentences of the weekly narrative.
const maxWeeklyIKMAlerts = 3

// surveyLookback is how many semesters surveyPeriod looks back for one
// whose sample is adequate.
const surveyLookback = 4

// surveyPeriod is the one rule by which the weekly report's survey card
// and the IKM report pick their period: the latest semester complete by
// asOf whose region-wide sample reaches its minimum, looking back at most
// surveyLookback semesters; the latest complete semester when none does.
func surveyPeriod(ctx context.Context, db *sql.DB, s ikm.Settings, asOf time.Time) (string, error) {
	latest := kpi.LatestCompletePeriod(kpi.PeriodSemester, asOf)
	var ids []string
	for p := latest; len(ids) < surveyLookback; p = p.Previous() {
		ids = append(ids, p.ID)
	}
	results, err := ikm.StoredCompute(ctx, db, s, ikm.Query{Periods: ids, Scopes: []string{kpi.ScopeRegion}})
	if err != nil {
		return "", err
	}
	for _, id := range ids {
		for _, r := range results {
			if r.Period == id && r.SampleAdequate != nil && *r.SampleAdequate && r.IKM100 != nil {
				return id, nil
			}
		}
	}
	return latest.ID, nil
}

// loadWeeklyIKM reads the survey card of the weekly report; nil when the
// period has no response for the scope.
func loadWeeklyIKM(ctx context.Context, db *sql.DB, opt Options, scope, scopeID string, b basics) (*weeklyIKM, error) {
	s := opt.IKM
	s.Settings = opt.Settings
	results, alerts, err := opt.Shared.ikm(ctx, db, s, b.sunday)
	if err != nil {
		return nil, err
	}
	w := &weeklyIKM{def: ikm.Metadata()}
	for i := range results {
		if results[i].Scope != scope || results[i].ScopeID != scopeID {
			continue
		}
		if w.result == nil || results[i].Period > w.result.Period {
			w.prev, w.result = w.result, &results[i]
		} else {
			w.prev = &results[i]
		}
	}
	if w.result == nil {
		return nil, nil
	}
	if w.prev != nil && w.prev.Period == w.result.Period {
		w.prev = nil
	}
	for _, a := range alerts {
		if a.Period == w.result.Period && (scope == kpi.ScopeRegion || a.Office == scopeID) {
			w.alerts = append(w.alerts, a)
		}
	}
	return w, nil
}

// card is the IKM card: the index, its grade, the weakest element and the
// change since the period before.
func (w *weeklyIKM) card(l Lang) []page.Card {
	if w == nil {
		return nil
	}
	r := w.result
	value, grade := "—", ""
	if r.IKM100 != nil {
		value, grade = index(l, *r.IKM100), r.Grade
	}
	text := grade
	if reg, ok := w.def.Regulation(r.Regulation); ok {
		if g, ok := reg.GradeOf(val100(r.IKM100)); ok {
			text = g.Grade + " (" + ikmText(l, g.Title) + ")"
		}
	}
	if r.WeakestElement != "" {
		e, _ := w.def.Element(r.WeakestElement)
		text += " · " + l.Tf("ikm.weekly.weakest", ikmText(l, e.Title))
	}
	c := page.Card{Title: l.Tf("ikm.weekly.card", periodName(l, r.Period)), Value: value, Status: gradeStatus(grade), StatusText: text}
	c.Change, c.ChangeClass = ikmChange(l, w.result, w.prev)
	return []page.Card{c}
}

// ikmChange says how the index moved since the period before: "▲ 1,25
// dari Semester 2 2022".
func ikmChange(l Lang, cur, prev *ikm.Result) (string, string) {
	if cur == nil || prev == nil || cur.IKM100 == nil || prev.IKM100 == nil {
		return l.T("change.none"), "same"
	}
	d := *cur.IKM100 - *prev.IKM100
	switch {
	case d == 0:
		return l.Tf("ikm.change.same", periodName(l, prev.Period)), "same"
	case d > 0:
		return l.Tf("ikm.change", "▲ "+index(l, d), periodName(l, prev.Period)), "better"
	}
	return l.Tf("ikm.change", "▼ "+index(l, -d), periodName(l, prev.Period)), "worse"
}

// periodName writes a survey period for readers: "Semester 1 2023",
// "Triwulan 2 2023".
func periodName(l Lang, id string) string {
	p, err := kpi.ParsePeriod(id)
	if err != nil {
		return id
	}
	key, n := "period.semester", (int(p.Start.Month())-1)/6+1
	if p.Kind == kpi.PeriodQuarter {
		key, n = "period.quarter", (int(p.Start.Month())-1)/3+1
	}
	return l.Tf(key, n, p.Start.Year())
}

// sentences name the falls since the previous semester, the index falls first.
func (w *weeklyIKM) sentences(l Lang, officeName func(string) string) []string {
	if w == nil {
		return nil
	}
	element := func(id string) string {
		e, _ := w.def.Element(id)
		return ikmText(l, e.Title)
	}
	out := ikmAlertSentences(l, w.alerts, officeName, element)
	if len(out) > maxWeeklyIKMAlerts {
		out = append(out[:maxWeeklyIKMAlerts], l.Tf("ikm.weekly.more", len(out)-maxWeeklyIKMAlerts))
	}
	return out
}

// Shared holds what the weekly reports of one week share, so that pantau
// run reads it once for the region's report and every office's: the
// survey index of the period and the one before. The zero value and nil
// read every time.
type Shared struct {
	mu     sync.Mutex
	asOf   time.Time
	result []ikm.Result
	alerts []ikm.Alert
}

// NewShared returns an empty Shared for the reports of one run.
func NewShared() *Shared { return &Shared{} }

// ikm returns the survey index of the region and its offices in the
// survey period as of asOf (surveyPeriod) and the period before, and the
// period's alerts.
func (sh *Shared) ikm(ctx context.Context, db *sql.DB, s ikm.Settings, asOf time.Time) ([]ikm.Result, []ikm.Alert, error) {
	if sh != nil {
		sh.mu.Lock()
		defer sh.mu.Unlock()
		if sh.asOf.Equal(asOf) && sh.result != nil {
			return sh.result, sh.alerts, nil
		}
	}
	id, err := surveyPeriod(ctx, db, s, asOf)
	if err != nil {
		return nil, nil, err
	}
	period, _ := kpi.ParsePeriod(id)
	// The card shows the index, its grade and the weakest element, not the
	// sample, whose count of the people served is most of the query's time.
	results, err := ikm.StoredCompute(ctx, db, s, ikm.Query{Periods: []string{id, period.Previous().ID},
		Scopes: []string{kpi.ScopeRegion, kpi.ScopeOffice}, WithoutSample: true})
	if err != nil {
		return nil, nil, err
	}
	alerts, err := ikm.StoredAlerts(ctx, db, s, id)
	if err != nil {
		return nil, nil, err
	}
	if sh != nil {
		sh.asOf, sh.result, sh.alerts = asOf, results, alerts
	}
	return results, alerts, nil
}
