package m4

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/disdukcapil-bekasi/pantau/forecast"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

func TestEvaluateHandComputed(t *testing.T) {
	// Train 10, 12, 11: mean absolute difference (2 + 1)/2 = 1.5.
	// Test 12, 9. Naive forecasts 11, 11: errors 1, 2.
	//   sMAPE = (200·1/23 + 200·2/20)/2 = (8.695652 + 20)/2 = 14.347826
	//   MASE  = (1/1.5 + 2/1.5)/2 = 1
	// "fixed" forecasts 12, 10 with bounds [11.5, 12.5] and [10, 11]:
	// errors 0, 1: sMAPE = (0 + 200/19)/2 = 5.263158, MASE = (0 + 1/1.5)/2 = 1/3,
	// OWA = (5.263158/14.347826 + (1/3)/1)/2 = (0.366826 + 0.333333)/2 = 0.350080.
	// 95% interval: 12 inside; 9 below 10 by 1:
	//   MSIS = ((1 + 0) + (1 + 40·1))/2/1.5 = 14.
	series := []Series{{ID: "W1", Train: []float64{10, 12, 11}}}
	hold := NewHoldout([]string{"W1"}, [][]float64{{12, 9}})
	fixed := Forecaster{Name: "fixed", Forecast: func(y []float64, h int) forecast.Forecast {
		return forecast.Forecast{Point: []float64{12, 10}, Lo80: []float64{11.5, 10}, Hi80: []float64{12.5, 11},
			Lo95: []float64{11.5, 10}, Hi95: []float64{12.5, 11}}
	}}
	scores, err := hold.Score(context.Background(), series, []Forecaster{Forecasters(forecast.Options{})[0], fixed}, 2)
	if err != nil {
		t.Fatal(err)
	}
	want := []Score{
		{Model: "m4-naive2", SMAPE: 14.347826086956522, MASE: 1, OWA: 1},
		{Model: "fixed", SMAPE: 5.2631578947368425, MASE: 1.0 / 3, OWA: 0.35007974481658694, Coverage80: 0.5, Coverage95: 0.5, MSIS: 14},
	}
	ignore := cmpopts.IgnoreFields(Score{}, "Took", "Coverage80", "Coverage95", "MSIS")
	if diff := cmp.Diff(want[1:], scores[1:], cmpopts.EquateApprox(0, 1e-9), cmpopts.IgnoreFields(Score{}, "Took")); diff != "" {
		t.Errorf("fixed (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(want[:1], scores[:1], cmpopts.EquateApprox(0, 1e-9), ignore); diff != "" {
		t.Errorf("naive2 (-want +got):\n%s", diff)
	}
}

func TestLoadWide(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("Weekly-train.csv", "\"V1\",\"V2\",\"V3\",\"V4\"\n\"W1\",\"1\",\"2\",\"3\"\n\"W2\",\"4\",\"5\",\"\"\n")
	write("Weekly-test.csv", "\"V1\",\"V2\"\n\"W1\",\"9\"\n\"W2\",\"8\"\n")
	got, hold, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	want := []Series{{ID: "W1", Train: []float64{1, 2, 3}}, {ID: "W2", Train: []float64{4, 5}}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Load (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(NewHoldout([]string{"W1", "W2"}, [][]float64{{9}, {8}}), hold, cmp.AllowUnexported(Holdout{})); diff != "" {
		t.Errorf("Load holdout (-want +got):\n%s", diff)
	}
	write("Weekly-test.csv", "\"V1\",\"V2\"\n\"W1\",\"x\"\n")
	if _, _, err := Load(dir); err == nil || err.Error() != `Weekly-test.csv:2:2: "x" is not a number` {
		t.Errorf("error = %v", err)
	}
}

// TestTestPartIsReadOnceAfterTheChoice proves the protocol of Honest: the
// choice is made on the training part alone, and the test part is read by
// one Score, after it.
//
//   - Series carries no test values: the only way to them is Holdout.Score.
//   - Score runs once; a second call is refused, so no loop can choose by it.
//   - Honest chooses the same configuration whatever the test part holds:
//     with the true values, and with values that would make any other
//     configuration win, the choice and the validation scores are identical.
func TestTestPartIsReadOnceAfterTheChoice(t *testing.T) {
	var series []Series
	var truth, poison [][]float64
	for i := range 12 {
		y := make([]float64, 60)
		for t := range y {
			y[t] = 100 + float64(i*10) + 5*float64(t%4) + float64(t)
		}
		series = append(series, Series{ID: fmt.Sprintf("W%d", i+1), Train: y})
		truth = append(truth, []float64{160, 161, 162})
		poison = append(poison, []float64{-1e6, 1e6, 0})
	}
	ids := make([]string, len(series))
	for i, s := range series {
		ids[i] = s.ID
	}
	configs := []Config{{Period: 1, Top: 1}, {Period: 1, Top: 2}, {Period: 1, Top: 1, Global: true}}
	var reports []Report
	for _, values := range [][][]float64{truth, poison} {
		hold := NewHoldout(ids, values)
		r, err := Honest(context.Background(), series, hold, configs, nil, 2)
		if err != nil {
			t.Fatal(err)
		}
		if !hold.scored {
			t.Error("Honest did not score the test part")
		}
		if _, err := hold.Score(context.Background(), series, nil, 1); !errors.Is(err, ErrHoldoutScored) {
			t.Errorf("second Score: %v, want ErrHoldoutScored", err)
		}
		reports = append(reports, r)
	}
	if reports[0].Chosen != reports[1].Chosen {
		t.Errorf("chosen %v with the true test part but %v with another: the choice read the test part", reports[0].Chosen, reports[1].Chosen)
	}
	if diff := cmp.Diff(reports[0].Validation, reports[1].Validation, cmpopts.IgnoreFields(Score{}, "Took")); diff != "" {
		t.Errorf("validation scores depend on the test part (-true +poisoned):\n%s", diff)
	}
	if reports[0].Test[1].OWA == reports[1].Test[1].OWA {
		t.Error("the test scores do not depend on the test part: the fixture proves nothing")
	}
}

func TestSplitHoldsOutTheLastWeeks(t *testing.T) {
	inner, hold := Split([]Series{{ID: "W1", Train: []float64{1, 2, 3, 4, 5}}, {ID: "W2", Train: []float64{7}}}, 2)
	want := []Series{{ID: "W1", Train: []float64{1, 2, 3}}, {ID: "W2", Train: []float64{7}}}
	if diff := cmp.Diff(want, inner); diff != "" {
		t.Errorf("Split (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(NewHoldout([]string{"W1", "W2"}, [][]float64{{4, 5}, {}}), hold, cmp.AllowUnexported(Holdout{}), cmpopts.EquateEmpty()); diff != "" {
		t.Errorf("Split holdout (-want +got):\n%s", diff)
	}
}
