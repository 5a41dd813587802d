package reports

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"time"

	"github.com/disdukcapil-bekasi/pantau/checks"
	"github.com/disdukcapil-bekasi/pantau/kpi"
	"github.com/disdukcapil-bekasi/pantau/reports/page"
)

// Quality is the data-quality report: load runs, rejects by reason and by
// file, the freshness of each source and the results of `pantau check`.
type Quality struct {
	opt     Options
	b       basics
	history kpi.LoadHistory
	checks  []checks.Result
	lastRun time.Time
	hasRun  bool
	samples []kpi.ClassifiedComplaint
}

// BuildQuality reads what the quality report shows from the warehouse. It
// runs the checks of `pantau check` (read-only) and shows when they were
// last stored.
func BuildQuality(ctx context.Context, db *sql.DB, opt Options) (*Quality, error) {
	b, err := loadBasics(ctx, db, &opt)
	if err != nil {
		return nil, err
	}
	q := &Quality{opt: opt, b: b}
	loc := opt.Settings.Location()
	if q.history, err = kpi.ReadLoadHistory(ctx, db, loc); err != nil {
		return nil, err
	}
	if b.hasData {
		if q.checks, err = checks.StoredCheck(ctx, db, opt.Settings); err != nil {
			return nil, err
		}
	}
	if q.lastRun, q.hasRun, err = checks.LastCheckRun(ctx, db, loc); err != nil {
		return nil, err
	}
	if q.samples, err = kpi.ClassifiedComplaints(ctx, db, opt.Settings, b.week); err != nil {
		return nil, err
	}
	return q, nil
}

func (q *Quality) page() page.Page {
	l := q.opt.Lang
	period, asOf, generated := q.b.stamps(l, q.opt.Now)
	p := page.Page{Lang: l, Org: l.T("org"), Title: l.T("quality.title"), Scope: q.b.regionName,
		Period: period, DataAsOf: asOf, Generated: generated, NoScript: l.T("noscript"),
		Footer: []string{l.T("quality.footer"), l.T("footer.pantau")}}
	p.Sections = append(p.Sections, q.checksSection(), q.loadsSection(), q.rejectsSection(), q.classifiedSection())
	return p
}

// checksSection is the data-quality checks and their results.
func (q *Quality) checksSection() page.Section {
	l := q.opt.Lang
	sec := page.Section{ID: "pemeriksaan", Title: l.T("quality.checks")}
	failed, warned := 0, 0
	t := &page.Table{Empty: l.T("table.empty"), Head: []page.Cell{{Text: l.T("col.status")}, {Text: l.T("col.level")}, {Text: l.T("col.check")},
		{Text: l.T("col.count"), Class: "n"}, {Text: l.T("col.message")}}}
	for _, c := range q.checks {
		cls := "green"
		switch {
		case c.Failed():
			cls = "red"
			failed++
		case c.Status == checks.StatusFail:
			cls = "amber"
			warned++
		}
		t.Rows = append(t.Rows, []page.Cell{{Text: l.T("check." + c.Status), Class: cls}, {Text: l.T("level." + c.Level)}, {Text: c.Title.In(string(l)), Class: "text"},
			{Text: l.Number(float64(c.Count), 0), Class: "n"}, {Text: c.Message.In(string(l)), Class: "text"}})
	}
	sec.Blocks = append(sec.Blocks, page.Block{Paragraph: l.Tf("quality.check_summary", len(q.checks), failed, warned)})
	if q.hasRun {
		sec.Blocks = append(sec.Blocks, page.Block{Paragraph: l.Tf("quality.last_stored", l.DateTime(q.lastRun)), Class: "note"})
	}
	sec.Blocks = append(sec.Blocks, page.Block{Table: t})
	return sec
}

