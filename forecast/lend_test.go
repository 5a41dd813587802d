package forecast_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/disdukcapil-bekasi/pantau/forecast"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// TestLendHandComputed: four regions, demand 100 a week with certain
// demand (σ = 0) over 6 weeks, lead time 2, review 2, margin 1 (safe cover
// 5 weeks), no supply to allocate.
//
//   - 3201 has 50 cards: short by 50 in week 0, 150 in week 1, before any
//     allocation can arrive: it needs 150.
//   - 3202 has 700: cover 7 weeks; it keeps 5 × 100 = 500 and lends 200.
//   - 3203 has 560: cover 5.6 weeks; lends 60.
//   - 3301 has 2,000 but is in another province: lends nothing to 3201.
//
// 3201 takes 150 from 3202 (the most to spare): 3202's cover 7 → 5.5, and
// 3201 no longer runs out in weeks 0–1; it runs out in week 2, when its
// allocation could arrive (here there is none). 3203 lends nothing.
func TestLendHandComputed(t *testing.T) {
	unit := func(id string, stock float64) forecast.AllocationUnit {
		return forecast.AllocationUnit{ID: id, Stock: stock, Demand: demand(100, 0, 6), LeadTime: 2, Group: id[:2]}
	}
	units := []forecast.AllocationUnit{unit("3201", 50), unit("3202", 700), unit("3203", 560), unit("3301", 2000)}
	allocations, err := forecast.Allocate(0, units)
	if err != nil {
		t.Fatal(err)
	}
	got, err := forecast.Lend(units, allocations, forecast.LendingRule{ReviewWeeks: 2, MarginWeeks: 1})
	if err != nil {
		t.Fatal(err)
	}
	want := []forecast.Transfer{{Group: "32", From: "3202", To: "3201", Cards: 150,
		FromCoverBefore: 7, FromCoverAfter: 5.5,
		ToStockOutWeekBefore: 0, ToStockOutWeekAfter: 2, ToStockOutWeeksBefore: 6, ToStockOutWeeksAfter: 4}}
	if diff := cmp.Diff(want, got, cmpopts.EquateApprox(0, 1e-9)); diff != "" {
		t.Errorf("Lend (-want +got):\n%s", diff)
	}
}

// TestLendProperties: over random groups, transfers stay in a group, are
// whole positive cards, never give a borrower more than its shortfall
// before its lead time, and never leave a lender below its safe cover.
func TestLendProperties(t *testing.T) {
	r := rand.New(rand.NewPCG(22, 10))
	rule := forecast.LendingRule{ReviewWeeks: 2, MarginWeeks: 1}
	for c := range 200 {
		weeks := 4 + r.IntN(10)
		units := make([]forecast.AllocationUnit, 2+r.IntN(10))
		for i := range units {
			units[i] = randomUnit(r, fmt.Sprintf("%d%02d", 1+r.IntN(2), i), weeks)
			units[i].Group = units[i].ID[:1]
		}
		allocations := allocate(t, r.IntN(3000), units)
		transfers, err := forecast.Lend(units, allocations, rule)
		if err != nil {
			t.Fatal(err)
		}
		byID := map[string]int{}
		for i, u := range units {
			byID[u.ID] = i
		}
		lent, received := map[string]int{}, map[string]int{}
		for _, tr := range transfers {
			if tr.Cards <= 0 || tr.From[:1] != tr.To[:1] || tr.Group != tr.To[:1] {
				t.Fatalf("case %d: transfer %+v", c, tr)
			}
			lent[tr.From] += tr.Cards
			received[tr.To] += tr.Cards
		}
		for id, n := range received {
			u := units[byID[id]]
			shortfall := 0.0
			stock := u.Stock - u.Backlog
			for k := 0; k < u.LeadTime && k < weeks; k++ {
				for _, d := range u.OnOrder {
					if d.Week == k {
						stock += d.Quantity
					}
				}
				stock -= u.Demand.Point[k]
				shortfall = math.Max(shortfall, -stock)
			}
			if float64(n) > math.Ceil(shortfall) {
				t.Errorf("case %d: %s receives %d cards for a shortfall of %.1f", c, id, n, shortfall)
			}
			if lent[id] > 0 {
				t.Errorf("case %d: %s both lends and borrows", c, id)
			}
		}
		for id, n := range lent {
			i := byID[id]
			u := units[i]
			safe := float64(u.LeadTime + rule.ReviewWeeks + rule.MarginWeeks)
			after := allocations[i].CoverAfter
			left, err := forecast.Allocate(0, []forecast.AllocationUnit{{ID: id, Stock: u.Stock + float64(allocations[i].Cards-n),
				Backlog: u.Backlog, Demand: u.Demand, OnOrder: u.OnOrder}})
			if err != nil {
				t.Fatal(err)
			}
			if left[0].CoverBefore >= 0 && left[0].CoverBefore < safe-1e-9 {
				t.Errorf("case %d: %s lends %d cards and keeps %.2f weeks of cover (%.2f before), below its safe %v",
					c, id, n, left[0].CoverBefore, after, safe)
			}
		}
	}
}
