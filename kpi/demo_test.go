package kpi_test

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/disdukcapil-bekasi/pantau/config"
	"github.com/disdukcapil-bekasi/pantau/etl"
	"github.com/disdukcapil-bekasi/pantau/kpi"
	"github.com/disdukcapil-bekasi/pantau/synth"
	"github.com/disdukcapil-bekasi/pantau/warehouse"
)

// The tests and benchmarks on synthetic data import synth and etl; the
// metrics package itself never does (its tests are an external package).

type demoWarehouse struct {
	db   *sql.DB
	took time.Duration
	err  error
}

var (
	demoMu    sync.Mutex
	demoCache = map[float64]*demoWarehouse{}
)

// demoDB builds, once per process and scale, the demo warehouse: synthetic
// Kabupaten Bekasi 2022-01..2023-06 (seed 1), loaded by etl, KPIs installed.
func demoDB(tb testing.TB, scale float64) *sql.DB {
	tb.Helper()
	demoMu.Lock()
	defer demoMu.Unlock()
	d, ok := demoCache[scale]
	if !ok {
		d = &demoWarehouse{}
		start := time.Now()
		d.db, d.err = buildDemo(context.Background(), scale)
		d.took = time.Since(start)
		demoCache[scale] = d
		tb.Logf("demo warehouse at scale %v built in %v", scale, d.took.Round(time.Millisecond))
	}
	if d.err != nil {
		tb.Fatalf("demo warehouse: %v", d.err)
	}
	return d.db
}

// buildDemo generates and loads the demo data. With PANTAU_DEMO_CACHE set to
// a directory, the warehouse is kept there and reused by later runs.
func buildDemo(ctx context.Context, scale float64) (*sql.DB, error) {
	if cache := os.Getenv("PANTAU_DEMO_CACHE"); cache != "" {
		path := filepath.Join(cache, fmt.Sprintf("demo-scale-%v.duckdb", scale))
		if _, err := os.Stat(path); err == nil {
			w, err := warehouse.Open(ctx, path, warehouse.Options{})
			if err != nil {
				return nil, err
			}
			return w.DB, nil
		}
	}
	dir, err := os.MkdirTemp("", "pantau-metrics-demo-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	if _, err := synth.Generate(ctx, synth.Config{Seed: 1, Scale: scale, Format: "csv"}, filepath.Join(dir, "data")); err != nil {
		return nil, err
	}
	// The warehouse lives in a file so that it need not fit in memory at scale 4.
	w, err := warehouse.Open(ctx, filepath.Join(dir, "demo.duckdb"), warehouse.Options{})
	if err != nil {
		return nil, err
	}
	cfg := config.Default()
	loader, err := etl.NewLoader(ctx, w.DB, cfg, []byte("metrics-test-key-0123456789abcdef"), nil, nil)
	if err != nil {
		return nil, err
	}
	defer loader.Close()
	if _, err := loader.Load(ctx, []string{filepath.Join(dir, "data")}, etl.Options{MaxRejectRate: cfg.Load.MaxRejectRate}); err != nil {
		return nil, err
	}
	if err := kpi.Install(ctx, w.DB, cfg); err != nil {
		return nil, err
	}
	if cache := os.Getenv("PANTAU_DEMO_CACHE"); cache != "" {
		path := filepath.Join(cache, fmt.Sprintf("demo-scale-%v.duckdb", scale))
		if _, err := w.DB.ExecContext(ctx, "CHECKPOINT"); err != nil {
			return nil, err
		}
		w.Close()
		if err := os.Rename(filepath.Join(dir, "demo.duckdb"), path); err != nil {
			return nil, err
		}
		w, err = warehouse.Open(ctx, path, warehouse.Options{})
		if err != nil {
			return nil, err
		}
	}
	return w.DB, nil
}
