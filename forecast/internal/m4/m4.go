// Package m4 loads the M4 Weekly benchmark and scores forecasters on it
// exactly as the M4 organisers did (Benchmarks and Evaluation.R in
// Mcompetitions/M4-methods). It serves cmd/m4bench and the guarded M4 test
// of package forecast; it must not import anything from pantau but forecast.
//
// The test part is sealed: Load returns the training series without it and
// a Holdout that scores forecasts against it once (Holdout.Score). Every
// choice is made before that, on the training part alone (Honest: a
// validation split of the last weeks of each training series).
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

// Series is one M4 series' training history. Its test values are not here:
// only a Holdout holds them.
type Series struct {
	ID    string
	Train []float64
}

// Holdout holds the values held out after each series' history and scores
// forecasts of them, once: a second Score is an error, so that nothing can
// be chosen by looking at them.
type Holdout struct {
	ids    []string
	values [][]float64
	scored bool
}

// ErrHoldoutScored is returned by a second Holdout.Score.
var ErrHoldoutScored = errors.New("the held-out values were already scored once")

// Load reads Weekly-train.csv and Weekly-test.csv from dir and pairs their
// rows: the training series, and the test part sealed in a Holdout.
func Load(dir string) ([]Series, *Holdout, error) {
	train, err := readWide(filepath.Join(dir, "Weekly-train.csv"))
	if err != nil {
		return nil, nil, err
	}
	test, err := readWide(filepath.Join(dir, "Weekly-test.csv"))
	if err != nil {
		return nil, nil, err
	}
	if len(train) != len(test) {
		return nil, nil, fmt.Errorf("load m4: %d training rows but %d test rows", len(train), len(test))
	}
	h := &Holdout{}
	for i := range train {
		if train[i].ID != test[i].ID {
			return nil, nil, fmt.Errorf("load m4: row %d is %s in train but %s in test", i+2, train[i].ID, test[i].ID)
		}
		h.ids = append(h.ids, test[i].ID)
		h.values = append(h.values, test[i].Train)
	}
	return train, h, nil
}

// NewHoldout seals the given values after the series of the same ids (for
// tests and hand examples).
func NewHoldout(ids []string, values [][]float64) *Holdout {
	return &Holdout{ids: ids, values: values}
}

