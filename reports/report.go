package reports

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"strings"
)

// Kind is a report: weekly, planner or quality.
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

// Kinds lists the reports in the order pantau run writes them.
func Kinds() []Kind { return []Kind{KindWeekly, KindPlanner, KindQuality} }

// ParseKind accepts weekly, planner or quality.
func ParseKind(s string) (Kind, error) {
	for _, k := range append(Kinds(), KindIKM, KindNational) {
		if string(k) == s {
			return k, nil
		}
	}
	return "", fmt.Errorf("report %q is not weekly, planner, quality, ikm or national", s)
}

// Report is a report read from the warehouse, ready to write.
type Report interface {
	// WriteHTML writes the report as one self-contained HTML file.
	WriteHTML(w io.Writer, r *Renderer) error
	// Week is the ISO week the report is about.
	Week() string
	// page lays the report out as sections for the renderer.
	page() page
}

// Build reads the report of kind from the warehouse.
func Build(ctx context.Context, db *sql.DB, kind Kind, opt Options) (Report, error) {
	switch kind {
	case KindWeekly:
		return BuildWeekly(ctx, db, opt)
	case KindPlanner:
		return BuildPlanner(ctx, db, opt)
	case KindQuality:
		return BuildQuality(ctx, db, opt)
	case KindIKM:
		return BuildIKM(ctx, db, opt)
	case KindNational:
		return BuildNational(ctx, db, opt)
	}
	return nil, fmt.Errorf("report %q is not weekly, planner or quality", kind)
}

// Week is the ISO week the report is about.
func (w *Weekly) Week() string  { return w.b.week }
func (p *Planner) Week() string { return p.b.week }
func (q *Quality) Week() string { return q.b.week }

// FileName is the stable file name of a report (of the national report,
// office is the province, or "" for the nation):
// laporan-mingguan-2023-W01.html, rencana-blanko-2023-W01-KEC-01.html,
// kualitas-data-2023-W01-en.html.
func FileName(kind Kind, week, office string, lang Lang) string {
	if kind == KindIKM {
		return ikmFileName(week, lang)
	}
	if kind == KindNational {
		return nationalFileName(week, office, lang)
	}
	base := map[Kind]string{KindWeekly: "laporan-mingguan", KindPlanner: "rencana-blanko", KindQuality: "kualitas-data"}[kind]
	name := base + "-" + week
	if office != "" {
		name += "-" + safeName(office)
	}
	if lang == English {
		name += "-en"
	}
	return name + ".html"
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
