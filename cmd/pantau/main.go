// Command pantau loads Disdukcapil service data into a DuckDB warehouse,
// computes KPIs and forecasts, and writes static HTML reports.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
	"time"
	_ "time/tzdata" // region time zones on machines without tzdata
)

func main() {
	os.Exit(runMain(os.Args[1:], os.Stdin, os.Stdout, os.Stderr, nil, nil))
}

// interruptGrace is how long pantau, once interrupted, waits for the
// command to stop by itself (DuckDB's queries stop at once; a loop checks
// its context between steps) before it exits anyway: what a transaction
// did not commit is rolled back when the warehouse is next opened, as
// after a kill.
const interruptGrace = 2 * time.Second

// runMain is run under a context that SIGINT and SIGTERM cancel; an
// interrupted command exits with exitInterrupted and one line. holdLoad
// and holdExport are nil but in the test wiring (app.holdLoad,
// app.holdExport).
func runMain(args []string, stdin io.Reader, stdout, stderr io.Writer, holdLoad func(context.Context, string) error, holdExport func(string)) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	done := make(chan int, 1)
	go func() {
		done <- runApp(ctx, &app{holdLoad: holdLoad, holdExport: holdExport}, args, stdin, stdout, stderr)
	}()
	select {
	case code := <-done:
		return code
	case <-ctx.Done():
	}
	select {
	case code := <-done:
		return code
	case <-time.After(interruptGrace):
		fmt.Fprintln(stderr, "pantau: interrupted")
		return exitInterrupted
	}
}
