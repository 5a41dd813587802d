package synth

import (
	"context"
	"math/rand/v2"
	"slices"
)

// generator runs the day-by-day simulation and streams rows to the sinks.
type generator struct {
	cfg      Config
	w        *world
	cal      *calendar
	r        *rand.Rand // applications and events
	rb       *rand.Rand // blanko
	rc       *rand.Rand // complaints
	out      sinks
	from, to int64 // day numbers, inclusive
	day      int64

	actions  actionHeap
	actSeq   int64
	events   []event
	evSeq    int64 // creation order, for stable sorting
	eventIDs dayCounter
	appSeq   int // applications started today
	row      []cell

	stockOffices []int
	queues       []printQueue // per office
	stock        []int        // blanko on hand per office
	consumed     []int        // blanko used per office (printed + spoiled)
	printers     []int
	dailyPrints  []float64 // expected KTP-el prints per working day per print office
	backlog      int       // KTP-el recorded, not printed, rejected or cancelled

	deliveries   []plannedDelivery
	nextDelivery int
	lastArrival  int64
	transferSeq  int

	complaints complaintState
	survey     surveyState
	story      regionStory // the region's depth of the cut, recovery and incidents
}

// Volumes at scale 1.
const (
	ktpPerWorkday     = 500.0
	calendarOnlineAdj = 0.68 // working days per calendar day, so online volume per day matches the working-day rates
)

var (
	ikdStartDay   = daysFromCivil(2023, 1, 1)
	storyStartDay = daysFromCivil(2022, 1, 1)
)

// sitepakOutages are the days the online portal was down (the story's
// outages; outside 2022–2023 there are none).
func sitepakOutages() []int64 {
	var out []int64
	for _, d := range [][3]int64{
		{2022, 3, 14}, {2022, 3, 15}, {2022, 6, 20}, {2022, 9, 5}, {2022, 9, 6}, {2022, 9, 7},
		{2022, 11, 21}, {2023, 1, 9}, {2023, 1, 10}, {2023, 3, 27}, {2023, 5, 15}, {2023, 5, 16},
	} {
		out = append(out, daysFromCivil(d[0], d[1], d[2]))
	}
	return out
}

func (g *generator) outage(day int64) bool {
	_, found := slices.BinarySearch(g.complaints.outages, day)
	return found
}

func newGenerator(cfg Config, w *world, cal *calendar, out sinks) *generator {
	g := &generator{
		cfg: cfg, w: w, cal: cal, out: out,
		r:    newRand(cfg.Seed, w.regionCode, streamEvents),
		rb:   newRand(cfg.Seed, w.regionCode, streamBlanko),
		rc:   newRand(cfg.Seed, w.regionCode, streamComplaints),
		from: dayNumber(cfg.From), to: dayNumber(cfg.To),
		row: make([]cell, len(serviceEventsTable.columns)),
	}
	n := len(w.offices)
	g.queues = make([]printQueue, n)
	g.stock = make([]int, n)
	g.consumed = make([]int, n)
	g.printers = make([]int, n)
	g.dailyPrints = make([]float64, n)
	g.stockOffices = w.stockOffices()
	for o, s := range w.expectedShare() {
		g.dailyPrints[w.printOffice(o)] += s * ktpPerWorkday * cfg.Scale
	}
	for _, o := range g.stockOffices {
		// Printers sized for 1.6 times the usual demand, so that a backlog
		// clears within weeks once cards arrive.
		g.printers[o] = max(1, int(g.dailyPrints[o]*1.6/printerCardsPerDay+0.999))
	}
	g.story = drawStory(cfg.Seed, w)
	g.complaints.outages = g.story.outages
	g.planDeliveries()
	g.initComplaints()
	g.initSurvey()
	return g
}

func (g *generator) run(ctx context.Context) error {
	if err := g.openingStock(); err != nil {
		return err
	}
	for g.day = g.from; g.day <= g.to; g.day++ {
		if err := ctx.Err(); err != nil {
			return err
		}
		g.appSeq = 0
		open := g.cal.open(g.day)
		if err := g.receiveDeliveries(); err != nil {
			return err
		}
		if open && (g.firstOpenDayOfWeek() || g.day == g.cal.nextOpen(g.lastArrival)) {
			if err := g.redistribute(); err != nil {
				return err
			}
		}
		g.newApplications(open)
		g.runActions()
		if open {
			g.printDay()
			g.runActions()
		}
		if err := g.complaintsOfDay(); err != nil {
			return err
		}
		if err := g.flushEvents(); err != nil {
			return err
		}
		if open && g.lastOpenDayOfMonth() {
			if err := g.stockCounts(); err != nil {
				return err
			}
		}
	}
	if err := g.onOrderDeliveries(); err != nil {
		return err
	}
	return g.finishComplaints()
}

