package synth

import (
	"fmt"
	"math"
	"slices"
)

// Blanko (blank e-KTP cards): the ministry (kemendagri) delivers to the Dinas,
// which redistributes to the kecamatan desks as transfer rows. The story:
// deliveries every few weeks until mid-2022, none in August–September 2022,
// sharply reduced from October 2022 (with a small provincial top-up), a
// recovery from the second half of January 2023.

// plannedDelivery is one delivery (or request) from the ministry or province.
type plannedDelivery struct {
	id           string
	requested    int64 // day
	received     int64 // day
	qtyRequested int
	qtyReceived  int
	source       string
	reference    string
}

// storyDelivery is a delivery of the 2022–2023 story: quantities are months
// of regency demand.
type storyDelivery struct {
	y, m, d     int64
	months      float64 // received
	askedMonths float64 // requested
	leadDays    int64   // requested this many days before
	source      string
}

func storyDeliveries() []storyDelivery {
	return []storyDelivery{
		{2022, 1, 12, 1.0, 1.0, 21, "kemendagri"},
		{2022, 2, 3, 0.75, 0.8, 21, "kemendagri"},
		{2022, 2, 24, 0.75, 0.8, 21, "kemendagri"},
		{2022, 3, 22, 0.9, 0.9, 28, "kemendagri"},
		{2022, 4, 19, 0.8, 0.9, 28, "kemendagri"},
		{2022, 5, 24, 0.85, 0.9, 28, "kemendagri"},
		{2022, 6, 14, 0.65, 0.7, 21, "kemendagri"},
		{2022, 7, 12, 0.7, 0.8, 21, "kemendagri"},
		{2022, 7, 28, 1.1, 2.0, 21, "kemendagri"},
		// None in August–September 2022. Requests from then are met late and in part.
		{2022, 10, 11, 0.25, 1.5, 63, "kemendagri"},
		{2022, 11, 8, 0.2, 1.5, 56, "kemendagri"},
		{2022, 11, 29, 0.15, 1.5, 42, "kemendagri"},
		{2022, 12, 13, 0.1, 0.5, 20, "provinsi"},
		{2022, 12, 20, 0.15, 2.0, 35, "kemendagri"},
		// Recovery from the second half of January 2023.
		{2023, 1, 19, 2.0, 2.5, 30, "kemendagri"},
		{2023, 2, 2, 1.8, 2.0, 28, "kemendagri"},
		{2023, 2, 21, 1.0, 1.0, 28, "kemendagri"},
		{2023, 3, 14, 0.9, 0.9, 28, "kemendagri"},
		{2023, 4, 4, 0.8, 0.9, 28, "kemendagri"},
		{2023, 5, 9, 1.0, 1.0, 28, "kemendagri"},
		{2023, 5, 30, 0.8, 0.8, 21, "kemendagri"},
		{2023, 6, 20, 0.8, 0.8, 21, "kemendagri"},
		// Still on order at the end of June 2023.
		{2023, 7, 18, 0.5, 0.5, 25, "provinsi"},
	}
}

// monthlyDemand is the regency's expected card use in a month (21 working days).
func (g *generator) monthlyDemand() float64 {
	return ktpPerWorkday * g.cfg.Scale * 21 * (1 + spoilRate)
}

func roundCards(x float64) int {
	if x < 50 {
		return max(10, int(math.Round(x/10))*10)
	}
	return int(math.Round(x/50)) * 50
}

// planDeliveries lays out every delivery that touches the range: the story's
// for 2022-01 to 2023-06, and a regular three-weekly cadence outside it.
func (g *generator) planDeliveries() {
	M := g.monthlyDemand()
	storyEnd := daysFromCivil(2023, 6, 30)
	var plan []plannedDelivery
	for i, s := range storyDeliveries() {
		planned := daysFromCivil(s.y, s.m, s.d)
		rec, months := g.story.delivery(i, planned, s.months)
		plan = append(plan, plannedDelivery{
			requested: planned - s.leadDays, received: rec,
			qtyRequested: roundCards(M * s.askedMonths), qtyReceived: roundCards(M * months),
			source: s.source,
		})
	}
	// Regular cadence outside the story window, anchored on Tuesday 2023-07-11.
	anchor := daysFromCivil(2023, 7, 11)
	lo := g.from - 120
	hi := g.to + 120
	start := anchor - ((anchor-lo)/21+1)*21
	for d := start; d <= hi; d += 21 {
		if d >= storyStartDay && d <= storyEnd {
			continue
		}
		q := roundCards(M * 0.75)
		rec, _ := g.story.delivery(len(plan), d, 0)
		plan = append(plan, plannedDelivery{requested: d - 21, received: rec, qtyRequested: q, qtyReceived: q, source: "kemendagri"})
	}
	slices.SortFunc(plan, func(a, b plannedDelivery) int { return int(a.received - b.received) })
	perDay := map[string]int{}
	for i := range plan {
		p := &plan[i]
		p.received = g.cal.addWorkdays(p.received, 0)
		y, _, _ := civilFromDays(p.received)
		prefix := "KMD"
		if p.source == "provinsi" {
			prefix = "PROV"
		}
		// The id is the planned arrival day's: the same delivery keeps its
		// id in every period that writes it (on order, then received).
		key := fmt.Sprintf("%s-%d", prefix, p.received)
		perDay[key]++
		p.id = dayID(prefix, g.w.regionCode, p.received, perDay[key], 1)
		switch p.source {
		case "provinsi":
			p.reference = fmt.Sprintf("470/%d/Disdukcapil-%s/%d", 100+int(g.rb.IntN(800)), provinceTag(g.w.province), y)
		default:
			p.reference = fmt.Sprintf("B/470/%d/Dukcapil/%d", 1000+int(g.rb.IntN(8000)), y)
		}
	}
	g.deliveries = plan
	g.lastArrival = g.from - 100
}

