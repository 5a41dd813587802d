package planning

import (
	"database/sql"
	"strings"
	"testing"
	"time"
)

// TestDemandUnknownKindsAreErrors: a row the blanko demand does not know
// how to count stops the plan with a message naming it, instead of leaving
// demand or stock silently out.
func TestDemandUnknownKindsAreErrors(t *testing.T) {
	monday := time.Date(2023, 3, 6, 0, 0, 0, 0, time.UTC)
	span := demandSpan{asOf: monday.AddDate(0, 0, 9), weekStart: monday.AddDate(0, 0, 7),
		next: monday.AddDate(0, 0, 7), firstWeek: monday}
	office := sql.NullString{String: "KEC-01", Valid: true}
	week := sql.NullTime{Time: monday, Valid: true}

	t.Run("query row", func(t *testing.T) {
		var set demandFactSet
		for _, kind := range []string{factOffice, factDemand, factBacklog, factStock, "spoiled", "printed", "workdays_left", "workdays_week"} {
			if err := set.add(kind, office, week, 1); err != nil {
				t.Errorf("kind %q: %v", kind, err)
			}
		}
		err := set.add("receipts", office, week, 1)
		if err == nil || !strings.Contains(err.Error(), `unknown kind "receipts"`) {
			t.Errorf("unknown kind: error %v, want one naming \"receipts\"", err)
		}
	})

	tests := []struct {
		name string
		fact demandFact
		want string
	}{
		{name: "unknown kind", fact: demandFact{kind: "receipts", office: "KEC-01"},
			want: `unknown kind of demand fact "receipts" (office "KEC-01")`},
		{name: "demand outside the series", fact: demandFact{kind: factDemand, office: "KEC-01", week: monday.AddDate(0, 0, 14), value: 3},
			want: `demand of office "KEC-01" in week 2023-W12, outside the series (2023-W10 up to 2023-W11)`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := newDemandAssembly(span, "3216", demandFactSet{}, LeadTime{})
			known := demandFact{kind: factDemand, office: "KEC-01", week: monday, value: 2}
			err := a.addFacts([]demandFact{known, tt.fact})
			if err == nil || err.Error() != tt.want {
				t.Errorf("error = %v, want %s", err, tt.want)
			}
		})
	}

	t.Run("known kinds", func(t *testing.T) {
		a := newDemandAssembly(span, "3216", demandFactSet{printed: 100, spoiled: 2}, LeadTime{})
		err := a.addFacts([]demandFact{
			{kind: factDemand, office: "KEC-01", week: monday, value: 50},
			{kind: factBacklog, office: "KEC-01", value: 4},
			{kind: factOffice, office: "DINAS"},
			{kind: factStock, office: "DINAS", value: 120},
		})
		if err != nil {
			t.Fatal(err)
		}
		got := a.series(true)
		// Region: 50 applications × 1.02 = 51 cards, backlog 4, stock 120;
		// KEC-01 and DINAS each have something to plan.
		if len(got) != 3 || got[0].Demand[0] != 51 || got[0].Backlog != 4 || got[0].Stock != 120 ||
			got[1].ScopeID != "DINAS" || got[2].ScopeID != "KEC-01" {
			t.Errorf("series = %+v", got)
		}
	})
}
