package main

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// sqlCalls are the database/sql methods that run SQL.
var sqlCalls = map[string]bool{
	"Query": true, "QueryContext": true, "QueryRow": true, "QueryRowContext": true,
	"Exec": true, "ExecContext": true, "Prepare": true, "PrepareContext": true,
}

// TestNoSQLOutsideMetrics keeps one metrics layer: every number a report
// or a command shows comes from a metrics (or etl) function backed by an
// embedded .sql file. Only the sql command runs the analyst's own query.
func TestNoSQLOutsideMetrics(t *testing.T) {
	allowed := map[string]bool{"sql.go": true}
	var found []string
	for _, dir := range []string{".", "../../reports"} {
		paths, err := filepath.Glob(filepath.Join(dir, "*.go"))
		if err != nil {
			t.Fatal(err)
		}
		for _, path := range paths {
			base := filepath.Base(path)
			if strings.HasSuffix(base, "_test.go") || (dir == "." && allowed[base]) {
				continue
			}
			found = append(found, sqlCallsIn(t, path)...)
		}
	}
	for _, f := range found {
		t.Errorf("%s runs SQL itself; move the query into a metrics function with its own .sql file", f)
	}
}

func sqlCallsIn(t *testing.T, path string) []string {
	t.Helper()
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	file, err := parser.ParseFile(fset, path, src, 0)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	ast.Inspect(file, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok {
			return true
		}
		if sel, ok := call.Fun.(*ast.SelectorExpr); ok && sqlCalls[sel.Sel.Name] {
			out = append(out, fset.Position(call.Pos()).String())
		}
		return true
	})
	return out
}
