package forecast

import (
	"math"
	"slices"
)

// selectCards returns each unit's number of cards among the first supply
// cards of the fixed order Allocate ranks them in: gain (highest first),
// then the cover before the card (lowest first), then unit ID, then the
// card's place in its unit. It reads as its two steps: the gain threshold,
// then the cover threshold among the cards the gain leaves tied (or, when
// no gain is left, among all further cards).
func selectCards(supply int, models []unitModel) []int {
	cards := make([]int, len(models))
	if supply == 0 {
		return cards
	}
	lo, hi := gainThreshold(supply, models)
	left := supply
	for i := range models {
		left -= lo[i]
	}
	fillByCover(left, models, lo, hi)
	copy(cards, lo)
	return cards
}

// gainThreshold returns, per unit, lo: its cards whose gain is above the
// supply-th largest gain λ*, and hi: those whose gain is at least λ*.
// The cards between lo and hi tie on gain; the first supply cards are the
// lo cards and the best of the tied ones by cover. When fewer than supply
// cards have any gain, lo counts those and hi is unbounded.
func gainThreshold(supply int, models []unitModel) (lo, hi []int) {
	lo, hi = make([]int, len(models)), make([]int, len(models))
	total := func(lambda int64) int {
		sum := 0
		for i := range models {
			sum += models[i].cardsAbove(lambda, supply)
		}
		return sum
	}
	if total(0) < supply {
		for i := range models {
			lo[i] = models[i].cardsAbove(0, supply)
			hi[i] = lo[i] + supply
		}
		return lo, hi
	}
	// total(a) ≥ supply > total(b); the largest gain is a first card's.
	a, b := int64(0), int64(0)
	for i := range models {
		b = max(b, models[i].gain(1))
	}
	for b-a > 1 {
		mid := a + (b-a)/2
		if total(mid) >= supply {
			a = mid
		} else {
			b = mid
		}
	}
	for i := range models {
		lo[i], hi[i] = models[i].cardsAbove(b, supply), models[i].cardsAbove(a, supply)
	}
	return lo, hi
}

// cardsAbove is the number of the unit's cards (at most limit) whose gain
// is above lambda ≥ 0: a prefix, since gains do not increase.
func (m unitModel) cardsAbove(lambda int64, limit int) int {
	// The first good cards are gain(1..n); search the largest n.
	n, top := 0, min(m.maxCards, limit)
	for n < top {
		mid := n + (top-n+1)/2
		if m.gain(mid) > lambda {
			n = mid
		} else {
			top = mid - 1
		}
	}
	return n
}

// fillByCover hands left cards out among the cards lo[i]+1..hi[i] of each
// unit, lowest cover first, then lowest ID: it finds the left-th lowest
// cover μ* by bisection over the float64 order, gives every card below it,
// and the rest of the cards at μ* by ID. It adds them to lo.
func fillByCover(left int, models []unitModel, lo, hi []int) {
	if left <= 0 {
		return
	}
	atMost := func(i int, mu float64) int { return cardsUpToCover(models[i], lo[i], hi[i], mu) }
	total := func(mu float64) int {
		sum := 0
		for i := range models {
			sum += atMost(i, mu)
		}
		return sum
	}
	lowest, highest := math.Inf(1), math.Inf(-1)
	for i, m := range models {
		if hi[i] > lo[i] {
			lowest = math.Min(lowest, m.cover(lo[i]+1))
			highest = math.Max(highest, m.cover(hi[i]))
		}
	}
	// total(a) < left ≤ total(b), over the order of float64 values.
	a, b := orderKey(lowest)-1, orderKey(highest)
	for b-a > 1 {
		mid := a + (b-a)/2
		if total(fromOrderKey(mid)) >= left {
			b = mid
		} else {
			a = mid
		}
	}
	mu := fromOrderKey(b)
	below := make([]int, len(models))
	for i := range models {
		below[i] = atMost(i, fromOrderKey(a))
		left -= below[i]
	}
	order := make([]int, len(models))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(x, y int) int { return compareStrings(models[x].id, models[y].id) })
	for _, i := range order {
		tied := min(atMost(i, mu)-below[i], left)
		below[i] += tied
		left -= tied
	}
	for i := range models {
		lo[i] += below[i]
	}
}

// cardsUpToCover is how many cards beyond lo (and up to hi) a unit can
// take while its cover stays at most mu: a binary search, the cover
// growing with the cards.
func cardsUpToCover(m unitModel, lo, hi int, mu float64) int {
	n, top := lo, hi
	for n < top {
		mid := n + (top-n+1)/2
		if m.cover(mid) <= mu {
			n = mid
		} else {
			top = mid - 1
		}
	}
	return n - lo
}

func compareStrings(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// orderKey maps a float64 to a uint64 in the same order (for non-NaN).
func orderKey(f float64) uint64 {
	b := math.Float64bits(f)
	if b>>63 == 1 {
		return ^b
	}
	return b | 1<<63
}

func fromOrderKey(k uint64) float64 {
	if k>>63 == 1 {
		return math.Float64frombits(k &^ (1 << 63))
	}
	return math.Float64frombits(^k)
}
