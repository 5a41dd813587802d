package reports

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"io"
	"slices"
	"time"

	"github.com/disdukcapil-bekasi/pantau/ikm"
	"github.com/disdukcapil-bekasi/pantau/kpi"
	"github.com/disdukcapil-bekasi/pantau/reports/page"
)

// IKM is the survey report a unit publishes (Indeks Kepuasan Masyarakat,
// PermenPANRB 14/2017): the index and grade per office, ranked where the
// sample suffices; each element's NRR and grade; the weakest element per
// office beside the operational figure behind it; the respondent profile;
// suggestions by topic; and the falls since the previous period at the top.
// Every figure comes from a metrics function.
type IKM struct {
	opt        Options
	period     kpi.Period
	regionName string
	offices    map[string]office
	def        ikm.Definition
	reg        ikm.Regulation
	results    []ikm.Result
	prev       []ikm.Result // the region's in the period before
	alerts     []ikm.Alert
	context    []ikm.PeriodValue
	profile    []ikm.ProfileCount
	topics     []ikm.TopicCount
	dataAsOf   time.Time
	hasData    bool
}

// BuildIKM reads the IKM report of opt.Period (default: the latest complete
// semester) from the warehouse.
func BuildIKM(ctx context.Context, db *sql.DB, opt Options) (*IKM, error) {
	if opt.Lang == "" {
		opt.Lang = Indonesian
	}
	s := opt.IKM
	s.Settings = opt.Settings
	r := &IKM{opt: opt, def: ikm.Metadata()}
	period := opt.Period
	if period == "" {
		p, err := defaultSurveyPeriod(ctx, db, s, opt)
		if err != nil {
			return nil, err
		}
		period = p
	}
	var err error
	if r.period, err = kpi.ParsePeriod(period); err != nil {
		return nil, err
	}
	region := opt.Settings.RegionCode
	if r.regionName, err = kpi.RegionName(ctx, db, region); err != nil {
		return nil, err
	}
	offices, err := kpi.Offices(ctx, db, region)
	if err != nil {
		return nil, err
	}
	r.offices = map[string]office{}
	for _, mo := range offices {
		o := office{Code: mo.Code, Type: mo.Type, Name: mo.Name}
		o.Name = shortOfficeName(o, mo.KecamatanName)
		o.Short = mo.ShortName
		if o.Short == "" {
			o.Short = o.Name
		}
		r.offices[o.Code] = o
	}
	if err := r.readIndex(ctx, db, s, period); err != nil {
		return nil, err
	}
	if len(r.results) > 0 {
		if reg, ok := r.def.Regulation(r.results[0].Regulation); ok {
			r.reg = reg
		}
	}
	if r.dataAsOf, r.hasData, err = kpi.DataAsOf(ctx, db, region, r.period.End); err != nil {
		return nil, err
	}
	return r, nil
}

// readIndex reads the index of the period and the previous one, its
// alerts, the operational context, the respondents' profile and the
// suggestions' topics.
func (r *IKM) readIndex(ctx context.Context, db *sql.DB, s ikm.Settings, period string) error {
	var err error
	if r.results, err = ikm.StoredCompute(ctx, db, s, ikm.Query{Periods: []string{period},
		Scopes: []string{kpi.ScopeRegion, kpi.ScopeOffice}}); err != nil {
		return err
	}
	if r.prev, err = ikm.StoredCompute(ctx, db, s, ikm.Query{Periods: []string{r.period.Previous().ID},
		Scopes: []string{kpi.ScopeRegion}, WithoutSample: true}); err != nil {
		return err
	}
	if r.alerts, err = ikm.StoredAlerts(ctx, db, s, period); err != nil {
		return err
	}
	if r.context, err = ikm.StoredContextValues(ctx, db, s, period); err != nil {
		return err
	}
	if r.profile, err = ikm.StoredProfile(ctx, db, s, period); err != nil {
		return err
	}
	r.topics, err = ikm.StoredSuggestions(ctx, db, s, period)
	return err
}

