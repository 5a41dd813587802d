package synth

// Other services (KK, KIA, akta, pindah) are printed on plain paper since
// 2020 and never use blanko: their paths are submitted → issued, or
// rejected/cancelled. They have no printed events, so every printed and
// spoiled event in the data is a KTP-el card.

// documentService is a non-KTP service with its daily volume at scale 1.
type documentService struct {
	name        string
	perWorkday  float64 // applications per working day
	onlineShare float64 // share submitted on Sitepak
	maxDays     int     // working days until issued
	minAge      int
	maxAge      int
}

func documentServices() []documentService {
	return []documentService{
		{"kk", 360, 0.35, 3, 17, 80},
		{"kia", 180, 0.30, 5, 0, 16},
		{"akta_kelahiran", 170, 0.45, 3, 0, 0},
		{"akta_kematian", 55, 0.35, 3, 40, 95},
		{"pindah", 120, 0.30, 2, 17, 70},
	}
}

// documentApp starts a document application at a counter or on Sitepak.
func (g *generator) documentApp(s documentService, online bool) {
	kec := g.w.pickKecamatan(g.r.Float64())
	o, t := g.w.online, g.onlineTime(g.day)
	if !online {
		o = g.chooseOffice(kec)
		t = g.counterTime(g.day)
	}
	a := g.newApp(s.name, kec)
	a.office = o
	a.nik = g.w.nik(g.r, kec, birthDay(g.r, g.day, s.minAge, s.maxAge))
	ch := g.w.offices[o].channel
	staff := -1
	if o != g.w.online {
		staff = g.staffAt(o)
	}
	g.emit(event{at: t, a: a, stage: stageSubmitted, office: o, channel: ch, staff: staff})

	done := g.handOverOffice(o)
	switch u := g.r.Float64(); {
	case u < 0.03:
		at := g.officeTime(g.cal.addWorkdays(g.day, int(between(g.r, 1, 3))))
		g.schedule(action{at: at, kind: actFinal, a: a, stage: stageRejected, office: done})
	case u < 0.05:
		at := g.officeTime(g.cal.addWorkdays(g.day, int(between(g.r, 1, 10))))
		g.schedule(action{at: at, kind: actFinal, a: a, stage: stageCancelled, office: done})
	default:
		k := int(between(g.r, 0, int64(s.maxDays)))
		var at int64
		if k == 0 && g.cal.open(g.day) && dayOf(t) == g.day {
			at = t + between(g.r, 30, 180)*secondsPerMin
			if at >= g.day*secondsPerDay+16*secondsPerHour {
				at = g.officeTime(g.cal.nextOpen(g.day))
			}
		} else {
			at = g.officeTime(g.cal.addWorkdays(g.day, max(k, 1)))
		}
		g.schedule(action{at: at, kind: actFinal, a: a, stage: stageIssued, office: done})
	}
}

// ikdActivation: a citizen activates the digital ID (IKD) at a counter.
func (g *generator) ikdActivation() {
	kec := g.w.pickKecamatan(g.r.Float64())
	o := g.chooseOffice(kec)
	a := g.newApp(serviceIKD, kec)
	a.office = o
	a.nik = g.w.nik(g.r, kec, birthDay(g.r, g.day, 17, 60))
	g.emit(event{at: g.counterTime(g.day), a: a, stage: stageIKDActivated, office: o, channel: g.w.offices[o].channel, staff: g.staffAt(o)})
}
