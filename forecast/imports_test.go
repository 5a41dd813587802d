package forecast_test

import (
	"go/build"
	"strings"
	"testing"
)

// TestImportsOnlyTheStandardLibrary keeps the promise of doc.go: the package
// is pure computation, with no pantau or third-party imports.
func TestImportsOnlyTheStandardLibrary(t *testing.T) {
	pkg, err := build.ImportDir(".", 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, path := range pkg.Imports {
		if first, _, _ := strings.Cut(path, "/"); strings.Contains(first, ".") {
			t.Errorf("forecast imports %s; it may import only the standard library", path)
		}
	}
}
