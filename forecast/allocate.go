package forecast

import (
	"errors"
	"fmt"
	"math"
)

// AllocationUnit is one region or office that a supply of blanko (blank
// KTP-el cards) is split across: its stock, what it owes and has on order,
// and its weekly demand forecast, as PlanStock takes them.
type AllocationUnit struct {
	// ID names the unit (region or office code); ties between units are
	// broken by ID, so IDs must be unique.
	ID      string
	Stock   float64 // cards in stock now
	Backlog float64 // cards already owed
	// Demand is the weekly demand forecast over the horizon; its 95% upper
	// bound gives each week's standard deviation, as in PlanStock.
	Demand  Forecast
	OnOrder []Delivery
	// LeadTime is the week an allocated card arrives in (at its start):
	// weeks before it are out of the allocation's reach.
	LeadTime int
	// Group is the province of a region (or the regency of an office):
	// Lend moves cards only between units of one group ("" lends nothing).
	Group string
}

// UnitAllocation is what Allocate gives one unit, and its stock before and
// after. Cover is in weeks of forecast demand; stock-out figures count
// every week of the horizon (those before the lead time too, which the
// allocation cannot change).
type UnitAllocation struct {
	ID    string
	Cards int
	// CoverBefore and CoverAfter are the weeks of forecast demand that the
	// stock net of backlog, plus the cards on order in the horizon (and the
	// allocation, after), covers, walked as PlanStock's WeeksOfCover; -1
	// when no demand is forecast.
	CoverBefore, CoverAfter float64
	// StockOutWeeksBefore and StockOutWeeksAfter are the expected number of
	// weeks ending out of stock: the sum of the weekly probabilities.
	StockOutWeeksBefore, StockOutWeeksAfter float64
	// MaxStockOutProbabilityBefore and After are the highest weekly
	// probability of ending a week out of stock.
	MaxStockOutProbabilityBefore, MaxStockOutProbabilityAfter float64
	// StockOutWeekBefore and After are the first week whose projected stock
	// (point forecast) is negative, or -1.
	StockOutWeekBefore, StockOutWeekAfter int
}

// Allocate splits supply whole cards across units so that the expected
// number of stock-out weeks over the horizon, summed over the units, is
// smallest; the cards allocated to a unit arrive at the start of its
// LeadTime week.
//
// # The objective
//
// As in PlanStock, unit i's stock at the end of week k with x more cards is
// normal with mean P_ik + x (its projection: stock − backlog + deliveries −
// demand) and deviation s_ik, so the week ends out of stock with probability
// Φ(−(P_ik + x)/s_ik), and the expected stock-out weeks are the sum of those
// over the weeks k ≥ LeadTime (the earlier ones do not depend on x).
//
// Φ(−y/s) is convex in y only for y ≥ 0, where the point projection still
// has stock; below zero it is concave: the first cards sent to a unit far
// short barely move its probability. A sum of such S-shaped terms is not
// a convex problem, and its optimum breaks the rule that of two units alike
// but for stock, the one with more never gets more cards (with certain
// demand, five cards are best spent on the unit short by five, not the one
// short by ten). Allocate therefore minimises the convex version of each
// term: for y < 0 it continues along its tangent at zero, 1/2 − y·φ(0)/s,
// so a card sent to a unit already short counts as much as the card that
// brings its projection to zero, the most any card can. This is an upper
// bound of the expected stock-out weeks, equal to it wherever the
// allocation leaves the point projection non-negative; the figures reported
// (StockOutWeeksAfter…) are the true probabilities. A week whose demand is
// certain (s = 0) is taken with s = 1 card, so that the tangent exists.
//
// # The method
//
// Each unit's term F_i(x) is then convex and decreasing, and the total is
// separable, so marginal allocation is optimal (Gross 1956, Fox 1966): give
// each card in turn to the unit whose F falls most, g_i(x) = F_i(x−1) −
// F_i(x). Since each g_i is non-increasing, after N cards each unit holds
// exactly its cards whose gain is among the N largest of all; Allocate
// finds the N-th largest gain by bisection and hands out the cards above it
// at once, so the cost grows with the logarithm of the supply, not the
// supply. Gains are rounded to 2⁻⁴⁰ stock-out weeks per card (smaller
// ones are none), which makes them exact integers to compare.
//
// Ties, and the cards left once no card lowers any unit's stock-out weeks,
// go to the unit with the least cover (stock net of backlog and on order,
// in weeks of mean forecast demand), then to the lowest ID. The cards are
// thus ranked in one fixed order — gain, then cover, then ID — that within
// a unit follows its card count, and N cards are the first N of it. Hence:
// allocations are whole cards summing to the supply and never negative;
// with one more card no unit gets fewer (the first N+1 hold the first N);
// and of two units alike but for stock, the one with more gets at most as
// many (its gains are those of the other, shifted to where they are no
// larger, and its cover is higher).
func Allocate(supply int, units []AllocationUnit) ([]UnitAllocation, error) {
	if err := validateAllocation(supply, units); err != nil {
		return nil, err
	}
	models := make([]unitModel, len(units))
	for i, u := range units {
		models[i] = newUnitModel(u)
	}
	cards := selectCards(supply, models)
	out := make([]UnitAllocation, len(units))
	for i, m := range models {
		out[i] = m.result(cards[i])
	}
	return out, nil
}

// unitModel is one unit's projection, ready for the gains of its cards.
type unitModel struct {
	id string
	// projected is the point projection P_k of each week, sd its deviation
	// s_k (as in PlanStock); from is the first week the allocation reaches.
	projected, sd []float64
	from          int
	demand        []float64
	// available is the stock net of backlog plus the cards on order in the
	// horizon; rate the mean weekly forecast demand (floored above zero).
	available, rate float64
	// maxCards bounds the cards with any gain: beyond it, none.
	maxCards int
}

