package planning

import (
	"cmp"
	"fmt"
	"math"
	"slices"
)

// DistributionNeed is one office as the distribution sizes it, in cards.
type DistributionNeed struct {
	Office string
	// Dinas marks the office that holds the regency's central stock: it
	// keeps its own cover and sends, never receives.
	Dinas bool
	// Stock is the cards in hand (≥ 0).
	Stock float64
	// Cover is the cards the office must hold now to meet the cards it owes
	// and its demand over its lead time and review period at the service
	// level (the stock plan's order-up-to level: backlog + demand + safety
	// stock); OnOrder the cards already on their way that arrive within
	// that time.
	Cover, OnOrder float64
}

// Lack is the whole cards the office needs to reach its cover, counting
// what is on its way (0 for the Dinas, whose lack the regency requests).
func (n DistributionNeed) Lack() int {
	if n.Dinas {
		return 0
	}
	return int(math.Max(0, math.Ceil(n.Cover-n.Stock-n.OnOrder-1e-9)))
}

// Spare is the whole cards in hand beyond the office's cover (not
// counting what is on its way): what it can send without falling below it.
func (n DistributionNeed) Spare() int {
	return int(math.Max(0, math.Floor(n.Stock-n.Cover+1e-9)))
}

// Shipment is cards one office sends another this week.
type Shipment struct {
	From  string `json:"from"`
	To    string `json:"to"`
	Cards int    `json:"cards"`
}

// Split is what Distribute decides: per office (in the order of the needs)
// the cards received and sent, and the shipments.
type Split struct {
	Received, Sent []int
	Shipments      []Shipment
	// Spare is the cards the donors could send; Lack the cards the offices
	// lack; Unmet the part of Lack no donor could cover.
	Spare, Lack, Unmet int
}

// Distribute decides the week's shipments of whole cards.
//
// Each office other than the Dinas lacks ⌈cover − stock − on order⌉ cards
// (Lack); each office, the Dinas first, can spare ⌊stock − cover⌋ cards in
// hand (Spare). When the spare cards reach the total lack, every office
// receives its lack. When they do not, the spare cards are rationed in
// proportion to each office's lack, rounded down to whole cards, and the
// cards left by rounding go one each to the largest remainders (ties: the
// larger lack, then the office code): the largest-remainder method. No
// office receives more than it lacks; no donor sends more than it can
// spare, so every donor keeps its own cover.
//
// The Dinas sends first; an office with cards to spare sends only what the
// Dinas cannot (the most spare first, then by office code). Receiving
// offices are served in the order of the needs.
func Distribute(needs []DistributionNeed) (Split, error) {
	for _, n := range needs {
		for _, v := range []float64{n.Stock, n.Cover, n.OnOrder} {
			if math.IsNaN(v) || math.IsInf(v, 0) || v < 0 || v > MaxSupply {
				return Split{}, fmt.Errorf("distribute: office %s: stock %v, cover %v and on order %v must be numbers of cards between 0 and %d",
					n.Office, n.Stock, n.Cover, n.OnOrder, MaxSupply)
			}
		}
	}
	split := Split{Received: make([]int, len(needs)), Sent: make([]int, len(needs))}
	var donors []int
	for i, n := range needs {
		split.Lack += n.Lack()
		if n.Spare() > 0 {
			donors = append(donors, i)
			split.Spare += n.Spare()
		}
	}
	slices.SortStableFunc(donors, func(a, b int) int {
		if needs[a].Dinas != needs[b].Dinas {
			if needs[a].Dinas {
				return -1
			}
			return 1
		}
		return cmp.Or(cmp.Compare(needs[b].Spare(), needs[a].Spare()), cmp.Compare(needs[a].Office, needs[b].Office))
	})
	ration(needs, split.Spare, split.Lack, split.Received)
	spare := make([]int, len(needs))
	for _, d := range donors {
		spare[d] = needs[d].Spare()
	}
	next := 0
	for to, want := range split.Received {
		for want > 0 && next < len(donors) {
			from := donors[next]
			cards := min(want, spare[from])
			split.Shipments = append(split.Shipments, Shipment{From: needs[from].Office, To: needs[to].Office, Cards: cards})
			split.Sent[from] += cards
			spare[from] -= cards
			want -= cards
			if spare[from] == 0 {
				next++
			}
		}
	}
	split.Unmet = split.Lack
	for _, r := range split.Received {
		split.Unmet -= r
	}
	return split, nil
}

// ration fills received with each office's share of spare cards: its lack
// when spare covers the total lack, else its share by the largest-remainder
// method (see Distribute).
func ration(needs []DistributionNeed, spare, lack int, received []int) {
	if spare >= lack {
		for i, n := range needs {
			received[i] = n.Lack()
		}
		return
	}
	if lack == 0 {
		return
	}
	type part struct {
		i, lack int
		rest    int64
	}
	var parts []part
	given := 0
	for i, n := range needs {
		l := n.Lack()
		if l == 0 {
			continue
		}
		share := int64(spare) * int64(l)
		received[i] = int(share / int64(lack))
		given += received[i]
		parts = append(parts, part{i, l, share % int64(lack)})
	}
	slices.SortStableFunc(parts, func(a, b part) int {
		return cmp.Or(cmp.Compare(b.rest, a.rest), cmp.Compare(b.lack, a.lack), cmp.Compare(needs[a.i].Office, needs[b.i].Office))
	})
	for k := 0; given < spare; k++ {
		received[parts[k].i]++
		given++
	}
}
