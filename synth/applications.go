package synth

import (
	"container/heap"

	"github.com/disdukcapil-bekasi/pantau/enums"
)

// Services and stages of DESIGN.md §3, from the one contract (enums.yaml).
const (
	serviceKTP        = enums.ServiceKTPEl
	serviceIKD        = enums.ServiceIKD
	stageSubmitted    = enums.StageSubmitted
	stageRecorded     = enums.StageRecorded
	stagePrintReady   = enums.StagePrintReady
	stagePrinted      = enums.StagePrinted
	stageIssued       = enums.StageIssued
	stageInterim      = enums.StageInterimIssued
	stageSpoiled      = enums.StageSpoiled
	stageRejected     = enums.StageRejected
	stageCancelled    = enums.StageCancelled
	stageIKDActivated = enums.StageIKDActivated
	channelOnline     = enums.ChannelOnline
)

// app is one application (permohonan) in flight.
type app struct {
	id          string
	nik         string
	service     string
	requestType string
	kec         int
	office      int // where it was recorded (KTP-el) or submitted
	printOffice int
	readyAt     int64
	recorded    bool
	done        bool // printed, rejected or cancelled
}

// event is one row of service_events before it gets its event_id.
type event struct {
	at      int64
	seq     int64
	a       *app
	stage   string
	office  int
	channel string
	staff   int // index into world.staff, -1 for none
	interim string
}

// Kinds of scheduled actions.
const (
	actOnlineRecord = iota // an online KTP-el submission comes to a desk for perekaman (biometric recording)
	actReady               // print_ready: the record passed central verification
	actFinal               // a terminal stage: issued, rejected, cancelled
)

type action struct {
	at     int64
	seq    int64
	kind   int
	a      *app
	stage  string // actFinal
	office int
}

// actionHeap orders actions by time, then by the order they were scheduled.
type actionHeap []action

func (h actionHeap) Len() int { return len(h) }
func (h actionHeap) Less(i, j int) bool {
	if h[i].at != h[j].at {
		return h[i].at < h[j].at
	}
	return h[i].seq < h[j].seq
}
func (h actionHeap) Swap(i, j int) { h[i], h[j] = h[j], h[i] }
func (h *actionHeap) Push(x any)   { *h = append(*h, x.(action)) }
func (h *actionHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	old[len(old)-1] = action{}
	*h = old[:len(old)-1]
	return x
}

func (g *generator) schedule(ac action) {
	if dayOf(ac.at) > g.to {
		return // beyond the range: it never happens in the data
	}
	g.actSeq++
	ac.seq = g.actSeq
	heap.Push(&g.actions, ac)
}

// newApp starts an application on the current day with the next number.
func (g *generator) newApp(service string, kec int) *app {
	g.appSeq++
	return &app{id: dayID("", g.w.regionCode, g.day, g.appSeq, 6), service: service, kec: kec}
}

func (g *generator) emit(ev event) {
	g.evSeq++
	ev.seq = g.evSeq
	g.events = append(g.events, ev)
}

// staffAt draws an officer of office o.
func (g *generator) staffAt(o int) int {
	s := g.w.offices[o].staff
	if len(s) == 0 {
		return -1
	}
	return s[g.r.IntN(len(s))]
}

// counterTime draws a time of day when counters serve: 08:00–14:30.
func (g *generator) counterTime(day int64) int64 {
	return day*secondsPerDay + 8*secondsPerHour + between(g.r, 0, 6*60+30)*secondsPerMin
}

// officeTime draws a back-office time of day: 08:00–16:00.
func (g *generator) officeTime(day int64) int64 {
	return day*secondsPerDay + 8*secondsPerHour + between(g.r, 0, 8*60)*secondsPerMin
}

// onlineTime draws a time of day for Sitepak traffic, mostly 06:00–23:00.
func (g *generator) onlineTime(day int64) int64 {
	var m int64
	if g.r.Float64() < 0.9 {
		m = between(g.r, 6*60, 23*60)
	} else {
		m = between(g.r, 0, 24*60-1)
	}
	return day*secondsPerDay + m*secondsPerMin
}

// chooseOffice draws where an applicant from kecamatan kec is served.
func (g *generator) chooseOffice(kec int) int {
	u := g.r.Float64()
	switch {
	case u < shareDesk:
		return g.w.kecamatan[kec].desk
	case u < shareDesk+shareDinas:
		return g.w.dinas
	case len(g.w.mpp) == 0 || len(g.w.mobile) == 0:
		return g.w.dinas // the standard office set: no MPP, no mobile units
	case u < shareDesk+shareDinas+shareMPP:
		x := g.r.Float64()
		for i, m := range g.w.mpp {
			if x -= mppSplit(i, len(g.w.mpp)); x < 0 {
				return m
			}
		}
		return g.w.mpp[len(g.w.mpp)-1]
	default:
		return choose(g.r, g.w.mobile)
	}
}

// handOverOffice is where a printed card or a document is handed over:
// mobile units have no counter to come back to, so their cards wait at the Dinas.
func (g *generator) handOverOffice(o int) int {
	if g.w.offices[o].Type == officeMobile {
		return g.w.dinas
	}
	return o
}

// runActions executes every scheduled action before the end of the current day.
func (g *generator) runActions() {
	end := (g.day + 1) * secondsPerDay
	for len(g.actions) > 0 && g.actions[0].at < end {
		ac := heap.Pop(&g.actions).(action)
		switch ac.kind {
		case actOnlineRecord:
			g.record(ac.a, ac.office, ac.at)
		case actReady:
			a := ac.a
			g.emit(event{at: ac.at, a: a, stage: stagePrintReady, office: a.office, channel: g.w.offices[a.office].channel, staff: -1})
			g.queues[a.printOffice].push(a)
		case actFinal:
			a := ac.a
			o := ac.office
			g.emit(event{at: ac.at, a: a, stage: ac.stage, office: o, channel: g.w.offices[o].channel, staff: g.staffAt(o)})
			if a.service == serviceKTP && a.recorded && !a.done && (ac.stage == stageRejected || ac.stage == stageCancelled) {
				a.done = true
				g.backlog--
			}
		}
	}
}