// defaultSurveyPeriod is the IKM report's period without --period: the
// weekly report's rule (surveyPeriod) as of the end of the week reported,
// by default the latest complete week; as of the last day of data when
// the warehouse holds no service event.
func defaultSurveyPeriod(ctx context.Context, db *sql.DB, s ikm.Settings, opt Options) (string, error) {
	week := opt.Week
	if week == "" {
		w, err := kpi.LatestWeek(ctx, db)
		if errors.Is(err, kpi.ErrNoData) {
			return ikm.LatestPeriod(ctx, db, s, kpi.PeriodSemester, opt.Now)
		}
		if err != nil {
			return "", err
		}
		week = w
	}
	monday, err := kpi.ParseWeek(week)
	if err != nil {
		return "", err
	}
	return surveyPeriod(ctx, db, s, monday.AddDate(0, 0, 6))
}

// Week is the survey period the report is about.
func (r *IKM) Week() string { return r.period.ID }

// WriteHTML writes the report as one self-contained HTML file.
func (r *IKM) WriteHTML(out io.Writer, rr *page.Renderer) error { return rr.Render(out, r.page()) }

// officeName is the office's short name, as the weekly report writes it
// ("MPP Lotte", "Mobil 1").
func (r *IKM) officeName(code string) string {
	if o, ok := r.offices[code]; ok {
		return o.Short
	}
	return code
}

func (r *IKM) elementTitle(id string) string {
	e, _ := r.def.Element(id)
	return id + " " + ikmText(r.opt.Lang, e.Title)
}

func ikmText(l Lang, t kpi.Text) string {
	if l == English {
		return t.EN
	}
	return t.ID
}

// index formats hundredths of a point as 88,31 (id) or 88.31 (en).
func index(l Lang, v100 int64) string { return l.Number(float64(v100)/100, 2) }

func (r *IKM) gradeText(grade string) string {
	for _, g := range r.reg.Grades {
		if g.Grade == grade {
			return grade + " (" + ikmText(r.opt.Lang, g.Title) + ")"
		}
	}
	return grade
}

func gradeStatus(grade string) string {
	switch grade {
	case "A", "B":
		return "green"
	case "C":
		return "amber"
	case "D":
		return "red"
	}
	return ""
}

func (r *IKM) periodLabel() string {
	l := r.opt.Lang
	return periodName(l, r.period.ID) + " (" + l.Range(r.period.Start, r.period.LastDay()) + ")"
}

