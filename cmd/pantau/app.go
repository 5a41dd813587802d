package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/disdukcapil-bekasi/pantau/config"
	"github.com/disdukcapil-bekasi/pantau/kpi"
	"github.com/disdukcapil-bekasi/pantau/warehouse"
)

// app carries what every command needs: streams, logger, clock, settings.
type app struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	logger         *slog.Logger
	now            func() time.Time
	getenv         func(string) string
	freeSpace      func(dir string) (int64, error) // nil: warehouse.FreeSpace
	// holdLoad, set only by the test wiring (script_test.go), runs at two
	// points of a load that holds the warehouse: holdBeforeLoad, before it
	// reads its files, and holdBeforeRefresh, once its rows are committed
	// and before the stored KPIs are refreshed. It lets a test meet, or
	// kill, a running load at a known point without racing it.
	holdLoad func(ctx context.Context, point string) error
	// holdExport, set only by the test wiring, runs at each step of an
	// export's commit (lake.Options.Hold): a test kills it there.
	holdExport func(step string)

	dbPath     string
	lakes      []string // --lake: read these lakes instead of the warehouse file
	configPath string
	logLevel   string
	cfg        config.Config
}

// usageError marks a mistake in how pantau was called (exit code 2).
type usageError struct{ err error }

func (e usageError) Error() string { return e.err.Error() }
func (e usageError) Unwrap() error { return e.err }

func usagef(format string, args ...any) error { return usageError{fmt.Errorf(format, args...)} }

// run is the whole program: it builds the commands, runs one and returns the exit code.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	return runApp(ctx, &app{}, args, stdin, stdout, stderr)
}

// runApp is run with the hooks already set in a.
func runApp(ctx context.Context, a *app, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	a.stdin, a.stdout, a.stderr, a.now, a.getenv = stdin, stdout, stderr, time.Now, os.Getenv
	root := a.rootCmd()
	root.SetArgs(args)
	root.SetIn(stdin)
	root.SetOut(stdout)
	root.SetErr(stderr)
	err := root.ExecuteContext(ctx)
	if err == nil {
		return 0
	}
	if ctx.Err() != nil || isInterrupt(err) {
		fmt.Fprintln(stderr, "pantau: interrupted")
		return exitInterrupted
	}
	fmt.Fprintln(stderr, "pantau:", a.plainError(err))
	var ue usageError
	if errors.As(err, &ue) {
		return 2
	}
	return 1
}

// isInterrupt tells an error of a command stopped by its context: Go's,
// or DuckDB's for a query it interrupted.
func isInterrupt(err error) bool {
	return errors.Is(err, context.Canceled) || strings.Contains(err.Error(), "INTERRUPT Error")
}

// exitInterrupted is the exit code of a command stopped by SIGINT or
// SIGTERM (128 + SIGINT, as shells report it).
const exitInterrupted = 130

// plainError says in one line what DuckDB says in several: a file that is
// no warehouse, memory too small under duckdb.memory_limit; any other
// DuckDB error keeps its first line (DuckDB's advice follows it).
func (a *app) plainError(err error) error {
	msg := err.Error()
	switch {
	case strings.Contains(msg, "not a valid DuckDB database file"):
		return fmt.Errorf("%s is not a DuckDB warehouse file (give another --db, or move it away)", a.dbPath)
	case isDiskFull(err):
		return fmt.Errorf("the disk of %s is full: nothing written in this step was kept, every earlier row is; free some space (pantau needs ± half the size of the input files) and run again (disk penuh)", a.dbPath)
	case strings.Contains(msg, "Out of Memory Error") && a.cfg.DuckDB.MemoryLimit != "":
		return fmt.Errorf("DuckDB ran out of memory under duckdb.memory_limit %s: raise it in the settings (with duckdb.temp_directory it spills to disk beyond it)", a.cfg.DuckDB.MemoryLimit)
	case strings.Contains(msg, "Out of Memory Error"):
		return errors.New("DuckDB ran out of memory: set duckdb.memory_limit below the machine's memory and duckdb.temp_directory, so that it spills to disk")
	case strings.Contains(msg, " Error: ") && strings.Contains(msg, "\n"):
		first, _, _ := strings.Cut(msg, "\n")
		return errors.New(first)
	}
	return err
}

// usageArgs makes every command's argument check, and the root's refusal of
// an unknown command, a usageError, so that run maps it to exit code 2 by
// type (cobra's flag errors become usageErrors in the flag error func).
func usageArgs(c *cobra.Command) {
	if check := c.Args; check != nil {
		c.Args = func(cmd *cobra.Command, args []string) error {
			if err := check(cmd, args); err != nil {
				return usageError{err}
			}
			return nil
		}
	}
	for _, sub := range c.Commands() {
		usageArgs(sub)
	}
}

