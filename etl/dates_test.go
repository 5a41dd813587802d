package etl

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/disdukcapil-bekasi/pantau/config"
	"github.com/disdukcapil-bekasi/pantau/warehouse"
)

// TestDatesInRange: every date and time of every kind must lie between
// load.earliest_date and the load's clock plus load.max_future, the latter
// in the row's own zone. The clock is 2023-03-20 10:00Z: 17:00 WIB, 19:00 WIT,
// so the last accepted time is 2023-03-21 17:00 in Kab. Bekasi and 19:00 in
// Kota Jayapura (9171), and the last accepted date 2023-03-21 in both.
func TestDatesInRange(t *testing.T) {
	const (
		events     = "event_id,application_id,event_time,service,stage,office_code\n"
		complaints = "complaint_id,received_at,channel,office_code,first_response_at,resolved_at\n"
		deliveries = "delivery_id,office_code,requested_at,quantity_requested,received_at,quantity_received,source\n"
		counts     = "office_code,counted_at,quantity_on_hand\n"
		survey     = "response_id,office_code,submitted_at,u1,u2,u3,u4,u5,u6,u7,u8,u9\n"
	)
	late := `date_out_of_range: "%s" is after %s, the load's time plus 24h (load.max_future)`
	early := `date_out_of_range: "%s" is before 2000-01-01 (load.earliest_date)`
	for _, tc := range []struct {
		name    string
		content string
		want    []string // rejects without the file name; %s as in late and early
		loaded  int64
	}{
		{"events", events +
			"e1,a1,2100-01-01 08:00:00,ktp_el,recorded,DINAS\n" +
			"e2,a1,1900-01-01 08:00:00,ktp_el,recorded,DINAS\n" +
			"e3,a1,2023-03-21 16:59:00,ktp_el,recorded,DINAS\n" +
			"e4,a1,2023-03-21 17:01:00,ktp_el,recorded,DINAS\n" +
			"e5,a2,2023-03-21 18:30:00,ktp_el,recorded,9171-DINAS\n" +
			"e6,a2,2023-03-21 19:30:00,ktp_el,recorded,9171-DINAS\n" +
			"e7,a3,2023-03-20 09:00:00,ktp_el,recorded,KEC-01\n" +
			"e8,a3,1999-12-31 23:59:59,ktp_el,recorded,KEC-01\n" +
			"e9,a3,2000-01-01 00:00:00,ktp_el,recorded,KEC-01\n",
			[]string{
				`:2:event_time: ` + fmt.Sprintf(late, "2100-01-01 08:00:00", "2023-03-21 17:00"),
				`:3:event_time: ` + fmt.Sprintf(early, "1900-01-01 08:00:00"),
				`:5:event_time: ` + fmt.Sprintf(late, "2023-03-21 17:01:00", "2023-03-21 17:00"),
				`:7:event_time: ` + fmt.Sprintf(late, "2023-03-21 19:30:00", "2023-03-21 19:00"),
				`:9:event_time: ` + fmt.Sprintf(early, "1999-12-31 23:59:59"),
			}, 4},
		{"complaints, every time", complaints +
			"c1,2023-03-01 08:00:00,whatsapp,DINAS,2023-03-02 08:00:00,2100-03-02 08:00:00\n" +
			"c2,2023-03-01 08:00:00,whatsapp,DINAS,2023-03-22 08:00:00,\n" +
			"c3,2023-03-21 08:00:00,whatsapp,,,\n",
			[]string{
				`:2:resolved_at: ` + fmt.Sprintf(late, "2100-03-02 08:00:00", "2023-03-21 17:00"),
				`:3:first_response_at: ` + fmt.Sprintf(late, "2023-03-22 08:00:00", "2023-03-21 17:00"),
			}, 1},
		{"deliveries, both dates", deliveries +
			"d1,KEC-01,2023-03-21,100,,,kemendagri\n" +
			"d2,KEC-01,2023-03-22,100,,,kemendagri\n" +
			"d3,KEC-01,1999-12-31,100,2023-01-10,100,kemendagri\n" +
			"d4,KEC-01,2023-01-02,100,3023-01-10,100,kemendagri\n",
			[]string{
				`:3:requested_at: ` + fmt.Sprintf(late, "2023-03-22", "2023-03-21"),
				`:4:requested_at: ` + fmt.Sprintf(early, "1999-12-31"),
				`:5:received_at: ` + fmt.Sprintf(late, "3023-01-10", "2023-03-21"),
			}, 1},
		{"stock counts", counts + "DINAS,2023-03-20,10\nDINAS,2100-01-01,10\n",
			[]string{`:3:counted_at: ` + fmt.Sprintf(late, "2100-01-01", "2023-03-21")}, 1},
		{"survey", survey + "r1,DINAS,2023-03-20 08:00:00,4,4,4,4,4,4,4,4,4\nr2,DINAS,1970-01-01 00:00:00,4,4,4,4,4,4,4,4,4\n",
			[]string{`:3:submitted_at: ` + fmt.Sprintf(early, "1970-01-01 00:00:00")}, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx := context.Background()
			w, err := warehouse.Open(ctx, ":memory:", warehouse.Options{})
			if err != nil {
				t.Fatal(err)
			}
			defer w.Close()
			clock := func() time.Time { return time.Date(2023, 3, 20, 10, 0, 0, 0, time.UTC) }
			l, err := NewLoader(ctx, w.DB, config.Default(), testKey, nil, clock)
			if err != nil {
				t.Fatal(err)
			}
			defer l.Close()
			path := writeFile(t, t.TempDir(), "in.csv", tc.content)
			r := l.LoadFile(ctx, path, Options{MaxRejectRate: 1})
			if r.Err != nil {
				t.Fatal(r.Err)
			}
			var got []string
			for _, rj := range rejectStrings(r.Rejects) {
				got = append(got, strings.TrimPrefix(rj, path))
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("rejects (-want +got):\n%s", diff)
			}
			if r.Inserted != tc.loaded || r.Rejected != int64(len(tc.want)) {
				t.Errorf("inserted %d, rejected %d; want %d and %d", r.Inserted, r.Rejected, tc.loaded, len(tc.want))
			}
		})
	}
}

// TestDateSpanIsASetting: load.earliest_date and load.max_future move the span.
func TestDateSpanIsASetting(t *testing.T) {
	ctx := context.Background()
	w, err := warehouse.Open(ctx, ":memory:", warehouse.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	cfg := config.Default()
	cfg.Load.EarliestDate, cfg.Load.MaxFuture = "2023-01-01", 72*time.Hour
	clock := func() time.Time { return time.Date(2023, 3, 20, 10, 0, 0, 0, time.UTC) }
	l, err := NewLoader(ctx, w.DB, cfg, testKey, nil, clock)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	path := writeFile(t, t.TempDir(), "c.csv", "office_code,counted_at,quantity_on_hand\n"+
		"DINAS,2022-12-31,1\nDINAS,2023-01-01,1\nDINAS,2023-03-23,1\nDINAS,2023-03-24,1\n")
	r := l.LoadFile(ctx, path, Options{MaxRejectRate: 1})
	want := []string{
		path + `:2:counted_at: date_out_of_range: "2022-12-31" is before 2023-01-01 (load.earliest_date)`,
		path + `:5:counted_at: date_out_of_range: "2023-03-24" is after 2023-03-23, the load's time plus 72h (load.max_future)`,
	}
	if diff := cmp.Diff(want, rejectStrings(r.Rejects)); diff != "" || r.Inserted != 2 {
		t.Errorf("inserted %d (want 2); rejects (-want +got):\n%s", r.Inserted, diff)
	}
}
