package synth

import (
	"context"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/disdukcapil-bekasi/pantau/enums"
	"github.com/disdukcapil-bekasi/pantau/reference"
)

var (
	staffRe = regexp.MustCompile(`^(\d{4}-)?P-\d{4}$`) // 9171-P-0001 outside Bekasi
	// contract is enums.yaml's values by the column that holds them; ""
	// where the column is optional.
	contract = map[string][]string{
		"service":      enums.Values(enums.Service),
		"request_type": append([]string{""}, enums.Values(enums.RequestType)...),
		"stage":        enums.Values(enums.Stage),
		"interim_type": append([]string{""}, enums.Values(enums.InterimType)...),
		"channel":      enums.Values(enums.Channel),
		"c.channel":    enums.Values(enums.ComplaintChannel),
		"category":     append([]string{""}, enums.Values(enums.ComplaintCategory)...),
		"tier":         append([]string{""}, enums.Values(enums.ComplaintTier)...),
		"status":       enums.Values(enums.ComplaintStatus),
		"source":       enums.Values(enums.DeliverySource),
	}
)

func inEnum(name, v string) bool {
	for _, e := range contract[name] {
		if e == v {
			return true
		}
	}
	return false
}

// validNIK checks the NIK layout: the region code, the number of one of its
// kecamatan, DDMMYY with +40 for women, four serial digits.
func validNIK(s, region string, kecamatan map[string]bool) bool {
	if len(s) != 16 || !strings.HasPrefix(s, region) || !kecamatan[s[4:6]] {
		return false
	}
	n := func(i int) int { v, _ := strconv.Atoi(s[i : i+2]); return v }
	d, m := n(6), n(8)
	if d > 40 {
		d -= 40
	}
	_, err := strconv.Atoi(s)
	return err == nil && d >= 1 && d <= 31 && m >= 1 && m <= 12
}

// TestInvariants checks the rules of DESIGN.md §3 on 18 months of a small scale.
// Kota Jayapura (9171) has the standard office set; at scale 0.4 its
// volume is about Bekasi's at 0.05.
func TestInvariants(t *testing.T) {
	for _, tc := range []struct {
		region string
		scale  float64
	}{{"3216", 0.05}, {"9171", 0.4}} {
		t.Run(tc.region, func(t *testing.T) { checkInvariants(t, tc.region, tc.scale) })
	}
}

