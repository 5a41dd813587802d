package reports

import (
	"cmp"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/disdukcapil-bekasi/pantau/kpi"
	"github.com/disdukcapil-bekasi/pantau/reports/page"
)

// IndexEntry is one report file listed by the index page.
type IndexEntry struct {
	File string // the file name, relative to the index
	Kind Kind
	Week string
	// Office and Lang are as in the file's name.
	Office string
	Lang   Lang
	// PDF is the file name of the report's PDF beside it; "" when none.
	PDF string
}

// IndexOffice names an office in the index; its kecamatan groups it.
type IndexOffice struct {
	Code, Name, Kecamatan, Type string
}

// ParseFileName reads a report's kind, week (of the IKM report its
// period), office (of the national report its province) and language
// from its stable name (see FileName); ok is false for any other file.
func ParseFileName(name string) (IndexEntry, bool) {
	base := filepath.Base(name)
	rest, found := strings.CutSuffix(base, ".html")
	if !found {
		return IndexEntry{}, false
	}
	e := IndexEntry{File: base, Lang: Indonesian}
	if t, ok := strings.CutSuffix(rest, "-en"); ok {
		e.Lang, rest = English, t
	}
	if period, ok := strings.CutPrefix(rest, strings.TrimSuffix(ikmFileName("", Indonesian), ".html")); ok {
		if _, err := kpi.ParsePeriod(period); err != nil {
			return IndexEntry{}, false
		}
		e.Kind, e.Week = KindIKM, period
		return e, true
	}
	if tail, ok := strings.CutPrefix(rest, "laporan-provinsi-"); ok {
		province, week, ok := strings.Cut(tail, "-")
		if _, err := parseISOWeek(week); !ok || err != nil {
			return IndexEntry{}, false
		}
		e.Kind, e.Week, e.Office = KindNational, week, province
		return e, true
	}
	for _, k := range Kinds() {
		prefix := strings.TrimSuffix(FileName(k, "", "", Indonesian), "-.html") + "-"
		if tail, ok := strings.CutPrefix(rest, prefix); ok && len(tail) >= 8 {
			e.Kind, e.Week, tail = k, tail[:8], tail[8:]
			e.Office = strings.TrimPrefix(tail, "-")
			if _, err := parseISOWeek(e.Week); err != nil {
				return IndexEntry{}, false
			}
			return e, true
		}
	}
	if week, ok := strings.CutPrefix(rest, "laporan-nasional-"); ok {
		if _, err := parseISOWeek(week); err != nil {
			return IndexEntry{}, false
		}
		e.Kind, e.Week = KindNational, week
		return e, true
	}
	return IndexEntry{}, false
}

// isPeriod reports whether the entry is of a survey period, not a week.
func (e IndexEntry) isPeriod() bool { return e.Kind == KindIKM }

// WriteIndex writes index.html: the latest week's reports (the region's
// first, then each office's, grouped by kecamatan), then every report
// written so far, the latest week first.
func WriteIndex(w io.Writer, r *page.Renderer, l Lang, regionName string, now time.Time, entries []IndexEntry, offices []IndexOffice) error {
	byCode := map[string]IndexOffice{}
	for _, o := range offices {
		byCode[o.Code] = o
	}
	officeName := func(code string) string {
		if o, ok := byCode[code]; ok && o.Name != "" {
			return o.Name
		}
		return code
	}
	entries = slices.Clone(entries)
	slices.SortStableFunc(entries, func(a, b IndexEntry) int {
		// A survey period sorts among the weeks by the week it ended.
		if c := cmp.Compare(sortWeek(b), sortWeek(a)); c != 0 {
			return c
		}
		if c := cmp.Compare(kindOrder(a.Kind), kindOrder(b.Kind)); c != 0 {
			return c
		}
		return cmp.Compare(a.File, b.File)
	})
	t := &page.Table{Empty: l.T("index.none"), Head: []page.Cell{{Text: l.T("table.week")}, {Text: l.T("index.report")}, {Text: l.T("col.office")}, {Text: l.T("index.lang")}, {Text: l.T("index.pdf")}}}
	for _, e := range entries {
		week := e.Week
		if _, err := parseISOWeek(e.Week); err == nil {
			week = l.WeekLabel(e.Week)
		} else if e.isPeriod() {
			week = periodName(l, e.Week)
		}
		office := entryScope(l, e, officeName)
		t.Rows = append(t.Rows, []page.Cell{{Text: week}, {Text: l.T(string(e.Kind) + ".title"), Link: e.File}, {Text: office},
			{Text: map[Lang]string{Indonesian: "Bahasa Indonesia", English: "English"}[e.Lang]}, pdfCell(l, e)})
	}
	var sections []page.Section
	if len(entries) > 0 {
		sections = append(sections, latestSection(l, regionName, entries, byCode, officeName))
	}
	sections = append(sections, page.Section{ID: "semua", Title: l.T("index.all"), Blocks: []page.Block{{Table: t}}})
	p := page.Page{Lang: l, Org: l.T("org"), Title: l.T("index.title"), Scope: regionName, Period: l.T("index.period"),
		DataAsOf: l.T("index.updated") + " " + l.DateTime(now), Generated: l.T("generated") + " " + l.DateTime(now),
		NoScript: "", Sections: sections, Footer: []string{l.T("footer.pantau")}}
	return r.Render(w, p)
}

