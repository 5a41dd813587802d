package reference

import (
	"testing"
	"time"
)

func TestCounts(t *testing.T) {
	k, err := KecamatanList()
	if err != nil || len(k) != 23 {
		t.Fatalf("kecamatan: %d, %v", len(k), err)
	}
	o, err := Offices()
	if err != nil || len(o) != 30 {
		t.Fatalf("offices: %d, %v", len(o), err)
	}
	a, err := Aliases()
	if err != nil || len(a) != 60 {
		t.Fatalf("aliases: %d, %v", len(a), err)
	}
	h, err := Holidays()
	if err != nil || len(h) != 129 {
		t.Fatalf("holidays: %d, %v", len(h), err)
	}
}

// TestWorkingDays checks the per-year working-day counts stated in the
// reference README (Mon–Fri minus every holiday and cuti bersama date).
func TestWorkingDays(t *testing.T) {
	h, err := Holidays()
	if err != nil {
		t.Fatal(err)
	}
	off := map[time.Time]bool{}
	for _, d := range h {
		off[d.Date] = true
	}
	want := map[int]int{2022: 246, 2023: 239, 2024: 238, 2025: 237, 2026: 240}
	for year, n := range want {
		got := 0
		for d := time.Date(year, 1, 1, 0, 0, 0, 0, time.UTC); d.Year() == year; d = d.AddDate(0, 0, 1) {
			if wd := d.Weekday(); wd != time.Saturday && wd != time.Sunday && !off[d] {
				got++
			}
		}
		if got != n {
			t.Errorf("%d: %d working days, want %d", year, got, n)
		}
	}
}
