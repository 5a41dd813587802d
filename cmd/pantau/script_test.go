package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
)

func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"pantau": func() {
			os.Exit(runMain(os.Args[1:], os.Stdin, os.Stdout, os.Stderr, holdLoadHook(), holdExportHook()))
		},
		"holddb": holdDB,
	})
}

// holdLoadHook is the test binary's app.holdLoad: with
// PANTAU_TEST_HOLD_LOAD=1 (or load) a load that holds the warehouse says so
// on stderr (holdingLoad) before it reads its files, with
// PANTAU_TEST_HOLD_LOAD=refresh once its rows are committed, before the
// refresh; then it waits until its stdin is closed or it is interrupted.
func holdLoadHook() func(context.Context, string) error {
	want := os.Getenv("PANTAU_TEST_HOLD_LOAD")
	if want == "" {
		return nil
	}
	if want == "1" {
		want = holdBeforeLoad
	}
	return func(ctx context.Context, point string) error {
		if point != want {
			return nil
		}
		fmt.Fprintln(os.Stderr, holdingLoad)
		released := make(chan error, 1)
		go func() { _, err := io.Copy(io.Discard, os.Stdin); released <- err }()
		select {
		case err := <-released:
			return err
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

// holdExportHook is the test binary's app.holdExport: with
// PANTAU_TEST_HOLD_EXPORT=STEP an export that reaches STEP of its commit
// (lake.Options.Hold) says so on stderr (holdingExport STEP) and waits
// until its stdin is closed.
func holdExportHook() func(string) {
	at := os.Getenv("PANTAU_TEST_HOLD_EXPORT")
	if at == "" {
		return nil
	}
	return func(step string) {
		if step == at {
			fmt.Fprintln(os.Stderr, holdingExport, step)
			_, _ = io.Copy(io.Discard, os.Stdin)
		}
	}
}

// holdingExport begins the line a held export writes.
const holdingExport = "test: the export holds at"

// holdingLoad is the line a held load writes.
const holdingLoad = "test: the load holds the warehouse"

// TestScripts runs the CLI scripts in testdata/script: each is a txtar
// archive of commands, input files and the expected stdout and stderr.
func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir: "testdata/script",
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			"addregion": scriptAddRegion,
			"duckdb":    scriptDuckDB,
			"dated":     scriptDated,
			"eol":       scriptEOL,
		},
		Setup: func(env *testscript.Env) error {
			env.Setenv("PANTAU_NIK_KEY", "test-key-0123456789abcdef0123456789")
			return nil
		},
	})
}
