package reports

import (
	"bytes"
	"os"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/disdukcapil-bekasi/pantau/kpi"
)

// TestGlossary keeps docs/glossary.md what the metadata says.
func TestGlossary(t *testing.T) {
	var got bytes.Buffer
	if err := WriteGlossary(&got); err != nil {
		t.Fatal(err)
	}
	const path = "../docs/glossary.md"
	if *update {
		if err := os.WriteFile(path, got.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(string(want), got.String()); diff != "" {
		t.Errorf("docs/glossary.md is stale; run go test ./reports -run Glossary -update (-file +metadata):\n%s", diff)
	}
}

// TestLabelsAreDistinct: a different measure gets a different label, in
// each language.
func TestLabelsAreDistinct(t *testing.T) {
	var names []string
	for _, d := range kpi.Definitions() {
		for _, v := range d.Values {
			names = append(names, v.Name)
		}
	}
	for _, m := range kpi.Measures() {
		names = append(names, m.ID)
	}
	for _, lang := range []string{"id", "en"} {
		seen := map[string]string{}
		for _, n := range names {
			l := kpi.Label(n).In(lang)
			if l == "" {
				t.Errorf("%s has no %s label", n, lang)
			}
			if other, ok := seen[l]; ok {
				t.Errorf("%s and %s share the %s label %q", other, n, lang, l)
			}
			seen[l] = n
		}
	}
}
