package synth

import (
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/disdukcapil-bekasi/pantau/enums"
)

// Complaints follow the backlog: a base rate, more when waits grow (mostly
// about blanko), an Instagram surge from late December 2022 to early January
// 2023, a few pungli (illegal levy) reports a month at a few desks,
// etiquette complaints about particular officers, and online_service
// complaints on Sitepak outage days.

type complaint struct {
	received  int64
	channel   string
	category  string
	tier      string
	office    int // -1 none
	staffRef  string
	text      string
	firstResp int64 // -1 none
	resolved  int64 // -1 none
	status    string
	redact    string
	pressure  float64
}

type complaintState struct {
	outages      []int64
	ids          dayCounter
	count        int
	lastNIK      string
	plants       []plant
	stride       int
	problemStaff []int
	pungliDesks  []int
	today        []complaint
}

// Tier limits in working days (DESIGN.md §3).
func tierLimit(tier string) float64 {
	switch tier {
	case "ringan":
		return 2
	case "tanpa_pengawasan":
		return 14
	case "pengawasan":
		return 60
	}
	return 5
}

func (g *generator) initComplaints() {
	c := &g.complaints
	c.plants = plants()
	days := float64(g.to - g.from + 1)
	c.stride = max(1, int(days*6*g.cfg.Scale/float64(len(c.plants)+2)))
	// Officers with a reputation, at four desks, and the desks where pungli is reported.
	for _, code := range g.story.problemDesks {
		for _, o := range g.w.offices {
			if o.Code == code && len(o.staff) > 0 {
				c.problemStaff = append(c.problemStaff, o.staff[len(o.staff)-1])
			}
		}
	}
	for _, code := range g.story.pungliDesks {
		for _, o := range g.w.offices {
			if o.Code == code {
				c.pungliDesks = append(c.pungliDesks, o.index)
			}
		}
	}
}

// surge is the Instagram surge around the new year 2023, peaking on 1 January.
func surge(day int64) float64 {
	start, peak, end := daysFromCivil(2022, 12, 20), daysFromCivil(2023, 1, 1), daysFromCivil(2023, 1, 10)
	switch {
	case day < start || day > end:
		return 0
	case day <= peak:
		return 0.3 + 0.7*float64(day-start)/float64(peak-start)
	default:
		return 1 - 0.7*float64(day-peak)/float64(end-peak)
	}
}

func (g *generator) complaintsOfDay() error {
	r := g.rc
	s := g.cfg.Scale
	base := 5 * s
	if w := weekday(g.day); w == 0 || w == 6 {
		base *= 0.6
	}
	pressure := max(0, float64(g.backlog)/(ktpPerWorkday*s*8)-1)
	c := &g.complaints
	c.today = c.today[:0]
	for range poisson(r, base) {
		cat := []string{enums.ComplaintCategoryWaitingTime, enums.ComplaintCategoryDataError, enums.ComplaintCategoryEtiquette, enums.ComplaintCategoryOnlineService, enums.ComplaintCategoryBlanko, enums.ComplaintCategoryOther}[pick(r, []float64{25, 20, 15, 12, 10 + 20*min(1, pressure/3), 15})]
		g.addComplaint(cat, "", pressure)
	}
	for range poisson(r, 1.2*pressure*s) {
		cat := enums.ComplaintCategoryBlanko
		if r.Float64() < 0.15 {
			cat = enums.ComplaintCategoryWaitingTime
		}
		g.addComplaint(cat, "", pressure)
	}
	for range poisson(r, 18*s*surge(g.day)) {
		cat := []string{enums.ComplaintCategoryBlanko, enums.ComplaintCategoryWaitingTime, enums.ComplaintCategoryEtiquette}[pick(r, []float64{75, 15, 10})]
		g.addComplaint(cat, enums.ComplaintChannelInstagram, pressure)
	}
	for range poisson(r, 0.1*s) {
		g.addComplaint(enums.ComplaintCategoryPungli, "", pressure)
	}
	outage := 0.0
	if g.outage(g.day) {
		outage = 10 * s
	} else if g.outage(g.day - 1) {
		outage = 3 * s
	}
	for range poisson(r, outage) {
		g.addComplaint(enums.ComplaintCategoryOnlineService, "", pressure)
	}
	slices.SortStableFunc(c.today, func(a, b complaint) int { return int(a.received - b.received) })
	return g.writeComplaints()
}

func (g *generator) writeComplaints() error {
	c := &g.complaints
	for i := range c.today {
		cp := &c.today[i]
		if len(c.plants) > 0 && c.count%c.stride == 2%c.stride {
			g.applyPlant(cp, c.plants[0])
			c.plants = c.plants[1:]
		}
		c.count++
		if err := g.out.complaints.emit(g.complaintRow(cp), cp.redact); err != nil {
			return err
		}
	}
	return nil
}

