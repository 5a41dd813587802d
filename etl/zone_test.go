package etl

import (
	"context"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/disdukcapil-bekasi/pantau/config"
	"github.com/disdukcapil-bekasi/pantau/warehouse"
)

// TestTimesTakeTheRegionsZone: a time with an offset or a zone word becomes
// the wall time of the row's region (regions.time_zone of its office, or of
// its region_code column), not of the configured default zone; a time
// without one is already local and stays. Kota Jayapura (9171) is WIT
// (UTC+9): 23:30 WIT on Sunday 8 January 2023 is 14:30Z and 21:30 WIB, and
// belongs to ISO week 2023-W01 there; read as WIB it would be 21:30, still
// W01, but 16:30Z read as WIB would fall on Monday in W02.
func TestTimesTakeTheRegionsZone(t *testing.T) {
	header := "event_id,application_id,event_time,service,stage,office_code,channel,region_code\n"
	cases := []struct {
		name   string
		source config.Source
		rows   string
		want   []string
	}{
		{"offsets become the office's region's wall time", config.Source{}, header +
			"J1,A1,2023-01-08T23:30:00+09:00,ktp_el,submitted,9171-KEC-01,counter,\n" +
			"J2,A1,2023-01-08T14:30:00Z,ktp_el,recorded,9171-DINAS,counter,\n" +
			"J3,A1,2023-01-08 23:30 WIT,ktp_el,print_ready,9171-dinas,counter,\n" +
			"J4,A1,2023-01-08T16:30:00+00:00,ktp_el,printed,9171-KEC-02,counter,\n" +
			"J5,A1,2023-01-08 23:30:00,ktp_el,issued,9171-KEC-02,counter,\n" +
			"B1,A2,2023-01-08T14:30:00Z,ktp_el,submitted,KEC-01,counter,\n" +
			"M1,A3,2023-01-08T14:30:00Z,ktp_el,submitted,7371-KEC-01,counter,\n",
			[]string{
				"B1 3216 2023-01-08 21:30:00 2023-W01",
				"J1 9171 2023-01-08 23:30:00 2023-W01",
				"J2 9171 2023-01-08 23:30:00 2023-W01",
				"J3 9171 2023-01-08 23:30:00 2023-W01",
				"J4 9171 2023-01-09 01:30:00 2023-W02",
				"J5 9171 2023-01-08 23:30:00 2023-W01",
				"M1 7371 2023-01-08 22:30:00 2023-W01", // Kota Makassar, WITA
			}},
		{"a region_code column names the region", config.Source{}, header +
			"R1,A1,2023-01-08T14:30:00Z,ktp_el,submitted,9171-KEC-01,counter,9171\n",
			[]string{"R1 9171 2023-01-08 23:30:00 2023-W01"}},
		{"a source's time_zone overrides", config.Source{TimeZone: "Asia/Jakarta"}, header +
			"S1,A1,2023-01-08T14:30:00Z,ktp_el,submitted,9171-KEC-01,counter,\n",
			[]string{"S1 9171 2023-01-08 21:30:00 2023-W01"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ctx := context.Background()
			w, err := warehouse.Open(ctx, ":memory:", warehouse.Options{})
			if err != nil {
				t.Fatal(err)
			}
			defer w.Close()
			cfg := config.Default()
			cfg.Sources = map[string]config.Source{"service_events": c.source}
			l, err := NewLoader(ctx, w.DB, cfg, testKey, nil, nil)
			if err != nil {
				t.Fatal(err)
			}
			defer l.Close()
			r := l.LoadFile(ctx, writeFile(t, t.TempDir(), "service_events.csv", c.rows), Options{})
			if r.Err != nil || len(r.Rejects) > 0 {
				t.Fatalf("%v %v", r.Err, rejectStrings(r.Rejects))
			}
			rows, err := w.DB.QueryContext(ctx, `SELECT event_id, region_code, strftime(event_time, '%Y-%m-%d %H:%M:%S'), strftime(event_time, '%G-W%V') FROM service_events ORDER BY 1`)
			if err != nil {
				t.Fatal(err)
			}
			defer rows.Close()
			var got []string
			for rows.Next() {
				var id, region, at, week string
				if err := rows.Scan(&id, &region, &at, &week); err != nil {
					t.Fatal(err)
				}
				got = append(got, strings.Join([]string{id, region, at, week}, " "))
			}
			if diff := cmp.Diff(c.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

// TestKecamatanNamesPreferTheDefaultRegion: Setu is a kecamatan of
// Kabupaten Bekasi and of Kota Tangerang Selatan; a file naming it means the
// default region's desk.
func TestKecamatanNamesPreferTheDefaultRegion(t *testing.T) {
	w, l := newTestLoader(t)
	ctx := context.Background()
	path := writeFile(t, t.TempDir(), "service_events.csv", "event_id,application_id,event_time,service,stage,office_code\n"+
		"E1,A1,2023-01-09 08:00:00,ktp_el,submitted,Setu\n"+
		"E2,A1,2023-01-09 09:00:00,ktp_el,recorded,Kec. Setu\n"+
		"E3,A2,2023-01-09 09:00:00,ktp_el,recorded,3674-KEC-01\n")
	if r := l.LoadFile(ctx, path, Options{}); r.Err != nil || r.Inserted != 3 {
		t.Fatalf("%+v", r)
	}
	var got string
	if err := w.DB.QueryRowContext(ctx, `SELECT string_agg(office_code || ' ' || region_code, ', ' ORDER BY event_id) FROM service_events`).Scan(&got); err != nil {
		t.Fatal(err)
	}
	if want := "KEC-18 3216, KEC-18 3216, 3674-KEC-01 3674"; got != want {
		t.Errorf("got %s, want %s", got, want)
	}
}
