package config

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"gopkg.in/yaml.v3"
)

// Config is every setting of pantau. The zero value is not useful: start
// from Default and overlay a file with Load.
type Config struct {
	// RegionCode is the default region of rows that carry none (Kab. Bekasi, 3216).
	RegionCode string `yaml:"region_code"`
	// TimeZone is the IANA zone of the default region when the warehouse
	// does not know it. Times with an offset are converted to the wall time
	// of each row's region (regions.time_zone); times without one are
	// already local and stay as they are.
	TimeZone string `yaml:"time_zone"`
	// NIKKeyFile holds the key of the NIK hash when PANTAU_NIK_KEY is unset;
	// created with mode 0600 on first use. Relative paths are beside the warehouse.
	NIKKeyFile string `yaml:"nik_key_file"`
	// NIKKey is filled from PANTAU_NIK_KEY by the CLI, never from the file.
	NIKKey string `yaml:"-"`
	// AnalystsCopy is the analysts' copy of the warehouse (no NIK hashes)
	// that run and publish refresh; relative paths are beside the
	// warehouse; default pantau-analis.duckdb.
	AnalystsCopy string `yaml:"analysts_copy"`

	Calendar Calendar `yaml:"calendar"`
	KPI      KPI      `yaml:"kpi"`
	Load     Loading  `yaml:"load"`
	Forecast Forecast `yaml:"forecast"`
	Run      Run      `yaml:"run"`
	IKM      IKM      `yaml:"ikm"`
	DuckDB   DuckDB   `yaml:"duckdb"`

	// Sources maps a kind (service_events, blanko_deliveries,
	// blanko_stock_counts, complaints, survey_responses) to how its files are written.
	Sources map[string]Source `yaml:"sources"`
	// Classifier adds keywords (lower case) per complaint category to the built-in dictionary.
	Classifier map[string][]string `yaml:"classifier"`
}

// DuckDB caps the database engine's resources. Empty values keep DuckDB's
// defaults (80% of the memory, every core, a temp folder beside the file).
type DuckDB struct {
	// MemoryLimit is DuckDB's memory_limit, e.g. "4GB": beyond it, joins,
	// aggregates and sorts spill to TempDirectory.
	MemoryLimit string `yaml:"memory_limit"`
	// TempDirectory is where DuckDB spills; default <warehouse>.tmp.
	TempDirectory string `yaml:"temp_directory"`
	// Threads caps DuckDB's worker threads (0: every core).
	Threads int `yaml:"threads"`
}

// Calendar settings for working days.
type Calendar struct {
	// CutiBersamaOff says whether cuti bersama (joint leave) is a day off.
	CutiBersamaOff bool `yaml:"cuti_bersama_off"`
}

// KPI settings.
type KPI struct {
	// SLADays is the complaint resolution limit per tier, in working days.
	SLADays map[string]int `yaml:"sla_days"`
	// IssuanceStandardDays is the service standard from recording to print, in working days.
	IssuanceStandardDays int `yaml:"issuance_standard_days"`
	// MinItems is the fewest items (complaints resolved, recordings) a rate
	// or percentile of a week needs to be drawn as a trend and ranked;
	// from fewer it is a marked point with its count, unranked. Default 10.
	MinItems int `yaml:"min_items"`
}

// IKM settings of the citizen satisfaction index (Indeks Kepuasan Masyarakat).
type IKM struct {
	// Regulation names the rules the index follows (its grade table and
	// weights); every result carries it. Default "PermenPANRB 14/2017".
	Regulation string `yaml:"regulation"`
	// Weight of each of the nine elements: "exact" (1/9) or "0.111", the
	// regulation's rounded figure, which gives an index 0.1% lower.
	Weight string `yaml:"weight"`
}

// Loading settings.
type Loading struct {
	MaxRejectRate float64 `yaml:"max_reject_rate"`
	Strict        bool    `yaml:"strict"`
	// Wait bounds how long a reader waits for a running load.
	Wait time.Duration `yaml:"wait"`
	// EarliestDate (YYYY-MM-DD) and MaxFuture bound the dates a row may
	// carry: one before EarliestDate, or later than the load's clock plus
	// MaxFuture, is rejected as date_out_of_range.
	EarliestDate string        `yaml:"earliest_date"`
	MaxFuture    time.Duration `yaml:"max_future"`
}

// Earliest is EarliestDate as a time (UTC midnight); valid once Validate passed.
func (l Loading) Earliest() time.Time {
	t, _ := time.Parse(time.DateOnly, l.EarliestDate)
	return t
}

