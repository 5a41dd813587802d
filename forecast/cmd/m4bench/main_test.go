package main

import (
	"bytes"
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestRunWithoutData(t *testing.T) {
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), []string{"-dir", "/nonexistent/m4"}, &stdout, &stderr)
	if code != 0 {
		t.Errorf("exit code %d, want 0", code)
	}
	if diff := cmp.Diff("m4bench: no M4 Weekly data in /nonexistent/m4, skipping\n", stdout.String()); diff != "" {
		t.Errorf("stdout (-want +got):\n%s", diff)
	}
}
