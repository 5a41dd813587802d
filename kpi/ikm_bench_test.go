package kpi_test

import (
	"context"
	"testing"

	"github.com/disdukcapil-bekasi/pantau/config"
	"github.com/disdukcapil-bekasi/pantau/ikm"
	"github.com/disdukcapil-bekasi/pantau/kpi"
)

// BenchmarkIKM computes the survey index (elements, index, sample size
// against the applications served) for every office, kecamatan and the
// region, in every quarter and semester of the demo data (about 100,000
// responses, 1.6 million service events). Target: under 1 s (`make bench-ikm`).
func BenchmarkIKM(b *testing.B) {
	db := demoDB(b, 1)
	ctx := context.Background()
	s := ikm.SettingsFrom(config.Default())
	var responses int64
	var rows int
	cpu := cpuTime()
	for b.Loop() {
		rs, err := ikm.Compute(ctx, db, s, ikm.Query{})
		if err != nil {
			b.Fatal(err)
		}
		rows, responses = len(rs), 0
		for _, r := range rs {
			if r.Scope == kpi.ScopeRegion && r.PeriodKind == kpi.PeriodSemester {
				responses += r.Responses
			}
		}
	}
	b.ReportMetric(float64(rows), "results")
	b.ReportMetric(float64(responses), "responses")
	b.ReportMetric((cpuTime()-cpu).Seconds()/float64(b.N), "cpu-s/op")
}
