package metrics

import (
	"bytes"
	"embed"
	"fmt"
	"strings"

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
func Measures() []Measure {
	b, err := files.ReadFile("measures.yaml")
	if err != nil {
		panic(err)
	}
	var ms []Measure
	dec := yaml.NewDecoder(bytes.NewReader(b))
	dec.KnownFields(true)
	if err := dec.Decode(&ms); err != nil {
		panic(fmt.Errorf("measures.yaml: %w", err))
	}
	return ms
}

// Label returns the one label of a KPI value name (print_backlog,
// backlog_age.median) or of a stock plan measure (plan.cards_owed), in
// both languages. A value name the metadata does not list (a category found
// only in the data) is labelled by its KPI and its last part.
func Label(name string) Text {
	for _, m := range Measures() {
		if m.ID == name {
			return m.Title
		}
	}
	d, ok := Lookup(name)
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

// Definitions returns every KPI in display order. It panics only if the
// embedded definitions are broken, which the package's tests rule out.
func Definitions() []Definition {
	defs, err := loadDefinitions()
	if err != nil {
		panic(err)
	}
	return defs
}

// Lookup returns the KPI with the given id (a value name like
// backlog_age.p90 finds its KPI backlog_age).
func Lookup(id string) (Definition, bool) {
	for _, d := range Definitions() {
		if d.ID == id || strings.HasPrefix(id, d.ID+".") {
			return d, true
		}
	}
	return Definition{}, false
}

func loadDefinitions() ([]Definition, error) {
	b, err := files.ReadFile("kpis.yaml")
	if err != nil {
		return nil, err
	}
	var defs []Definition
	dec := yaml.NewDecoder(bytes.NewReader(b))
	dec.KnownFields(true)
	if err := dec.Decode(&defs); err != nil {
		return nil, fmt.Errorf("kpis.yaml: %w", err)
	}
	seen := map[string]bool{}
	for i, d := range defs {
		if d.ID == "" || seen[d.ID] {
			return nil, fmt.Errorf("kpis.yaml: entry %d: missing or repeated id %q", i+1, d.ID)
		}
		seen[d.ID] = true
		sql, err := files.ReadFile("kpis/" + d.ID + ".sql")
		if err != nil {
			return nil, fmt.Errorf("kpis.yaml: %s: %w", d.ID, err)
		}
		defs[i].SQL = string(sql)
	}
	return defs, nil
}

// In returns the text in a language: "en" is English, anything else Bahasa
// Indonesia.
func (t Text) In(lang string) string {
	if lang == "en" {
		return t.EN
	}
	return t.ID
}
