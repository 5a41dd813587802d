// Command m4bench scores pantau's forecasters on the M4 Weekly benchmark
// (359 series, horizon 13) and prints sMAPE, MASE, OWA, interval coverage and
// time per model. It exits 0 with a message when the data folder is absent.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime"
	"text/tabwriter"
	"time"

	"github.com/disdukcapil-bekasi/pantau/forecast"
	"github.com/disdukcapil-bekasi/pantau/forecast/internal/m4"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	flags := flag.NewFlagSet("m4bench", flag.ContinueOnError)
	flags.SetOutput(stderr)
	dir := flags.String("dir", "../shared/benchmarks/m4-weekly", "folder holding Weekly-train.csv and Weekly-test.csv")
	period := flags.Int("period", 0, "seasonal period given to the models: 0 is the package default 52; 1 is what the M4 benchmarks used")
	workers := flags.Int("workers", runtime.GOMAXPROCS(0), "series forecast in parallel")
	if err := flags.Parse(args); err != nil {
		return 2
	}
	if _, err := os.Stat(*dir); err != nil {
		fmt.Fprintf(stdout, "m4bench: no M4 Weekly data in %s, skipping\n", *dir)
		return 0
	}
	series, err := m4.Load(*dir)
	if err != nil {
		fmt.Fprintf(stderr, "m4bench: %v\n", err)
		return 1
	}
	start := time.Now()
	scores, err := m4.Evaluate(ctx, series, m4.Forecasters(forecast.Options{Period: *period}), *workers)
	if err != nil {
		fmt.Fprintf(stderr, "m4bench: %v\n", err)
		return 1
	}
	took := time.Since(start)
	w := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(w, "model\tsMAPE\tMASE\tOWA\tcover80\tcover95\tMSIS\tcpu s\t\n")
	for _, s := range scores {
		fmt.Fprintf(w, "%s\t%.3f\t%.3f\t%.3f\t%.3f\t%.3f\t%.3f\t%.1f\t\n", s.Model, s.SMAPE, s.MASE, s.OWA,
			s.Coverage80, s.Coverage95, s.MSIS, s.Took.Seconds())
	}
	w.Flush()
	fmt.Fprintf(stdout, "%d series, horizon %d, %d workers, %.1f s wall\n", len(series), m4.Horizon, *workers, took.Seconds())
	return 0
}
