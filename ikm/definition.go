package ikm

import (
	"bytes"
	"embed"
	"fmt"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/disdukcapil-bekasi/pantau/config"
	"github.com/disdukcapil-bekasi/pantau/kpi"
)

//go:embed ikm.yaml sql/*.sql
var ikmFiles embed.FS

// Definition is the metadata of the index, from ikm.yaml.
type Definition struct {
	Regulations []Regulation      `yaml:"regulations"`
	Elements    []Element         `yaml:"elements"`
	Operational []OperationalFact `yaml:"operational"`
	Alerts      struct {
		IKMPoints string `yaml:"ikm_points"`
		NRR       string `yaml:"nrr"`
	} `yaml:"alerts"`
	Values []struct {
		Name  string   `yaml:"name"`
		Unit  string   `yaml:"unit"`
		Title kpi.Text `yaml:"title"`
	} `yaml:"values"`
}

// Regulation is one version of the survey rules: its grade table and the
// rounded weight it prints.
type Regulation struct {
	ID            string   `yaml:"id"`
	Title         kpi.Text `yaml:"title"`
	RoundedWeight string   `yaml:"rounded_weight"`
	Grades        []Grade  `yaml:"grades"`
}

// Grade is one band of the index (mutu pelayanan): A sangat baik … D tidak baik.
// From and To are index points with two decimals, both included.
type Grade struct {
	Grade string   `yaml:"grade"`
	From  string   `yaml:"from"`
	To    string   `yaml:"to"`
	Title kpi.Text `yaml:"title"`
}

// Element is one of the nine questionnaire elements (unsur) u1..u9.
type Element struct {
	ID    string   `yaml:"id"`
	Title kpi.Text `yaml:"title"`
	// Operational names the figure that explains a weak score: a KPI value
	// name of kpis.yaml or an entry of OperationalFact.
	Operational string `yaml:"operational"`
}

// OperationalFact is a period figure beside an element that is not a KPI.
type OperationalFact struct {
	Name          string   `yaml:"name"`
	Unit          string   `yaml:"unit"`
	LowerIsBetter bool     `yaml:"lower_is_better"`
	Title         kpi.Text `yaml:"title"`
}

// Metadata returns the index's metadata. It panics only if the embedded
// ikm.yaml is broken, which the package's tests rule out.
func Metadata() Definition {
	d, err := loadIKM()
	if err != nil {
		panic(err)
	}
	return d
}

func loadIKM() (Definition, error) {
	var d Definition
	b, err := ikmFiles.ReadFile("ikm.yaml")
	if err != nil {
		return d, err
	}
	dec := yaml.NewDecoder(bytes.NewReader(b))
	dec.KnownFields(true)
	if err := dec.Decode(&d); err != nil {
		return d, fmt.Errorf("ikm.yaml: %w", err)
	}
	if len(d.Elements) != 9 {
		return d, fmt.Errorf("ikm.yaml: %d elements, want 9", len(d.Elements))
	}
	for _, r := range d.Regulations {
		for _, g := range r.Grades {
			if _, err := hundredths(g.From); err != nil {
				return d, fmt.Errorf("ikm.yaml: %s grade %s: %w", r.ID, g.Grade, err)
			}
			if _, err := hundredths(g.To); err != nil {
				return d, fmt.Errorf("ikm.yaml: %s grade %s: %w", r.ID, g.Grade, err)
			}
		}
	}
	return d, nil
}

// Regulation returns the regulation of the given id.
func (d Definition) Regulation(id string) (Regulation, bool) {
	for _, r := range d.Regulations {
		if r.ID == id {
			return r, true
		}
	}
	return Regulation{}, false
}

// Element returns the element of the given id (u1..u9).
func (d Definition) Element(id string) (Element, bool) {
	for _, e := range d.Elements {
		if e.ID == id {
			return e, true
		}
	}
	return Element{}, false
}

// OperationalTitle returns the label and unit of an operational figure:
// its entry in ikm.yaml (a figure that is not a KPI, or one part of a KPI
// with a label of its own), else the KPI's from kpis.yaml.
func (d Definition) OperationalTitle(name string) (kpi.Text, string, bool) {
	for _, o := range d.Operational {
		if o.Name == name {
			return o.Title, o.Unit, true
		}
	}
	if def, ok := kpi.Lookup(name); ok {
		return def.Title, def.UnitOf(name), true
	}
	return kpi.Text{}, "", false
}

