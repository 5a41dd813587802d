package kpi

import (
	"slices"
	"strings"
	"testing"
	"testing/fstest"
)

// TestCatalogueComputeOrder: a KPI that reads another's result is computed
// after it wherever kpis.yaml lists it; a result no KPI has, a KPI that
// reads its own result and a repeated id are errors naming the file.
func TestCatalogueComputeOrder(t *testing.T) {
	kpi := func(id string) string {
		return "- id: " + id + "\n  title: {id: " + id + ", en: " + id + "}\n  unit: count\n"
	}
	catalogue := func(ids []string, sql map[string]string) fstest.MapFS {
		fsys := fstest.MapFS{"measures.yaml": {Data: []byte("[]\n")}}
		var yaml strings.Builder
		for _, id := range ids {
			yaml.WriteString(kpi(id))
		}
		fsys["kpis.yaml"] = &fstest.MapFile{Data: []byte(yaml.String())}
		for id, body := range sql {
			fsys["kpis/"+id+".sql"] = &fstest.MapFile{Data: []byte(body)}
		}
		return fsys
	}
	ids := func(defs []Definition) []string {
		var out []string
		for _, d := range defs {
			out = append(out, d.ID)
		}
		return out
	}

	c, err := LoadCatalogue(catalogue([]string{"ratio", "base", "share", "plain"}, map[string]string{
		"ratio": "SELECT * FROM result_share JOIN result_base USING (week)",
		"base":  "SELECT 1",
		"share": "SELECT * FROM result_base",
		"plain": "SELECT 2",
	}))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := ids(c.defs), []string{"ratio", "base", "share", "plain"}; !slices.Equal(got, want) {
		t.Errorf("display order %v, want kpis.yaml's %v", got, want)
	}
	if got, want := ids(c.computeOrder), []string{"base", "share", "ratio", "plain"}; !slices.Equal(got, want) {
		t.Errorf("compute order %v, want %v", got, want)
	}

	for _, tt := range []struct {
		name string
		ids  []string
		sql  map[string]string
		want string
	}{
		{"unknown result", []string{"a"}, map[string]string{"a": "SELECT * FROM result_nope"},
			"kpis/a.sql: reads result_nope, but there is no KPI nope in kpis.yaml"},
		{"cycle", []string{"a", "b"}, map[string]string{"a": "SELECT * FROM result_b", "b": "SELECT * FROM result_a"},
			"kpis/a.sql: reads its own result through a → b → a"},
		{"repeated id", []string{"a", "a"}, map[string]string{"a": "SELECT 1"},
			`kpis.yaml: entry 2: missing or repeated id "a"`},
		{"no SQL", []string{"a"}, nil, "kpis.yaml: a: open kpis/a.sql: file does not exist"},
	} {
		_, err := LoadCatalogue(catalogue(tt.ids, tt.sql))
		if err == nil || err.Error() != tt.want {
			t.Errorf("%s: error %v, want %q", tt.name, err, tt.want)
		}
	}
}

// TestEmbeddedCatalogueOrder: in the embedded catalogue every KPI comes,
// in compute order, after each KPI whose result it reads.
func TestEmbeddedCatalogueOrder(t *testing.T) {
	c, err := LoadCatalogue(files)
	if err != nil {
		t.Fatal(err)
	}
	if len(c.computeOrder) != len(c.defs) {
		t.Fatalf("compute order has %d KPIs, the catalogue %d", len(c.computeOrder), len(c.defs))
	}
	seen := map[string]bool{}
	reads := 0
	for _, d := range c.computeOrder {
		for _, m := range resultRef.FindAllStringSubmatch(d.SQL, -1) {
			reads++
			if !seen[m[1]] {
				t.Errorf("%s is computed before %s, whose result it reads", d.ID, m[1])
			}
		}
		seen[d.ID] = true
	}
	if reads == 0 {
		t.Error("no KPI reads another's result; the test checks nothing")
	}
}
