package kpi

import (
	"bytes"
	"embed"
	"fmt"
	"io/fs"
	"regexp"
	"slices"
	"strings"
	"sync"

	"gopkg.in/yaml.v3"
)

//go:embed kpis.yaml measures.yaml kpis/*.sql sql/*.sql
var files embed.FS

// Definition is one KPI: its metadata from kpis.yaml and its SQL.
type Definition struct {
	ID    string `yaml:"id"`
	Title Text   `yaml:"title"`
	// Unit is count, share (a fraction in 0..1), workdays, hours, cards,
	// weeks or per_10k.
	Unit          string `yaml:"unit"`
	LowerIsBetter bool   `yaml:"lower_is_better"`
	// Target is the good side's bound (green); Limit the bad side's (red).
	Target *float64 `yaml:"target"`
	Limit  *float64 `yaml:"limit"`
	// Values are the dotted value names the SQL returns, in display order.
	Values []ValueName `yaml:"values"`
	// SQL is the text of kpis/<id>.sql.
	SQL string `yaml:"-"`
}

// Text is a text in Bahasa Indonesia and English.
type Text struct {
	ID string `yaml:"id"`
	EN string `yaml:"en"`
}

// ValueName is one figure of a KPI, e.g. backlog_age.p90.
type ValueName struct {
	Name string `yaml:"name"`
	// Unit is the figure's unit when it differs from the KPI's.
	Unit string `yaml:"unit"`
	// Title is the figure's label when it is not the KPI's headline figure
	// (the value named like the KPI, whose label is the KPI's title).
	Title Text `yaml:"title"`
}

// Measure is a figure of the stock plan that is not a weekly KPI, from
// measures.yaml: its label and what it measures.
type Measure struct {
	ID    string `yaml:"id"`
	Title Text   `yaml:"title"`
	About Text   `yaml:"about"`
}

// Measures returns the stock plan's measures. It panics only if the
// embedded measures.yaml is broken, which the package's tests rule out.
func Measures() []Measure { return Default().Measures() }

// Measures returns the catalogue's stock plan measures.
func (c *Catalogue) Measures() []Measure { return slices.Clone(c.measures) }

// Label returns the one label of a KPI value name (print_backlog,
// backlog_age.median) or of a stock plan measure (plan.cards_owed), in
// both languages. A value name the metadata does not list (a category found
// only in the data) is labelled by its KPI and its last part.
func Label(name string) Text { return Default().Label(name) }

// Label returns the one label of a value name or measure of the catalogue.
func (c *Catalogue) Label(name string) Text {
	for _, m := range c.measures {
		if m.ID == name {
			return m.Title
		}
	}
	d, ok := c.Lookup(name)
	if !ok {
		return Text{ID: name, EN: name}
	}
	if name == d.ID {
		return d.Title
	}
	for _, v := range d.Values {
		if v.Name == name && v.Title.ID != "" {
			return v.Title
		}
	}
	last := name[strings.LastIndex(name, ".")+1:]
	return Text{ID: d.Title.ID + " – " + last, EN: d.Title.EN + " – " + last}
}

// Status is a value's standing against its KPI's target and limit.
type Status string

// Statuses of a value; StatusNone when the KPI has no target or the value is NULL.
const (
	StatusNone  Status = ""
	StatusGreen Status = "green"
	StatusAmber Status = "amber"
	StatusRed   Status = "red"
)

// Status tells whether v meets the target (green), is beyond the limit
// (red) or in between (amber).
func (d Definition) Status(v *float64) Status {
	if v == nil || d.Target == nil {
		return StatusNone
	}
	better := func(a, b float64) bool { // a is at least as good as b
		if d.LowerIsBetter {
			return a <= b
		}
		return a >= b
	}
	switch {
	case better(*v, *d.Target):
		return StatusGreen
	case d.Limit != nil && !better(*v, *d.Limit):
		return StatusRed
	default:
		return StatusAmber
	}
}

// UnitOf returns the unit of one value name of the KPI.
func (d Definition) UnitOf(name string) string {
	for _, v := range d.Values {
		if v.Name == name && v.Unit != "" {
			return v.Unit
		}
	}
	return d.Unit
}

// Definitions returns every KPI in display order (kpis.yaml's). It panics
// only if the embedded definitions are broken, which the package's tests
// rule out.
func Definitions() []Definition { return Default().Definitions() }

// Definitions returns the catalogue's KPIs in display order.
func (c *Catalogue) Definitions() []Definition { return slices.Clone(c.defs) }

