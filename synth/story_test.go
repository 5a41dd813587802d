package synth

import (
	"context"
	"path/filepath"
	"slices"
	"testing"
	"time"
)

// TestStory generates the default range and checks that the data tells the
// story of 2022–2023 that the KPIs and reports will be asserted on.
func TestStory(t *testing.T) {
	if testing.Short() {
		t.Skip("story test generates 18 months")
	}
	const scale = 0.25
	dir := t.TempDir()
	if _, err := Generate(context.Background(), Config{Seed: 7, Scale: scale, Format: "csv"}, dir); err != nil {
		t.Fatal(err)
	}

	// Weekly print backlog: KTP-el recorded and not yet printed, rejected or cancelled.
	type life struct{ recorded, ended time.Time }
	apps := map[string]*life{}
	var firstIKD time.Time
	ikdByMonth := map[time.Month]int{}
	eachCSV(t, filepath.Join(dir, "service_events.csv"), func(col map[string]int, rec []string) {
		when := mustTime(t, rec[col["event_time"]])
		stage := rec[col["stage"]]
		if stage == "ikd_activated" {
			if firstIKD.IsZero() || when.Before(firstIKD) {
				firstIKD = when
			}
			if when.Year() == 2023 {
				ikdByMonth[when.Month()]++
			}
			return
		}
		if rec[col["service"]] != "ktp_el" {
			return
		}
		id := rec[col["application_id"]]
		a := apps[id]
		if a == nil {
			a = &life{}
			apps[id] = a
		}
		switch stage {
		case "recorded":
			if a.recorded.IsZero() {
				a.recorded = when
			}
		case "printed", "rejected", "cancelled":
			if a.ended.IsZero() {
				a.ended = when
			}
		}
	})
	backlog := map[time.Time]int{} // by Monday of the week, at the end of that week
	var weeks []time.Time
	for w := weekStart(DefaultFrom); !w.After(DefaultTo); w = w.AddDate(0, 0, 7) {
		weeks = append(weeks, w)
	}
	for _, a := range apps {
		if a.recorded.IsZero() {
			continue
		}
		for _, w := range weeks {
			end := w.AddDate(0, 0, 7)
			if a.recorded.Before(end) && (a.ended.IsZero() || !a.ended.Before(end)) {
				backlog[w]++
			}
		}
	}
	at := func(y int, m time.Month, d int) int { return backlog[weekStart(day(y, m, d))] }
	peakWeek := slices.MaxFunc(weeks, func(a, b time.Time) int { return backlog[a] - backlog[b] })
	if testing.Verbose() {
		for _, w := range weeks {
			t.Logf("backlog %s %6d", w.Format(time.DateOnly), backlog[w])
		}
	}
	if !(peakWeek.After(day(2022, 11, 30)) && peakWeek.Before(day(2023, 2, 1))) {
		t.Errorf("print backlog peaks in the week of %s, want December 2022 or January 2023", peakWeek.Format(time.DateOnly))
	}
	sep, oct, nov, dec := at(2022, 9, 26), at(2022, 10, 24), at(2022, 11, 21), at(2022, 12, 19)
	if !(sep < oct && oct < nov && nov < dec) {
		t.Errorf("print backlog should rise from October 2022: Sep %d, Oct %d, Nov %d, Dec %d", sep, oct, nov, dec)
	}
	if peak, mar := backlog[peakWeek], at(2023, 3, 27); mar*2 > peak {
		t.Errorf("print backlog should fall after mid-January 2023: peak %d, end of March %d", peak, mar)
	}
	if dec < 3*sep {
		t.Errorf("the shortage backlog (Dec %d) should dwarf the usual one (Sep %d)", dec, sep)
	}

	// Blanko stock near zero in November–December 2022.
	stockByDate := map[string]int{}
	eachCSV(t, filepath.Join(dir, "blanko_stock_counts.csv"), func(col map[string]int, rec []string) {
		stockByDate[rec[col["counted_at"]]] += atoiT(t, rec[col["quantity_on_hand"]])
	})
	twoDays := int(2 * ktpPerWorkday * scale)
	for date, q := range stockByDate {
		d := mustDate(t, date)
		if testing.Verbose() {
			t.Logf("stock %s %6d", date, q)
		}
		if (d.Year() == 2022 && (d.Month() == 11 || d.Month() == 12)) && q > twoDays {
			t.Errorf("blanko stock counted %s = %d, want near zero (≤ %d)", date, q, twoDays)
		}
		if (d.Before(day(2022, 8, 1)) || d.After(day(2023, 2, 28))) && q < 5*twoDays {
			t.Errorf("blanko stock counted %s = %d, want a healthy stock outside the shortage", date, q)
		}
	}

	// Complaints per week peak around the new year, blanko the top category.
	perWeek := map[time.Time]int{}
	catAround := map[string]int{}
	eachCSV(t, filepath.Join(dir, "complaints.csv"), func(col map[string]int, rec []string) {
		when := mustTime(t, rec[col["received_at"]])
		perWeek[weekStart(when)]++
		if when.After(day(2022, 12, 1)) && when.Before(day(2023, 2, 1)) {
			catAround[rec[col["category"]]]++
		}
	})
	cWeek := slices.MaxFunc(weeks, func(a, b time.Time) int { return perWeek[a] - perWeek[b] })
	if testing.Verbose() {
		for _, w := range weeks {
			t.Logf("complaints %s %4d", w.Format(time.DateOnly), perWeek[w])
		}
		t.Logf("categories Dec 2022–Jan 2023: %v", catAround)
	}
	if cWeek.Before(day(2022, 12, 12)) || cWeek.After(day(2023, 1, 16)) {
		t.Errorf("complaints peak in the week of %s, want around the new year", cWeek.Format(time.DateOnly))
	}
	for cat, n := range catAround {
		if cat != "blanko" && n >= catAround["blanko"] {
			t.Errorf("category %s (%d) rivals blanko (%d) in Dec 2022–Jan 2023", cat, n, catAround["blanko"])
		}
	}

	// IKD activations only from 2023, growing.
	if firstIKD.IsZero() || firstIKD.Year() != 2023 {
		t.Errorf("first IKD activation %v, want in 2023", firstIKD)
	}
	if q1, q2 := ikdByMonth[1]+ikdByMonth[2]+ikdByMonth[3], ikdByMonth[4]+ikdByMonth[5]+ikdByMonth[6]; q2 <= q1 {
		t.Errorf("IKD activations should grow: Q1 2023 %d, Q2 2023 %d", q1, q2)
	}
}
