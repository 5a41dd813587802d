package synth

import "math"

// KTP-el paths: submitted → recorded → print_ready (after a heavy-tailed
// delay) → printed (when a blanko and a printer are free) → issued; some are
// rejected (duplicate record) or cancelled, some cards are spoiled in printing
// and printed again. Waiting applicants may get an interim document.

const (
	printerCardsPerDay = 250
	spoilRate          = 0.015
	rejectRate         = 0.015 // duplicate biometric record
	cancelRate         = 0.01
	onlineNoShowRate   = 0.08
)

var ktpRequestTypes = []string{"baru", "perubahan_data", "hilang_rusak", "pindah_datang", "luar_domisili", "perpanjangan_wna"}
var ktpRequestWeights = []float64{0.45, 0.20, 0.245, 0.08, 0.02, 0.005}

func (g *generator) newKTP(kec int) *app {
	a := g.newApp(serviceKTP, kec)
	a.requestType = ktpRequestTypes[pick(g.r, ktpRequestWeights)]
	minAge, maxAge := 17, 75
	if a.requestType == "baru" {
		minAge, maxAge = 17, 19
	}
	a.nik = g.w.nik(g.r, kec, birthDay(g.r, g.day, minAge, maxAge))
	return a
}

// walkInKTP: an applicant comes to a counter, submits and is recorded.
func (g *generator) walkInKTP() {
	kec := g.w.pickKecamatan(g.r.Float64())
	o := g.chooseOffice(kec)
	a := g.newKTP(kec)
	a.office = o
	t := g.counterTime(g.day)
	staff := g.staffAt(o)
	g.emit(event{at: t, a: a, stage: stageSubmitted, office: o, channel: g.w.offices[o].channel, staff: staff})
	g.record(a, o, t+between(g.r, 3, 25)*secondsPerMin)
}

// onlineKTP: a submission on Sitepak; the applicant comes to a desk for
// perekaman on a later working day, or never comes.
func (g *generator) onlineKTP() {
	kec := g.w.pickKecamatan(g.r.Float64())
	a := g.newKTP(kec)
	a.office = g.w.online
	t := g.onlineTime(g.day)
	g.emit(event{at: t, a: a, stage: stageSubmitted, office: g.w.online, channel: channelOnline, staff: -1})
	if g.r.Float64() < onlineNoShowRate {
		g.schedule(action{at: g.officeTime(g.cal.addWorkdays(g.day, 20)), kind: actFinal, a: a, stage: stageCancelled, office: g.w.online})
		return
	}
	o := g.chooseOffice(kec)
	for g.w.offices[o].Type == officeMobile { // mobile units do not take appointments
		o = g.chooseOffice(kec)
	}
	day := g.cal.addWorkdays(g.day, int(between(g.r, 1, 7)))
	g.schedule(action{at: g.counterTime(day), kind: actOnlineRecord, a: a, office: o})
}

// record captures the biometrics at office o at time t and decides the
// application's fate.
func (g *generator) record(a *app, o int, t int64) {
	a.office = o
	a.printOffice = g.w.printOffice(o)
	a.recorded = true
	g.backlog++
	g.emit(event{at: t, a: a, stage: stageRecorded, office: o, channel: g.w.offices[o].channel, staff: g.staffAt(o)})

	// Without a card in sight, most applicants ask for an interim document.
	p := 0.03
	if q := g.queues[a.printOffice].len(); g.stock[a.printOffice] < q+10 {
		p = 0.6
	}
	if g.r.Float64() < p {
		g.emit(event{at: t + between(g.r, 5, 40)*secondsPerMin, a: a, stage: stageInterim, office: o,
			channel: g.w.offices[o].channel, staff: g.staffAt(o), interim: g.interimType()})
	}

	switch u := g.r.Float64(); {
	case u < rejectRate:
		at := g.officeTime(g.cal.addWorkdays(dayOf(t), int(between(g.r, 1, 10))))
		g.schedule(action{at: at, kind: actFinal, a: a, stage: stageRejected, office: o})
	case u < rejectRate+cancelRate:
		at := g.officeTime(g.cal.addWorkdays(dayOf(t), int(between(g.r, 1, 20))))
		g.schedule(action{at: at, kind: actFinal, a: a, stage: stageCancelled, office: o})
	default:
		a.readyAt = t + g.readyDelay()
		g.schedule(action{at: a.readyAt, kind: actReady, a: a})
	}
}