// loadsSection is the latest load runs.
func (q *Quality) loadsSection() page.Section {
	l := q.opt.Lang
	loads := page.Section{ID: "muat", Title: l.T("quality.loads")}
	lt := &page.Table{Empty: l.T("quality.no_loads"), Head: []page.Cell{{Text: "#", Class: "n"}, {Text: l.T("col.file")}, {Text: l.T("col.kind")},
		{Text: l.T("col.status")}, {Text: l.T("col.read"), Class: "n"}, {Text: l.T("col.inserted"), Class: "n"},
		{Text: l.T("col.updated"), Class: "n"}, {Text: l.T("col.rejected"), Class: "n"}, {Text: l.T("col.conflicted"), Class: "n"}, {Text: l.T("col.started")}, {Text: l.T("col.took"), Class: "n"}}}
	for _, r := range q.history.Runs {
		cls := ""
		if r.Status == "failed" {
			cls = "red"
		}
		lt.Rows = append(lt.Rows, []page.Cell{{Text: fmt.Sprint(r.ID), Class: "n"}, {Text: r.File, Class: "text"}, {Text: l.T("kind." + r.Kind)},
			{Text: l.T("load." + r.Status), Class: cls}, {Text: l.Number(float64(r.Read), 0), Class: "n"}, {Text: l.Number(float64(r.Inserted), 0), Class: "n"},
			{Text: l.Number(float64(r.Updated), 0), Class: "n"}, {Text: l.Number(float64(r.Rejected), 0), Class: "n"}, {Text: l.Number(float64(r.Conflicted), 0), Class: "n"},
			{Text: l.DateTime(r.Started)}, {Text: l.Number(r.Took.Seconds(), 1) + " s", Class: "n"}})
		if r.Error != "" {
			lt.Rows = append(lt.Rows, []page.Cell{{}, {Text: r.Error, Class: "text red"}})
		}
	}
	loads.Blocks = append(loads.Blocks, page.Block{Table: lt})
	return loads
}

// rejectsSection is the rejected rows by reason and by file, with examples.
func (q *Quality) rejectsSection() page.Section {
	l := q.opt.Lang
	rej := page.Section{ID: "tolak", Title: l.T("quality.rejects")}
	countTable := func(caption, head string, rows []kpi.Count) *page.Table {
		t := &page.Table{Caption: caption, Empty: l.T("quality.no_rejects"), Head: []page.Cell{{Text: head}, {Text: l.T("col.rows"), Class: "n"}}}
		for _, r := range rows {
			t.Rows = append(t.Rows, []page.Cell{{Text: r.Key, Class: "text"}, {Text: l.Number(float64(r.Count), 0), Class: "n"}})
		}
		return t
	}
	rej.Blocks = append(rej.Blocks, page.Block{Table: countTable(l.T("quality.by_reason"), l.T("col.reason"), q.history.ByReason)},
		page.Block{Table: countTable(l.T("quality.by_file"), l.T("col.file"), q.history.ByFile)})
	et := &page.Table{Caption: l.T("quality.examples"), Empty: l.T("quality.no_rejects"), Head: []page.Cell{{Text: l.T("col.place")}, {Text: l.T("col.value")}, {Text: l.T("col.reason")}}}
	for _, r := range q.history.Examples {
		place := fmt.Sprintf("%s:%d", r.File, r.Line)
		if r.Column != "" {
			place += ":" + r.Column
		}
		et.Rows = append(et.Rows, []page.Cell{{Text: place, Class: "text"}, {Text: r.Value, Class: "text"}, {Text: r.Reason, Class: "text"}})
	}
	rej.Blocks = append(rej.Blocks, page.Block{Table: et})
	return rej
}

// classifiedSection is the complaints the keyword rules classified, to review the rules.
func (q *Quality) classifiedSection() page.Section {
	l := q.opt.Lang
	cls := page.Section{ID: "klasifikasi", Title: l.T("quality.classified")}
	ct := &page.Table{Empty: l.T("table.empty"), Note: l.T("quality.classified.note"), Head: []page.Cell{{Text: l.T("col.received")}, {Text: l.T("col.category")}, {Text: l.T("col.text")}}}
	for _, s := range q.samples {
		ct.Rows = append(ct.Rows, []page.Cell{{Text: l.DateShort(s.Received)}, {Text: l.T("cat." + s.Category)}, {Text: s.Text, Class: "text"}})
	}
	cls.Blocks = append(cls.Blocks, page.Block{Table: ct})
	return cls
}

// WriteHTML writes the report as one self-contained HTML file.
func (q *Quality) WriteHTML(out io.Writer, r *page.Renderer) error { return r.Render(out, q.page()) }
