package reports

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"time"

	"github.com/disdukcapil-bekasi/pantau/kpi"
	"github.com/disdukcapil-bekasi/pantau/kpi/kpiname"
	"github.com/disdukcapil-bekasi/pantau/planning"
	"github.com/disdukcapil-bekasi/pantau/reports/page"
)

// The planner report's track record: how well pantau forecast each office's
// demand before (planning.TrackRecord), so that the planner can tell a
// reliable plan from a guess.

// trackMessages are the track record's texts, id then en (read by
// trackText, beside the other reports' messages).
var trackMessages = map[string][2]string{
	"track.title": {"Seberapa tepat perkiraan sebelumnya", "How good the past forecasts were"},
	"track.note": {"Untuk tiap kantor, perkiraan yang akan dibuat pantau pada akhir tiap pekan dari %d pekan terakhir, dengan data sampai pekan itu saja, dibandingkan dengan permintaan yang kemudian terjadi (tiap perkiraan menilai pekan-pekan cakupannya yang sudah lewat). Galat berskala di bawah 1 berarti lebih tepat daripada memakai permintaan pekan yang sama tahun lalu (atau pekan lalu bila riwayat belum setahun). Bila perkiraan jujur, sekitar 80%% dan 95%% pekan jatuh di dalam rentangnya.",
		"For each office, the forecasts pantau would have made at the end of each of the last %d weeks, from the data up to that week only, against the demand that came (each forecast scored on the weeks of its horizon already past). A scaled error below 1 is better than taking the same week's demand a year before (or the week before while the history is shorter than a year). When the forecast is honest, about 80%% and 95%% of the weeks fall inside its intervals."},
	"track.sentence": {"Dalam %d perkiraan terakhir (per %s), perkiraan permintaan blanko %s rata-rata meleset %s keping per pekan, dari permintaan rata-rata %s keping per pekan; permintaan nyata jatuh di dalam rentang 80%% pada %s pekan dan di dalam rentang 95%% pada %s pekan.",
		"Over the last %d forecasts (as of %s), the blank card demand forecast of %s missed by %s cards a week on average, against a mean demand of %s cards a week; the actual demand fell inside the 80%% interval in %s of the weeks and inside the 95%% interval in %s."},
	"track.better": {" Perkiraan ini lebih tepat daripada cara naif musiman (galat berskala %s).", " This beats the seasonal naive rule (scaled error %s)."},
	"track.worse":  {" Perkiraan ini tidak lebih tepat daripada cara naif musiman (galat berskala %s): pakai rencananya dengan hati-hati.", " This does not beat the seasonal naive rule (scaled error %s): use its plan with care."},
	"track.holiday": {" Pada pekan libur (Lebaran, cuti bersama dan hari libur lain) meleset rata-rata %s keping per pekan.",
		" In holiday weeks (Lebaran, cuti bersama and other holidays) it missed by %s cards a week on average."},
	"track.none":        {"Riwayat permintaan belum cukup untuk menilai perkiraan sebelumnya.", "Not enough demand history yet to score past forecasts."},
	"track.col.scored":  {"Perkiraan dinilai", "Forecasts scored"},
	"track.col.demand":  {"Permintaan rata-rata per pekan", "Mean demand a week"},
	"track.col.holiday": {"Meleset pada pekan libur", "Miss in holiday weeks"},
}

// readTrack scores the last 13 forecasts of the region and every office as
// of the report's week; nil when the report makes no plan.
func readTrack(ctx context.Context, db *sql.DB, opt Options, week string) ([]planning.TrackRow, error) {
	if opt.Plan == nil {
		return nil, nil
	}
	monday, err := kpi.ParseWeek(week)
	if err != nil {
		return nil, err
	}
	rows, err := planning.StoredTrackRecord(ctx, db, opt.Settings, planning.TrackOptions{AsOf: monday.AddDate(0, 0, 6), ByOffice: true})
	if err != nil {
		return nil, fmt.Errorf("track record: %w", err)
	}
	return rows, nil
}