// finishComplaints files the planted texts that a short range had no room for.
func (g *generator) finishComplaints() error {
	c := &g.complaints
	g.day = g.to
	for i, p := range c.plants {
		c.today = c.today[:0]
		g.addComplaint(p.category, enums.ComplaintChannelWhatsapp, 0)
		cp := &c.today[0]
		cp.received = g.to*secondsPerDay + 20*secondsPerHour + int64(i)*secondsPerMin
		cp.firstResp, cp.resolved, cp.status = -1, -1, enums.ComplaintStatusOpen
		g.applyPlant(cp, p)
		if err := g.out.complaints.emit(g.complaintRow(cp), cp.redact); err != nil {
			return err
		}
	}
	c.plants = nil
	return nil
}

func (g *generator) applyPlant(cp *complaint, p plant) {
	text := p.text
	if strings.Contains(text, "{phone}") {
		text = strings.ReplaceAll(text, "{phone}", phoneNumber(g.rc))
	}
	if strings.Contains(text, "{nik}") {
		nik := g.complaints.lastNIK
		if nik == "" {
			nik = g.w.nik(g.rc, g.w.pickKecamatan(g.rc.Float64()), birthDay(g.rc, g.day, 17, 60))
		}
		text = strings.ReplaceAll(text, "{nik}", nik)
	}
	cp.category, cp.text, cp.redact = p.category, text, p.redact
}

// complaintRow writes a complaint; its id counts the complaints written on
// the simulated day.
func (g *generator) complaintRow(cp *complaint) []cell {
	row := make([]cell, len(complaintsTable.columns))
	row[cpComplaintID] = str(dayID("ADU", g.w.regionCode, g.day, g.complaints.ids.next(g.day), 3))
	row[cpReceivedAt] = wallTime(cp.received)
	row[cpChannel] = str(cp.channel)
	row[cpCategory] = str(cp.category)
	row[cpTier] = str(cp.tier)
	if cp.office >= 0 {
		row[cpOfficeCode] = str(g.w.offices[cp.office].Code)
	}
	row[cpStaffRef] = str(cp.staffRef)
	row[cpText] = str(cp.text)
	if cp.firstResp >= 0 {
		row[cpFirstResponseAt] = wallTime(cp.firstResp)
	}
	if cp.resolved >= 0 {
		row[cpResolvedAt] = wallTime(cp.resolved)
	}
	row[cpStatus] = str(cp.status)
	return row
}

func pad(n, width int) string {
	s := strconv.Itoa(n)
	if len(s) >= width {
		return s
	}
	return strings.Repeat("0", width-len(s)) + s
}

var baseChannels = []string{enums.ComplaintChannelInstagram, enums.ComplaintChannelLapor, enums.ComplaintChannelWhatsapp, enums.ComplaintChannelEmail, enums.ComplaintChannelPhone, enums.ComplaintChannelCounter, enums.ComplaintChannelSitepak}
var baseChannelWeights = []float64{25, 15, 25, 5, 10, 15, 5}

// addComplaint draws one complaint of a category received today.
func (g *generator) addComplaint(category, channel string, pressure float64) {
	r := g.rc
	w := g.w
	cp := complaint{category: category, office: -1, firstResp: -1, resolved: -1, pressure: pressure}
	channel = g.complaintChannel(category, channel)
	cp.channel = channel
	if channel == enums.ComplaintChannelCounter || channel == enums.ComplaintChannelPhone {
		cp.received = g.day*secondsPerDay + 8*secondsPerHour + between(r, 0, 7*60)*secondsPerMin
	} else {
		cp.received = g.day*secondsPerDay + between(r, 6*60, 23*60+59)*secondsPerMin
	}

	g.complaintOffice(&cp)
	kecName := w.seatName()
	if cp.office >= 0 && w.offices[cp.office].kecIndex >= 0 {
		kecName = w.kecamatan[w.offices[cp.office].kecIndex].Name
	}
	staff := cp.staffRef
	if staff == "" {
		staff = "Ibu di loket 2"
	}
	cp.text = fillText(r, choose(r, complaintTemplates(category)), kecName, staff)

	if category == enums.ComplaintCategoryPungli {
		cp.tier = []string{"pengawasan", "tanpa_pengawasan"}[pick(r, []float64{70, 30})]
	} else {
		cp.tier = []string{"ringan", "normatif", "tanpa_pengawasan", "pengawasan", ""}[pick(r, []float64{35, 44, 15, 3, 3})]
	}
	g.complaintLifecycle(&cp)
	// Some sources send no category: the loader classifies these from the text.
	if r.Float64() < 0.08 {
		cp.category = ""
	}
	g.complaints.today = append(g.complaints.today, cp)
}

