package synth

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/disdukcapil-bekasi/pantau/reference"
)

// Default range of the story: January 2022 to June 2023.
var (
	DefaultFrom = time.Date(2022, 1, 1, 0, 0, 0, 0, time.UTC)
	DefaultTo   = time.Date(2023, 6, 30, 0, 0, 0, 0, time.UTC)
)

// Config says what to generate. Zero values take defaults: From/To the
// default range, Scale 1, Regions 1 (Kabupaten Bekasi), Format csv.
type Config struct {
	From, To time.Time // inclusive local dates; only the calendar date is used
	Seed     int64     // same Config => byte-identical files
	Scale    float64   // multiplies volumes; 1 = about 500 KTP-el recordings per working day in Kabupaten Bekasi
	// Regions is how many regions to generate, chosen by SelectRegions,
	// when RegionCodes is empty.
	Regions int
	// RegionCodes lists the regions to generate (4-digit codes of the
	// national reference). Each region's volume is Scale times its
	// population over Kabupaten Bekasi's (3,387,601).
	RegionCodes []string
	Format      string // csv | ndjson | parquet | xlsx | arrow
	Messy       bool   // write the data the way offices send it, with planted problems and manifest.csv
}

// File is one written file.
type File struct {
	Name string // path inside the output directory: service_events.csv, or 9171/service_events.csv with several regions
	Kind string // service_events | blanko_deliveries | blanko_stock_counts | complaints | survey_responses
	Rows int    // data rows, header excluded (planted bad and re-sent rows included)
}

// Summary lists what Generate wrote.
type Summary struct {
	Files []File
	// Manifest is the path of manifest.csv with one region and Messy, else "".
	Manifest string
	// Manifests lists every region's manifest.csv (Messy only).
	Manifests []string
}

// Generate writes the synthetic data set described by cfg into dir (created
// if missing): with one region its files, with several one folder per region
// (dir/3216/, dir/9171/, ...) holding the same files. A region's bytes
// depend only on the seed and its code, so regions are generated in parallel
// (one per core). Rows are streamed, so memory is bounded by the open
// backlog of the regions being generated, not by the number of rows.
func Generate(ctx context.Context, cfg Config, dir string) (Summary, error) {
	cfg, err := cfg.withDefaults()
	if err != nil {
		return Summary{}, fmt.Errorf("synth: %w", err)
	}
	nation, err := reference.LoadNation()
	if err != nil {
		return Summary{}, fmt.Errorf("synth: reference data: %w", err)
	}
	cal, err := newCalendar()
	if err != nil {
		return Summary{}, fmt.Errorf("synth: reference data: %w", err)
	}
	if len(cfg.RegionCodes) == 1 {
		return generateRegion(ctx, cfg, nation, cal, cfg.RegionCodes[0], dir, "")
	}
	return generateRegions(ctx, cfg, nation, cal, dir)
}

// generateRegions generates each region into its own folder, as many at a
// time as there are cores, and lists their files in the order of the regions.
func generateRegions(ctx context.Context, cfg Config, nation *reference.Nation, cal *calendar, dir string) (Summary, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	sums := make([]Summary, len(cfg.RegionCodes))
	errs := make([]error, len(cfg.RegionCodes))
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(len(cfg.RegionCodes), runtime.GOMAXPROCS(0)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				code := cfg.RegionCodes[i]
				sums[i], errs[i] = generateRegion(ctx, cfg, nation, cal, code, filepath.Join(dir, code), code+"/")
				if errs[i] != nil {
					cancel()
				}
			}
		}()
	}
	for i := range cfg.RegionCodes {
		next <- i
	}
	close(next)
	wg.Wait()
	var all Summary
	for _, s := range sums {
		all.Files = append(all.Files, s.Files...)
		all.Manifests = append(all.Manifests, s.Manifests...)
	}
	if err := firstCause(errs); err != nil {
		for _, f := range all.Files { // a half-written set is no set
			_ = os.Remove(filepath.Join(dir, f.Name))
		}
		for _, m := range all.Manifests {
			_ = os.Remove(m)
		}
		return Summary{}, err
	}
	return all, nil
}

// firstCause returns the first error that is not the cancellation one
// region's failure caused in the others, else the first error.
func firstCause(errs []error) error {
	var first error
	for _, err := range errs {
		if err == nil {
			continue
		}
		if !errors.Is(err, context.Canceled) {
			return err
		}
		if first == nil {
			first = err
		}
	}
	return first
}

// generateRegion writes one region's files into dir; prefix is put before
// the file names of the summary.
func generateRegion(ctx context.Context, cfg Config, nation *reference.Nation, cal *calendar, code, dir, prefix string) (Summary, error) {
	w, err := newRegionWorld(nation, code)
	if err != nil {
		return Summary{}, fmt.Errorf("synth: reference data: %w", err)
	}
	w.addStaff(newRand(cfg.Seed, code, streamStaff))
	if code != reference.RegionCode {
		g, _ := nation.Regency(code)
		cfg.Scale *= float64(g.Population) / reference.RegionPopulation
	}
	if cfg.Format == "xlsx" && !cfg.Messy {
		if n := estimateEvents(cfg, cal); n > xlsxMaxRows*115/100 {
			return Summary{}, fmt.Errorf("synth: %sservice_events would have about %d rows: %w; use csv, parquet or arrow, or a shorter range or smaller scale", prefix, n, ErrXLSXRowLimit)
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
		return Summary{}, fmt.Errorf("synth: %s%w", regionLabel(prefix), err)
	}
	sum, err := o.finish()
	if err != nil {
		o.abort()
		return Summary{}, fmt.Errorf("synth: %s%w", regionLabel(prefix), err)
	}
	for i := range sum.Files {
		sum.Files[i].Name = prefix + sum.Files[i].Name
	}
	if sum.Manifest != "" {
		sum.Manifests = []string{sum.Manifest}
	}
	if prefix != "" {
		sum.Manifest = ""
	}
	return sum, nil
}

func regionLabel(prefix string) string {
	if prefix == "" {
		return ""
	}
	return "region " + prefix[:len(prefix)-1] + ": "
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
	switch {
	case len(cfg.RegionCodes) > 0:
		codes, err := ParseRegions(strings.Join(cfg.RegionCodes, ","))
		if err != nil {
			return cfg, err
		}
		if cfg.Regions != 0 && cfg.Regions != len(codes) {
			return cfg, fmt.Errorf("regions %d and %d region codes: give one or the other", cfg.Regions, len(codes))
		}
		cfg.RegionCodes = codes
	default:
		codes, err := SelectRegions(max(1, cfg.Regions))
		if err != nil {
			return cfg, err
		}
		cfg.RegionCodes = codes
	}
	cfg.Regions = len(cfg.RegionCodes)
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
