package reports

import (
	"bytes"
	"context"
	"errors"
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/disdukcapil-bekasi/pantau/config"
	"github.com/disdukcapil-bekasi/pantau/kpi"
)

// TestAddKPIChecklist follows kpi/doc.go's "How to add a KPI" (and
// docs/kpi.md's) on a temporary KPI, so that the checklist cannot rot: the
// SQL file and the kpis.yaml entry are added over the embedded catalogue, the
// catalogue accepts them, the KPI computes its hand-worked values on the
// fixture of reports_test.go, and it has its label in the glossary.
func TestAddKPIChecklist(t *testing.T) {
	// Step 1: kpis/<id>.sql — a header comment, then one row per kpi_grid row.
	const sqlText = `-- id: checklist_recordings
-- grain: ISO week × scope (region, office, kecamatan); the office of the event
-- parameters: none; reads the runner's kpi_* relations
-- KTP-el recorded events in the week (a KPI added by the checklist test).
WITH counted AS (
    SELECT e.week_start, m.scope, m.scope_id, sum(e.events) AS n
    FROM kpi_event_counts e
    JOIN kpi_scope_map m ON m.office_key = e.office_code
    WHERE e.service = 'ktp_el' AND e.stage = 'recorded'
    GROUP BY ALL
)
SELECT g.week, g.scope, g.scope_id, 'checklist_recordings' AS kpi, coalesce(c.n, 0)::DOUBLE AS value
FROM kpi_grid g
LEFT JOIN counted c USING (week_start, scope, scope_id)
`
	// Step 2: its kpis.yaml entry, with every value name.
	const entry = `
- id: checklist_recordings
  title: {id: Perekaman uji daftar periksa, en: Checklist test recordings}
  unit: count
  lower_is_better: false
  values: [{name: checklist_recordings}]
`
	yamlText, err := fs.ReadFile(kpi.Files(), "kpis.yaml")
	if err != nil {
		t.Fatal(err)
	}
	cat, err := kpi.LoadCatalogue(overlayFS{kpi.Files(), fstest.MapFS{
		"kpis.yaml":                     {Data: append(yamlText, entry...)},
		"kpis/checklist_recordings.sql": {Data: []byte(sqlText)},
	}})
	if err != nil {
		t.Fatalf("the catalogue refuses the checklist's KPI: %v", err)
	}
	if _, ok := cat.Lookup("checklist_recordings"); !ok {
		t.Fatal("the loaded catalogue has no checklist_recordings")
	}

	// Step 3: its values, worked out by hand on fixtureSQL: W10 a0 recorded
	// at KEC-01 (1); W11 a1 and a2 recorded there (2); the Dinas none.
	db := fixtureDB(t)
	got, err := cat.Compute(context.Background(), db, kpi.SettingsFrom(config.Default()), kpi.Query{
		From: "2023-W10", To: "2023-W11", KPIs: []string{"checklist_recordings"}, Scopes: []string{kpi.ScopeRegion, kpi.ScopeOffice},
	})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]float64{
		"2023-W10 region 3216": 1, "2023-W11 region 3216": 2,
		"2023-W10 office KEC-01": 1, "2023-W11 office KEC-01": 2,
	}
	seen := 0
	for _, v := range got {
		key := v.Week + " " + v.Scope + " " + v.ScopeID
		w, ok := want[key]
		if !ok {
			if v.Value != nil && *v.Value != 0 {
				t.Errorf("%s = %v, want 0", key, *v.Value)
			}
			continue
		}
		seen++
		if v.Value == nil || *v.Value != w {
			t.Errorf("%s = %v, want %v", key, v.Value, w)
		}
	}
	if seen != len(want) {
		t.Errorf("computed %d of the %d hand-worked values: %+v", seen, len(want), got)
	}

	// Step 4: it has its one label, in the glossary too.
	if l := cat.Label("checklist_recordings"); l.ID != "Perekaman uji daftar periksa" || l.EN != "Checklist test recordings" {
		t.Errorf("label %+v", l)
	}
	var glossary bytes.Buffer
	if err := writeGlossary(&glossary, cat); err != nil {
		t.Fatal(err)
	}
	if row := "| `checklist_recordings` | Perekaman uji daftar periksa | Checklist test recordings | count | higher |"; !strings.Contains(glossary.String(), row) {
		t.Errorf("the glossary lacks the row %q", row)
	}
	// The embedded catalogue is untouched.
	if _, ok := kpi.Lookup("checklist_recordings"); ok {
		t.Error("adding a KPI to a loaded catalogue changed the embedded one")
	}
}

// overlayFS reads a file from over when it holds it, otherwise from base.
type overlayFS struct {
	base fs.FS
	over fstest.MapFS
}

func (o overlayFS) Open(name string) (fs.File, error) {
	f, err := o.over.Open(name)
	if errors.Is(err, fs.ErrNotExist) {
		return o.base.Open(name)
	}
	return f, err
}
