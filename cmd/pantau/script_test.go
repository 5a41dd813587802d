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
// PANTAU_TEST_HOLD_LOAD=1 a load that holds the warehouse says so on
// stderr (holdingLoad) and waits until its stdin is closed.
func holdLoadHook() func(context.Context) error {
	if os.Getenv("PANTAU_TEST_HOLD_LOAD") == "" {
		return nil
	}
	return func(context.Context) error {
		fmt.Fprintln(os.Stderr, holdingLoad)
		_, err := io.Copy(io.Discard, os.Stdin)
		return err
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
