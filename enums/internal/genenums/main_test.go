package main

import (
	"bytes"
	"os"
	"testing"

	"github.com/disdukcapil-bekasi/pantau/enums"
)

// TestCommittedIsCurrent fails when enums/names.go no longer matches
// enums.yaml: run `go generate ./enums`.
func TestCommittedIsCurrent(t *testing.T) {
	want, err := generate(enums.All())
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile("../../names.go")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Error("enums/names.go is stale: run `go generate ./enums`")
	}
}

// TestCollision: two values making one identifier are refused.
func TestCollision(t *testing.T) {
	if _, err := generate([]enums.Enum{{Name: "a", Values: []string{"b_c", "b-c"}}}); err == nil {
		t.Error("generate accepted b_c and b-c, which both make BC")
	}
}
