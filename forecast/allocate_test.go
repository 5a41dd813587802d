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

// TestAllocateThreeRegions is the hand example of
// testdata/allocate/README.md: one week, cards arriving at once, demand
// σ = 100 everywhere. Projected stock net of demand: A −100, B 0, C +300.
// 300 cards: A's first 100 bring it to 0, then A and B alternate (equal
// gains, A first on lower cover) to +100 each: A 200, B 100, C 0. Expected
// stock-out weeks Φ(1) + Φ(0) + Φ(−3) = 1.3427 before, Φ(−1) + Φ(−1) + Φ(−3)
// = 0.3187 after.
func TestAllocateThreeRegions(t *testing.T) {
	units := []forecast.AllocationUnit{
		{ID: "A", Stock: 500, Demand: demand(600, 100, 1)},
		{ID: "B", Stock: 300, Demand: demand(300, 100, 1)},
		{ID: "C", Stock: 900, Demand: demand(600, 100, 1)},
	}
	got, err := forecast.Allocate(300, units)
	if err != nil {
		t.Fatal(err)
	}
	const phi1, phi0, phi3 = 0.8413447460685429, 0.5, 0.0013498980316301035
	want := []forecast.UnitAllocation{
		{ID: "A", Cards: 200, CoverBefore: 500.0 / 600, CoverAfter: 1 + 100.0/600,
			StockOutWeeksBefore: phi1, StockOutWeeksAfter: 1 - phi1,
			MaxStockOutProbabilityBefore: phi1, MaxStockOutProbabilityAfter: 1 - phi1,
			StockOutWeekBefore: 0, StockOutWeekAfter: -1},
		{ID: "B", Cards: 100, CoverBefore: 1, CoverAfter: 1 + 100.0/300,
			StockOutWeeksBefore: phi0, StockOutWeeksAfter: 1 - phi1,
			MaxStockOutProbabilityBefore: phi0, MaxStockOutProbabilityAfter: 1 - phi1,
			StockOutWeekBefore: -1, StockOutWeekAfter: -1},
		{ID: "C", Cards: 0, CoverBefore: 1.5, CoverAfter: 1.5,
			StockOutWeeksBefore: phi3, StockOutWeeksAfter: phi3,
			MaxStockOutProbabilityBefore: phi3, MaxStockOutProbabilityAfter: phi3,
			StockOutWeekBefore: -1, StockOutWeekAfter: -1},
	}
	if diff := cmp.Diff(want, got, cmpopts.EquateApprox(0, 1e-9)); diff != "" {
		t.Errorf("Allocate (-want +got):\n%s", diff)
	}
	before, after := 0.0, 0.0
	for _, u := range got {
		before += u.StockOutWeeksBefore
		after += u.StockOutWeeksAfter
	}
	if math.Abs(before-1.3427) > 1e-4 || math.Abs(after-0.3187) > 1e-4 {
		t.Errorf("expected stock-out weeks %.4f before and %.4f after, want 1.3427 and 0.3187", before, after)
	}
}

// TestAllocateLeadTime: cards that arrive after a unit's stock-out week
// cannot prevent it, so a unit whose need lies before its lead time gets
// nothing while another can still be helped.
func TestAllocateLeadTime(t *testing.T) {
	units := []forecast.AllocationUnit{
		// Out in week 0 and fine from week 1 on (a delivery): beyond reach.
		{ID: "early", Stock: 0, Demand: demand(100, 10, 3), OnOrder: []forecast.Delivery{{Week: 1, Quantity: 1000}}, LeadTime: 1},
		// Out in week 2, reachable from week 1.
		{ID: "late", Stock: 150, Demand: demand(100, 10, 3), LeadTime: 1},
	}
	got, err := forecast.Allocate(200, units)
	if err != nil {
		t.Fatal(err)
	}
	if got[0].Cards != 0 || got[1].Cards != 200 {
		t.Errorf("cards %d and %d, want 0 and 200", got[0].Cards, got[1].Cards)
	}
	if got[0].StockOutWeeksAfter != got[0].StockOutWeeksBefore {
		t.Errorf("early's stock-out weeks moved: %v → %v", got[0].StockOutWeeksBefore, got[0].StockOutWeeksAfter)
	}
}

// TestAllocateLeftoverEvensCover: once no card lowers any stock-out
// probability, the rest even out the units' cover.
func TestAllocateLeftoverEvensCover(t *testing.T) {
	units := []forecast.AllocationUnit{
		{ID: "A", Stock: 500, Demand: demand(600, 100, 1)},
		{ID: "B", Stock: 300, Demand: demand(300, 100, 1)},
		{ID: "C", Stock: 900, Demand: demand(600, 100, 1)},
	}
	got, err := forecast.Allocate(1_000_000, units)
	if err != nil {
		t.Fatal(err)
	}
	// 1,001,700 cards over 1,500 a week of demand: 667.8 weeks each.
	for _, u := range got {
		rate := map[string]float64{"A": 600, "B": 300, "C": 600}[u.ID]
		if math.Abs(u.CoverAfter-667.8) > 1/rate+1e-9 {
			t.Errorf("%s: cover after %.4f, want 667.8 within a card", u.ID, u.CoverAfter)
		}
	}
}