func (g *generator) firstOpenDayOfWeek() bool {
	for d := g.day - 1; weekday(d) != 0; d-- { // back to Monday
		if g.cal.open(d) {
			return false
		}
	}
	return true
}

func (g *generator) lastOpenDayOfMonth() bool {
	_, m, _ := civilFromDays(g.day)
	_, m2, _ := civilFromDays(g.cal.nextOpen(g.day))
	return m != m2
}

// dayFactor shapes counter volume: busy Mondays, quiet Fridays, a rush after
// long holidays, school-leavers in July.
func (g *generator) dayFactor() float64 {
	f := [7]float64{0, 1.15, 1.05, 1.0, 0.95, 0.85, 0}[weekday(g.day)]
	if !g.cal.open(g.day-1) && !g.cal.open(g.day-2) && !g.cal.open(g.day-3) {
		f *= 1.25
	}
	_, m, _ := civilFromDays(g.day)
	switch m {
	case 7:
		f *= 1.1
	case 12:
		f *= 0.95
	}
	return f
}

// onlineFactor spreads Sitepak traffic over the week and cuts it on outage days.
func (g *generator) onlineFactor() float64 {
	f := 1.1
	if w := weekday(g.day); w == 0 || w == 6 {
		f = 0.75
	}
	if g.outage(g.day) {
		f *= 0.15
	}
	return f * calendarOnlineAdj
}

// onlineShareKTP grows from 15% in January 2022 to 25% by mid-2023.
func (g *generator) onlineShareKTP() float64 {
	x := float64(g.day-storyStartDay) / 546
	return 0.15 + 0.10*min(1, max(0, x))
}

// ikdPerWorkday ramps from 25 a day in January 2023 to 400 by July 2023.
func (g *generator) ikdPerWorkday() float64 {
	if g.day < ikdStartDay {
		return 0
	}
	x := float64(g.day-ikdStartDay) / 181
	return 25 + 375*min(1.3, x)
}

func (g *generator) newApplications(open bool) {
	s := g.cfg.Scale
	share := g.onlineShareKTP()
	if open {
		for range poisson(g.r, ktpPerWorkday*s*(1-share)*g.dayFactor()) {
			g.walkInKTP()
		}
		for range poisson(g.r, g.ikdPerWorkday()*s*g.dayFactor()) {
			g.ikdActivation()
		}
	}
	for range poisson(g.r, ktpPerWorkday*s*share*g.onlineFactor()) {
		g.onlineKTP()
	}
	for _, ds := range documentServices() {
		if open {
			for range poisson(g.r, ds.perWorkday*s*(1-ds.onlineShare)*g.dayFactor()) {
				g.documentApp(ds, false)
			}
		}
		for range poisson(g.r, ds.perWorkday*s*ds.onlineShare*g.onlineFactor()) {
			g.documentApp(ds, true)
		}
	}
}

// flushEvents writes the day's events in time order with their event_ids.
func (g *generator) flushEvents() error {
	slices.SortFunc(g.events, func(a, b event) int {
		if a.at != b.at {
			if a.at < b.at {
				return -1
			}
			return 1
		}
		if a.seq < b.seq {
			return -1
		}
		return 1
	})
	row := g.row
	for i := range g.events {
		ev := &g.events[i]
		row[seEventID] = str(eventID(g.w.regionCode, g.day, g.eventIDs.next(g.day)))
		row[seApplicationID] = str(ev.a.id)
		row[seEventTime] = wallTime(ev.at)
		row[seService] = str(ev.a.service)
		row[seRequestType] = str(ev.a.requestType)
		row[seStage] = str(ev.stage)
		row[seInterimType] = str(ev.interim)
		row[seOfficeCode] = str(g.w.offices[ev.office].Code)
		row[seChannel] = str(ev.channel)
		row[seStaffID] = cell{}
		if ev.staff >= 0 {
			row[seStaffID] = str(g.w.staff[ev.staff].id)
		}
		row[seNIK] = str(ev.a.nik)
		if err := g.out.events.emit(row, ""); err != nil {
			return err
		}
		if err := g.surveyVisit(ev); err != nil {
			return err
		}
		if ev.a.service == serviceKTP {
			g.complaints.lastNIK = ev.a.nik
		}
		ev.a = nil
	}
	g.events = g.events[:0]
	return nil
}