// openingStock sets the stock on the first day and writes it as a stock
// count dated the day before the range (the year-end stock opname), so that
// stock = count + deliveries − consumption holds from the first day.
func (g *generator) openingStock() error {
	for _, o := range g.stockOffices {
		days := 12.0
		if o == g.w.dinas {
			days = 15
		}
		g.stock[o] = int(g.dailyPrints[o] * days)
		if o == g.w.dinas {
			g.stock[o] += int(ktpPerWorkday * g.cfg.Scale * 5) // the central buffer
		}
	}
	return g.writeCounts(g.from-1, false)
}

// receiveDeliveries books today's arrivals at the Dinas.
func (g *generator) receiveDeliveries() error {
	for g.nextDelivery < len(g.deliveries) && g.deliveries[g.nextDelivery].received <= g.day {
		p := g.deliveries[g.nextDelivery]
		g.nextDelivery++
		if p.received < g.from {
			continue
		}
		g.stock[g.w.dinas] += p.qtyReceived
		g.lastArrival = g.day
		row := []cell{str(p.id), str(g.w.offices[g.w.dinas].Code), dateCell(p.requested), num(int64(p.qtyRequested)),
			dateCell(p.received), num(int64(p.qtyReceived)), str(p.source), str(p.reference)}
		if err := g.out.deliveries.emit(row, ""); err != nil {
			return err
		}
	}
	return nil
}

// onOrderDeliveries writes the requests made but not yet received by the end.
func (g *generator) onOrderDeliveries() error {
	for _, p := range g.deliveries[g.nextDelivery:] {
		if p.requested > g.to || p.requested < g.from {
			continue
		}
		row := []cell{str(p.id), str(g.w.offices[g.w.dinas].Code), dateCell(p.requested), num(int64(p.qtyRequested)),
			{}, {}, str(p.source), str(p.reference)}
		if err := g.out.deliveries.emit(row, ""); err != nil {
			return err
		}
	}
	return nil
}

// redistribute sends cards from the Dinas to the desks. A desk whose stock
// is below six working days of demand plus its waiting queue asks to be
// brought up to twelve days plus the queue; when the Dinas holds less than
// everyone (itself included) needs, it shares in proportion to need.
func (g *generator) redistribute() error {
	dinas := g.w.dinas
	need := make([]int, len(g.w.offices))
	total := 0
	for _, o := range g.stockOffices {
		queue := g.queues[o].len()
		if o == dinas {
			need[o] = int(math.Ceil(12*g.dailyPrints[o])) + queue
		} else if float64(g.stock[o]) < 6*g.dailyPrints[o]+float64(queue) {
			need[o] = max(0, int(math.Ceil(12*g.dailyPrints[o]))+queue-g.stock[o])
		}
		total += need[o]
	}
	avail := g.stock[dinas]
	sent := 0 // transfers of the day, for their ids
	if total == 0 || avail == 0 {
		return nil
	}
	for _, o := range g.stockOffices {
		if o == dinas || need[o] == 0 {
			continue
		}
		q := need[o]
		if total > avail {
			q = int(float64(avail) * float64(need[o]) / float64(total))
		}
		if q >= 100 {
			q -= q % 10
		}
		if q < 5 || q > g.stock[dinas] {
			continue
		}
		g.stock[dinas] -= q
		g.stock[o] += q
		g.transferSeq++
		y, _, _ := civilFromDays(g.day)
		sent++
		id := dayID("TRF", g.w.regionCode, g.day, sent, 2)
		ref := fmt.Sprintf("SBBK/%04d/Disdukcapil/%d", g.transferSeq, y)
		in := []cell{str(id + "-IN"), str(g.w.offices[o].Code), dateCell(g.day), num(int64(need[o])),
			dateCell(g.day), num(int64(q)), str("transfer"), str(ref)}
		if err := g.out.deliveries.emit(in, ""); err != nil {
			return err
		}
		out := []cell{str(id + "-OUT"), str(g.w.offices[dinas].Code), {}, {},
			dateCell(g.day), num(int64(-q)), str("transfer"), str(ref)}
		if err := g.out.deliveries.emit(out, ""); err != nil {
			return err
		}
	}
	return nil
}

// stockCounts writes the monthly stock opname at the end of the day.
func (g *generator) stockCounts() error { return g.writeCounts(g.day, true) }

func (g *generator) writeCounts(day int64, sloppy bool) error {
	for _, o := range g.stockOffices {
		q := g.stock[o]
		if sloppy && g.rb.Float64() < 0.03 { // a miscount by a card or three
			d := int(between(g.rb, 1, 3))
			if g.rb.IntN(2) == 0 && q >= d {
				d = -d
			}
			q += d
		}
		row := []cell{str(g.w.offices[o].Code), dateCell(day), num(int64(q))}
		if err := g.out.stockCounts.emit(row, ""); err != nil {
			return err
		}
	}
	return nil
}

// provinceTag names the province in a provincial letter number: Jabar for
// Jawa Barat, Prov<code> elsewhere.
func provinceTag(code string) string {
	if code == "32" {
		return "Jabar"
	}
	return "Prov" + code
}