// GradeOf returns the grade band holding an index (or element score) in
// hundredths of a point, e.g. 8831 for 88.31.
func (r Regulation) GradeOf(value100 int64) (Grade, bool) {
	for _, g := range r.Grades {
		from, _ := hundredths(g.From)
		to, _ := hundredths(g.To)
		if value100 >= from && value100 <= to {
			return g, true
		}
	}
	return Grade{}, false
}

// hundredths reads a decimal like "88.31" or "5" exactly as 8831 or 500.
func hundredths(s string) (int64, error) {
	whole, frac, _ := strings.Cut(strings.TrimSpace(s), ".")
	if len(frac) > 2 {
		return 0, fmt.Errorf("%q has more than two decimals", s)
	}
	frac += strings.Repeat("0", 2-len(frac))
	w, err := strconv.ParseInt(whole, 10, 64)
	if err != nil {
		return 0, fmt.Errorf("%q is not a number", s)
	}
	f, err := strconv.ParseInt(frac, 10, 64)
	if err != nil || f < 0 {
		return 0, fmt.Errorf("%q is not a number", s)
	}
	return w*100 + f, nil
}

// Settings are the settings of the index: the KPI settings (region,
// calendar, SLA) for the operational figures, the regulation followed and
// the element weight.
type Settings struct {
	kpi.Settings
	// Regulation is the id of an ikm.yaml regulation, e.g. "PermenPANRB 14/2017".
	Regulation string
	// Weight is "exact" (each element 1/9) or "0.111" (the regulation's
	// rounded figure: weights summing to 0.999).
	Weight string
}

// SettingsFrom takes the index settings out of the configuration.
func SettingsFrom(cfg config.Config) Settings {
	return Settings{Settings: kpi.SettingsFrom(cfg), Regulation: cfg.IKM.Regulation, Weight: cfg.IKM.Weight}
}

// ikmParameters are what the SQL binds: the weight as a fraction, the
// grade table and the alert thresholds in hundredths.
type ikmParameters struct {
	regulation               Regulation
	weightNum, weightDen     int64
	alertIKM100, alertNRR100 int64
}

func (s Settings) parameters() (ikmParameters, error) {
	d, err := loadIKM()
	if err != nil {
		return ikmParameters{}, err
	}
	id := s.Regulation
	if id == "" && len(d.Regulations) > 0 {
		id = d.Regulations[0].ID // the default, first in ikm.yaml
	}
	reg, ok := d.Regulation(id)
	if !ok {
		var known []string
		for _, r := range d.Regulations {
			known = append(known, r.ID)
		}
		return ikmParameters{}, fmt.Errorf("ikm.regulation: %q is not a known regulation (one of: %s)", s.Regulation, strings.Join(known, ", "))
	}
	p := ikmParameters{regulation: reg}
	switch s.Weight {
	case "", "exact":
		p.weightNum, p.weightDen = 1, 9
	case reg.RoundedWeight:
		num, den, err := decimalFraction(reg.RoundedWeight)
		if err != nil {
			return p, err
		}
		p.weightNum, p.weightDen = num, den
	default:
		return p, fmt.Errorf("ikm.weight: %q is not \"exact\" or %q (%s)", s.Weight, reg.RoundedWeight, reg.ID)
	}
	if p.alertIKM100, err = hundredths(d.Alerts.IKMPoints); err != nil {
		return p, fmt.Errorf("ikm.yaml: alerts.ikm_points: %w", err)
	}
	if p.alertNRR100, err = hundredths(d.Alerts.NRR); err != nil {
		return p, fmt.Errorf("ikm.yaml: alerts.nrr: %w", err)
	}
	return p, nil
}

// decimalFraction reads a decimal like "0.111" as 111/1000.
func decimalFraction(s string) (int64, int64, error) {
	whole, frac, _ := strings.Cut(s, ".")
	den := int64(1)
	for range frac {
		den *= 10
	}
	n, err := strconv.ParseInt(whole+frac, 10, 64)
	if err != nil || n <= 0 {
		return 0, 0, fmt.Errorf("weight %q is not a positive decimal", s)
	}
	return n, den, nil
}
