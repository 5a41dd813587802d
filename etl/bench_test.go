package etl_test

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/disdukcapil-bekasi/pantau/config"
	"github.com/disdukcapil-bekasi/pantau/etl"
	"github.com/disdukcapil-bekasi/pantau/synth"
	"github.com/disdukcapil-bekasi/pantau/warehouse"
)

// BenchmarkLoadVsReadCSV loads the synthetic service-events CSV with pantau
// and, side by side, with DuckDB's own read_csv into the same table, and
// reports the ratio. PANTAU_BENCH_EVENTS sets the size (default 1 million
// rows; the target of DESIGN.md §9 is measured at 5 million).
func BenchmarkLoadVsReadCSV(b *testing.B) {
	ctx := context.Background()
	events := 1_000_000
	if s := os.Getenv("PANTAU_BENCH_EVENTS"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil {
			b.Fatal(err)
		}
		events = n
	}
	dir := b.TempDir()
	// The default range holds about 1.57 million events at scale 1.
	sum, err := synth.Generate(ctx, synth.Config{Seed: 1, Scale: float64(events) / 1_572_964, Format: "csv"}, filepath.Join(dir, "in"))
	if err != nil {
		b.Fatal(err)
	}
	var path string
	var rows int
	for _, f := range sum.Files {
		if f.Kind == "service_events" {
			path, rows = filepath.Join(dir, "in", f.Name), f.Rows
		}
	}
	open := func(name string) *warehouse.Warehouse {
		p := filepath.Join(dir, name)
		os.Remove(p)
		w, err := warehouse.Open(ctx, p, warehouse.Options{})
		if err != nil {
			b.Fatal(err)
		}
		return w
	}
	var pantauTotal, duckdbTotal time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		w := open("pantau.duckdb")
		l, err := etl.NewLoader(ctx, w.DB, config.Default(), key, nil, nil)
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		start := time.Now()
		r := l.LoadFile(ctx, path, etl.Options{})
		if _, err := w.DB.Exec("CHECKPOINT"); err != nil {
			b.Fatal(err)
		}
		pantauTotal += time.Since(start)
		b.StopTimer()
		if r.Err != nil || r.Inserted != int64(rows) {
			b.Fatalf("pantau loaded %d of %d rows: %v", r.Inserted, rows, r.Err)
		}
		l.Close()
		w.Close()

		w = open("duckdb.duckdb")
		start = time.Now()
		_, err = w.DB.Exec(`INSERT INTO service_events
			SELECT '3216', event_id, application_id, event_time, service, request_type, stage, interim_type,
			       office_code, channel, staff_id, nik, 0
			FROM read_csv(?, header = true)`, path)
		if err == nil {
			_, err = w.DB.Exec("CHECKPOINT")
		}
		duckdbTotal += time.Since(start)
		if err != nil {
			b.Fatal(err)
		}
		w.Close()
		b.StartTimer()
	}
	b.StopTimer()
	b.ReportMetric(float64(rows), "rows")
	b.ReportMetric(pantauTotal.Seconds()/float64(b.N), "pantau_s")
	b.ReportMetric(duckdbTotal.Seconds()/float64(b.N), "read_csv_s")
	b.ReportMetric(pantauTotal.Seconds()/duckdbTotal.Seconds(), "ratio")
}
