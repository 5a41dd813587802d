package main

import (
	"os/exec"
	"slices"
	"strings"
	"testing"
)

// TestDependenciesPointOneWay keeps DESIGN.md §2: cmd → reports → {ikm,
// checks, planning} → kpi → warehouse, reports → reports/page (the page kit,
// which knows no figure and no database), planning → forecast, cmd → encode → kpi, cmd → etl →
// warehouse, cmd → lake → warehouse, cmd → browser; forecast is a leaf that
// imports no database package; synth and the leaves stand alone (privacy,
// the one redaction, is a leaf etl, warehouse and reports share; enums, the
// data contract's values, is a leaf etl, synth, kpi and reports share).
func TestDependenciesPointOneWay(t *testing.T) {
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("no go command on PATH to list the packages' imports (the Windows tests run under Wine without one)")
	}
	const mod = "github.com/disdukcapil-bekasi/pantau/"
	// rooms are the packages over the warehouse that compute what pantau
	// shows; kpi is the base the others build on.
	rooms := []string{"kpi", "ikm", "checks", "planning"}
	above := func(extra ...string) []string { return append(slices.Clone(rooms), extra...) }
	forbidden := map[string][]string{
		"reference":        above("browser", "config", "warehouse", "etl", "reports", "synth", "encode"),
		"config":           above("browser", "reference", "warehouse", "etl", "reports", "synth", "encode"),
		"warehouse":        above("browser", "config", "etl", "reports", "synth", "encode", "lake"),
		"etl":              above("browser", "reports", "synth", "encode"),
		"kpi":              {"browser", "etl", "reports", "synth", "ikm", "checks", "planning", "encode", "lake", "forecast"},
		"ikm":              {"browser", "etl", "reports", "synth", "checks", "planning", "encode", "lake"},
		"checks":           {"browser", "etl", "reports", "synth", "ikm", "planning", "encode", "lake"},
		"planning":         {"browser", "etl", "reports", "synth", "ikm", "checks", "encode", "lake"},
		"internal/readsql": above("browser", "config", "warehouse", "etl", "reports", "synth"),
		"forecast":         above("browser", "config", "warehouse", "etl", "reports", "synth", "reference", "internal/readsql", "database/sql"),
		"reports":          {"etl", "synth", "browser", "encode"},
		"reports/page":     above("browser", "config", "reference", "warehouse", "etl", "reports", "synth", "encode", "lake", "database/sql"),
		"encode":           {"browser", "etl", "reports", "synth", "lake", "ikm", "checks", "planning"},
		"browser":          above("reference", "config", "warehouse", "etl", "reports", "synth"),
		"synth":            above("browser", "config", "warehouse", "etl", "reports"),
		"lake":             above("browser", "config", "etl", "reports", "synth"),
		"privacy":          above("reference", "browser", "config", "warehouse", "etl", "reports", "synth", "lake"),
		"enums":            above("reference", "browser", "config", "warehouse", "etl", "reports", "synth", "lake", "privacy", "encode"),
	}
	for pkg, bad := range forbidden {
		out, err := exec.Command("go", "list", "-deps", mod+pkg).Output()
		if err != nil {
			t.Fatalf("go list %s: %v", pkg, err)
		}
		deps := map[string]bool{}
		for _, d := range strings.Fields(string(out)) {
			deps[strings.TrimPrefix(d, mod)] = true
		}
		for _, b := range bad {
			if deps[b] {
				t.Errorf("%s depends on %s", pkg, b)
			}
		}
	}
}
