// Package m4 loads the M4 Weekly benchmark and scores forecasters on it
// exactly as the M4 organisers did (Benchmarks and Evaluation.R in
// Mcompetitions/M4-methods). It serves cmd/m4bench and the guarded M4 test
// of package forecast; it must not import anything from pantau but forecast.
package m4

import (
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"time"

	"github.com/disdukcapil-bekasi/pantau/forecast"
)

// Horizon is the M4 Weekly forecast horizon.
const Horizon = 13

// Series is one M4 series: the training history and the held-out test values.
type Series struct {
	ID          string
	Train, Test []float64
}

// Load reads Weekly-train.csv and Weekly-test.csv from dir and pairs their rows.
func Load(dir string) ([]Series, error) {
	train, err := readWide(filepath.Join(dir, "Weekly-train.csv"))
	if err != nil {
		return nil, err
	}
	test, err := readWide(filepath.Join(dir, "Weekly-test.csv"))
	if err != nil {
		return nil, err
	}
	if len(train) != len(test) {
		return nil, fmt.Errorf("load m4: %d training rows but %d test rows", len(train), len(test))
	}
	out := make([]Series, len(train))
	for i := range train {
		if train[i].ID != test[i].ID {
			return nil, fmt.Errorf("load m4: row %d is %s in train but %s in test", i+2, train[i].ID, test[i].ID)
		}
		out[i] = Series{ID: train[i].ID, Train: train[i].Train, Test: test[i].Train}
	}
	return out, nil
}

// readWide reads the M4 wide format: a header row, then an id and values per
// row, padded with empty cells at the end.
func readWide(path string) ([]Series, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("load m4: %w", err)
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.FieldsPerRecord = -1
	r.ReuseRecord = true
	if _, err := r.Read(); err != nil {
		return nil, fmt.Errorf("load m4 %s: header: %w", filepath.Base(path), err)
	}
	var out []Series
	for line := 2; ; line++ {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			return out, nil
		}
		if err != nil {
			return nil, fmt.Errorf("load m4: %w", err)
		}
		s := Series{ID: rec[0]}
		for col, cell := range rec[1:] {
			if cell == "" {
				break
			}
			v, err := strconv.ParseFloat(cell, 64)
			if err != nil {
				return nil, fmt.Errorf("%s:%d:%d: %q is not a number", filepath.Base(path), line, col+2, cell)
			}
			s.Train = append(s.Train, v)
		}
		out = append(out, s)
	}
}

// Score is the accuracy of one forecaster over the whole set.
type Score struct {
	Model       string
	SMAPE, MASE float64 // means over every (series, step), sMAPE in percent
	OWA         float64 // relative to Naive2, computed on the aggregated means
	Coverage80  float64 // share of test values inside the 80% interval
	Coverage95  float64 // share of test values inside the 95% interval
	MSIS        float64 // mean scaled interval score of the 95% interval
	Took        time.Duration
}

// Forecaster makes the forecast of one series.
type Forecaster struct {
	Name     string
	Forecast func(y []float64, h int) forecast.Forecast
}

// Forecasters are Naive2 (always first, the OWA reference), every model of
// package forecast and Auto, with the given options.
func Forecasters(opts forecast.Options) []Forecaster {
	out := []Forecaster{{Name: "m4-naive2", Forecast: func(y []float64, h int) forecast.Forecast {
		f, _ := forecast.Fit("naive", y, h, forecast.Options{Period: 1})
		f.Model = "m4-naive2"
		return f
	}}}
	for _, m := range forecast.Models() {
		out = append(out, Forecaster{Name: m, Forecast: func(y []float64, h int) forecast.Forecast {
			f, _ := forecast.Fit(m, y, h, opts)
			return f
		}})
	}
	return append(out, Forecaster{Name: "auto", Forecast: func(y []float64, h int) forecast.Forecast {
		return forecast.Auto(y, h, opts)
	}})
}

// pointScores are the per-series sums that Evaluate aggregates.
type pointScores struct {
	smape, mase, msis float64
	in80, in95        int
	took              time.Duration
}

// Evaluate scores every forecaster on every series with the given number of
// workers. Series are shared out by index and the sums are added in series
// order, so the figures do not depend on the scheduling.
//
// The metrics are M4's: sMAPE = 200·|Y−F|/(|Y|+|F|); MASE scales |Y−F| by the
// in-sample mean absolute difference at lag m = 1 (the M4 "frequency" of
// weekly series); OWA = ½(sMAPE/sMAPE_Naive2 + MASE/MASE_Naive2) on the
// means. With frequency 1 M4 runs no seasonality test, so Naive2 (naive on the
// seasonally adjusted series) is the plain naive forecast.
func Evaluate(ctx context.Context, series []Series, forecasters []Forecaster, workers int) ([]Score, error) {
	results := make([][]pointScores, len(series))
	jobs := make(chan int)
	var wg sync.WaitGroup
	for range max(workers, 1) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				results[i] = scoreSeries(series[i], forecasters)
			}
		}()
	}
	var err error
	for i := range series {
		if err = ctx.Err(); err != nil {
			break
		}
		jobs <- i
	}
	close(jobs)
	wg.Wait()
	if err != nil {
		return nil, err
	}
	scores := make([]Score, len(forecasters))
	points := 0
	for _, s := range series {
		points += len(s.Test)
	}
	for j, f := range forecasters {
		var total pointScores
		for i := range series {
			r := results[i][j]
			total.smape += r.smape
			total.mase += r.mase
			total.msis += r.msis
			total.in80 += r.in80
			total.in95 += r.in95
			total.took += r.took
		}
		p := float64(points)
		scores[j] = Score{Model: f.Name, SMAPE: total.smape / p, MASE: total.mase / p, MSIS: total.msis / p,
			Coverage80: float64(total.in80) / p, Coverage95: float64(total.in95) / p, Took: total.took}
	}
	for j := range scores {
		scores[j].OWA = (scores[j].SMAPE/scores[0].SMAPE + scores[j].MASE/scores[0].MASE) / 2
	}
	return scores, nil
}

func scoreSeries(s Series, forecasters []Forecaster) []pointScores {
	scale := 0.0
	for t := 1; t < len(s.Train); t++ {
		scale += math.Abs(s.Train[t] - s.Train[t-1])
	}
	scale /= float64(len(s.Train) - 1)
	out := make([]pointScores, len(forecasters))
	for j, f := range forecasters {
		start := time.Now()
		fc := f.Forecast(s.Train, len(s.Test))
		out[j].took = time.Since(start)
		const alpha = 0.05
		for k, y := range s.Test {
			e := math.Abs(y - fc.Point[k])
			if d := math.Abs(y) + math.Abs(fc.Point[k]); d > 0 {
				out[j].smape += 200 * e / d
			}
			out[j].mase += e / scale
			lo, hi := fc.Lo95[k], fc.Hi95[k]
			is := hi - lo
			if y < lo {
				is += 2 / alpha * (lo - y)
			}
			if y > hi {
				is += 2 / alpha * (y - hi)
			}
			out[j].msis += is / scale
			if fc.Lo80[k] <= y && y <= fc.Hi80[k] {
				out[j].in80++
			}
			if lo <= y && y <= hi {
				out[j].in95++
			}
		}
	}
	return out
}
