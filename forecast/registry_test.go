package forecast

import (
	"math"
	"slices"
	"testing"
)

// TestRegistry keeps the table of Methods well formed: names unique, each
// entry either a single method or a combination of single methods, the
// candidate places unique, and every method fitting a short series (with and
// without zeros) to finite, ordered values.
func TestRegistry(t *testing.T) {
	methods := Methods()
	names := map[string]bool{}
	places := map[int]string{}
	for _, m := range methods {
		if m.Name == "" || names[m.Name] {
			t.Errorf("method %q: empty or repeated name", m.Name)
		}
		names[m.Name] = true
		if m.Summary == "" {
			t.Errorf("method %q: no summary", m.Name)
		}
		if m.Candidate != 0 {
			if other, ok := places[m.Candidate]; ok {
				t.Errorf("methods %q and %q share the candidate place %d", other, m.Name, m.Candidate)
			}
			places[m.Candidate] = m.Name
		}
		if m.adjusted && !m.Seasonal {
			t.Errorf("method %q fits the seasonally adjusted series but is not Seasonal", m.Name)
		}
		if (m.fit == nil) == (m.members == nil) || (m.members != nil) != (m.average != nil) {
			t.Errorf("method %q: want a fit function, or members and an average, not both", m.Name)
		}
	}
	for _, m := range methods {
		for _, name := range m.members {
			member, ok := lookup(name)
			if !ok || member.members != nil {
				t.Errorf("combination %q: member %q is not a single method of the registry", m.Name, name)
			}
		}
	}
	series := map[string][]float64{
		"short":        {12, 15, 11, 14, 13, 16},
		"intermittent": {0, 3, 0, 0, 2, 0, 4},
	}
	for _, m := range methods {
		for name, y := range series {
			t.Run(m.Name+"/"+name, func(t *testing.T) {
				f := fit(m.Name, y, 4, 52, nil)
				if f.Model != m.Name {
					t.Errorf("Model = %q, want %q", f.Model, m.Name)
				}
				for k := range 4 {
					row := []float64{f.Lo95[k], f.Lo80[k], f.Point[k], f.Hi80[k], f.Hi95[k]}
					if slices.ContainsFunc(row, func(v float64) bool { return math.IsNaN(v) || math.IsInf(v, 0) || v < 0 }) ||
						!slices.IsSorted(row) {
						t.Errorf("step %d: %v", k+1, row)
					}
				}
			})
		}
	}
}

func TestCandidatesFollowTheRegistry(t *testing.T) {
	var want, wantIntermittent []string
	for _, m := range Methods() {
		if m.Candidate > 0 && !m.Intermittent {
			want = append(want, m.Name)
		}
		if m.Candidate > 0 && m.Intermittent {
			wantIntermittent = append(wantIntermittent, m.Name)
		}
	}
	got := candidatesFor([]float64{1, 2, 3}, Options{})
	if !sameSet(got, want) {
		t.Errorf("candidates of a positive series = %v, want %v", got, want)
	}
	got = candidatesFor([]float64{1, 0, 3}, Options{})
	if !sameSet(got, append(slices.Clone(want), wantIntermittent...)) ||
		!sameSet(got[len(want):], wantIntermittent) {
		t.Errorf("candidates of a series with zeros = %v, want %v then %v", got, want, wantIntermittent)
	}
}

func sameSet(a, b []string) bool {
	a, b = slices.Clone(a), slices.Clone(b)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(a, b)
}
