package reports

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/disdukcapil-bekasi/pantau/planning"
)

// trackRows are a region whose forecast beats the seasonal naive and an
// office whose forecast does not.
var trackRows = []planning.TrackRow{
	{Scope: "region", ScopeID: "3216", AsOf: "2023-06-25", Forecasts: 13, Weeks: 91, MeanDemand: 2412.4, MeanAbsoluteError: 160.2,
		MASE: 0.68, Coverage80: 0.77, Coverage95: 0.92, HolidayWeeks: 6, HolidayMeanAbsoluteError: 229.4, Model: "global+ses"},
	{Scope: "office", ScopeID: "KEC-01", AsOf: "2023-06-25", Forecasts: 13, Weeks: 91, MeanDemand: 80, MeanAbsoluteError: 12.4,
		MASE: 1.04, Coverage80: 0.81, Coverage95: 0.96, Model: "ses"},
}

func TestTrackSentence(t *testing.T) {
	tests := []struct {
		lang Lang
		row  planning.TrackRow
		want string
	}{
		{Indonesian, trackRows[0], "Dalam 13 perkiraan terakhir (per 25 Juni 2023), perkiraan permintaan blanko Kabupaten Bekasi rata-rata meleset 160 keping per pekan, dari permintaan rata-rata 2.412 keping per pekan; permintaan nyata jatuh di dalam rentang 80% pada 77,0% pekan dan di dalam rentang 95% pada 92,0% pekan. Perkiraan ini lebih tepat daripada cara naif musiman (galat berskala 0,68). Pada pekan libur (Lebaran, cuti bersama dan hari libur lain) meleset rata-rata 229 keping per pekan."},
		{English, trackRows[1], "Over the last 13 forecasts (as of 25 June 2023), the blank card demand forecast of Kabupaten Bekasi missed by 12 cards a week on average, against a mean demand of 80 cards a week; the actual demand fell inside the 80% interval in 81.0% of the weeks and inside the 95% interval in 96.0%. This does not beat the seasonal naive rule (scaled error 1.04): use its plan with care."},
		{Indonesian, planning.TrackRow{}, "Riwayat permintaan belum cukup untuk menilai perkiraan sebelumnya."},
	}
	for _, tt := range tests {
		if diff := cmp.Diff(tt.want, TrackSentence(tt.lang, "Kabupaten Bekasi", tt.row)); diff != "" {
			t.Errorf("%s (-want +got):\n%s", tt.lang, diff)
		}
	}
}

// TestTrackSection: the region first, then each office by its short name,
// the scaled error green below 1 and amber from 1; an office's report
// speaks of the office.
func TestTrackSection(t *testing.T) {
	p := &Planner{opt: Options{Lang: Indonesian}, track: trackRows, b: basics{regionName: "Kabupaten Bekasi",
		officeByCode: map[string]office{"KEC-01": {Code: "KEC-01", Name: "Kecamatan Tarumajaya", Short: "Tarumajaya"}}}}
	sec := p.trackSection()
	if len(sec.Blocks) != 2 || sec.Blocks[1].Table == nil {
		t.Fatalf("want a sentence and a table, got %d blocks", len(sec.Blocks))
	}
	var got [][]string
	for _, row := range sec.Blocks[1].Table.Rows {
		got = append(got, []string{row[0].Text, row[3].Text, row[4].Text, row[4].Class, row[5].Text, row[7].Text})
	}
	want := [][]string{{"Kabupaten Bekasi", "160", "0,68", "n green", "77,0%", "229"}, {"Tarumajaya", "12", "1,04", "n amber", "81,0%", "–"}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("rows (-want +got):\n%s", diff)
	}
	p.opt.Office = "KEC-01"
	sec = p.trackSection()
	if s := sec.Blocks[0].Paragraph; !cmp.Equal(s[:len("Dalam 13 perkiraan terakhir (per 25 Juni 2023), perkiraan permintaan blanko Kecamatan Tarumajaya")],
		"Dalam 13 perkiraan terakhir (per 25 Juni 2023), perkiraan permintaan blanko Kecamatan Tarumajaya") {
		t.Errorf("office report sentence: %s", s)
	}
	if n := len(sec.Blocks[1].Table.Rows); n != 2 {
		t.Errorf("office report: %d rows, want the region's and the office's", n)
	}
}