// Split cuts the last h values off each series: the shorter series and a
// Holdout of the values cut, to choose on. A series of h values or fewer
// keeps them all and has nothing held out.
func Split(series []Series, h int) ([]Series, *Holdout) {
	out := make([]Series, len(series))
	hold := &Holdout{}
	for i, s := range series {
		cut := max(len(s.Train)-h, min(len(s.Train), 1))
		out[i] = Series{ID: s.ID, Train: s.Train[:cut]}
		hold.ids = append(hold.ids, s.ID)
		hold.values = append(hold.values, s.Train[cut:])
	}
	return out, hold
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

// Forecaster makes the forecast of one series. A panel forecaster (Panel
// set) first sees every series' history at once and returns the forecaster
// of series i.
type Forecaster struct {
	Name     string
	Forecast func(y []float64, h int) forecast.Forecast
	Panel    func(train [][]float64, h int) func(i int) forecast.Forecast
}

// Config is one setting of the automatic forecast that Honest chooses
// among: the seasonal period, how many candidates are averaged, and whether
// the global model fitted across the series joins the candidates.
type Config struct {
	Period, Top int
	Global      bool
}

// Name is how the tables list the configuration, e.g. "auto p52 top2 global".
func (c Config) Name() string {
	name := fmt.Sprintf("auto p%d top%d", c.Period, c.Top)
	if c.Global {
		name += " global"
	}
	return name
}

// Forecaster forecasts with the configuration: forecast.Auto, or
// forecast.AutoPanel through FitGlobal when Global.
func (c Config) Forecaster() Forecaster {
	opts := forecast.Options{Period: c.Period, Top: c.Top}
	if !c.Global {
		return Forecaster{Name: c.Name(), Forecast: func(y []float64, h int) forecast.Forecast { return forecast.Auto(y, h, opts) }}
	}
	return Forecaster{Name: c.Name(), Panel: func(train [][]float64, h int) func(int) forecast.Forecast {
		panel := make([]forecast.PanelSeries, len(train))
		for i, y := range train {
			panel[i] = forecast.PanelSeries{Y: y}
		}
		g := forecast.FitGlobal(panel, h, opts)
		return g.Auto
	}}
}

// Configs are the configurations Honest chooses among.
func Configs() []Config {
	var out []Config
	for _, period := range []int{52, 1} {
		for _, global := range []bool{false, true} {
			for top := 1; top <= 3; top++ {
				out = append(out, Config{Period: period, Top: top, Global: global})
			}
		}
	}
	return out
}

// Report is the outcome of the honest protocol: each configuration's scores
// on the validation split (the last Horizon weeks of each training series),
// the one chosen, and the test part's scores, read once, of Naive2 and the
// chosen configuration (then any reference forecasters).
type Report struct {
	Validation []Score
	Chosen     Config
	Test       []Score
}

// Honest chooses a configuration on the training part alone and scores it on
// the test part once. Each configuration forecasts the training series cut
// Horizon weeks short and is scored on the weeks cut (OWA against Naive2);
// the lowest OWA is chosen, ties to the earlier. Only then is the chosen
// configuration refitted on the whole training series and scored, with
// Naive2 and the references, on test: its single Score.
func Honest(ctx context.Context, series []Series, test *Holdout, configs []Config, references []Forecaster, workers int) (Report, error) {
	inner, validation := Split(series, Horizon)
	forecasters := []Forecaster{Forecasters(forecast.Options{})[0]}
	for _, c := range configs {
		forecasters = append(forecasters, c.Forecaster())
	}
	scores, err := validation.Score(ctx, inner, forecasters, workers)
	if err != nil {
		return Report{}, err
	}
	r := Report{Validation: scores}
	best := 1
	for j := 2; j < len(scores); j++ {
		if scores[j].OWA < scores[best].OWA {
			best = j
		}
	}
	r.Chosen = configs[best-1]
	final := append([]Forecaster{forecasters[0], r.Chosen.Forecaster()}, references...)
	r.Test, err = test.Score(ctx, series, final, workers)
	return r, err
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

// Score scores every forecaster on the held-out values after every series,
// with the given number of workers; a second call returns ErrHoldoutScored.
// Panel forecasters see every series first. Series are shared out by index
// and the sums are added in series order, so the figures do not depend on
// the scheduling.
//
// The metrics are M4's: sMAPE = 200·|Y−F|/(|Y|+|F|); MASE scales |Y−F| by the
// in-sample mean absolute difference at lag m = 1 (the M4 "frequency" of
// weekly series); OWA = ½(sMAPE/sMAPE_Naive2 + MASE/MASE_Naive2) on the
// means. With frequency 1 M4 runs no seasonality test, so Naive2 (naive on the
// seasonally adjusted series) is the plain naive forecast.
func (hold *Holdout) Score(ctx context.Context, series []Series, forecasters []Forecaster, workers int) ([]Score, error) {
	if hold.scored {
		return nil, ErrHoldoutScored
	}
	hold.scored = true
	if len(series) != len(hold.ids) {
		return nil, fmt.Errorf("score m4: %d series but %d held out", len(series), len(hold.ids))
	}
	train := make([][]float64, len(series))
	for i, s := range series {
		if s.ID != hold.ids[i] {
			return nil, fmt.Errorf("score m4: series %d is %s but the held-out values are of %s", i+1, s.ID, hold.ids[i])
		}
		train[i] = s.Train
	}
	h := 0
	for _, v := range hold.values {
		h = max(h, len(v))
	}
	per := make([]func(y []float64, k int) forecast.Forecast, len(forecasters))
	for j, f := range forecasters {
		per[j] = f.Forecast
		if f.Panel != nil {
			one := f.Panel(train, h)
			per[j] = func(y []float64, i int) forecast.Forecast { return one(i) }
		}
	}
	results := make([][]pointScores, len(series))
	jobs := make(chan int)
	var wg sync.WaitGroup
	for range max(workers, 1) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				results[i] = scoreSeries(series[i].Train, hold.values[i], i, forecasters, per)
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
	for _, v := range hold.values {
		points += len(v)
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

// scoreSeries scores series i (history train, held-out values test) for
// each forecaster; per[j] is forecaster j's function, which a panel
// forecaster calls with the series index instead of the horizon.
func scoreSeries(train, test []float64, i int, forecasters []Forecaster, per []func([]float64, int) forecast.Forecast) []pointScores {
	scale := 0.0
	for t := 1; t < len(train); t++ {
		scale += math.Abs(train[t] - train[t-1])
	}
	scale /= float64(len(train) - 1)
	out := make([]pointScores, len(forecasters))
	for j, f := range forecasters {
		start := time.Now()
		var fc forecast.Forecast
		if f.Panel != nil {
			fc = per[j](train, i)
		} else {
			fc = per[j](train, len(test))
		}
		out[j].took = time.Since(start)
		const alpha = 0.05
		for k, y := range test {
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