// Forecast settings for the stock plan.
type Forecast struct {
	Horizon       int     `yaml:"horizon"`
	ServiceLevel  float64 `yaml:"service_level"`
	ReviewWeeks   int     `yaml:"review_weeks"`
	LeadTimeWeeks float64 `yaml:"lead_time_weeks"` // 0: measured from past deliveries
	// StoredWeeks is how many of the latest weeks' stock plans a refresh
	// stores (older weeks' plans are computed when asked for).
	StoredWeeks int `yaml:"stored_weeks"`
}

// Run settings for the weekly batch job.
type Run struct {
	Inbox   string `yaml:"inbox"`
	Archive string `yaml:"archive"`
	Output  string `yaml:"output"`
	// PDF says whether the run prints each HTML report to PDF beside it:
	// auto (when a Chromium is found), always (no browser is a failure) or
	// never.
	PDF string `yaml:"pdf"`
	// Chromium is the browser that prints the PDFs; empty: PANTAU_CHROMIUM,
	// then chromium, chromium-browser or google-chrome on PATH.
	Chromium string `yaml:"chromium"`
	// Offices says whether the run writes each active office's own weekly
	// report beside the region's (default true).
	Offices *bool `yaml:"offices"`
	// Backup: with To set, the run backs the warehouse up after it loads.
	Backup Backup `yaml:"backup"`
}

// Backup says where the weekly job backs the warehouse up.
type Backup struct {
	// To is the folder of the copies ("" : no backup in the run).
	To string `yaml:"to"`
	// Keep is how many copies are kept, newest first (0: 8).
	Keep int `yaml:"keep"`
}

// KeepOrDefault is Keep, 8 when unset.
func (b Backup) KeepOrDefault() int {
	if b.Keep <= 0 {
		return 8
	}
	return b.Keep
}

// The values of Run.PDF.
const (
	PDFAuto   = "auto"
	PDFAlways = "always"
	PDFNever  = "never"
)

// OfficeReports says whether the run writes the offices' own reports.
func (r Run) OfficeReports() bool { return r.Offices == nil || *r.Offices }

// Source says how one kind of input file is written.
type Source struct {
	// Columns maps a column name in the file to the canonical name.
	Columns map[string]string `yaml:"columns"`
	// Values maps, per canonical column, a value in the file to the canonical value.
	Values map[string]map[string]string `yaml:"values"`
	// DateLayout is a Go time layout tried first for dates and times.
	DateLayout string `yaml:"date_layout"`
	// Decimal is the decimal separator of numbers: "." (default) or ",".
	Decimal string `yaml:"decimal"`
	// TimeZone, when set, is the zone the times of this source that carry
	// an offset are converted to, instead of each row's region's zone.
	TimeZone string `yaml:"time_zone"`
	// Sheet names the XLSX sheet to read (default: the first).
	Sheet string `yaml:"sheet"`
}

// Default returns the settings for Kabupaten Bekasi.
func Default() Config {
	return Config{
		RegionCode: "3216",
		TimeZone:   "Asia/Jakarta",
		NIKKeyFile: "pantau-nik.key",
		Calendar:   Calendar{CutiBersamaOff: true},
		KPI: KPI{
			SLADays:              map[string]int{"ringan": 2, "normatif": 5, "tanpa_pengawasan": 14, "pengawasan": 60},
			IssuanceStandardDays: 4,
			MinItems:             10,
		},
		Load:     Loading{MaxRejectRate: 0.05, Wait: 30 * time.Second, EarliestDate: "2000-01-01", MaxFuture: 24 * time.Hour},
		Forecast: Forecast{Horizon: 13, ServiceLevel: 0.95, ReviewWeeks: 4, StoredWeeks: 13},
		Run:      Run{Inbox: "inbox", Archive: "archive", Output: "laporan", PDF: PDFAuto},
		IKM:      IKM{Regulation: "PermenPANRB 14/2017", Weight: "exact"},
	}
}

// Load reads a YAML file over the defaults. Unknown keys are errors, with
// their line, so a typo is never silently ignored.
func Load(path string) (Config, error) {
	cfg := Default()
	if path == "" {
		return cfg, nil
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return cfg, err
	}
	dec := yaml.NewDecoder(bytes.NewReader(b))
	dec.KnownFields(true)
	if err := dec.Decode(&cfg); err != nil && !errors.Is(err, io.EOF) {
		return cfg, fmt.Errorf("%s: %w", path, err)
	}
	if err := cfg.Validate(); err != nil {
		return cfg, fmt.Errorf("%s%s: %w", path, position(b, err), err)
	}
	return cfg, nil
}