// Lookup returns the KPI with the given id (a value name like
// backlog_age.p90 finds its KPI backlog_age).
func Lookup(id string) (Definition, bool) { return Default().Lookup(id) }

// Lookup returns the catalogue's KPI with the given id or value name.
func (c *Catalogue) Lookup(id string) (Definition, bool) {
	for _, d := range c.defs {
		if d.ID == id || strings.HasPrefix(id, d.ID+".") {
			return d, true
		}
	}
	return Definition{}, false
}

// Catalogue is kpis.yaml with each KPI's SQL, and measures.yaml, read and
// checked by LoadCatalogue. Default is the embedded one, read once, the
// first time a KPI or measure is asked for; the package-level functions
// (Definitions, Lookup, Label, Compute, Compose) use it.
type Catalogue struct {
	defs     []Definition // display order, kpis.yaml's
	measures []Measure
	// computeOrder is every KPI after the KPIs whose results (result_<id>)
	// its SQL reads, otherwise in display order.
	computeOrder []Definition
}

// loadedCatalogue reads the embedded catalogue once; nothing changes it
// afterwards.
var loadedCatalogue = sync.OnceValues(func() (*Catalogue, error) { return LoadCatalogue(files) })

// Files returns the embedded catalogue's files (kpis.yaml, measures.yaml,
// kpis/*.sql), read-only: a test adds a KPI over them and loads the result
// with LoadCatalogue, as docs/kpi.md's checklist does to the folder.
func Files() fs.FS { return files }

// Default returns the embedded catalogue. It panics only if it is broken,
// which the package's tests rule out.
func Default() *Catalogue {
	c, err := loadedCatalogue()
	if err != nil {
		panic(err)
	}
	return c
}

// resultRef finds the result_<id> relations an SQL text reads.
var resultRef = regexp.MustCompile(`\bresult_([a-z0-9_]+)\b`)

// LoadCatalogue reads kpis.yaml, every kpis/<id>.sql and measures.yaml from
// fsys: ids are unique, every KPI has its SQL, a result_<id> an SQL file
// reads is another KPI's, and no KPI reads its own result, even through
// others.
func LoadCatalogue(fsys fs.FS) (*Catalogue, error) {
	c := &Catalogue{}
	if err := decodeYAML(fsys, "kpis.yaml", &c.defs); err != nil {
		return c, err
	}
	byID := map[string]int{}
	for i, d := range c.defs {
		if _, seen := byID[d.ID]; d.ID == "" || seen {
			return c, fmt.Errorf("kpis.yaml: entry %d: missing or repeated id %q", i+1, d.ID)
		}
		byID[d.ID] = i
		sql, err := fs.ReadFile(fsys, "kpis/"+d.ID+".sql")
		if err != nil {
			return c, fmt.Errorf("kpis.yaml: %s: %w", d.ID, err)
		}
		c.defs[i].SQL = string(sql)
	}
	// Each KPI after those it reads: a depth-first walk in display order.
	const (
		visiting = 1
		done     = 2
	)
	state := make([]int, len(c.defs))
	var visit func(i int, path []string) error
	visit = func(i int, path []string) error {
		d := c.defs[i]
		path = append(path, d.ID)
		switch state[i] {
		case done:
			return nil
		case visiting:
			return fmt.Errorf("kpis/%s.sql: reads its own result through %s", d.ID, strings.Join(path, " → "))
		}
		state[i] = visiting
		for _, m := range resultRef.FindAllStringSubmatch(d.SQL, -1) {
			j, ok := byID[m[1]]
			if !ok {
				return fmt.Errorf("kpis/%s.sql: reads %s, but there is no KPI %s in kpis.yaml", d.ID, m[0], m[1])
			}
			if err := visit(j, path); err != nil {
				return err
			}
		}
		state[i] = done
		c.computeOrder = append(c.computeOrder, d)
		return nil
	}
	for i := range c.defs {
		if err := visit(i, nil); err != nil {
			return c, err
		}
	}
	if err := decodeYAML(fsys, "measures.yaml", &c.measures); err != nil {
		return c, err
	}
	return c, nil
}

// decodeYAML decodes the file name of fsys into v, refusing unknown fields.
func decodeYAML(fsys fs.FS, name string, v any) error {
	b, err := fs.ReadFile(fsys, name)
	if err != nil {
		return err
	}
	dec := yaml.NewDecoder(bytes.NewReader(b))
	dec.KnownFields(true)
	if err := dec.Decode(v); err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	return nil
}

// In returns the text in a language: "en" is English, anything else Bahasa
// Indonesia.
func (t Text) In(lang string) string {
	if lang == "en" {
		return t.EN
	}
	return t.ID
}
