package page

import (
	"bytes"
	"crypto/sha256"
	_ "embed"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"html/template"
	"io"
	"slices"
	"strings"
)

var (
	//go:embed page.tmpl
	pageTemplate string
	//go:embed report.css
	reportCSS string
	//go:embed report.js
	runnerJS string
)

// Lang is the report's language as the kit needs it: printed, it is the
// language's code, id or en (the page's lang attribute; report.js formats
// the charts' numbers by it); T gives the texts of a chart's data table
// ("chart.table", "table.week", "table.empty") and Value a figure in its
// unit (count, share, workdays, hours, weeks; nil is a dash).
// reports.Lang, a string type, is one.
type Lang interface {
	T(key string) string
	Value(v *float64, unit string) string
}

// Page is one report as the template draws it.
type Page struct {
	Lang     Lang
	Org      string // "Disdukcapil Kabupaten Bekasi"
	Title    string
	Scope    string // the region or the office
	Period   string
	DataAsOf string
	// Generated says when the report was made (the injected clock).
	Generated string
	NoScript  string
	Sections  []Section
	Footer    []string
}

// Section is one part of a report; printed on a page of its own.
type Section struct {
	// First is set on the page's first section when it is rendered.
	First  bool
	ID     string
	Title  string
	Blocks []Block
}

// Block is one element of a section; exactly one field is set.
type Block struct {
	Paragraph string
	Class     string // of the paragraph
	List      []string
	Cards     []Card
	Chart     *Chart
	// Multiples are small charts side by side (a grid that wraps); their
	// figures are in a table of the section, not under each chart.
	Multiples []*Chart
	Table     *Table
	// Details, when set with Table, folds the table under this summary
	// (a chart's data table is folded the same way).
	Details string
}

// Card is one KPI card.
type Card struct {
	Title, Value string
	// Change is the week-over-week change; ChangeClass better, worse or same.
	Change, ChangeClass string
	// Status is green, amber, red or ""; StatusText says it in words.
	Status, StatusText string
}

// Table is a data table; cells are text, escaped by the template.
type Table struct {
	Caption string
	Head    []Cell
	Rows    [][]Cell
	Empty   string // shown when there are no rows
	Note    string
	// Keys is how many leading columns make a row's first line where the
	// page is narrow (a phone): the rest stack beneath, each with its
	// column's name. 0: the first column, when the table has more than
	// stackAbove columns; a narrower table stays a table.
	Keys int
	// Stack is set by render from Keys and the number of columns.
	Stack bool
}

// stackAbove is the most columns a table may have and stay a table at a
// phone's width; a wider one stacks its rows there.
const stackAbove = 3

type Cell struct {
	Text  string
	Class string // n (a number), text, green, amber, red; m marks a stacked cell
	Link  string // a relative link (the index of reports)
	Label string // the column's name, shown beside a stacked cell
}

// Chart is one ECharts chart: its options (built with go-echarts), the
// number formats of its y axes, and the table with the same figures.
type Chart struct {
	ID         string
	Title      string
	Note       string
	Tall       bool
	TableLabel string
	Options    map[string]any
	Formats    []string // per y axis: count, decimal, share, share1
	Table      *Table
}

// chartData is what the runner script reads from the page.
type chartData struct {
	Lang   Lang        `json:"lang"`
	Charts []chartSpec `json:"charts"`
}

type chartSpec struct {
	ID      string         `json:"id"`
	Formats []string       `json:"formats,omitempty"`
	Options map[string]any `json:"options"`
}

// Renderer writes report pages. It holds the ECharts library that every
// page inlines.
type Renderer struct {
	echarts []byte
	tmpl    *template.Template
}

// NewRendererWith returns a renderer that inlines lib as the ECharts
// library (reports.NewRenderer gives the embedded one); the golden tests
// give a stand-in to keep the files small.
func NewRendererWith(lib []byte) (*Renderer, error) {
	if bytes.Contains(bytes.ToLower(lib), []byte("</script")) {
		return nil, fmt.Errorf("echarts library contains </script and cannot be inlined")
	}
	t, err := template.New("page").Parse(pageTemplate)
	if err != nil {
		return nil, err
	}
	return &Renderer{echarts: lib, tmpl: t}, nil
}

// RenderSection writes one section's HTML and then its charts' options as
// indented JSON: what a section's golden file holds, without the page's
// inlined CSS and scripts.
func (r *Renderer) RenderSection(w io.Writer, s Section) error {
	redactSection(&s)
	if err := r.tmpl.ExecuteTemplate(w, "section", s); err != nil {
		return err
	}
	for _, b := range s.Blocks {
		for _, c := range b.Charts() {
			js, err := json.MarshalIndent(chartSpec{ID: c.ID, Formats: c.Formats, Options: c.Options}, "", "  ")
			if err != nil {
				return err
			}
			if _, err := fmt.Fprintf(w, "\n<script type=\"application/json\">\n%s\n</script>\n", js); err != nil {
				return err
			}
		}
	}
	return nil
}

