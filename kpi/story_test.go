package kpi_test

import (
	"context"
	"testing"

	"github.com/disdukcapil-bekasi/pantau/config"
	"github.com/disdukcapil-bekasi/pantau/kpi"
)

// TestStory checks that the KPIs on the synthetic data tell the story of
// DESIGN.md §3a: the print backlog rises from October 2022, blanko stock runs
// near zero in the shortage, complaints peak around the new year. It
// asserts shapes, not exact numbers.
func TestStory(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the demo warehouse")
	}
	db := demoDB(t, 1)
	values, err := kpi.Compute(context.Background(), db, kpi.SettingsFrom(config.Default()), kpi.Query{
		From: "2022-W01", To: "2023-W25", Scopes: []string{"region"},
		KPIs: []string{"recordings", "prints", "print_backlog", "blanko_stock", "complaints_received"},
	})
	if err != nil {
		t.Fatal(err)
	}
	series := map[string]map[string]float64{}
	for _, v := range values {
		if series[v.KPI] == nil {
			series[v.KPI] = map[string]float64{}
		}
		if v.Value != nil {
			series[v.KPI][v.Week] = *v.Value
		}
	}
	mean := func(kpi, from, to string) float64 {
		sum, n := 0.0, 0
		for w, v := range series[kpi] {
			if w >= from && w <= to {
				sum += v
				n++
			}
		}
		if n == 0 {
			t.Fatalf("no %s values from %s to %s", kpi, from, to)
		}
		return sum / float64(n)
	}
	argmax := func(kpi string) string {
		best, bestWeek := -1.0, ""
		for w, v := range series[kpi] {
			if v > best || (v == best && w < bestWeek) {
				best, bestWeek = v, w
			}
		}
		return bestWeek
	}

	recordings := mean("recordings", "2022-W02", "2022-W26")
	t.Logf("recordings per week, first half 2022: %.0f", recordings)
	if recordings < 1500 || recordings > 4000 {
		t.Errorf("about 500 recordings per working day expected, got %.0f a week", recordings)
	}

	before := mean("print_backlog", "2022-W30", "2022-W38")
	during := mean("print_backlog", "2022-W48", "2023-W02")
	t.Logf("print backlog: %.0f in Aug–Sep 2022, %.0f in Dec 2022 – Jan 2023", before, during)
	if during < 2*before {
		t.Errorf("print backlog should rise from October 2022: %.0f before, %.0f during the shortage", before, during)
	}
	if series["print_backlog"]["2022-W52"] <= series["print_backlog"]["2022-W40"] {
		t.Errorf("print backlog should grow from 2022-W40 (%.0f) to 2022-W52 (%.0f)",
			series["print_backlog"]["2022-W40"], series["print_backlog"]["2022-W52"])
	}

	stockBefore := mean("blanko_stock", "2022-W10", "2022-W26")
	stockLow := series["blanko_stock"]["2022-W49"]
	for w, v := range series["blanko_stock"] {
		if w >= "2022-W45" && w <= "2023-W03" && v < stockLow {
			stockLow = v
		}
	}
	t.Logf("blanko stock: %.0f in the first half of 2022, lowest %.0f in Nov 2022 – Jan 2023", stockBefore, stockLow)
	if stockLow > 0.1*stockBefore || stockLow > 2*recordings/5 {
		t.Errorf("blanko stock should run near zero in the shortage: lowest %.0f against %.0f before", stockLow, stockBefore)
	}

	peak := argmax("complaints_received")
	t.Logf("complaints peak in %s", peak)
	if peak < "2022-W49" || peak > "2023-W04" {
		t.Errorf("complaints should peak around the new year, peak in %s", peak)
	}
	if mean("complaints_received", "2022-W51", "2023-W02") < 1.5*mean("complaints_received", "2022-W10", "2022-W30") {
		t.Errorf("complaints around the new year should clearly exceed those of early 2022")
	}
}
