// Command m4bench scores pantau's forecasters on the M4 Weekly benchmark
// (359 series, horizon 13) under the honest protocol of m4.Honest: the
// configurations of Auto are compared on the last 13 weeks of each training
// series, the best is chosen, and only then is the test part read, once, to
// score it beside Naive2 and every single model. It prints sMAPE, MASE, OWA,
// interval coverage and time per model, and exits 0 with a message when the
// data folder is absent.
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
	series, test, err := m4.Load(*dir)
	if err != nil {
		fmt.Fprintf(stderr, "m4bench: %v\n", err)
		return 1
	}
	start := time.Now()
	references := m4.Forecasters(forecast.Options{Period: *period})[1:]
	report, err := m4.Honest(ctx, series, test, m4.Configs(), references, *workers)
	if err != nil {
		fmt.Fprintf(stderr, "m4bench: %v\n", err)
		return 1
	}
	took := time.Since(start)
	fmt.Fprintf(stdout, "Validation: the last %d weeks of each training series (the test part unread)\n", m4.Horizon)
	printScores(stdout, report.Validation)
	fmt.Fprintf(stdout, "\nChosen: %s\n\nTest (read once): the chosen configuration, then references (models with period %d)\n",
		report.Chosen.Name(), *period)
	printScores(stdout, report.Test)
	fmt.Fprintf(stdout, "%d series, horizon %d, %d workers, %.1f s wall\n", len(series), m4.Horizon, *workers, took.Seconds())
	return 0
}

func printScores(out io.Writer, scores []m4.Score) {
	w := tabwriter.NewWriter(out, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(w, "model\tsMAPE\tMASE\tOWA\tcover80\tcover95\tMSIS\tcpu s\t\n")
	for _, s := range scores {
		fmt.Fprintf(w, "%s\t%.3f\t%.3f\t%.3f\t%.3f\t%.3f\t%.3f\t%.1f\t\n", s.Model, s.SMAPE, s.MASE, s.OWA,
			s.Coverage80, s.Coverage95, s.MSIS, s.Took.Seconds())
	}
	w.Flush()
}
