package synth

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"
)

// Default range of the story: January 2022 to June 2023.
var (
	DefaultFrom = time.Date(2022, 1, 1, 0, 0, 0, 0, time.UTC)
	DefaultTo   = time.Date(2023, 6, 30, 0, 0, 0, 0, time.UTC)
)

// Config says what to generate. Zero values take defaults: From/To the
// default range, Scale 1, Regions 1, Format csv.
type Config struct {
	From, To time.Time // inclusive local dates; only the calendar date is used
	Seed     int64     // same Config => byte-identical files
	Scale    float64   // multiplies volumes; 1 = about 500 KTP-el recordings per working day
	Regions  int       // 1 = Kabupaten Bekasi only (more is not implemented)
	Format   string    // csv | ndjson | parquet | xlsx | arrow
	Messy    bool      // write the data the way offices send it, with planted problems and manifest.csv
}

// File is one written file.
type File struct {
	Name string // file name inside the output directory
	Kind string // service_events | blanko_deliveries | blanko_stock_counts | complaints | survey_responses
	Rows int    // data rows, header excluded (planted bad and re-sent rows included)
}

// Summary lists what Generate wrote.
type Summary struct {
	Files    []File
	Manifest string // path of manifest.csv, or "" when not Messy
}

// ErrRegionsNotImplemented is returned for Config.Regions > 1.
var ErrRegionsNotImplemented = errors.New("synthetic extra regions (regions > 1) are not implemented")

// Generate writes the synthetic data set described by cfg into dir (created
// if missing). It streams rows, so memory is bounded by the open backlog,
// not by the number of rows.
func Generate(ctx context.Context, cfg Config, dir string) (Summary, error) {
	cfg, err := cfg.withDefaults()
	if err != nil {
		return Summary{}, fmt.Errorf("synth: %w", err)
	}
	w, err := newWorld()
	if err != nil {
		return Summary{}, fmt.Errorf("synth: reference data: %w", err)
	}
	w.addStaff(newRand(cfg.Seed, streamStaff))
	cal, err := newCalendar()
	if err != nil {
		return Summary{}, fmt.Errorf("synth: reference data: %w", err)
	}
	if cfg.Format == "xlsx" && !cfg.Messy {
		if n := estimateEvents(cfg, cal); n > xlsxMaxRows*115/100 {
			return Summary{}, fmt.Errorf("synth: service_events would have about %d rows: %w; use csv, parquet or arrow, or a shorter range or smaller scale", n, ErrXLSXRowLimit)
		}
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return Summary{}, fmt.Errorf("synth: %w", err)
	}
	var o outputs
	if cfg.Messy {
		o, err = openMessy(cfg, dir, w)
	} else {
		o, err = openPlain(cfg, dir)
	}
	if err != nil {
		return Summary{}, fmt.Errorf("synth: %w", err)
	}
	g := newGenerator(cfg, w, cal, o.sinks())
	if err := g.run(ctx); err != nil {
		o.abort()
		return Summary{}, fmt.Errorf("synth: %w", err)
	}
	sum, err := o.finish()
	if err != nil {
		o.abort()
		return Summary{}, fmt.Errorf("synth: %w", err)
	}
	return sum, nil
}

func (cfg Config) withDefaults() (Config, error) {
	if cfg.From.IsZero() {
		cfg.From = DefaultFrom
	}
	if cfg.To.IsZero() {
		cfg.To = DefaultTo
	}
	cfg.From = dateOfDay(dayNumber(cfg.From))
	cfg.To = dateOfDay(dayNumber(cfg.To))
	if cfg.To.Before(cfg.From) {
		return cfg, fmt.Errorf("range %s..%s: to is before from", cfg.From.Format(time.DateOnly), cfg.To.Format(time.DateOnly))
	}
	if cfg.Scale == 0 {
		cfg.Scale = 1
	}
	if cfg.Scale < 0 || cfg.Scale > 1000 {
		return cfg, fmt.Errorf("scale %g: must be above 0 and at most 1000", cfg.Scale)
	}
	if cfg.Regions == 0 {
		cfg.Regions = 1
	}
	if cfg.Regions < 0 {
		return cfg, fmt.Errorf("regions %d: must be at least 1", cfg.Regions)
	}
	if cfg.Regions > 1 {
		return cfg, fmt.Errorf("regions %d: %w", cfg.Regions, ErrRegionsNotImplemented)
	}
	if cfg.Format == "" {
		cfg.Format = "csv"
	}
	if _, ok := extensionOf(cfg.Format); !ok {
		return cfg, fmt.Errorf("format %q: want csv, ndjson, parquet, xlsx or arrow", cfg.Format)
	}
	if cfg.Messy && cfg.Format != "csv" {
		return cfg, fmt.Errorf("format %q with messy: messy output is always the offices' own mix of CSV and XLSX files; use format csv", cfg.Format)
	}
	return cfg, nil
}

// estimateEvents is a rough count of service events, to refuse an xlsx run
// that cannot fit before writing anything.
func estimateEvents(cfg Config, cal *calendar) int {
	open := 0
	from, to := dayNumber(cfg.From), dayNumber(cfg.To)
	for d := from; d <= to; d++ {
		if cal.open(d) {
			open++
		}
	}
	perOpenDay := ktpPerWorkday*5.1 + 885*2.0
	return int(float64(open) * perOpenDay * cfg.Scale)
}

// outputs are the open files of a run.
type outputs interface {
	sinks() sinks
	finish() (Summary, error) // close everything, write the manifest
	abort()                   // close and remove everything written
}

// plainOutputs write the four tables in one format.
type plainOutputs struct {
	dir   string
	files []File
	paths []string
	plain []*plainSink
}

var tables = []table{serviceEventsTable, deliveriesTable, stockCountsTable, complaintsTable, surveyTable}

func openPlain(cfg Config, dir string) (*plainOutputs, error) {
	ext, _ := extensionOf(cfg.Format)
	p := &plainOutputs{dir: dir}
	for _, t := range tables {
		name := t.kind + "." + ext
		path := filepath.Join(dir, name)
		w, err := newFormatWriter(cfg.Format, path, t)
		if err != nil {
			p.abort()
			return nil, err
		}
		p.files = append(p.files, File{Name: name, Kind: t.kind})
		p.paths = append(p.paths, path)
		p.plain = append(p.plain, &plainSink{w: w})
	}
	return p, nil
}

func (p *plainOutputs) sinks() sinks {
	return sinks{events: p.plain[0], deliveries: p.plain[1], stockCounts: p.plain[2], complaints: p.plain[3], survey: p.plain[4]}
}

func (p *plainOutputs) finish() (Summary, error) {
	var first error
	for i, s := range p.plain {
		if err := s.w.close(); err != nil && first == nil {
			first = err
		}
		p.files[i].Rows = s.rows
	}
	p.plain = nil
	if first != nil {
		return Summary{}, first
	}
	return Summary{Files: p.files}, nil
}

func (p *plainOutputs) abort() {
	for _, s := range p.plain {
		_ = s.w.close()
	}
	p.plain = nil
	for _, path := range p.paths {
		_ = os.Remove(path)
	}
}