// minSD is the standard deviation given to a week whose demand is certain,
// in cards, so that the convex objective has a tangent at zero.
const minSD = 1

// gainScale rounds gains to 2⁻⁴⁰ stock-out weeks per card.
const gainScale = 0x1p40

func newUnitModel(u AllocationUnit) unitModel {
	weeks := len(u.Demand.Point)
	m := unitModel{id: u.ID, projected: make([]float64, weeks), sd: make([]float64, weeks),
		from: min(u.LeadTime, weeks), demand: u.Demand.Point}
	arriving := make([]float64, weeks)
	for _, d := range u.OnOrder {
		if d.Week < weeks {
			arriving[d.Week] += d.Quantity
			m.available += d.Quantity
		}
	}
	stock, variance, total := u.Stock-u.Backlog, 0.0, 0.0
	m.available += stock
	reach := 0.0
	for k := range weeks {
		sigma := math.Max(0, u.Demand.Hi95[k]-u.Demand.Point[k]) / z95
		stock += arriving[k] - u.Demand.Point[k]
		variance += sigma * sigma
		total += u.Demand.Point[k]
		m.projected[k], m.sd[k] = stock, math.Sqrt(variance)
		if k >= m.from {
			reach = math.Max(reach, -stock+40*math.Max(m.sd[k], minSD))
		}
	}
	m.rate = math.Max(total/float64(weeks), 1e-6)
	m.maxCards = int(math.Min(math.Ceil(math.Max(reach, 0))+2, math.MaxInt32))
	return m
}

// gain is the rounded fall of the unit's convex objective from its j-th
// card (j ≥ 1): Σ_{k ≥ from} w(P_k + j − 1, s_k).
func (m unitModel) gain(j int) int64 {
	g := 0.0
	for k := m.from; k < len(m.projected); k++ {
		g += termFall(m.projected[k]+float64(j-1), math.Max(m.sd[k], minSD))
	}
	return int64(math.Round(g * gainScale))
}

// termFall is f(y) − f(y+1) for the convex term f(y) = Φ(−y/s) (y ≥ 0),
// 1/2 − y·φ(0)/s (y < 0); each side is computed where it is accurate.
func termFall(y, s float64) float64 {
	slope := 1 / (s * math.Sqrt(2*math.Pi))
	switch {
	case y+1 <= 0:
		return slope
	case y >= 0:
		return 0.5 * (math.Erfc(y/(s*math.Sqrt2)) - math.Erfc((y+1)/(s*math.Sqrt2)))
	default:
		return 0.5 - y*slope - normalCDF(-(y+1)/s)
	}
}

// cover is the unit's cover, in weeks of mean demand, before its j-th card:
// the secondary key (lower first).
func (m unitModel) cover(j int) float64 {
	return (m.available+float64(j-1))/m.rate + 0 // + 0 turns -0 into 0
}

// result reports the unit with its cards.
func (m unitModel) result(cards int) UnitAllocation {
	r := UnitAllocation{ID: m.id, Cards: cards,
		CoverBefore: weeksOfCover(m.available, m.demand), CoverAfter: weeksOfCover(m.available+float64(cards), m.demand)}
	r.StockOutWeeksBefore, r.MaxStockOutProbabilityBefore, r.StockOutWeekBefore = m.risk(0, 0)
	r.StockOutWeeksAfter, r.MaxStockOutProbabilityAfter, r.StockOutWeekAfter = m.risk(float64(cards), 0)
	return r
}

// risk is the unit's expected stock-out weeks, highest weekly probability
// and first stock-out week (-1 for none) with allocated cards from its lead
// time on and now cards more from the first week (a transfer).
func (m unitModel) risk(allocated, now float64) (weeks, highest float64, first int) {
	first = -1
	for k, p := range m.projected {
		p += now
		if k >= m.from {
			p += allocated
		}
		prob := 0.0
		switch {
		case m.sd[k] > 0:
			prob = normalCDF(-p / m.sd[k])
		case p < 0:
			prob = 1
		}
		weeks += prob
		highest = math.Max(highest, prob)
		if p < 0 && first < 0 {
			first = k
		}
	}
	return weeks, highest, first
}

// MaxSupply is the most cards Allocate splits: a billion, several times
// Indonesia's population (some 280 million), so never short of a real
// supply. It keeps every count the selection adds up (cards per unit
// times units) far inside int and float64's exact integers.
const MaxSupply = 1_000_000_000

func validateAllocation(supply int, units []AllocationUnit) error {
	if supply < 0 || supply > MaxSupply {
		return fmt.Errorf("allocate: supply %d is not between 0 and %d", supply, MaxSupply)
	}
	if len(units) == 0 {
		return errors.New("allocate: no unit to allocate to")
	}
	seen := make(map[string]bool, len(units))
	for _, u := range units {
		if u.ID == "" || seen[u.ID] {
			return fmt.Errorf("allocate: unit id %q is empty or repeated", u.ID)
		}
		seen[u.ID] = true
		if u.LeadTime < 0 {
			return fmt.Errorf("allocate %s: lead time %d is negative", u.ID, u.LeadTime)
		}
		if err := validateStock(StockInput{Stock: u.Stock, Backlog: u.Backlog, Demand: u.Demand, OnOrder: u.OnOrder}); err != nil {
			return fmt.Errorf("allocate %s: %w", u.ID, err)
		}
	}
	return nil
}
