package reports

import (
	"context"
	"database/sql"
	"sync"

	"github.com/disdukcapil-bekasi/pantau/ikm"
	"github.com/disdukcapil-bekasi/pantau/kpi"
)

// weeklyIKM is the weekly report's view of the survey: the index of the
// latest semester complete by the week's end, for the report's scope, and
// the offices whose index or an element fell since the semester before.
type weeklyIKM struct {
	result *ikm.IKMResult
	alerts []ikm.IKMAlert
	def    ikm.IKMDefinition
}

// maxWeeklyIKMAlerts bounds the survey sentences of the weekly narrative.
const maxWeeklyIKMAlerts = 3

// loadWeeklyIKM reads the survey card of the weekly report; nil when the
// period has no response for the scope.
func loadWeeklyIKM(ctx context.Context, db *sql.DB, opt Options, scope, scopeID string, b basics) (*weeklyIKM, error) {
	s := opt.IKM
	s.Settings = opt.Settings
	period := kpi.LatestCompletePeriod(kpi.PeriodSemester, b.sunday).ID
	results, alerts, err := opt.Shared.ikm(ctx, db, s, period)
	if err != nil {
		return nil, err
	}
	w := &weeklyIKM{def: ikm.IKMMetadata()}
	for i := range results {
		if results[i].Scope == scope && results[i].ScopeID == scopeID {
			w.result = &results[i]
		}
	}
	if w.result == nil {
		return nil, nil
	}
	for _, a := range alerts {
		if scope == kpi.ScopeRegion || a.Office == scopeID {
			w.alerts = append(w.alerts, a)
		}
	}
	return w, nil
}

// card is the IKM card: the index, its grade and the weakest element.
func (w *weeklyIKM) card(l Lang) []card {
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
		text += " · " + l.Tf("ikm.weekly.weakest", r.WeakestElement+" "+ikmText(l, e.Title))
	}
	return []card{{Title: l.Tf("ikm.weekly.card", r.Period), Value: value, Status: gradeStatus(grade), StatusText: text}}
}

// sentences name the falls since the previous semester, the index falls first.
func (w *weeklyIKM) sentences(l Lang, officeName func(string) string) []string {
	if w == nil {
		return nil
	}
	element := func(id string) string {
		e, _ := w.def.Element(id)
		return id + " " + ikmText(l, e.Title)
	}
	out := ikmAlertSentences(l, w.alerts, officeName, element)
	if len(out) > maxWeeklyIKMAlerts {
		out = append(out[:maxWeeklyIKMAlerts], l.Tf("ikm.weekly.more", len(out)-maxWeeklyIKMAlerts))
	}
	return out
}

// Shared holds what the weekly reports of one week share, so that pantau
// run reads it once for the region's report and every office's: the
// survey index of the period. The zero value and nil read every time.
type Shared struct {
	mu     sync.Mutex
	period string
	result []ikm.IKMResult
	alerts []ikm.IKMAlert
}

// NewShared returns an empty Shared for the reports of one run.
func NewShared() *Shared { return &Shared{} }

// ikm returns the survey index of the region and its offices in period,
// and the period's alerts.
func (sh *Shared) ikm(ctx context.Context, db *sql.DB, s ikm.IKMSettings, period string) ([]ikm.IKMResult, []ikm.IKMAlert, error) {
	if sh != nil {
		sh.mu.Lock()
		defer sh.mu.Unlock()
		if sh.period == period && sh.result != nil {
			return sh.result, sh.alerts, nil
		}
	}
	// The card shows the index, its grade and the weakest element, not the
	// sample, whose count of the people served is most of the query's time.
	results, err := ikm.ComputeIKM(ctx, db, s, ikm.IKMQuery{Periods: []string{period},
		Scopes: []string{kpi.ScopeRegion, kpi.ScopeOffice}, WithoutSample: true})
	if err != nil {
		return nil, nil, err
	}
	alerts, err := ikm.IKMAlerts(ctx, db, s, period)
	if err != nil {
		return nil, nil, err
	}
	if sh != nil {
		sh.period, sh.result, sh.alerts = period, results, alerts
	}
	return results, alerts, nil
}