// readyDelay draws the heavy-tailed time from perekaman to print_ready:
// half within hours, a long Pareto tail of weeks to months (verification of
// suspected duplicates at the centre).
func (g *generator) readyDelay() int64 {
	const day = secondsPerDay
	switch u := g.r.Float64(); {
	case u < 0.50:
		return (5 + int64(g.r.ExpFloat64()*40)) * secondsPerMin
	case u < 0.75:
		return between(g.r, day, 3*day)
	case u < 0.90:
		return between(g.r, 3*day, 21*day)
	default:
		x := 21 * day * math.Pow(1-g.r.Float64(), -1/1.5)
		return int64(math.Min(x, 180*day))
	}
}

// interimType: a Suket mostly; IKD as an interim only once IKD exists (2023).
func (g *generator) interimType() string {
	u := g.r.Float64()
	if g.day >= ikdStartDay {
		switch {
		case u < 0.65:
			return "suket"
		case u < 0.80:
			return "biodata"
		default:
			return "ikd"
		}
	}
	if u < 0.9 {
		return "suket"
	}
	return "biodata"
}

// printDay prints at every printing office what stock and printers allow.
func (g *generator) printDay() {
	for _, o := range g.stockOffices {
		g.printAt(o)
	}
}

func (g *generator) printAt(o int) {
	q := &g.queues[o]
	capacity := g.printers[o] * printerCardsPerDay
	cutoff := g.day*secondsPerDay + 15*secondsPerHour
	close := g.day*secondsPerDay + 16*secondsPerHour
	ch := g.w.offices[o].channel
	for capacity > 0 && g.stock[o] > 0 && q.len() > 0 {
		a := q.peek()
		if a.done {
			q.pop()
			continue
		}
		if a.readyAt > cutoff {
			break
		}
		lo := max(g.day*secondsPerDay+8*secondsPerHour, a.readyAt+10*secondsPerMin)
		t := between(g.r, lo/secondsPerMin, close/secondsPerMin) * secondsPerMin
		staff := g.staffAt(o)
		if g.r.Float64() < spoilRate {
			g.emit(event{at: t, a: a, stage: stageSpoiled, office: o, channel: ch, staff: staff})
			g.stock[o]--
			g.consumed[o]++
			capacity--
			if g.stock[o] == 0 || capacity == 0 {
				break // the reprint waits for the next card
			}
			t += between(g.r, 5, 20) * secondsPerMin
		}
		g.emit(event{at: t, a: a, stage: stagePrinted, office: o, channel: ch, staff: staff})
		g.stock[o]--
		g.consumed[o]++
		capacity--
		q.pop()
		a.done = true
		g.backlog--
		g.scheduleHandOver(a, t)
	}
}

// scheduleHandOver: the applicant collects the card days to months later.
func (g *generator) scheduleHandOver(a *app, printed int64) {
	o := g.handOverOffice(a.office)
	var k int
	switch u := g.r.Float64(); {
	case u < 0.35:
		k = 0
	case u < 0.65:
		k = int(between(g.r, 1, 2))
	case u < 0.90:
		k = int(between(g.r, 3, 10))
	case u < 0.98:
		k = int(between(g.r, 11, 40))
	default:
		k = int(between(g.r, 41, 120))
	}
	day := g.cal.addWorkdays(dayOf(printed), k)
	at := g.officeTime(day)
	if k == 0 {
		at = printed + between(g.r, 20, 120)*secondsPerMin
	}
	g.schedule(action{at: at, kind: actFinal, a: a, stage: stageIssued, office: o})
}

// printQueue is a FIFO of applications in print_ready order.
type printQueue struct {
	items []*app
	head  int
}

func (q *printQueue) push(a *app) { q.items = append(q.items, a) }
func (q *printQueue) len() int    { return len(q.items) - q.head }
func (q *printQueue) peek() *app  { return q.items[q.head] }
func (q *printQueue) pop() {
	q.items[q.head] = nil
	q.head++
	if q.head > 1024 && q.head*2 > len(q.items) {
		n := copy(q.items, q.items[q.head:])
		clear(q.items[n:])
		q.items = q.items[:n]
		q.head = 0
	}
}