// Render writes p as one self-contained HTML file.
func (r *Renderer) Render(w io.Writer, p Page) error {
	if len(p.Sections) > 0 {
		p.Sections = slices.Clone(p.Sections)
		p.Sections[0].First = true
	}
	redactPage(&p) // the last step: no NIK or phone number from data is written
	data := chartData{Lang: p.Lang, Charts: []chartSpec{}}
	for _, s := range p.Sections {
		for _, b := range s.Blocks {
			for _, c := range b.Charts() {
				data.Charts = append(data.Charts, chartSpec{ID: c.ID, Formats: c.Formats, Options: c.Options})
				stack(c.Table)
			}
			stack(b.Table)
		}
	}
	// json.Marshal escapes <, >, & and U+2028/9, so no text from data can
	// close the script element or open a comment in it.
	js, err := json.Marshal(data)
	if err != nil {
		return fmt.Errorf("render %s: %w", p.Title, err)
	}
	printCSS := "@page { @top-left { content: " + cssString(p.Scope+" · "+p.Period) + "; font-size: 8pt; color: #333; }" +
		" @top-right { content: " + cssString(p.DataAsOf) + "; font-size: 8pt; color: #333; } }"
	scripts := []string{}
	if len(data.Charts) > 0 {
		scripts = append(scripts, string(r.echarts), runnerJS)
	}
	view := struct {
		Page
		CSP      string
		CSS      template.CSS
		PrintCSS template.CSS
		Data     template.JS
		ECharts  template.JS
		Runner   template.JS
		Charts   bool
	}{
		Page:     p,
		CSP:      contentSecurityPolicy(scripts, []string{reportCSS, printCSS}),
		CSS:      template.CSS(reportCSS),
		PrintCSS: template.CSS(printCSS),
		Data:     template.JS(js),
		ECharts:  template.JS(r.echarts),
		Runner:   template.JS(runnerJS),
		Charts:   len(data.Charts) > 0,
	}
	var buf bytes.Buffer
	if err := r.tmpl.Execute(&buf, view); err != nil {
		return fmt.Errorf("render %s: %w", p.Title, err)
	}
	_, err = w.Write(buf.Bytes())
	return err
}

// Charts are the block's charts: its chart, or its small multiples.
func (b Block) Charts() []*Chart {
	if b.Chart != nil {
		return append([]*Chart{b.Chart}, b.Multiples...)
	}
	return b.Multiples
}

// stack marks a table whose rows stack at a phone's width: its cells after
// the key columns get the class m and their column's name.
func stack(t *Table) {
	if t == nil {
		return
	}
	if t.Keys == 0 && len(t.Head) > stackAbove {
		t.Keys = 1
	}
	if t.Keys == 0 || t.Keys >= len(t.Head) {
		return
	}
	t.Stack = true
	for _, row := range t.Rows {
		for i := t.Keys; i < len(row) && i < len(t.Head); i++ {
			if row[i].Text == "" {
				continue // a blank cell (a total's) gets no label: nothing to name
			}
			row[i].Class = strings.TrimSpace(row[i].Class + " m")
			row[i].Label = t.Head[i].Text
		}
	}
}

// contentSecurityPolicy allows the given inline scripts and styles (by
// their SHA-256) and nothing else: no network, no plugins, no forms.
func contentSecurityPolicy(scripts, styles []string) string {
	hashes := func(srcs []string) string {
		var parts []string
		for _, s := range srcs {
			sum := sha256.Sum256([]byte(s))
			parts = append(parts, "'sha256-"+base64.StdEncoding.EncodeToString(sum[:])+"'")
		}
		if len(parts) == 0 {
			return "'none'"
		}
		return strings.Join(parts, " ")
	}
	return "default-src 'none'; script-src " + hashes(scripts) + "; style-src " + hashes(styles) +
		"; img-src data:; font-src 'none'; connect-src 'none'; media-src 'none'; object-src 'none'; frame-src 'none'; worker-src 'none'; base-uri 'none'; form-action 'none'"
}

// cssString quotes s as a CSS string that cannot end the string, the rule
// or the style element.
func cssString(s string) string {
	var sb strings.Builder
	sb.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"' || r == '\\' || r == '<' || r == '>' || r == '&' || r < 0x20 || r == 0x7f:
			fmt.Fprintf(&sb, "\\%x ", r)
		default:
			sb.WriteRune(r)
		}
	}
	sb.WriteByte('"')
	return sb.String()
}
