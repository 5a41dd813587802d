package main

import (
	"os"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
)

func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"pantau": func() { os.Exit(runMain(os.Args[1:], os.Stdin, os.Stdout, os.Stderr)) },
		"holddb": holdDB,
	})
}

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