func (r *IKM) page() page.Page {
	l := r.opt.Lang
	asOf := l.T("no_data")
	if r.hasData {
		asOf = l.T("data_as_of") + " " + l.Date(r.dataAsOf)
	}
	p := page.Page{Lang: l, Org: l.T("org"), Title: l.T("ikm.title"), Scope: r.regionName, Period: r.periodLabel(),
		DataAsOf: asOf, Generated: l.T("generated") + " " + l.DateTime(r.opt.Now), NoScript: l.T("noscript"),
		Footer: []string{l.Tf("ikm.footer", ikmText(l, r.reg.Title)), l.T("footer.pantau")}}
	var region *ikm.Result
	var offices []ikm.Result
	for i := range r.results {
		switch r.results[i].Scope {
		case kpi.ScopeRegion:
			region = &r.results[i]
		case kpi.ScopeOffice:
			offices = append(offices, r.results[i])
		}
	}
	summary := page.Section{ID: "ringkasan", Title: l.T("ikm.summary")}
	if region == nil {
		summary.Blocks = append(summary.Blocks, page.Block{Paragraph: l.T("ikm.none")})
		p.Sections = append(p.Sections, summary)
		return p
	}
	if alerts := r.alertSentences(); len(alerts) > 0 {
		summary.Blocks = append(summary.Blocks, page.Block{Paragraph: l.T("ikm.alerts"), Class: "note"}, page.Block{List: alerts})
	}
	summary.Blocks = append(summary.Blocks, page.Block{Cards: r.regionCards(*region)})
	summary.Blocks = append(summary.Blocks, page.Block{Paragraph: l.Tf("ikm.method", r.reg.ID, weightText(l, region.Weight)), Class: "note"})
	p.Sections = append(p.Sections, summary)

	ranking := page.Section{ID: "peringkat", Title: l.T("ikm.ranking")}
	ranking.Blocks = append(ranking.Blocks, page.Block{Table: r.rankingTable(offices)})
	p.Sections = append(p.Sections, ranking)

	elements := page.Section{ID: "unsur", Title: l.T("ikm.elements")}
	elements.Blocks = append(elements.Blocks, page.Block{Chart: r.elementChart(*region)}, page.Block{Table: r.elementTable(*region)})
	p.Sections = append(p.Sections, elements)

	weakest := page.Section{ID: "unsur-terlemah", Title: l.T("ikm.weakest")}
	weakest.Blocks = append(weakest.Blocks, page.Block{Table: r.weakestTable(offices)})
	p.Sections = append(p.Sections, weakest)

	respondents := page.Section{ID: "responden", Title: l.T("ikm.profile")}
	for _, field := range []string{"sex", "age_band", "education", "occupation"} {
		respondents.Blocks = append(respondents.Blocks, page.Block{Table: r.profileTable(field)})
	}
	respondents.Blocks = append(respondents.Blocks, page.Block{Table: r.topicTable()})
	p.Sections = append(p.Sections, respondents)
	return p
}

func weightText(l Lang, weight string) string {
	if weight == "0.111" {
		return l.T("ikm.weight.rounded")
	}
	return l.T("ikm.weight.exact")
}

func (r *IKM) regionCards(reg ikm.Result) []page.Card {
	l := r.opt.Lang
	value, grade := "—", ""
	if reg.IKM100 != nil {
		value, grade = index(l, *reg.IKM100), reg.Grade
	}
	cards := []page.Card{
		{Title: l.T("ikm.card.index"), Value: value, Status: gradeStatus(grade), StatusText: r.gradeText(grade)},
		{Title: l.T("ikm.card.responses"), Value: l.Number(float64(reg.Responses), 0), StatusText: r.sampleText(reg),
			Status: map[bool]string{true: "green", false: "amber"}[reg.SampleAdequate != nil && *reg.SampleAdequate]},
	}
	var prev *ikm.Result
	for i := range r.prev {
		if r.prev[i].Scope == kpi.ScopeRegion {
			prev = &r.prev[i]
		}
	}
	cards[0].Change, cards[0].ChangeClass = ikmChange(l, &reg, prev)
	if reg.WeakestElement != "" {
		e, _ := r.def.Element(reg.WeakestElement)
		cards = append(cards, page.Card{Title: l.T("ikm.card.weakest"), Value: ikmText(l, e.Title)})
	}
	return cards
}

// sampleText says whether the sample reaches its Krejcie–Morgan minimum.
func (r *IKM) sampleText(res ikm.Result) string {
	l := r.opt.Lang
	switch {
	case res.SampleMin == nil:
		return l.T("ikm.sample.unknown")
	case res.SampleAdequate != nil && *res.SampleAdequate:
		return l.Tf("ikm.sample.ok", l.Number(float64(*res.SampleMin), 0))
	}
	margin := ""
	if res.MarginOfError != nil {
		margin = l.Percent(*res.MarginOfError)
	}
	return l.Tf("ikm.sample.short", l.Number(float64(*res.SampleMin), 0), margin)
}

