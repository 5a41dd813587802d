// Package enums is the one contract of pantau's enumerated values: the
// services, stages, channels, delivery sources and complaint categories,
// tiers and statuses of DESIGN.md §3, each with its values in display order
// and the spellings a source may use (enums.yaml). etl validates against it,
// synth writes its values, the KPI SQL reads it as the relation
// kpi_enum_values (SQL) and the reports list categories in its order; code
// names a value by its generated constant (enums.ComplaintCategoryPungli),
// so a misspelt value does not compile. enums is a leaf: it imports nothing
// of pantau.
package enums

//go:generate go run ./internal/genenums -o names.go

import (
	_ "embed"
	"fmt"
	"slices"
	"strings"
	"sync"

	"gopkg.in/yaml.v3"
)

//go:embed enums.yaml
var source []byte

// Name names one enumeration (complaint_category); names.go has a constant
// for each.
type Name string

// Enum is one enumeration: its values in display order and the aliases a
// source may write for them (lower case, alias → value).
type Enum struct {
	Name    Name              `yaml:"name"`
	About   string            `yaml:"about"`
	Values  []string          `yaml:"values"`
	Aliases map[string]string `yaml:"aliases"`
}

// Parse reads and checks an enums file: names unique, values unique within
// an enumeration, and every alias naming one of its values.
func Parse(b []byte) ([]Enum, error) {
	var all []Enum
	dec := yaml.NewDecoder(strings.NewReader(string(b)))
	dec.KnownFields(true)
	if err := dec.Decode(&all); err != nil {
		return nil, fmt.Errorf("enums.yaml: %w", err)
	}
	seen := map[Name]bool{}
	for _, e := range all {
		if e.Name == "" || seen[e.Name] {
			return nil, fmt.Errorf("enums.yaml: missing or repeated name %q", e.Name)
		}
		seen[e.Name] = true
		if len(e.Values) == 0 {
			return nil, fmt.Errorf("enums.yaml: %s has no values", e.Name)
		}
		for i, v := range e.Values {
			if v == "" || slices.Contains(e.Values[:i], v) {
				return nil, fmt.Errorf("enums.yaml: %s: empty or repeated value %q", e.Name, v)
			}
		}
		for alias, v := range e.Aliases {
			if !slices.Contains(e.Values, v) {
				return nil, fmt.Errorf("enums.yaml: %s: alias %q names %q, which is not one of its values", e.Name, alias, v)
			}
		}
	}
	return all, nil
}

// parsed is the embedded file, read once.
var parsed = sync.OnceValues(func() ([]Enum, error) { return Parse(source) })

// All returns every enumeration in the file's order. It panics only if the
// embedded enums.yaml is broken, which the package's tests rule out.
func All() []Enum {
	all, err := parsed()
	if err != nil {
		panic(err)
	}
	return slices.Clone(all)
}

// Of returns the enumeration named n (a constant of names.go).
func Of(n Name) Enum {
	for _, e := range All() {
		if e.Name == n {
			return e
		}
	}
	panic(fmt.Sprintf("enums: no enumeration %q", n))
}

// Values returns the values of the enumeration named n, in display order.
func Values(n Name) []string { return slices.Clone(Of(n).Values) }

// SQL is a query returning every value as (enum, value, ord), ord counting
// from 1 in display order: the KPI SQL reads it as kpi_enum_values.
func SQL() string {
	var b strings.Builder
	b.WriteString("SELECT * FROM (VALUES ")
	first := true
	for _, e := range All() {
		for i, v := range e.Values {
			if !first {
				b.WriteString(", ")
			}
			first = false
			fmt.Fprintf(&b, "(%s, %s, %d)", literal(string(e.Name)), literal(v), i+1)
		}
	}
	b.WriteString(") AS t(enum, value, ord)")
	return b.String()
}

// literal quotes s as an SQL string literal.
func literal(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }
