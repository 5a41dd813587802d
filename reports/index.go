package reports

import (
	"cmp"
	"io"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

// IndexEntry is one report file listed by the index page.
type IndexEntry struct {
	File string // the file name, relative to the index
	Kind Kind
	Week string
	// Office and Lang are as in the file's name.
	Office string
	Lang   Lang
}

// ParseFileName reads a report's kind, week, office and language from its
// stable name (see FileName); ok is false for any other file.
func ParseFileName(name string) (IndexEntry, bool) {
	base := filepath.Base(name)
	rest, found := strings.CutSuffix(base, ".html")
	if !found {
		return IndexEntry{}, false
	}
	e := IndexEntry{File: base, Lang: Indonesian}
	for _, k := range Kinds() {
		prefix := strings.TrimSuffix(FileName(k, "", "", Indonesian), "-.html") + "-"
		if tail, ok := strings.CutPrefix(rest, prefix); ok && len(tail) >= 8 {
			e.Kind, e.Week, tail = k, tail[:8], tail[8:]
			if t, ok := strings.CutSuffix(tail, "-en"); ok {
				e.Lang, tail = English, t
			}
			e.Office = strings.TrimPrefix(tail, "-")
			if _, err := parseISOWeek(e.Week); err != nil {
				return IndexEntry{}, false
			}
			return e, true
		}
	}
	return IndexEntry{}, false
}

// WriteIndex writes index.html: every report written so far, the latest
// week first.
func (r *Renderer) WriteIndex(w io.Writer, l Lang, regionName string, now time.Time, entries []IndexEntry) error {
	entries = slices.Clone(entries)
	slices.SortStableFunc(entries, func(a, b IndexEntry) int {
		if c := cmp.Compare(b.Week, a.Week); c != 0 {
			return c
		}
		if c := cmp.Compare(slices.Index(Kinds(), a.Kind), slices.Index(Kinds(), b.Kind)); c != 0 {
			return c
		}
		return cmp.Compare(a.File, b.File)
	})
	t := &table{Empty: l.T("index.none"), Head: []cell{{Text: l.T("table.week")}, {Text: l.T("index.report")}, {Text: l.T("col.office")}, {Text: l.T("index.lang")}, {Text: l.T("col.file")}}}
	for _, e := range entries {
		week := e.Week
		if m, err := parseISOWeek(e.Week); err == nil {
			week = e.Week + " (" + l.Range(m, m.AddDate(0, 0, 6)) + ")"
		}
		office := l.T("index.region")
		if e.Office != "" {
			office = e.Office
		}
		t.Rows = append(t.Rows, []cell{{Text: week}, {Text: l.T(string(e.Kind) + ".title"), Link: e.File}, {Text: office},
			{Text: map[Lang]string{Indonesian: "Bahasa Indonesia", English: "English"}[e.Lang]}, {Text: e.File, Class: "text"}})
	}
	p := page{Lang: l, Org: l.T("org"), Title: l.T("index.title"), Scope: regionName, Period: l.T("index.period"),
		DataAsOf: l.T("index.updated") + " " + l.DateTime(now), Generated: l.T("generated") + " " + l.DateTime(now),
		NoScript: "", Sections: []section{{ID: "laporan", Title: l.T("index.title"), Blocks: []block{{Table: t}}}},
		Footer: []string{l.T("footer.pantau")}}
	return r.render(w, p)
}
