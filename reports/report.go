package reports

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/disdukcapil-bekasi/pantau/reports/page"
)

// Kind is a report: weekly, planner, quality, ikm or national (Specs).
type Kind string

// The reports.
const (
	KindWeekly  Kind = "weekly"
	KindPlanner Kind = "planner"
	KindQuality Kind = "quality"
	// KindIKM is the survey report of a period (ikm.go), written on demand,
	// not by the weekly run.
	KindIKM Kind = "ikm"
	// KindNational is the province and national report (national.go),
	// written on demand.
	KindNational Kind = "national"
)

// Option is a choice of pantau report that only some reports accept
// (every report takes --week, --lang and --out).
type Option string

// The options, in the order pantau report checks them.
const (
	OptionOffice   Option = "office"
	OptionProvince Option = "province"
	OptionSupply   Option = "supply"
	OptionPeriod   Option = "period"
)

// The formats a report can be written in.
const (
	FormatHTML = "html"
	FormatText = "text" // the WhatsApp message: the report is a TextReport
	FormatPDF  = "pdf"
	FormatPNG  = "png"
)

// Spec is one kind of report: what Build, FileName, pantau report and
// pantau run need to know of it. Specs lists them all; adding a report is
// one entry there plus its Build function.
type Spec struct {
	Kind Kind
	// Summary says in a word or two what the report is about (pantau
	// report --help).
	Summary string
	// Run: pantau run writes it every week, in Specs order, and index.html
	// lists it; PerOffice: pantau run also writes it for each office
	// active in the week (run.offices).
	Run, PerOffice bool
	// Upper: it reads the province and national rows, so --lake pools
	// every lake for it.
	Upper bool
	// Options are the choices it accepts beyond --week and --lang.
	Options []Option
	// Formats it can be written in (html first).
	Formats []string

	build    func(ctx context.Context, db *sql.DB, opt Options) (Report, error)
	fileName func(week, scope string, lang Lang) string
}

// Specs lists the reports, the weekly run's first in the order it writes
// them.
func Specs() []Spec {
	return []Spec{
		{Kind: KindWeekly, Summary: "leadership", Run: true, PerOffice: true,
			Options: []Option{OptionOffice}, Formats: []string{FormatHTML, FormatText, FormatPDF, FormatPNG},
			build: builder(BuildWeekly), fileName: weekFileName("laporan-mingguan")},
		{Kind: KindPlanner, Summary: "blanko", Run: true,
			Options: []Option{OptionOffice}, Formats: []string{FormatHTML, FormatPDF, FormatPNG},
			build: builder(BuildPlanner), fileName: weekFileName("rencana-blanko")},
		{Kind: KindQuality, Summary: "data", Run: true,
			Formats: []string{FormatHTML, FormatPDF, FormatPNG},
			build:   builder(BuildQuality), fileName: weekFileName("kualitas-data")},
		{Kind: KindIKM, Summary: "survey",
			Options: []Option{OptionPeriod}, Formats: []string{FormatHTML, FormatPDF, FormatPNG},
			build: builder(BuildIKM), fileName: func(period, _ string, lang Lang) string { return ikmFileName(period, lang) }},
		{Kind: KindNational, Summary: "province/nation", Upper: true,
			Options: []Option{OptionProvince, OptionSupply}, Formats: []string{FormatHTML, FormatPDF, FormatPNG},
			build: builder(BuildNational), fileName: nationalFileName},
	}
}

// builder adapts a report's Build function to Spec.
func builder[R Report](build func(context.Context, *sql.DB, Options) (R, error)) func(context.Context, *sql.DB, Options) (Report, error) {
	return func(ctx context.Context, db *sql.DB, opt Options) (Report, error) { return build(ctx, db, opt) }
}

// SpecOf is the spec of kind.
func SpecOf(kind Kind) (Spec, error) {
	specs := Specs()
	if i := slices.IndexFunc(specs, func(s Spec) bool { return s.Kind == kind }); i >= 0 {
		return specs[i], nil
	}
	names := make([]string, len(specs))
	for i, s := range specs {
		names[i] = string(s.Kind)
	}
	return Spec{}, fmt.Errorf("report %q is not %s", kind, JoinOr(names))
}