func checkInvariants(t *testing.T, region string, scale float64) {
	dir := t.TempDir()
	cfg := Config{Seed: 11, Scale: scale, RegionCodes: []string{region}}
	if _, err := Generate(context.Background(), cfg, dir); err != nil {
		t.Fatal(err)
	}
	cal, err := newCalendar()
	if err != nil {
		t.Fatal(err)
	}
	nation, err := reference.LoadNation()
	if err != nil {
		t.Fatal(err)
	}
	officeType := map[string]string{}
	offices, _ := nation.OfficesOf(region)
	for _, o := range offices {
		officeType[o.Code] = o.Type
	}
	kecamatan := map[string]bool{}
	for _, d := range nation.DistrictsOf(region) {
		kecamatan[d.Number()] = true
	}
	end := DefaultTo.AddDate(0, 0, 1)

	type appState struct {
		nik, service string
		times        map[string]time.Time
		printed      int
	}
	order := []string{"submitted", "recorded", "print_ready", "printed", "issued"}
	apps := map[string]*appState{}
	ids := map[string]bool{}
	consumed := map[string]map[string]int{} // office → date → cards
	var last time.Time
	eachCSV(t, filepath.Join(dir, "service_events.csv"), func(col map[string]int, rec []string) {
		get := func(c string) string { return rec[col[c]] }
		where := get("event_id")
		if ids[where] {
			t.Fatalf("duplicate event_id %s", where)
		}
		ids[where] = true
		when := mustTime(t, get("event_time"))
		if when.Before(last) {
			t.Fatalf("%s: events out of time order", where)
		}
		last = when
		if when.Before(DefaultFrom) || !when.Before(end) {
			t.Fatalf("%s: time %v outside the range", where, when)
		}
		for _, e := range []string{"service", "request_type", "stage", "interim_type", "channel"} {
			if !inEnum(e, get(e)) {
				t.Fatalf("%s: %s %q", where, e, get(e))
			}
		}
		stage, service, office := get("stage"), get("service"), get("office_code")
		typ, ok := officeType[office]
		if !ok {
			t.Fatalf("%s: office %q", where, office)
		}
		if (typ == "online") != (get("channel") == "online") {
			t.Fatalf("%s: channel %s at %s", where, get("channel"), office)
		}
		if (get("interim_type") != "") != (stage == "interim_issued") {
			t.Fatalf("%s: interim_type %q at stage %s", where, get("interim_type"), stage)
		}
		if s := get("staff_id"); s != "" && !staffRe.MatchString(s) {
			t.Fatalf("%s: staff_id %q", where, s)
		}
		if !validNIK(get("nik"), region, kecamatan) {
			t.Fatalf("%s: nik %q", where, get("nik"))
		}
		if (service == "ktp_el") != (get("request_type") != "") {
			t.Fatalf("%s: request_type %q for %s", where, get("request_type"), service)
		}
		if (stage == "printed" || stage == "spoiled" || stage == "print_ready" || stage == "recorded") && service != "ktp_el" {
			t.Fatalf("%s: %s for %s", where, stage, service)
		}
		if (stage == "ikd_activated") != (service == "ikd") || (stage == "ikd_activated" && when.Year() < 2023) {
			t.Fatalf("%s: %s for %s on %v", where, stage, service, when)
		}
		if typ != "online" && stage != "print_ready" && !cal.open(dayNumber(when)) {
			t.Fatalf("%s: %s at %s on a closed day %v", where, stage, office, when)
		}
		if stage == "printed" || stage == "spoiled" {
			if consumed[office] == nil {
				consumed[office] = map[string]int{}
			}
			consumed[office][when.Format(time.DateOnly)]++
		}
		a := apps[get("application_id")]
		if a == nil {
			a = &appState{nik: get("nik"), service: service, times: map[string]time.Time{}}
			apps[get("application_id")] = a
		}
		if a.nik != get("nik") || a.service != service {
			t.Fatalf("%s: nik or service changes within application %s", where, get("application_id"))
		}
		if stage == "printed" {
			a.printed++
		}
		if _, seen := a.times[stage]; !seen {
			a.times[stage] = when
		}
	})
	for id, a := range apps {
		if a.printed > 1 {
			t.Errorf("application %s printed %d times", id, a.printed)
		}
		var prev time.Time
		for _, s := range order {
			if w, ok := a.times[s]; ok {
				if w.Before(prev) {
					t.Errorf("application %s: %s at %v before the previous stage %v", id, s, w, prev)
				}
				prev = w
			}
		}
	}

	// Stock counts match the simulated stock: opening count + deliveries − cards used.
	type move struct {
		date  string
		delta int
	}
	moves := map[string][]move{}
	transfers := map[string]int{}
	eachCSV(t, filepath.Join(dir, "blanko_deliveries.csv"), func(col map[string]int, rec []string) {
		get := func(c string) string { return rec[col[c]] }
		if !inEnum("source", get("source")) {
			t.Fatalf("source %q", get("source"))
		}
		if _, ok := officeType[get("office_code")]; !ok {
			t.Fatalf("office %q", get("office_code"))
		}
		if get("received_at") == "" {
			if get("quantity_received") != "" || get("requested_at") == "" {
				t.Fatalf("order %s: %v", get("delivery_id"), rec)
			}
			return
		}
		q := atoiT(t, get("quantity_received"))
		if q < 0 && get("source") != "transfer" {
			t.Fatalf("%s: negative quantity from %s", get("delivery_id"), get("source"))
		}
		if get("source") == "transfer" {
			transfers[get("reference")+get("received_at")] += q
		}
		moves[get("office_code")] = append(moves[get("office_code")], move{get("received_at"), q})
	})
	for ref, sum := range transfers {
		if sum != 0 {
			t.Errorf("transfer %s does not balance: %d", ref, sum)
		}
	}
	opening := map[string]int{}
	counts, off := 0, 0
	eachCSV(t, filepath.Join(dir, "blanko_stock_counts.csv"), func(col map[string]int, rec []string) {
		office, date, q := rec[0], rec[1], atoiT(t, rec[2])
		if q < 0 {
			t.Fatalf("negative stock count %v", rec)
		}
		if date == "2021-12-31" {
			opening[office] = q
			return
		}
		stock := opening[office]
		for _, m := range moves[office] {
			if m.date <= date {
				stock += m.delta
			}
		}
		for d, n := range consumed[office] {
			if d <= date {
				stock -= n
			}
		}
		counts++
		if diff := q - stock; diff != 0 {
			off++
			if diff < -3 || diff > 3 {
				t.Errorf("stock count %s %s = %d, simulated %d", office, date, q, stock)
			}
		}
	})
	if counts == 0 || len(apps) < 1000 {
		t.Fatalf("only %d stock counts and %d applications checked", counts, len(apps))
	}
	if off*10 > counts {
		t.Errorf("%d of %d stock counts are off, want a few", off, counts)
	}

	// Complaints: enums, time order, status consistent, nothing after the range.
	eachCSV(t, filepath.Join(dir, "complaints.csv"), func(col map[string]int, rec []string) {
		get := func(c string) string { return rec[col[c]] }
		id := get("complaint_id")
		for e, c := range map[string]string{"c.channel": "channel", "category": "category", "tier": "tier", "status": "status"} {
			if !inEnum(e, get(c)) {
				t.Fatalf("%s: %s %q", id, c, get(c))
			}
		}
		if o := get("office_code"); o != "" && officeType[o] == "" {
			t.Fatalf("%s: office %q", id, o)
		}
		recv := mustTime(t, get("received_at"))
		var resp, res time.Time
		if s := get("first_response_at"); s != "" {
			resp = mustTime(t, s)
			if resp.Before(recv) || !resp.Before(end) {
				t.Fatalf("%s: first response %v, received %v", id, resp, recv)
			}
		}
		if s := get("resolved_at"); s != "" {
			res = mustTime(t, s)
			if resp.IsZero() || res.Before(resp) || !res.Before(end) {
				t.Fatalf("%s: resolved %v, first response %v", id, res, resp)
			}
		}
		switch st := get("status"); {
		case st == "resolved" && res.IsZero(), st != "resolved" && !res.IsZero(), st == "open" && !resp.IsZero(), st == "in_progress" && resp.IsZero():
			t.Fatalf("%s: status %s with response %v and resolution %v", id, st, resp, res)
		}
		if get("text") == "" {
			t.Fatalf("%s: empty text", id)
		}
	})
}
