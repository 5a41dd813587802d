package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/spf13/cobra"

	"github.com/disdukcapil-bekasi/pantau/warehouse"
)

func (a *app) restoreCmd() *cobra.Command {
	var target string
	var force bool
	cmd := &cobra.Command{
		Use:   "restore FILE --db TARGET [--force]",
		Short: "Verify a backup and put it in place as the warehouse (the old file kept as TARGET.bak)",
		Long: `Opens FILE as a reader would and counts its rows, copies it beside TARGET, verifies the
copy against FILE, and then swaps it in with one rename: the old warehouse stays as
TARGET.bak. An existing TARGET is replaced only with --force, and never while another
program holds it.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if target == "" {
				target = a.dbPath
			}
			return a.restore(cmd.Context(), args[0], target, force)
		},
	}
	cmd.Flags().StringVar(&target, "db", "", "the warehouse file to restore (default the global --db)")
	cmd.Flags().BoolVar(&force, "force", false, "replace an existing TARGET (kept as TARGET.bak)")
	return cmd
}

func (a *app) restore(ctx context.Context, file, target string, force bool) error {
	want, err := warehouse.Verify(ctx, file, nil)
	if err != nil {
		return fmt.Errorf("restore %s: %w", file, err)
	}
	exists := fileExists(target)
	if exists && !force {
		return fmt.Errorf("restore: %s %w", target, errExists)
	}
	if exists {
		// Nobody may hold the file that is replaced; opening it as its
		// writer also folds a leftover write-ahead log into the .bak.
		// A damaged file, the reason for many a restore, is replaced all the
		// same (and kept as .bak).
		w, err := warehouse.Open(ctx, target, a.warehouseOptions(false))
		switch {
		case errors.Is(err, warehouse.ErrBusy):
			return err
		case err != nil:
			a.logger.Warn("the warehouse replaced does not open", "file", target, "err", err)
		default:
			if err := w.Close(); err != nil {
				return err
			}
		}
	}
	if err := a.checkSpace(dirOf(target), warehouseSize(file)); err != nil {
		return err
	}
	tmp := target + ".restore.tmp"
	if err := copyFile(file, tmp); err != nil {
		_ = os.Remove(tmp)
		return err
	}
	if _, err := warehouse.Verify(ctx, tmp, want); err != nil {
		_ = os.Remove(tmp)
		return err
	}
	if exists {
		bak := target + ".bak"
		if err := os.Remove(bak); err != nil && !errors.Is(err, os.ErrNotExist) {
			return err
		}
		// A second name for the old file: the swap below is one rename,
		// and at no moment is there no warehouse.
		if err := os.Link(target, bak); err != nil {
			if err := copyFile(target, bak); err != nil {
				return err
			}
		}
		fmt.Fprintf(a.stdout, "%s: the old warehouse is kept as %s\n", target, bak)
	}
	if err := os.Rename(tmp, target); err != nil {
		_ = os.Remove(tmp)
		return err
	}
	fmt.Fprintf(a.stdout, "%s: restored from %s, %d tables, %d rows, verified\n", target, file, len(want), want.Total())
	return nil
}

// copyFile copies src to the new file dst and syncs it.
func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o644)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return fmt.Errorf("copy %s: %w", src, err)
	}
	if err := out.Sync(); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}
