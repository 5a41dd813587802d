package forecast

import (
	"cmp"
	"fmt"
	"math"
	"slices"
)

// LendingRule says how much cover a lender keeps for itself.
type LendingRule struct {
	// ReviewWeeks is the weeks until the next allocation; MarginWeeks the
	// weeks of demand kept beyond it and the lead time.
	ReviewWeeks, MarginWeeks int
}

// Transfer is cards one unit lends another of its group now: what the
// ministry asked provinces to arrange between regencies in the 2022
// shortage. The effects are after the allocation, and after the transfers
// listed before this one.
type Transfer struct {
	Group    string
	From, To string
	Cards    int
	// FromCoverBefore and FromCoverAfter are the lender's weeks of cover
	// (as UnitAllocation's CoverAfter) before and after the transfer.
	FromCoverBefore, FromCoverAfter float64
	// ToStockOutWeekBefore and After are the borrower's first stock-out
	// week (-1 for none); ToStockOutWeeksBefore and After its expected
	// stock-out weeks over the horizon.
	ToStockOutWeekBefore, ToStockOutWeekAfter   int
	ToStockOutWeeksBefore, ToStockOutWeeksAfter float64
}

// lenderSafetyZ is the one-sided 95% normal quantile: a lender keeps its
// projection this many deviations above zero.
const lenderSafetyZ = 1.6448536269514722

// Lend proposes transfers within each group after an allocation (units and
// allocations in the same order, as Allocate takes and returns them).
//
// A borrower is a unit whose projected stock (point forecast) is negative
// in a week before its lead time: the allocation arrives too late for that
// week. It asks for the cards that keep its projection at zero until then,
// ⌈max_{k < lead} −P_k⌉.
//
// A lender is any other unit whose cover after the allocation exceeds its
// safe cover W = lead time + ReviewWeeks + MarginWeeks weeks. It may lend
// t cards now only if, after lending them, its cover still reaches W (the
// cards net of backlog, on order and allocated still meet the point demand
// of the next W weeks) and in each of those weeks its projection stays at
// least 1.645 deviations above zero (no more than a 5% chance of running
// out in any of them), and it lends only cards in hand and not owed: whole
// cards, the largest t meeting all three.
//
// Within a group, borrowers are served by earliest stock-out, then largest
// need, then ID; each takes from the lenders with most to spare first (then
// by ID) until its need is met or the group's spare cards run out.
// Transfers are assumed to arrive within the first week.
func Lend(units []AllocationUnit, allocations []UnitAllocation, rule LendingRule) ([]Transfer, error) {
	if len(units) != len(allocations) {
		return nil, fmt.Errorf("lend: %d units but %d allocations", len(units), len(allocations))
	}
	if rule.ReviewWeeks < 0 || rule.MarginWeeks < 0 {
		return nil, fmt.Errorf("lend: review %d and margin %d weeks must not be negative", rule.ReviewWeeks, rule.MarginWeeks)
	}
	var borrowers, lenders []*lendingParty
	for i, u := range units {
		if allocations[i].ID != u.ID {
			return nil, fmt.Errorf("lend: allocation %d is of %s, not %s", i+1, allocations[i].ID, u.ID)
		}
		if u.Group == "" {
			continue
		}
		p := &lendingParty{unit: u, model: newUnitModel(u), cards: float64(allocations[i].Cards)}
		if p.need = p.shortfall(); p.need > 0 {
			borrowers = append(borrowers, p)
		} else if p.spare = p.spareCards(u.LeadTime + rule.ReviewWeeks + rule.MarginWeeks); p.spare > 0 {
			lenders = append(lenders, p)
		}
	}
	slices.SortFunc(borrowers, func(a, b *lendingParty) int {
		_, _, wa := a.model.risk(a.cards, 0)
		_, _, wb := b.model.risk(b.cards, 0)
		return cmp.Or(cmp.Compare(a.unit.Group, b.unit.Group), cmp.Compare(wa, wb), cmp.Compare(b.need, a.need), cmp.Compare(a.unit.ID, b.unit.ID))
	})
	slices.SortFunc(lenders, func(a, b *lendingParty) int {
		return cmp.Or(cmp.Compare(b.spare, a.spare), cmp.Compare(a.unit.ID, b.unit.ID))
	})
	var out []Transfer
	for _, b := range borrowers {
		for _, l := range lenders {
			if l.unit.Group != b.unit.Group || l.spare == 0 {
				continue
			}
			if b.need == 0 {
				break
			}
			out = append(out, transfer(l, b, min(l.spare, b.need)))
		}
	}
	return out, nil
}

// lendingParty is a borrower or lender as lending proceeds: need and spare
// shrink, lent and received grow.
type lendingParty struct {
	unit           AllocationUnit
	model          unitModel
	cards          float64 // allocated
	need, spare    int
	lent, received int
}

// transfer moves cards from l to b and reports its effect on both.
func transfer(l, b *lendingParty, cards int) Transfer {
	t := Transfer{Group: b.unit.Group, From: l.unit.ID, To: b.unit.ID, Cards: cards}
	available := l.model.available + l.cards
	t.FromCoverBefore = weeksOfCover(available-float64(l.lent), l.model.demand)
	t.FromCoverAfter = weeksOfCover(available-float64(l.lent+cards), l.model.demand)
	t.ToStockOutWeeksBefore, _, t.ToStockOutWeekBefore = b.model.risk(b.cards, float64(b.received))
	t.ToStockOutWeeksAfter, _, t.ToStockOutWeekAfter = b.model.risk(b.cards, float64(b.received+cards))
	l.lent += cards
	l.spare -= cards
	b.received += cards
	b.need -= cards
	return t
}

// shortfall is the cards that keep the projection at zero until the
// allocation arrives (0 when it never runs out before).
func (p *lendingParty) shortfall() int {
	worst := 0.0
	for k := 0; k < p.model.from; k++ {
		worst = math.Max(worst, -p.model.projected[k])
	}
	return int(math.Ceil(worst - 1e-9))
}

// spareCards is the most whole cards the unit can lend now and keep its
// safe cover of weeks, and each of those weeks' projection 1.645
// deviations above zero, out of the cards in hand and not owed; 0 when its
// cover after allocation is no more.
func (p *lendingParty) spareCards(weeks int) int {
	m := p.model
	available := m.available + p.cards
	if cover := weeksOfCover(available, m.demand); cover >= 0 && cover <= float64(weeks) {
		return 0
	}
	horizon := len(m.demand)
	mean := 0.0
	for _, d := range m.demand {
		mean += d / float64(horizon)
	}
	needed := 0.0
	for k := range weeks {
		if k < horizon {
			needed += m.demand[k]
		} else {
			needed += mean
		}
	}
	// Only cards in hand and not owed can leave now.
	spare := math.Min(available-needed, p.unit.Stock-p.unit.Backlog)
	for k := 0; k < min(weeks, horizon); k++ {
		projected := m.projected[k]
		if k >= m.from {
			projected += p.cards
		}
		spare = math.Min(spare, projected-lenderSafetyZ*m.sd[k])
	}
	return max(0, int(math.Floor(spare+1e-9)))
}
