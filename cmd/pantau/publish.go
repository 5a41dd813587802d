package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/disdukcapil-bekasi/pantau/warehouse"
)

func (a *app) publishCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "publish",
		Short: "Refresh the analysts' copy of the warehouse (run does it after loading)",
		Long: `Writes a verified copy of the warehouse without NIK hashes to analysts_copy (default
pantau-analis.duckdb beside the warehouse) for DBeaver, the DuckDB CLI or a notebook: they
may hold it open for hours while the next copy replaces it, and the weekly job never waits
for them. On Windows, where a file held open cannot be replaced, the new copy is written
beside it (pantau-analis-baru.duckdb) and its name printed; the next copy that replaces
pantau-analis.duckdb removes it.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			_, err := a.publish(cmd.Context())
			return err
		},
	}
}

// analystsCopy is where the analysts' copy goes: analysts_copy, relative
// to the warehouse's folder, default pantau-analis.duckdb.
func (a *app) analystsCopy() string {
	p := a.cfg.AnalystsCopy
	if p == "" {
		p = "pantau-analis.duckdb"
	}
	if !filepath.IsAbs(p) {
		p = filepath.Join(filepath.Dir(a.dbPath), p)
	}
	return p
}

// publish refreshes the analysts' copy and returns where it went.
func (a *app) publish(ctx context.Context) (string, error) {
	if len(a.lakes) > 0 {
		return "", usagef("publish copies a warehouse file: --lake has none (use --db)")
	}
	dest := a.analystsCopy()
	if err := os.MkdirAll(dirOf(dest), 0o755); err != nil {
		return "", err
	}
	if err := a.checkSpace(dirOf(dest), warehouseSize(a.dbPath)); err != nil {
		return "", err
	}
	tmp := dest + ".new"
	counts, err := a.copyWarehouse(ctx, tmp, warehouse.CopyOptions{DropNIK: true})
	if err != nil {
		return "", err
	}
	got, err := replaceFile(tmp, dest)
	if err != nil {
		return "", err
	}
	if got != dest {
		fmt.Fprintf(a.stdout, "%s is held open: the new analysts' copy is %s\n", dest, got)
	} else if err := os.Remove(besideCopy(dest)); err == nil {
		// The copy an earlier run wrote beside a held one is older now.
		fmt.Fprintf(a.stdout, "%s removed: it is older than %s\n", besideCopy(dest), dest)
	} else if !errors.Is(err, os.ErrNotExist) {
		fmt.Fprintf(a.stderr, "pantau: warning: %s is older than %s but could not be removed (held open?): %v\n", besideCopy(dest), dest, err)
	}
	fmt.Fprintf(a.stdout, "%s: %d tables, %d rows, no NIK hashes\n", got, len(counts), counts.Total())
	return got, nil
}

// besideCopy is where the analysts' copy goes while the last one is held
// open on Windows: pantau-analis-baru.duckdb beside pantau-analis.duckdb.
func besideCopy(path string) string {
	ext := filepath.Ext(path)
	return strings.TrimSuffix(path, ext) + "-baru" + ext
}

// newestAnalystsCopy is the newest of the analysts' copy and the one
// written beside it, or "" when there is neither.
func (a *app) newestAnalystsCopy() string {
	newest, at := "", time.Time{}
	for _, p := range []string{a.analystsCopy(), besideCopy(a.analystsCopy())} {
		if fi, err := os.Stat(p); err == nil && fi.ModTime().After(at) {
			newest, at = p, fi.ModTime()
		}
	}
	return newest
}

func dirOf(p string) string { return filepath.Dir(p) }
