package main

import (
	"bytes"
	"os"
	"testing"

	"github.com/disdukcapil-bekasi/pantau/kpi"
)

// TestCommittedIsCurrent fails when kpi/kpiname/names.go no longer
// matches the catalogue: run `go generate ./kpi/kpiname`.
func TestCommittedIsCurrent(t *testing.T) {
	want, err := generate(kpi.Definitions(), kpi.Measures())
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile("../../kpiname/names.go")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Error("kpi/kpiname/names.go is stale: run `go generate ./kpi/kpiname`")
	}
}

func TestIdent(t *testing.T) {
	for _, tc := range []struct{ name, want string }{
		{"print_backlog", "PrintBacklog"},
		{"backlog_age.p90", "BacklogAgeP90"},
		{"backlog_age.bucket_0_5", "BacklogAgeBucket0_5"},
		{"backlog_age.bucket_over_60", "BacklogAgeBucketOver60"},
		{"national.backlog_per_10k", "NationalBacklogPer10k"},
		{"sla_met_rate", "SLAMetRate"},
	} {
		if got := ident(tc.name); got != tc.want {
			t.Errorf("ident(%q) = %q, want %q", tc.name, got, tc.want)
		}
	}
}

// TestCollision: two names making one identifier are refused.
func TestCollision(t *testing.T) {
	defs := []kpi.Definition{{ID: "a_b"}, {ID: "a.b"}}
	if _, err := generate(defs, nil); err == nil {
		t.Error("generate accepted a_b and a.b, which both make AB")
	}
}
