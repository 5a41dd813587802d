package main

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/disdukcapil-bekasi/pantau/lake"
	"github.com/disdukcapil-bekasi/pantau/warehouse"
)

// errLakeDiffers is the exit status of a lake verify that found bad files:
// they are printed, one a line.
var errLakeDiffers = errors.New("the lake differs from its manifest")

func (a *app) lakeCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "lake",
		Short: "Check lakes written by 'pantau export'",
		Args:  cobra.NoArgs,
	}
	cmd.AddCommand(&cobra.Command{
		Use:   "verify --lake DIR",
		Short: "Check every file of a lake against its manifest (sizes, rows, checksums)",
		Long: `Read every file of the lakes in --lake (a lake, or a folder of lakes) and compare it with
the lake's manifest: files the manifest does not list, missing or resized files, and the
rows and checksum of each file. Prints one line per bad file and exits 1, or a summary
and exits 0. 'pantau export --lake DIR' from the lake's warehouse repairs what differs;
a damaged manifest needs 'pantau export --rebuild --lake DIR'.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if len(a.lakes) == 0 {
				return usagef("lake verify needs --lake DIR")
			}
			return a.runLakeVerify(cmd.Context())
		},
	})
	return cmd
}

func (a *app) runLakeVerify(ctx context.Context) error {
	roots, err := lake.Roots(a.lakes)
	if err != nil {
		return err
	}
	// An empty warehouse in memory gives the columns' types.
	w, err := warehouse.Open(ctx, ":memory:", warehouse.Options{Logger: a.logger,
		MemoryLimit: a.cfg.DuckDB.MemoryLimit, TempDirectory: a.cfg.DuckDB.TempDirectory, Threads: a.cfg.DuckDB.Threads})
	if err != nil {
		return err
	}
	defer w.Close()
	bad, files := 0, 0
	for _, r := range roots {
		problems, n, err := lake.Verify(ctx, w.DB, r)
		if err != nil {
			return fmt.Errorf("verify %s: %w", r, err)
		}
		for _, p := range problems {
			fmt.Fprintf(a.stdout, "%s: %s\n", filepath.Join(r, filepath.FromSlash(p.File)), p.Reason)
		}
		bad += len(problems)
		files += n
	}
	if bad > 0 {
		return fmt.Errorf("%w: %d bad files (run 'pantau export --lake DIR' from its warehouse to repair them)", errLakeDiffers, bad)
	}
	fmt.Fprintf(a.stdout, "%d lakes, %d files: every file as its manifest says\n", len(roots), files)
	return nil
}