// TrackSentence says in a sentence how well the region's (or an office's)
// demand was forecast before: the mean miss in cards a week, the share of
// weeks inside the intervals, and whether that beats the seasonal naive.
func TrackSentence(l Lang, name string, r planning.TrackRow) string {
	if r.Weeks == 0 {
		return trackText(l, "track.none")
	}
	date := r.AsOf
	if d, err := time.Parse(time.DateOnly, r.AsOf); err == nil {
		date = fmt.Sprintf("%d %s %d", d.Day(), l.Month(d.Month()), d.Year())
	}
	s := trackTextf(l, "track.sentence", r.Forecasts, date, name, l.Number(r.MeanAbsoluteError, 0), l.Number(r.MeanDemand, 0),
		l.Percent(r.Coverage80), l.Percent(r.Coverage95))
	if r.MASE < 1 {
		s += trackTextf(l, "track.better", l.Number(r.MASE, 2))
	} else {
		s += trackTextf(l, "track.worse", l.Number(r.MASE, 2))
	}
	if r.HolidayWeeks > 0 {
		s += trackTextf(l, "track.holiday", l.Number(r.HolidayMeanAbsoluteError, 0))
	}
	return s
}

// trackSection is the planner report's track record: a sentence on the
// report's scope and a table of the region and every office.
func (p *Planner) trackSection() page.Section {
	l := p.opt.Lang
	sec := page.Section{ID: "ketepatan", Title: trackText(l, "track.title")}
	if !slices.ContainsFunc(p.track, func(r planning.TrackRow) bool { return r.Weeks > 0 }) {
		sec.Blocks = append(sec.Blocks, page.Block{Paragraph: trackText(l, "track.none")})
		return sec
	}
	main := p.track[0]
	name := p.b.scopeName(l, "")
	for _, r := range p.track {
		if p.opt.Office != "" && r.Scope == kpi.ScopeOffice && r.ScopeID == p.opt.Office {
			main, name = r, p.b.scopeName(l, p.opt.Office)
		}
	}
	sec.Blocks = append(sec.Blocks, page.Block{Paragraph: TrackSentence(l, name, main)})
	t := &page.Table{Empty: trackText(l, "track.none"), Note: trackTextf(l, "track.note", main.Forecasts), Head: []page.Cell{{Text: l.T("col.office")},
		{Text: trackText(l, "track.col.scored"), Class: "n"}, {Text: trackText(l, "track.col.demand"), Class: "n"},
		{Text: l.Label(kpiname.PlanForecastMiss), Class: "n"}, {Text: l.Label(kpiname.PlanForecastMase), Class: "n"},
		{Text: l.Label(kpiname.PlanForecastIn80), Class: "n"}, {Text: l.Label(kpiname.PlanForecastIn95), Class: "n"},
		{Text: trackText(l, "track.col.holiday"), Class: "n"}}}
	for _, r := range p.track {
		if r.Weeks == 0 || (p.opt.Office != "" && r.Scope == kpi.ScopeOffice && r.ScopeID != p.opt.Office) {
			continue
		}
		label := p.b.scopeName(l, "")
		if r.Scope == kpi.ScopeOffice {
			label = r.ScopeID
			if o, ok := p.b.officeByCode[r.ScopeID]; ok {
				label = o.Short
			}
		}
		mase := "n green"
		if r.MASE >= 1 {
			mase = "n amber"
		}
		holiday := "–"
		if r.HolidayWeeks > 0 {
			holiday = l.Number(r.HolidayMeanAbsoluteError, 0)
		}
		t.Rows = append(t.Rows, []page.Cell{{Text: label}, {Text: l.Number(float64(r.Forecasts), 0), Class: "n"},
			{Text: l.Number(r.MeanDemand, 0), Class: "n"}, {Text: l.Number(r.MeanAbsoluteError, 0), Class: "n"},
			{Text: l.Number(r.MASE, 2), Class: mase}, {Text: l.Percent(r.Coverage80), Class: "n"},
			{Text: l.Percent(r.Coverage95), Class: "n"}, {Text: holiday, Class: "n"}})
	}
	sec.Blocks = append(sec.Blocks, page.Block{Table: t})
	return sec
}

// trackText is the text of a track record message in the language.
func trackText(l Lang, key string) string {
	m, ok := trackMessages[key]
	if !ok {
		return key
	}
	if l == English {
		return m[1]
	}
	return m[0]
}

func trackTextf(l Lang, key string, args ...any) string {
	return fmt.Sprintf(trackText(l, key), args...)
}
