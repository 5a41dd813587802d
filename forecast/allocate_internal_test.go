package forecast

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

// convexObjective is the objective Allocate minimises for unit m with x
// cards, summed straight from its definition (not from the gains).
func convexObjective(m unitModel, x int) float64 {
	total := 0.0
	for k := m.from; k < len(m.projected); k++ {
		y, s := m.projected[k]+float64(x), math.Max(m.sd[k], minSD)
		if y >= 0 {
			total += normalCDF(-y / s)
		} else {
			total += 0.5 - y/(s*math.Sqrt(2*math.Pi))
		}
	}
	return total
}

// TestAllocateIsOptimal compares Allocate with every split of a small
// supply across two or three small units: none has a smaller objective.
func TestAllocateIsOptimal(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 16))
	for c := range 300 {
		weeks := 1 + r.IntN(4)
		units := make([]AllocationUnit, 2+r.IntN(2))
		for i := range units {
			u := AllocationUnit{ID: fmt.Sprint(i), Stock: float64(r.IntN(30)), Backlog: float64(r.IntN(5)), LeadTime: r.IntN(2)}
			for range weeks {
				p, sd := float64(r.IntN(12)), float64(r.IntN(6))
				u.Demand.Point = append(u.Demand.Point, p)
				u.Demand.Hi95 = append(u.Demand.Hi95, p+z95*sd)
			}
			units[i] = u
		}
		supply := r.IntN(25)
		got, err := Allocate(supply, units)
		if err != nil {
			t.Fatal(err)
		}
		models := make([]unitModel, len(units))
		value := 0.0
		for i, u := range units {
			models[i] = newUnitModel(u)
			value += convexObjective(models[i], got[i].Cards)
		}
		best := math.Inf(1)
		var split func(i, left int, sum float64)
		split = func(i, left int, sum float64) {
			if i == len(models)-1 {
				best = math.Min(best, sum+convexObjective(models[i], left))
				return
			}
			for x := 0; x <= left; x++ {
				split(i+1, left-x, sum+convexObjective(models[i], x))
			}
		}
		split(0, supply, 0)
		if value > best+1e-9 {
			t.Errorf("case %d: Allocate's objective %.12f, a split reaches %.12f", c, value, best)
		}
	}
}
