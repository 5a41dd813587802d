package kpi_test

import (
	"context"
	"fmt"
	"os"
	"testing"

	"github.com/disdukcapil-bekasi/pantau/config"
	"github.com/disdukcapil-bekasi/pantau/kpi"
)

// BenchmarkKPIAllWeeks computes every KPI for all 78 weeks of the demo data
// (2022-W01 .. 2023-W26), for the region and per office. Scale 4 runs only
// with PANTAU_BENCH_SCALE4=1 (it generates and loads about 4 times the rows).
func BenchmarkKPIAllWeeks(b *testing.B) {
	scales := []float64{1}
	if os.Getenv("PANTAU_BENCH_SCALE4") != "" {
		scales = append(scales, 4)
	}
	for _, scale := range scales {
		b.Run("scale="+map[float64]string{1: "1", 4: "4"}[scale], func(b *testing.B) {
			db := demoDB(b, scale)
			ctx := context.Background()
			q := kpi.Query{From: "2022-W01", To: "2023-W26", Scopes: []string{"region", "office"}}
			s := kpi.SettingsFrom(config.Default())
			var n int
			cpu := cpuTime()
			for b.Loop() {
				values, err := kpi.Compute(ctx, db, s, q)
				if err != nil {
					b.Fatal(err)
				}
				n = len(values)
			}
			b.ReportMetric(float64(n), "values")
			b.ReportMetric((cpuTime()-cpu).Seconds()/float64(b.N), "cpu-s/op")
		})
	}
}

// BenchmarkKPI computes one KPI at a time (all weeks, region and office), to
// find the costly ones. Set PANTAU_BENCH_SCALE to a scale other than 1.
func BenchmarkKPI(b *testing.B) {
	scale := 1.0
	if s := os.Getenv("PANTAU_BENCH_SCALE"); s != "" {
		if _, err := fmt.Sscan(s, &scale); err != nil {
			b.Fatal(err)
		}
	}
	db := demoDB(b, scale)
	for _, d := range kpi.Definitions() {
		b.Run(d.ID, func(b *testing.B) {
			q := kpi.Query{From: "2022-W01", To: "2023-W26", Scopes: []string{"region", "office"}, KPIs: []string{d.ID}}
			for b.Loop() {
				if _, err := kpi.Compute(context.Background(), db, kpi.SettingsFrom(config.Default()), q); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