// position is ":line:column" of the value a Validate error names by its
// key (its text up to ": ", e.g. load.wait or kpi.sla_days.ringan), or ""
// when the file does not set it (a default).
func position(b []byte, err error) string {
	key, _, ok := strings.Cut(err.Error(), ": ")
	var node yaml.Node
	if !ok || yaml.Unmarshal(b, &node) != nil || len(node.Content) == 0 {
		return ""
	}
	n := node.Content[0]
	for _, part := range strings.Split(key, ".") {
		var next *yaml.Node
		for i := 0; n.Kind == yaml.MappingNode && i+1 < len(n.Content); i += 2 {
			if n.Content[i].Value == part {
				next = n.Content[i+1]
			}
		}
		if next == nil {
			return ""
		}
		n = next
	}
	return fmt.Sprintf(":%d:%d", n.Line, n.Column)
}

// maxWait bounds load.wait: a reader that waits longer for a load is
// better told that one is running.
const maxWait = 24 * time.Hour

// Validate checks the settings that would otherwise fail deep inside a run.
func (c Config) Validate() error {
	if _, err := time.LoadLocation(c.TimeZone); err != nil {
		return fmt.Errorf("time_zone: %w", err)
	}
	if !(c.Load.MaxRejectRate >= 0 && c.Load.MaxRejectRate <= 1) {
		return fmt.Errorf("load.max_reject_rate: %v is not between 0 and 1", c.Load.MaxRejectRate)
	}
	if c.Load.Wait < 0 || c.Load.Wait > maxWait {
		return fmt.Errorf("load.wait: %v is not between 0s and %v", c.Load.Wait, maxWait)
	}
	if c.Forecast.Horizon < 1 || c.Forecast.Horizon > 104 {
		return fmt.Errorf("forecast.horizon: %d is not between 1 and 104 weeks", c.Forecast.Horizon)
	}
	if c.Forecast.ReviewWeeks < 0 || c.Forecast.ReviewWeeks > 104 {
		return fmt.Errorf("forecast.review_weeks: %d is not between 0 and 104", c.Forecast.ReviewWeeks)
	}
	if c.Forecast.StoredWeeks < 1 || c.Forecast.StoredWeeks > 520 {
		return fmt.Errorf("forecast.stored_weeks: %d is not between 1 and 520", c.Forecast.StoredWeeks)
	}
	if !(c.Forecast.LeadTimeWeeks >= 0 && c.Forecast.LeadTimeWeeks <= 104) {
		return fmt.Errorf("forecast.lead_time_weeks: %v is not between 0 (measured) and 104", c.Forecast.LeadTimeWeeks)
	}
	if _, err := time.Parse(time.DateOnly, c.Load.EarliestDate); err != nil {
		return fmt.Errorf("load.earliest_date: %q is not a date (YYYY-MM-DD)", c.Load.EarliestDate)
	}
	if c.Load.MaxFuture < 0 {
		return fmt.Errorf("load.max_future: %v is negative", c.Load.MaxFuture)
	}
	if c.Forecast.ServiceLevel <= 0.5 || c.Forecast.ServiceLevel >= 1 {
		return fmt.Errorf("forecast.service_level: %v is not between 0.5 and 1", c.Forecast.ServiceLevel)
	}
	if c.KPI.MinItems < 1 {
		return fmt.Errorf("kpi.min_items: %d is less than 1", c.KPI.MinItems)
	}
	for tier, d := range c.KPI.SLADays {
		if d < 0 {
			return fmt.Errorf("kpi.sla_days.%s: %d is negative", tier, d)
		}
	}
	switch c.Run.PDF {
	case PDFAuto, PDFAlways, PDFNever:
	default:
		return fmt.Errorf("run.pdf: %q is not auto, always or never", c.Run.PDF)
	}
	if c.IKM.Weight != "exact" && c.IKM.Weight != "0.111" {
		return fmt.Errorf("ikm.weight: %q is not \"exact\" (1/9) or \"0.111\"", c.IKM.Weight)
	}
	for kind, s := range c.Sources {
		if s.Decimal != "" && s.Decimal != "." && s.Decimal != "," {
			return fmt.Errorf("sources.%s.decimal: %q is not \".\" or \",\"", kind, s.Decimal)
		}
	}
	return nil
}

// Location returns the region's time zone.
func (c Config) Location() *time.Location {
	loc, err := time.LoadLocation(c.TimeZone)
	if err != nil {
		return time.FixedZone("WIB", 7*3600)
	}
	return loc
}
