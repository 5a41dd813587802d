package metrics_test

import (
	"context"
	"os"
	"testing"

	"github.com/disdukcapil-bekasi/pantau/config"
	"github.com/disdukcapil-bekasi/pantau/metrics"
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
			q := metrics.Query{From: "2022-W01", To: "2023-W26", Scopes: []string{"region", "office"}}
			s := metrics.SettingsFrom(config.Default())
			var n int
			b.ResetTimer()
			for b.Loop() {
				values, err := metrics.Compute(ctx, db, s, q)
				if err != nil {
					b.Fatal(err)
				}
				n = len(values)
			}
			b.ReportMetric(float64(n), "values")
		})
	}
}
