package reports

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/disdukcapil-bekasi/pantau/kpi"
	"github.com/disdukcapil-bekasi/pantau/planning"
)

// AllocationSentence is the sentence for the request letter (pantau forecast
// allocate, the national report): what the split
// does, where most cards go, who cannot wait for them.
func AllocationSentence(l Lang, al planning.Allocation) string {
	date := al.AsOf
	if d, err := time.Parse(time.DateOnly, al.AsOf); err == nil {
		date = fmt.Sprintf("%d %s %d", d.Day(), l.Month(d.Month()), d.Year())
	}
	if len(al.Rows) == 0 {
		return ""
	}
	top, short, transferred := allocationFacts(al)
	cards := func(n int) string { return l.Number(float64(n), 0) }
	weeks := func(v float64) string { return l.Number(v, 1) }
	var b strings.Builder
	if l == English {
		unit := func(n int) string {
			return map[bool]map[string]string{true: {kpi.ScopeRegion: "region", kpi.ScopeOffice: "office"},
				false: {kpi.ScopeRegion: "regions", kpi.ScopeOffice: "offices"}}[n == 1][al.By]
		}
		fmt.Fprintf(&b, "As of %s, the proposed split of %s KTP-el blank cards across %d %s lowers the expected stock-out weeks over the next %d weeks from %s to %s",
			date, cards(al.Supply), len(al.Rows), unit(len(al.Rows)), al.Horizon, weeks(al.StockOutWeeksBefore), weeks(al.StockOutWeeksAfter))
		if top.Cards > 0 {
			fmt.Fprintf(&b, "; the largest share goes to %s (%s)", top.Name, plural(top.Cards, cards, "card"))
		}
		b.WriteString(".")
		if short > 0 {
			fmt.Fprintf(&b, " %d %s %s out before a delivery can arrive", short, unit(short), map[bool]string{true: "runs", false: "run"}[short == 1])
			if transferred > 0 {
				fmt.Fprintf(&b, "; %s of %s from neighbours with cover to spare %s proposed", plural(len(al.Transfers), strconv.Itoa, "transfer"),
					plural(transferred, cards, "card"), map[bool]string{true: "is", false: "are"}[len(al.Transfers) == 1])
			}
			b.WriteString(".")
		}
		return b.String()
	}
	unit := map[string]string{kpi.ScopeRegion: "wilayah", kpi.ScopeOffice: "kantor"}[al.By]
	fmt.Fprintf(&b, "Per %s, usulan pembagian %s keping blanko KTP-el ke %d %s menurunkan perkiraan jumlah pekan kehabisan stok dalam %d pekan ke depan dari %s menjadi %s",
		date, cards(al.Supply), len(al.Rows), unit, al.Horizon, weeks(al.StockOutWeeksBefore), weeks(al.StockOutWeeksAfter))
	if top.Cards > 0 {
		fmt.Fprintf(&b, "; alokasi terbesar untuk %s (%s keping)", top.Name, cards(top.Cards))
	}
	b.WriteString(".")
	if short > 0 {
		fmt.Fprintf(&b, " %d %s kehabisan stok sebelum kiriman dapat tiba", short, unit)
		if transferred > 0 {
			fmt.Fprintf(&b, "; diusulkan %d pinjaman antar%s sebanyak %s keping", len(al.Transfers), unit, cards(transferred))
		}
		b.WriteString(".")
	}
	return b.String()
}

// allocationFacts returns the unit with the largest allocation, how many
// units run out before a delivery can arrive, and the cards transferred.
func allocationFacts(al planning.Allocation) (top planning.AllocationRow, short, transferred int) {
	top = al.Rows[0]
	for _, r := range al.Rows {
		if r.Cards > top.Cards {
			top = r
		}
		if r.OutBeforeDelivery {
			short++
		}
	}
	for _, t := range al.Transfers {
		transferred += t.Cards
	}
	return top, short, transferred
}

// plural writes n and the English noun, with an s unless n is 1.
func plural(n int, format func(int) string, noun string) string {
	if n == 1 {
		return format(n) + " " + noun
	}
	return format(n) + " " + noun + "s"
}