// complaintChannel picks the channel of a complaint of the category when
// none is given; the counter and the phone only while the offices are open.
func (g *generator) complaintChannel(category, channel string) string {
	r := g.rc
	if channel == "" {
		switch category {
		case enums.ComplaintCategoryOnlineService:
			channel = []string{enums.ComplaintChannelSitepak, enums.ComplaintChannelInstagram, enums.ComplaintChannelWhatsapp}[pick(r, []float64{50, 30, 20})]
		case enums.ComplaintCategoryPungli:
			channel = []string{enums.ComplaintChannelSaberPungli, enums.ComplaintChannelLapor, enums.ComplaintChannelWhatsapp}[pick(r, []float64{50, 30, 20})]
		default:
			channel = baseChannels[pick(r, baseChannelWeights)]
		}
	}
	open := g.cal.open(g.day)
	if (channel == enums.ComplaintChannelCounter || channel == enums.ComplaintChannelPhone) && !open {
		channel = enums.ComplaintChannelWhatsapp
	}
	return channel
}

// complaintOffice picks the office (and at times the staff member) a
// complaint names, by its category.
func (g *generator) complaintOffice(cp *complaint) {
	r := g.rc
	w := g.w
	randomDesk := func() int { return w.kecamatan[w.pickKecamatan(r.Float64())].desk }
	staffName := func(o int) string {
		if s := w.offices[o].staff; len(s) > 0 {
			return w.staff[s[r.IntN(len(s))]].name
		}
		return ""
	}
	switch cp.category {
	case enums.ComplaintCategoryOnlineService:
		cp.office = w.online
	case enums.ComplaintCategoryPungli:
		if r.Float64() < 0.85 {
			cp.office = g.complaints.pungliDesks[pick(r, []float64{50, 30, 20}[:len(g.complaints.pungliDesks)])]
		} else {
			cp.office = randomDesk()
		}
		if r.Float64() < 0.3 {
			cp.staffRef = staffName(cp.office)
		}
	case enums.ComplaintCategoryEtiquette:
		if ps := g.complaints.problemStaff; len(ps) > 0 && r.Float64() < 0.6 {
			st := w.staff[ps[pick(r, []float64{40, 30, 20, 10}[:len(ps)])]]
			cp.office, cp.staffRef = st.office, st.name
		} else {
			cp.office = randomDesk()
			if r.Float64() < 0.4 {
				cp.staffRef = staffName(cp.office)
			}
		}
	case enums.ComplaintCategoryBlanko, enums.ComplaintCategoryWaitingTime, enums.ComplaintCategoryDataError:
		if r.Float64() < 0.85 {
			if r.Float64() < 0.7 {
				cp.office = randomDesk()
			} else {
				cp.office = w.dinas
				if len(w.mpp) > 0 {
					cp.office = choose(r, []int{w.dinas, w.mpp[0], w.mpp[len(w.mpp)-1]})
				}
			}
		}
	default:
		if r.Float64() < 0.5 {
			cp.office = randomDesk()
		}
	}
}

// complaintLifecycle draws the first response and the resolution in working
// days, as known at the end of the range.
func (g *generator) complaintLifecycle(cp *complaint) {
	r := g.rc
	day := dayOf(cp.received)
	cp.status = enums.ComplaintStatusResolved
	if r.Float64() < 0.02 { // never answered
		cp.status = enums.ComplaintStatusOpen
		return
	}
	var k int
	switch u := r.Float64(); {
	case u < 0.55:
		k = 0
	case u < 0.85:
		k = 1
	case u < 0.95:
		k = 2
	default:
		k = int(between(r, 3, 6))
	}
	if cp.category == enums.ComplaintCategoryBlanko {
		k += poisson(r, cp.pressure/3)
	}
	end := day*secondsPerDay + 15*secondsPerHour
	if k == 0 && g.cal.open(day) && cp.received < end {
		cp.firstResp = min(cp.received+between(r, 20, 240)*secondsPerMin, day*secondsPerDay+16*secondsPerHour)
	} else {
		cp.firstResp = g.officeTimeR(g.cal.addWorkdays(day, max(k, 1)))
	}

	limit := tierLimit(cp.tier)
	x := limit * 0.6 * math.Exp(0.7*r.NormFloat64())
	if cp.category == enums.ComplaintCategoryBlanko {
		x *= 1 + cp.pressure/2
	}
	days := max(int(math.Round(x)), k)
	u := r.Float64()
	switch {
	case u < 0.04:
		cp.status = enums.ComplaintStatusInProgress // never resolved
	case u < 0.06:
		cp.status = "rejected" // spam or not the Dinas's business
	default:
		rd := g.cal.addWorkdays(day, days)
		if rd <= dayOf(cp.firstResp) {
			cp.resolved = cp.firstResp + between(r, 30, 240)*secondsPerMin
		} else {
			cp.resolved = g.officeTimeR(rd)
		}
	}
	// The data ends at the end of the range.
	limitT := (g.to + 1) * secondsPerDay
	if cp.firstResp >= limitT {
		cp.firstResp, cp.resolved, cp.status = -1, -1, enums.ComplaintStatusOpen
	}
	if cp.resolved >= limitT {
		cp.resolved, cp.status = -1, enums.ComplaintStatusInProgress
	}
}

func (g *generator) officeTimeR(day int64) int64 {
	return day*secondsPerDay + 8*secondsPerHour + between(g.rc, 0, 8*60)*secondsPerMin
}
