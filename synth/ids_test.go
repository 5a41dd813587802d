package synth

import (
	"context"
	"path/filepath"
	"regexp"
	"testing"
	"time"
)

// TestDisjointPeriodsHaveDisjointIDs generates two adjacent periods with the
// same seed: no event, application, complaint or delivery id of one appears
// in the other, so loading both keeps every row (an id is only re-sent
// for the same row: a delivery on order at the end of the first period).
func TestDisjointPeriodsHaveDisjointIDs(t *testing.T) {
	ctx := context.Background()
	first, second := t.TempDir(), t.TempDir()
	for _, p := range []struct {
		dir      string
		from, to time.Time
	}{{first, day(2023, 1, 2), day(2023, 1, 15)}, {second, day(2023, 1, 16), day(2023, 1, 29)}} {
		cfg := Config{From: p.from, To: p.to, Seed: 3, Scale: 0.05, Format: "csv"}
		if _, err := Generate(ctx, cfg, p.dir); err != nil {
			t.Fatal(err)
		}
	}
	idShape := map[string]*regexp.Regexp{
		"event_id":       regexp.MustCompile(`^E23\d{4}\d{5,}$`),
		"application_id": regexp.MustCompile(`^3216-2023\d{4}-\d{6,}$`),
		"complaint_id":   regexp.MustCompile(`^ADU-3216-2023\d{4}-\d{3,}$`),
		"delivery_id":    regexp.MustCompile(`^(KMD|PROV|TRF)-3216-20\d{6}-\d+(-IN|-OUT)?$`),
		"response_id":    regexp.MustCompile(`^SKM-3216-2023\d{4}-\d{4,}$`),
	}
	for _, tc := range []struct{ file, id, unique string }{
		{"service_events.csv", "event_id", "event_id"},
		{"service_events.csv", "application_id", ""},
		{"complaints.csv", "complaint_id", "complaint_id"},
		{"blanko_deliveries.csv", "delivery_id", "delivery_id"},
		{"survey_responses.csv", "response_id", "response_id"},
	} {
		ids := func(dir string) map[string]string {
			out := map[string]string{}
			eachCSV(t, filepath.Join(dir, tc.file), func(col map[string]int, rec []string) {
				id := rec[col[tc.id]]
				if !idShape[tc.id].MatchString(id) {
					t.Fatalf("%s: %s %q has not the shape %s", tc.file, tc.id, id, idShape[tc.id])
				}
				if _, dup := out[id]; dup && tc.unique != "" {
					t.Fatalf("%s: %s %q twice in one period", tc.file, tc.id, id)
				}
				out[id] = ""
				if c, ok := col["received_at"]; ok {
					out[id] = rec[c]
				}
			})
			return out
		}
		a, b := ids(first), ids(second)
		if len(a) == 0 || len(b) == 0 {
			t.Fatalf("%s: no %s in a period", tc.file, tc.id)
		}
		for id, received := range b {
			if _, ok := a[id]; !ok {
				continue
			}
			// A delivery on order at the end of the first period arrives in
			// the second under its id: the same row, not a collision.
			if tc.id == "delivery_id" && a[id] == "" && received != "" {
				continue
			}
			t.Errorf("%s %s is in both periods", tc.id, id)
		}
	}
}
