package kpi_test

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/disdukcapil-bekasi/pantau/config"
	"github.com/disdukcapil-bekasi/pantau/kpi"
)

// TestActiveOffices: an office is active in a week when it had a service
// event in it. KEC-02 recorded on Sunday 2023-03-19 23:59 (in W11); MOBIL-1
// only on Monday 2023-03-20 (W12); DINAS the week before (W10).
func TestActiveOffices(t *testing.T) {
	db := fixtureDB(t, config.Default())
	ctx := context.Background()
	if _, err := db.ExecContext(ctx, `DELETE FROM service_events;
		INSERT INTO service_events (region_code, event_id, application_id, event_time, service, stage, office_code, channel, load_id) VALUES
		('3216','x1','y1','2023-03-19 23:59','ktp_el','recorded','KEC-02','counter',1),
		('3216','x2','y2','2023-03-20 00:00','ktp_el','recorded','MOBIL-1','counter',1),
		('3216','x3','y3','2023-03-10 09:00','ktp_el','recorded','DINAS','counter',1),
		('3216','x4','y4','2023-03-14 09:00','ktp_el','recorded','KEC-02','counter',1)`); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		week string
		want []string
	}{
		{"2023-W10", []string{"DINAS"}},
		{"2023-W11", []string{"KEC-02"}},
		{"2023-W12", []string{"MOBIL-1"}},
		{"2023-W13", nil},
	} {
		offices, err := kpi.ActiveOffices(ctx, db, "3216", tc.week)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, o := range offices {
			got = append(got, o.Code)
		}
		if diff := cmp.Diff(tc.want, got); diff != "" {
			t.Errorf("%s (-want +got):\n%s", tc.week, diff)
		}
	}
	offices, _ := kpi.ActiveOffices(ctx, db, "3216", "2023-W11")
	if len(offices) == 1 && (offices[0].ShortName != "Kec. Babelan" || offices[0].KecamatanName != "Babelan") {
		t.Errorf("KEC-02 reads %+v", offices[0])
	}
}
