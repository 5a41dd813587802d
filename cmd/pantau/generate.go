package main

import (
	"fmt"
	"slices"
	"time"

	"github.com/spf13/cobra"

	"github.com/disdukcapil-bekasi/pantau/synth"
)

func (a *app) generateCmd() *cobra.Command {
	var out, from, to, format, regions string
	var cfg synth.Config
	cmd := &cobra.Command{
		Use:   "generate --out DIR [flags]",
		Short: "Write synthetic data (the 2022–2023 blanko shortage) of Kabupaten Bekasi or many regions, for demos, tests and benchmarks",
		Long: `Write synthetic data that tells the story of 2022–2023: steady printing, the
ministry's blanko cut from October 2022, the growing print backlog and
complaints, the recovery from the second half of January 2023.

By default only Kabupaten Bekasi (3216). --regions adds other regions: a
number N takes Kabupaten Bekasi and then the most populous regencies and
cities of Jawa Barat, then of the other provinces; a list names them by code
(--regions 3216,3273,9171). Each region's volume follows its population
relative to Kabupaten Bekasi's (3,387,601); all share the national cut, each
hit at its own depth and recovering at its own pace, with its own local
incidents; times are the region's local wall time (WIB, WITA or WIT). A
region's data depends only on --seed and its code. With more than one
region every region gets its own folder, OUT/<region_code>/, with the same
file names; 'pantau load OUT' loads them all.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := generateConfig(&cfg, out, from, to, format, regions); err != nil {
				return err
			}
			return a.generate(cmd, cfg, out)
		},
	}
	f := cmd.Flags()
	f.StringVar(&out, "out", "", "folder to write into (required)")
	f.StringVar(&from, "from", "", "first day, YYYY-MM-DD (default 2022-01-01)")
	f.StringVar(&to, "to", "", "last day, YYYY-MM-DD (default 2023-06-30)")
	f.Int64Var(&cfg.Seed, "seed", 1, "random seed: the same seed writes the same bytes")
	f.Float64Var(&cfg.Scale, "scale", 1, "volume multiplier (1 = about 500 KTP-el recordings per working day)")
	f.StringVar(&regions, "regions", "1", "how many regions (N: Kabupaten Bekasi, then Jawa Barat's most populous, then the nation's) or which (codes: 3216,3273,9171)")
	f.StringVar(&format, "format", "csv", "csv, ndjson, parquet, xlsx or arrow")
	f.BoolVar(&cfg.Messy, "messy", false, "write the data the way offices send it, with bad rows and manifest.csv")
	return cmd
}

// generateConfig completes cfg from the flags of pantau generate, checking each.
func generateConfig(cfg *synth.Config, out, from, to, format, regions string) error {
	if out == "" {
		return usagef("--out: where to write the files is required")
	}
	var err error
	if cfg.From, err = parseDateFlag("from", from, synth.DefaultFrom); err != nil {
		return err
	}
	if cfg.To, err = parseDateFlag("to", to, synth.DefaultTo); err != nil {
		return err
	}
	if cfg.To.Before(cfg.From) {
		return usagef("--to %s is before --from %s", to, from)
	}
	if !slices.Contains([]string{"csv", "ndjson", "parquet", "xlsx", "arrow"}, format) {
		return usagef("--format: %q is not csv, ndjson, parquet, xlsx or arrow", format)
	}
	if !(cfg.Scale > 0 && cfg.Scale <= 100) { // 100: some 50,000 recordings a working day
		return usagef("--scale: %v is not above 0 and at most 100", cfg.Scale)
	}
	cfg.Format = format
	if cfg.RegionCodes, err = synth.ParseRegions(regions); err != nil {
		return usagef("--regions: %v", err)
	}
	return nil
}

// generate writes the synthetic data of cfg into out and lists the files.
func (a *app) generate(cmd *cobra.Command, cfg synth.Config, out string) error {
	start := a.now()
	sum, err := synth.Generate(cmd.Context(), cfg, out)
	if err != nil {
		return err
	}
	for _, f := range sum.Files {
		fmt.Fprintf(a.stdout, "%-28s %-20s %10d rows\n", f.Name, f.Kind, f.Rows)
	}
	for _, m := range sum.Manifests {
		fmt.Fprintf(a.stdout, "manifest: %s\n", m)
	}
	a.logger.Info("generated", "dir", out, "regions", len(cfg.RegionCodes), "took", a.now().Sub(start).Round(time.Millisecond))
	return nil
}

func parseDateFlag(name, value string, def time.Time) (time.Time, error) {
	if value == "" {
		return def, nil
	}
	t, err := time.Parse(time.DateOnly, value)
	if err != nil {
		return t, usagef("--%s: %q is not a date like 2023-01-31", name, value)
	}
	return t, nil
}