// rankingTable ranks the offices whose sample suffices by index; the others
// follow, unranked, with their margin of error.
func (r *IKM) rankingTable(offices []ikm.Result) *page.Table {
	l := r.opt.Lang
	t := &page.Table{Empty: l.T("table.empty"), Note: l.T("ikm.ranking.note"), Head: []page.Cell{{Text: l.T("ikm.col.rank"), Class: "n"},
		{Text: l.T("col.office")}, {Text: l.T("ikm.col.index"), Class: "n"}, {Text: l.T("ikm.col.grade")},
		{Text: l.T("ikm.col.responses"), Class: "n"}, {Text: l.T("ikm.col.sample")}}}
	rows := slices.Clone(offices)
	slices.SortStableFunc(rows, func(a, b ikm.Result) int {
		if c := cmp.Compare(boolRank(b.Ranked()), boolRank(a.Ranked())); c != 0 {
			return c
		}
		return cmp.Or(cmp.Compare(val100(b.IKM100), val100(a.IKM100)), cmp.Compare(a.ScopeID, b.ScopeID))
	})
	rank := 0
	for _, o := range rows {
		rankText := "—"
		if o.Ranked() {
			rank++
			rankText = l.Number(float64(rank), 0)
		}
		value := "—"
		if o.IKM100 != nil {
			value = index(l, *o.IKM100)
		}
		t.Rows = append(t.Rows, []page.Cell{{Text: rankText, Class: "n"}, {Text: r.officeName(o.ScopeID)},
			{Text: value, Class: "n"}, {Text: r.gradeText(o.Grade), Class: gradeStatus(o.Grade)},
			{Text: l.Number(float64(o.Responses), 0), Class: "n"}, {Text: r.sampleText(o)}})
	}
	return t
}

func boolRank(b bool) int {
	if b {
		return 1
	}
	return 0
}

func val100(v *int64) int64 {
	if v == nil {
		return -1
	}
	return *v
}

// elementChart draws each element's score (NRR × 25) as a bar.
func (r *IKM) elementChart(reg ikm.Result) *page.Chart {
	l := r.opt.Lang
	var x []string
	var values []*float64
	for _, e := range reg.Elements {
		x = append(x, e.Element)
		values = append(values, ptr(float64(e.Score100)/100))
	}
	zero := 0.0
	c := page.NewChart(l, "chart-ikm-elements", l.T("ikm.chart.elements"), x,
		[]page.Series{{Name: l.T("ikm.s.score"), Values: values, Bar: true}},
		[]page.Axis{{Name: l.T("ikm.axis.score"), Format: "decimal", Min: &zero}}, func(int) string { return "index" })
	c.Note = l.T("ikm.chart.elements.note")
	return c
}

func (r *IKM) elementTable(reg ikm.Result) *page.Table {
	l := r.opt.Lang
	t := &page.Table{Caption: l.T("ikm.elements.caption"), Head: []page.Cell{{Text: l.T("ikm.col.element")}, {Text: "NRR", Class: "n"},
		{Text: l.T("ikm.col.score"), Class: "n"}, {Text: l.T("ikm.col.grade")}, {Text: l.T("ikm.col.scored"), Class: "n"}}}
	for _, e := range reg.Elements {
		t.Rows = append(t.Rows, []page.Cell{{Text: r.elementTitle(e.Element)}, {Text: l.Number(e.NRR, 3), Class: "n"},
			{Text: index(l, e.Score100), Class: "n"}, {Text: r.gradeText(e.Grade), Class: gradeStatus(e.Grade)},
			{Text: l.Number(float64(e.Responses), 0), Class: "n"}})
	}
	return t
}