func TestAllocateRejects(t *testing.T) {
	ok := forecast.AllocationUnit{ID: "A", Demand: demand(1, 1, 2)}
	tests := []struct {
		name   string
		supply int
		units  []forecast.AllocationUnit
		want   string
	}{
		{"negative supply", -1, []forecast.AllocationUnit{ok}, "allocate: supply -1 is not between 0 and 1000000000"},
		{"supply above a billion", forecast.MaxSupply + 1, []forecast.AllocationUnit{ok}, "allocate: supply 1000000001 is not between 0 and 1000000000"},
		{"no unit", 1, nil, "allocate: no unit to allocate to"},
		{"repeated id", 1, []forecast.AllocationUnit{ok, ok}, `allocate: unit id "A" is empty or repeated`},
		{"negative lead time", 1, []forecast.AllocationUnit{{ID: "A", Demand: demand(1, 1, 2), LeadTime: -1}}, "allocate A: lead time -1 is negative"},
		{"no weeks", 1, []forecast.AllocationUnit{{ID: "A"}}, "allocate A: plan stock: the demand forecast has no weeks"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := forecast.Allocate(tt.supply, tt.units)
			if err == nil || err.Error() != tt.want {
				t.Errorf("error %v, want %q", err, tt.want)
			}
		})
	}
}

// randomUnit is a unit with random stock, backlog, demand (sometimes
// certain, sometimes zero), deliveries and lead time.
func randomUnit(r *rand.Rand, id string, weeks int) forecast.AllocationUnit {
	u := forecast.AllocationUnit{ID: id, Stock: float64(r.IntN(3000)), Backlog: float64(r.IntN(400)), LeadTime: r.IntN(5)}
	level, sd := float64(r.IntN(400)), float64(r.IntN(80))
	if r.IntN(8) == 0 {
		sd = 0
	}
	for range weeks {
		p := math.Max(0, level+float64(r.IntN(41)-20))
		if r.IntN(10) == 0 {
			p = 0
		}
		u.Demand.Point = append(u.Demand.Point, p)
		u.Demand.Hi95 = append(u.Demand.Hi95, p+1.96*sd)
	}
	for range r.IntN(3) {
		u.OnOrder = append(u.OnOrder, forecast.Delivery{Week: r.IntN(weeks + 2), Quantity: float64(r.IntN(1000))})
	}
	return u
}

func randomUnits(r *rand.Rand) []forecast.AllocationUnit {
	weeks := 1 + r.IntN(13)
	units := make([]forecast.AllocationUnit, 1+r.IntN(8))
	for i := range units {
		units[i] = randomUnit(r, fmt.Sprintf("%04d", r.IntN(10000)*10+i), weeks)
	}
	return units
}

// TestAllocateProperties checks, over random inputs, the guarantees of
// Allocate's documentation: whole cards summing to the supply, none
// negative; more supply never gives any unit fewer cards; of two units alike
// but for stock, the one with more never gets more cards.
func TestAllocateProperties(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 2023))
	cases := 400
	if testing.Short() {
		cases = 60
	}
	for c := range cases {
		units := randomUnits(r)
		supply := r.IntN(6000)
		switch r.IntN(10) {
		case 0, 1:
			supply = r.IntN(200_000)
		case 2: // far above every demand, up to the largest supply taken
			supply = forecast.MaxSupply - 5000 - r.IntN(1_000_000)
		}
		got := allocate(t, supply, units)
		sum := 0
		for _, u := range got {
			if u.Cards < 0 {
				t.Fatalf("case %d: %s gets %d cards", c, u.ID, u.Cards)
			}
			sum += u.Cards
		}
		if sum != supply {
			t.Fatalf("case %d: %d cards allocated of %d", c, sum, supply)
		}
		for _, more := range []int{1, 2, 1 + r.IntN(50), 1 + r.IntN(5000)} {
			bigger := allocate(t, supply+more, units)
			for i := range got {
				if bigger[i].Cards < got[i].Cards {
					t.Fatalf("case %d: %s gets %d cards of %d but %d of %d", c, got[i].ID, got[i].Cards, supply, bigger[i].Cards, supply+more)
				}
			}
		}
		// A twin of a random unit with more stock, its ID before or after.
		k := r.IntN(len(units))
		twin := units[k]
		twin.ID = []string{"0", "z"}[r.IntN(2)] + units[k].ID // sorts first or last
		twin.Stock += float64(1 + r.IntN(500))
		withTwin := allocate(t, supply, append(units[:len(units):len(units)], twin))
		if richer, poorer := withTwin[len(units)].Cards, withTwin[k].Cards; richer > poorer {
			t.Fatalf("case %d: %s with %v more stock gets %d cards, its twin %d", c, twin.ID, twin.Stock-units[k].Stock, richer, poorer)
		}
	}
}

func allocate(t *testing.T, supply int, units []forecast.AllocationUnit) []forecast.UnitAllocation {
	t.Helper()
	got, err := forecast.Allocate(supply, units)
	if err != nil {
		t.Fatal(err)
	}
	return got
}

// BenchmarkAllocate is the national case: 514 regions, 13 weeks, a few
// million cards.
func BenchmarkAllocate(b *testing.B) {
	r := rand.New(rand.NewPCG(514, 13))
	units := make([]forecast.AllocationUnit, 514)
	for i := range units {
		u := randomUnit(r, fmt.Sprintf("%04d", 1101+i), 13)
		scale := 1 + float64(r.IntN(20)) // regions differ in size
		u.Stock, u.Backlog = u.Stock*scale, u.Backlog*scale
		for k := range u.Demand.Point {
			u.Demand.Point[k] *= scale
			u.Demand.Hi95[k] *= scale
		}
		units[i] = u
	}
	for _, supply := range []int{100_000, 3_000_000, forecast.MaxSupply} {
		b.Run(fmt.Sprintf("supply=%d", supply), func(b *testing.B) {
			for b.Loop() {
				if _, err := forecast.Allocate(supply, units); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