func (a *app) rootCmd() *cobra.Command {
	root := &cobra.Command{
		Use:           "pantau",
		Short:         "Public-service performance analytics for Disdukcapil",
		Long:          "pantau loads Disdukcapil service logs, blanko deliveries and complaints into one DuckDB file,\ncomputes KPIs and blanko forecasts, and writes static HTML reports.",
		SilenceUsage:  true,
		SilenceErrors: true,
		PersistentPreRunE: func(cmd *cobra.Command, _ []string) error {
			if err := a.setup(); err != nil {
				return err
			}
			if len(a.lakes) > 0 && writesWarehouse[cmd.Name()] {
				return a.lakeIsReadOnly(cmd.CommandPath())
			}
			return nil
		},
	}
	flags := root.PersistentFlags()
	flags.StringVar(&a.dbPath, "db", "", "warehouse file (env PANTAU_DB, default pantau.duckdb)")
	flags.StringSliceVar(&a.lakes, "lake", nil, "read these lakes (a folder of 'pantau export --lake', or a folder of such folders; repeat or comma-separate) instead of the warehouse file")
	flags.StringVar(&a.configPath, "config", "", "settings file (env PANTAU_CONFIG)")
	flags.StringVar(&a.logLevel, "log-level", "info", "debug, info, warn or error")
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return flagError(err) })
	for _, c := range a.commands() {
		root.AddCommand(c)
	}
	// The root runs only for a word that is no command: cobra's own message
	// for it is an untyped error.
	root.Args = cobra.ArbitraryArgs
	root.RunE = func(cmd *cobra.Command, args []string) error {
		if len(args) == 0 {
			return cmd.Help()
		}
		return usagef("unknown command %q for %q (see pantau --help)", args[0], cmd.CommandPath())
	}
	usageArgs(root)
	return root
}

// setup resolves the global flags, environment and settings file.
func (a *app) setup() error {
	var level slog.Level
	if err := level.UnmarshalText([]byte(a.logLevel)); err != nil {
		return usagef("--log-level: %q is not debug, info, warn or error", a.logLevel)
	}
	a.logger = slog.New(slog.NewTextHandler(a.stderr, &slog.HandlerOptions{Level: level}))
	if a.dbPath == "" {
		a.dbPath = a.getenv("PANTAU_DB")
	}
	if a.dbPath == "" {
		a.dbPath = "pantau.duckdb"
	}
	if a.configPath == "" {
		a.configPath = a.getenv("PANTAU_CONFIG")
	}
	if a.configPath == "" && fileExists("pantau.yaml") {
		a.configPath = "pantau.yaml"
	}
	cfg, err := config.Load(a.configPath)
	if err != nil {
		return err
	}
	cfg.NIKKey = a.getenv("PANTAU_NIK_KEY")
	a.cfg = cfg
	return nil
}

// writesWarehouse are the commands that write to the warehouse, which
// --lake does not allow (check and kpi --refresh say so themselves).
var writesWarehouse = map[string]bool{"load": true, "run": true, "demo": true}

// lakeIsReadOnly is the usage error of a write asked for with --lake.
func (a *app) lakeIsReadOnly(what string) error {
	return usagef("%s writes to a warehouse: --lake is read-only (use --db)", what)
}

// openReadOnly opens the warehouse for a reader, waiting for a running load;
// with --lake, the lakes instead (lake.go).
func (a *app) openReadOnly(ctx context.Context) (*warehouse.Warehouse, error) {
	return a.openReader(ctx, everyUpperWeek)
}

// openReader is openReadOnly for a command that says which province and
// national KPI rows it reads (upper): several lakes pool only those, since
// pooling reads every lake's applications (lake.go).
func (a *app) openReader(ctx context.Context, upper upperWeeks) (*warehouse.Warehouse, error) {
	if len(a.lakes) > 0 {
		return a.openLakes(ctx, upper)
	}
	w, err := warehouse.Open(ctx, a.dbPath, a.warehouseOptions(true))
	if err != nil {
		return nil, err
	}
	if err := a.warnRefreshPending(ctx, w); err != nil {
		w.Close()
		return nil, err
	}
	return w, nil
}

// warnRefreshPending says on stderr, in one line, that the stored KPIs lag
// the facts when a load's refresh did not finish: a reader cannot finish
// it (the writer can), and its numbers are out of date until then.
func (a *app) warnRefreshPending(ctx context.Context, w *warehouse.Warehouse) error {
	pending, err := kpi.RefreshPending(ctx, w.DB)
	if err != nil || !pending {
		return err
	}
	fmt.Fprintf(a.stderr, "pantau: warning: the stored KPIs of %s are out of date (a load's KPI refresh did not finish); run 'pantau kpi --refresh all' or load again\n", a.dbPath)
	return nil
}

// openWriter opens the warehouse as its one writer.
func (a *app) openWriter(ctx context.Context) (*warehouse.Warehouse, error) {
	if len(a.lakes) > 0 {
		return nil, a.lakeIsReadOnly("this command")
	}
	opt := a.warehouseOptions(false)
	opt.NIKKey = a.nikKey // ids stored before migration 0012 get the pseudonyms a load gives
	return warehouse.Open(ctx, a.dbPath, opt)
}

func fileExists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}

// warehouseOptions are how the commands open the warehouse: readers wait
// for a running load; the duckdb settings cap memory, spill and threads.
func (a *app) warehouseOptions(readOnly bool) warehouse.Options {
	return warehouse.Options{ReadOnly: readOnly, Wait: a.cfg.Load.Wait, Logger: a.logger,
		MemoryLimit: a.cfg.DuckDB.MemoryLimit, TempDirectory: a.cfg.DuckDB.TempDirectory, Threads: a.cfg.DuckDB.Threads}
}
