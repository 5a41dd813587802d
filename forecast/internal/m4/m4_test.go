package m4

import (
	"context"
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
	series := []Series{{ID: "W1", Train: []float64{10, 12, 11}, Test: []float64{12, 9}}}
	fixed := Forecaster{Name: "fixed", Forecast: func(y []float64, h int) forecast.Forecast {
		return forecast.Forecast{Point: []float64{12, 10}, Lo80: []float64{11.5, 10}, Hi80: []float64{12.5, 11},
			Lo95: []float64{11.5, 10}, Hi95: []float64{12.5, 11}}
	}}
	scores, err := Evaluate(context.Background(), series, []Forecaster{Forecasters(forecast.Options{})[0], fixed}, 2)
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
	got, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	want := []Series{{ID: "W1", Train: []float64{1, 2, 3}, Test: []float64{9}}, {ID: "W2", Train: []float64{4, 5}, Test: []float64{8}}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Load (-want +got):\n%s", diff)
	}
	write("Weekly-test.csv", "\"V1\",\"V2\"\n\"W1\",\"x\"\n")
	if _, err := Load(dir); err == nil || err.Error() != `Weekly-test.csv:2:2: "x" is not a number` {
		t.Errorf("error = %v", err)
	}
}
