package reports

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"time"

	"github.com/disdukcapil-bekasi/pantau/metrics"
)

// Quality is the data-quality report: load runs, rejects by reason and by
// file, the freshness of each source and the results of `pantau check`.
type Quality struct {
	opt      Options
	b        basics
	runs     []loadRun
	byReason []countRow
	byFile   []countRow
	examples []rejectRow
	checks   []metrics.CheckResult
	lastRun  sql.NullTime
	samples  []complaintSample
}

type loadRun struct {
	ID                                int64
	File, Kind, Status, Error         string
	Read, Inserted, Updated, Rejected int64
	Started                           time.Time
	Took                              time.Duration
}

type countRow struct {
	Key   string
	Count int64
}

type rejectRow struct {
	File, Column, Value, Reason string
	Line                        int64
}

type complaintSample struct {
	Received       time.Time
	Category, Text string
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
	rows, err := db.QueryContext(ctx, `SELECT load_id, file, coalesce(kind, ''), status, coalesce(error, ''),
		coalesce(rows_read, 0), coalesce(rows_inserted, 0), coalesce(rows_updated, 0), coalesce(rows_rejected, 0),
		started_at, coalesce(epoch_ms(finished_at) - epoch_ms(started_at), 0)
		FROM load_runs ORDER BY load_id DESC LIMIT 60`)
	if err != nil {
		return nil, fmt.Errorf("read load runs: %w", err)
	}
	for rows.Next() {
		var r loadRun
		var ms int64
		if err := rows.Scan(&r.ID, &r.File, &r.Kind, &r.Status, &r.Error, &r.Read, &r.Inserted, &r.Updated, &r.Rejected, &r.Started, &ms); err != nil {
			rows.Close()
			return nil, fmt.Errorf("read load runs: %w", err)
		}
		r.Took = time.Duration(ms) * time.Millisecond
		q.runs = append(q.runs, r)
	}
	rows.Close()
	if q.byReason, err = counts(ctx, db, `SELECT reason, count(*) FROM rejects GROUP BY ALL ORDER BY 2 DESC, 1 LIMIT 40`); err != nil {
		return nil, err
	}
	if q.byFile, err = counts(ctx, db, `SELECT file, count(*) FROM rejects GROUP BY ALL ORDER BY 2 DESC, 1 LIMIT 40`); err != nil {
		return nil, err
	}
	rows, err = db.QueryContext(ctx, `SELECT file, coalesce(line, 0), coalesce("column", ''), coalesce(value, ''), reason FROM (
		SELECT *, row_number() OVER (PARTITION BY reason ORDER BY load_id, line) AS nth FROM rejects)
		WHERE nth <= 3 ORDER BY reason, load_id, line LIMIT 60`)
	if err != nil {
		return nil, fmt.Errorf("read rejects: %w", err)
	}
	for rows.Next() {
		var r rejectRow
		if err := rows.Scan(&r.File, &r.Line, &r.Column, &r.Value, &r.Reason); err != nil {
			rows.Close()
			return nil, fmt.Errorf("read rejects: %w", err)
		}
		q.examples = append(q.examples, r)
	}
	rows.Close()
	if b.hasData {
		if q.checks, err = metrics.Check(ctx, db, opt.Settings); err != nil {
			return nil, err
		}
	}
	// check_results exists once pantau check or pantau run stored results.
	var exists bool
	if err := db.QueryRowContext(ctx, `SELECT count(*) > 0 FROM duckdb_tables() WHERE table_name = 'check_results'`).Scan(&exists); err != nil {
		return nil, fmt.Errorf("read check results: %w", err)
	}
	if exists {
		if err := db.QueryRowContext(ctx, `SELECT max(run_at)::TIMESTAMP FROM check_results`).Scan(&q.lastRun); err != nil {
			return nil, fmt.Errorf("read check results: %w", err)
		}
	}
	next := b.monday.AddDate(0, 0, 7)
	rows, err = db.QueryContext(ctx, `SELECT received_at, category, coalesce(text, '') FROM complaints
		WHERE region_code = ? AND classified_by = 'rules' AND received_at >= ? AND received_at < ?
		ORDER BY received_at, complaint_id LIMIT 15`, opt.Settings.RegionCode, b.monday, next)
	if err != nil {
		return nil, fmt.Errorf("read complaints: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var s complaintSample
		if err := rows.Scan(&s.Received, &s.Category, &s.Text); err != nil {
			return nil, fmt.Errorf("read complaints: %w", err)
		}
		q.samples = append(q.samples, s)
	}
	return q, rows.Err()
}

func counts(ctx context.Context, db *sql.DB, query string) ([]countRow, error) {
	rows, err := db.QueryContext(ctx, query)
	if err != nil {
		return nil, fmt.Errorf("read rejects: %w", err)
	}
	defer rows.Close()
	var out []countRow
	for rows.Next() {
		var c countRow
		if err := rows.Scan(&c.Key, &c.Count); err != nil {
			return nil, fmt.Errorf("read rejects: %w", err)
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

func (q *Quality) page() page {
	l := q.opt.Lang
	period, asOf, generated := q.b.stamps(l, q.opt.Now)
	p := page{Lang: l, Org: l.T("org"), Title: l.T("quality.title"), Scope: q.b.regionName,
		Period: period, DataAsOf: asOf, Generated: generated, NoScript: l.T("noscript"),
		Footer: []string{l.T("quality.footer"), l.T("footer.pantau")}}

	checks := section{ID: "pemeriksaan", Title: l.T("quality.checks")}
	failed, warned := 0, 0
	t := &table{Empty: l.T("table.empty"), Head: []cell{{Text: l.T("col.status")}, {Text: l.T("col.level")}, {Text: l.T("col.check")},
		{Text: l.T("col.count"), Class: "n"}, {Text: l.T("col.message")}}}
	for _, c := range q.checks {
		cls := "green"
		switch {
		case c.Failed():
			cls = "red"
			failed++
		case c.Status == metrics.StatusFail:
			cls = "amber"
			warned++
		}
		t.Rows = append(t.Rows, []cell{{Text: l.T("check." + c.Status), Class: cls}, {Text: l.T("level." + c.Level)}, {Text: c.ID},
			{Text: l.Number(float64(c.Count), 0), Class: "n"}, {Text: c.Message, Class: "text"}})
	}
	checks.Blocks = append(checks.Blocks, block{Paragraph: l.Tf("quality.check_summary", len(q.checks), failed, warned)})
	if q.lastRun.Valid {
		checks.Blocks = append(checks.Blocks, block{Paragraph: l.Tf("quality.last_stored", l.DateTime(q.lastRun.Time)), Class: "note"})
	}
	checks.Blocks = append(checks.Blocks, block{Table: t})
	p.Sections = append(p.Sections, checks)

	loads := section{ID: "muat", Title: l.T("quality.loads")}
	lt := &table{Empty: l.T("quality.no_loads"), Head: []cell{{Text: "#", Class: "n"}, {Text: l.T("col.file")}, {Text: l.T("col.kind")},
		{Text: l.T("col.status")}, {Text: l.T("col.read"), Class: "n"}, {Text: l.T("col.inserted"), Class: "n"},
		{Text: l.T("col.updated"), Class: "n"}, {Text: l.T("col.rejected"), Class: "n"}, {Text: l.T("col.started")}, {Text: l.T("col.took"), Class: "n"}}}
	for _, r := range q.runs {
		cls := ""
		if r.Status == "failed" {
			cls = "red"
		}
		lt.Rows = append(lt.Rows, []cell{{Text: fmt.Sprint(r.ID), Class: "n"}, {Text: r.File, Class: "text"}, {Text: r.Kind},
			{Text: r.Status, Class: cls}, {Text: l.Number(float64(r.Read), 0), Class: "n"}, {Text: l.Number(float64(r.Inserted), 0), Class: "n"},
			{Text: l.Number(float64(r.Updated), 0), Class: "n"}, {Text: l.Number(float64(r.Rejected), 0), Class: "n"},
			{Text: l.DateTime(r.Started)}, {Text: l.Number(r.Took.Seconds(), 1) + " s", Class: "n"}})
		if r.Error != "" {
			lt.Rows = append(lt.Rows, []cell{{}, {Text: r.Error, Class: "text red"}})
		}
	}
	loads.Blocks = append(loads.Blocks, block{Table: lt})
	p.Sections = append(p.Sections, loads)

	rej := section{ID: "tolak", Title: l.T("quality.rejects")}
	countTable := func(caption, head string, rows []countRow) *table {
		t := &table{Caption: caption, Empty: l.T("quality.no_rejects"), Head: []cell{{Text: head}, {Text: l.T("col.rows"), Class: "n"}}}
		for _, r := range rows {
			t.Rows = append(t.Rows, []cell{{Text: r.Key, Class: "text"}, {Text: l.Number(float64(r.Count), 0), Class: "n"}})
		}
		return t
	}
	rej.Blocks = append(rej.Blocks, block{Table: countTable(l.T("quality.by_reason"), l.T("col.reason"), q.byReason)},
		block{Table: countTable(l.T("quality.by_file"), l.T("col.file"), q.byFile)})
	et := &table{Caption: l.T("quality.examples"), Empty: l.T("quality.no_rejects"), Head: []cell{{Text: l.T("col.place")}, {Text: l.T("col.value")}, {Text: l.T("col.reason")}}}
	for _, r := range q.examples {
		place := fmt.Sprintf("%s:%d", r.File, r.Line)
		if r.Column != "" {
			place += ":" + r.Column
		}
		et.Rows = append(et.Rows, []cell{{Text: place, Class: "text"}, {Text: r.Value, Class: "text"}, {Text: r.Reason, Class: "text"}})
	}
	rej.Blocks = append(rej.Blocks, block{Table: et})
	p.Sections = append(p.Sections, rej)

	cls := section{ID: "klasifikasi", Title: l.T("quality.classified")}
	ct := &table{Empty: l.T("table.empty"), Note: l.T("quality.classified.note"), Head: []cell{{Text: l.T("col.received")}, {Text: l.T("col.category")}, {Text: l.T("col.text")}}}
	for _, s := range q.samples {
		ct.Rows = append(ct.Rows, []cell{{Text: l.DateShort(s.Received)}, {Text: l.T("cat." + s.Category)}, {Text: s.Text, Class: "text"}})
	}
	cls.Blocks = append(cls.Blocks, block{Table: ct})
	p.Sections = append(p.Sections, cls)
	return p
}

// WriteHTML writes the report as one self-contained HTML file.
func (q *Quality) WriteHTML(out io.Writer, r *Renderer) error { return r.render(out, q.page()) }