// Accepts reports whether the report takes the option.
func (s Spec) Accepts(o Option) bool { return slices.Contains(s.Options, o) }

// Writes reports whether the report can be written in format.
func (s Spec) Writes(format string) bool { return slices.Contains(s.Formats, format) }

// Scope is the part of opt that names the report's file: the office, or
// the province of the national report.
func (s Spec) Scope(opt Options) string {
	switch {
	case s.Accepts(OptionProvince):
		return opt.Province
	case s.Accepts(OptionOffice):
		return opt.Office
	}
	return ""
}

// JoinOr joins names as "a, b or c".
func JoinOr(names []string) string { return joinLast(names, " or ") }

// JoinAnd joins names as "a, b and c".
func JoinAnd(names []string) string { return joinLast(names, " and ") }

func joinLast(names []string, last string) string {
	if len(names) <= 1 {
		return strings.Join(names, "")
	}
	return strings.Join(names[:len(names)-1], ", ") + last + names[len(names)-1]
}

// Kinds lists the reports pantau run writes, in the order it writes them.
func Kinds() []Kind {
	var out []Kind
	for _, s := range Specs() {
		if s.Run {
			out = append(out, s.Kind)
		}
	}
	return out
}

// ParseKind accepts the name of a report in Specs.
func ParseKind(s string) (Kind, error) {
	spec, err := SpecOf(Kind(s))
	return spec.Kind, err
}

// Report is a report read from the warehouse, ready to write.
type Report interface {
	// WriteHTML writes the report as one self-contained HTML file.
	WriteHTML(w io.Writer, r *page.Renderer) error
	// Week is the ISO week the report is about.
	Week() string
	// page lays the report out as sections for the renderer.
	page() page.Page
}

// TextReport is a report that also writes itself as a plain-text message
// (FormatText), attachment naming its HTML file.
type TextReport interface {
	Report
	WriteText(w io.Writer, attachment string) error
}

// Build reads the report of kind from the warehouse.
func Build(ctx context.Context, db *sql.DB, kind Kind, opt Options) (Report, error) {
	spec, err := SpecOf(kind)
	if err != nil {
		return nil, err
	}
	return spec.build(ctx, db, opt)
}

// Week is the ISO week the report is about.
func (w *Weekly) Week() string  { return w.b.week }
func (p *Planner) Week() string { return p.b.week }
func (q *Quality) Week() string { return q.b.week }

// FileName is the stable file name of a report (of the national report,
// office is the province, or "" for the nation; of the ikm report, week is
// the period):
// laporan-mingguan-2023-W01.html, rencana-blanko-2023-W01-KEC-01.html,
// kualitas-data-2023-W01-en.html, indeks-kepuasan-2023-S1.html.
func FileName(kind Kind, week, office string, lang Lang) string {
	spec, err := SpecOf(kind)
	if err != nil {
		return ""
	}
	return spec.fileName(week, office, lang)
}

// weekFileName names a weekly-style report base-2023-W01[-office][-en].html.
func weekFileName(base string) func(week, office string, lang Lang) string {
	return func(week, office string, lang Lang) string {
		name := base + "-" + week
		if office != "" {
			name += "-" + safeName(office)
		}
		if lang == English {
			name += "-en"
		}
		return name + ".html"
	}
}

// nationalFileName is laporan-nasional-2023-W01.html, or with a province
// laporan-provinsi-32-2023-W01.html (-en before .html in English).
func nationalFileName(week, province string, lang Lang) string {
	name := "laporan-nasional-" + week
	if province != "" {
		name = "laporan-provinsi-" + safeName(province) + "-" + week
	}
	if lang == English {
		name += "-en"
	}
	return name + ".html"
}

// safeName keeps letters, digits, '-' and '_' of an office code.
func safeName(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '-', r == '_':
			return r
		}
		return '_'
	}, s)
}