// pdfCell links the report's PDF, when there is one.
func pdfCell(l Lang, e IndexEntry) page.Cell {
	if e.PDF == "" {
		return page.Cell{Text: "–"}
	}
	return page.Cell{Text: l.T("index.pdf"), Link: e.PDF}
}

// latestSection lists the latest week's reports: the region's first, then
// the offices' by kecamatan (offices without one, the mobile units and the
// online service, last). entries are sorted, the latest week first.
func latestSection(l Lang, regionName string, entries []IndexEntry, byCode map[string]IndexOffice, officeName func(string) string) page.Section {
	latest := sortWeek(entries[0])
	s := page.Section{ID: "terbaru", Title: l.T("index.latest")}
	if _, err := parseISOWeek(latest); err == nil {
		s.Title += " · " + l.WeekLabel(latest)
	}
	s.Blocks = append(s.Blocks, page.Block{Paragraph: l.T("index.latest.note"), Class: "note"})
	head := []page.Cell{{Text: l.T("index.report")}, {Text: l.T("col.office")}, {Text: l.T("index.pdf")}}
	region := &page.Table{Caption: regionName, Head: head}
	groups := map[string]*page.Table{}
	var names []string
	for _, e := range entries {
		if sortWeek(e) != latest || e.Lang != l {
			continue
		}
		row := []page.Cell{{Text: l.T(string(e.Kind) + ".title"), Link: e.File}, {Text: entryScope(l, e, officeName)}, pdfCell(l, e)}
		if e.Office == "" || e.Kind == KindNational {
			region.Rows = append(region.Rows, row)
			continue
		}
		// An office's row leads with its name, the link a camat looks for.
		row = []page.Cell{{Text: officeName(e.Office), Link: e.File}, {Text: l.T(string(e.Kind) + ".title")}, pdfCell(l, e)}
		kec := byCode[e.Office].Kecamatan
		if _, ok := groups[kec]; !ok {
			caption := l.T("index.no_kecamatan")
			if kec != "" {
				caption = l.Tf("index.kecamatan", kec)
			}
			groups[kec] = &page.Table{Caption: caption, Head: []page.Cell{{Text: l.T("col.office")}, {Text: l.T("index.report")}, {Text: l.T("index.pdf")}}}
			names = append(names, kec)
		}
		groups[kec].Rows = append(groups[kec].Rows, row)
	}
	// The latest survey report, of a period that ended before this week.
	if i := slices.IndexFunc(entries, func(e IndexEntry) bool { return e.isPeriod() && e.Lang == l }); i >= 0 && sortWeek(entries[i]) != latest {
		e := entries[i]
		region.Rows = append(region.Rows, []page.Cell{{Text: l.T(string(e.Kind) + ".title"), Link: e.File},
			{Text: periodName(l, e.Week)}, pdfCell(l, e)})
	}
	slices.SortFunc(names, func(a, b string) int {
		if (a == "") != (b == "") { // offices without a kecamatan last
			if a == "" {
				return 1
			}
			return -1
		}
		return cmp.Compare(a, b)
	})
	s.Blocks = append(s.Blocks, page.Block{Table: region})
	for _, k := range names {
		t := groups[k]
		slices.SortStableFunc(t.Rows, func(a, b []page.Cell) int { return cmp.Compare(a[0].Text, b[0].Text) })
		s.Blocks = append(s.Blocks, page.Block{Table: t})
	}
	return s
}

// sortWeek is the week an entry sorts by: its week, or the last week of
// its survey period.
func sortWeek(e IndexEntry) string {
	if !e.isPeriod() {
		return e.Week
	}
	p, err := kpi.ParsePeriod(e.Week)
	if err != nil {
		return e.Week
	}
	y, w := p.LastDay().ISOWeek()
	return fmt.Sprintf("%04d-W%02d", y, w)
}

// kindOrder is the order of the reports in Specs.
func kindOrder(k Kind) int {
	return slices.IndexFunc(Specs(), func(s Spec) bool { return s.Kind == k })
}

// entryScope is what an entry is about: the region, an office, the nation
// or a province.
func entryScope(l Lang, e IndexEntry, officeName func(string) string) string {
	switch {
	case e.Kind == KindNational && e.Office == "":
		return l.T("index.nation")
	case e.Kind == KindNational:
		return l.Tf("index.province", e.Office)
	case e.Office == "":
		return l.T("index.region")
	}
	return officeName(e.Office)
}
