package main

import (
	"os/exec"
	"strings"
	"testing"
)

// TestDependenciesPointOneWay keeps DESIGN.md §2: cmd → reports → metrics →
// warehouse, cmd → etl → warehouse, cmd → lake → warehouse, cmd → browser; synth and the leaves
// stand alone (privacy, the one redaction, is a leaf etl, warehouse and reports share).
func TestDependenciesPointOneWay(t *testing.T) {
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("no go command on PATH to list the packages' imports (the Windows tests run under Wine without one)")
	}
	const mod = "github.com/disdukcapil-bekasi/pantau/"
	forbidden := map[string][]string{
		"reference":        {"browser", "config", "warehouse", "etl", "metrics", "reports", "synth"},
		"config":           {"browser", "reference", "warehouse", "etl", "metrics", "reports", "synth"},
		"warehouse":        {"browser", "config", "etl", "metrics", "reports", "synth"},
		"etl":              {"browser", "metrics", "reports", "synth"},
		"metrics":          {"browser", "etl", "reports", "synth"},
		"metrics/forecast": {"browser", "config", "warehouse", "etl", "metrics", "reports", "synth", "reference"},
		"reports":          {"etl", "synth", "browser"},
		"browser":          {"reference", "config", "warehouse", "etl", "metrics", "reports", "synth"},
		"synth":            {"browser", "config", "warehouse", "etl", "metrics", "reports"},
		"lake":             {"browser", "config", "etl", "metrics", "reports", "synth"},
		"privacy":          {"reference", "browser", "config", "warehouse", "etl", "metrics", "reports", "synth", "lake"},
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