// weakestTable names each office's weakest element and, where the metadata
// names one, the operational figure of the period behind it.
func (r *IKM) weakestTable(offices []ikm.Result) *page.Table {
	l := r.opt.Lang
	t := &page.Table{Empty: l.T("table.empty"), Note: l.T("ikm.weakest.note"), Head: []page.Cell{{Text: l.T("col.office")},
		{Text: l.T("ikm.col.weakest")}, {Text: "NRR", Class: "n"}, {Text: l.T("ikm.col.operational")}, {Text: l.T("ikm.col.value"), Class: "n"}}}
	for _, o := range offices {
		if o.WeakestElement == "" {
			continue
		}
		nrr := ""
		for _, e := range o.Elements {
			if e.Element == o.WeakestElement {
				nrr = l.Number(e.NRR, 3)
			}
		}
		label, value := "—", ""
		if el, ok := r.def.Element(o.WeakestElement); ok && el.Operational != "" {
			title, unit, _ := r.def.OperationalTitle(el.Operational)
			label = ikmText(l, title)
			value = l.T("ikm.no_figure")
			for _, v := range r.context {
				if v.Scope == kpi.ScopeOffice && v.ScopeID == o.ScopeID && v.KPI == el.Operational && v.Value != nil {
					value = l.Value(v.Value, unit)
				}
			}
		}
		t.Rows = append(t.Rows, []page.Cell{{Text: r.officeName(o.ScopeID)}, {Text: r.elementTitle(o.WeakestElement)},
			{Text: nrr, Class: "n"}, {Text: label}, {Text: value, Class: "n"}})
	}
	return t
}

func (r *IKM) profileTable(field string) *page.Table {
	l := r.opt.Lang
	t := &page.Table{Caption: l.T("ikm.profile." + field), Head: []page.Cell{{Text: l.T("ikm.col.answer")}, {Text: l.T("ikm.col.responses"), Class: "n"}}}
	for _, c := range r.profile {
		if c.Scope != kpi.ScopeRegion || c.Field != field {
			continue
		}
		v := c.Value
		switch {
		case v == "":
			v = l.T("ikm.blank")
		case field == "sex":
			v = l.T("ikm.sex." + v)
		}
		t.Rows = append(t.Rows, []page.Cell{{Text: v}, {Text: l.Number(float64(c.Responses), 0), Class: "n"}})
	}
	return t
}

func (r *IKM) topicTable() *page.Table {
	l := r.opt.Lang
	t := &page.Table{Caption: l.T("ikm.topics"), Empty: l.T("table.empty"), Note: l.T("ikm.topics.note"),
		Head: []page.Cell{{Text: l.T("ikm.col.topic")}, {Text: l.T("ikm.col.suggestions"), Class: "n"}}}
	for _, c := range r.topics {
		if c.Scope == kpi.ScopeRegion {
			t.Rows = append(t.Rows, []page.Cell{{Text: l.T("ikm.topic." + c.Topic)}, {Text: l.Number(float64(c.Suggestions), 0), Class: "n"}})
		}
	}
	return t
}

// alertSentences name the offices whose index or an element fell since the
// previous period, the index falls first.
func (r *IKM) alertSentences() []string {
	return ikmAlertSentences(r.opt.Lang, r.alerts, r.officeName, func(id string) string {
		e, _ := r.def.Element(id)
		return ikmText(r.opt.Lang, e.Title)
	})
}

func ikmAlertSentences(l Lang, alerts []ikm.Alert, officeName, elementTitle func(string) string) []string {
	var out []string
	for _, a := range alerts {
		if a.Element == "" {
			out = append(out, l.Tf("ikm.alert.index", officeName(a.Office), index(l, a.Before100), index(l, a.After100), periodName(l, a.Previous)))
		} else {
			out = append(out, l.Tf("ikm.alert.element", officeName(a.Office), elementTitle(a.Element),
				l.Number(a.NRRBefore, 2), l.Number(a.NRRAfter, 2), periodName(l, a.Previous)))
		}
	}
	return out
}

// ikmFileName is the stable file name of the IKM report: indeks-kepuasan-2023-S1.html.
func ikmFileName(period string, lang Lang) string {
	name := "indeks-kepuasan-" + period
	if lang == English {
		name += "-en"
	}
	return name + ".html"
}
