package etl

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestIDConflicts loads a first file, then re-sends ids: a correction
// updates the stored row, a row naming another application, office or a
// date more than 31 days away is rejected as id_conflict (and the stored
// row kept), unless Replace.
func TestIDConflicts(t *testing.T) {
	const deliveries = "delivery_id,office_code,requested_at,quantity_requested,received_at,quantity_received,source\n"
	const complaints = "complaint_id,received_at,channel,office_code,text\n"
	for _, tc := range []struct {
		name          string
		first, resend string
		replace       bool
		want          []string // rejects of the re-send, without the file name
		conflicted    int64
		check         string // SQL that must return true after the re-send
	}{
		{name: "event of another application",
			first:      "event_id,application_id,event_time,service,stage,office_code\ne1,a1,2023-01-02 08:00:00,ktp_el,recorded,DINAS\ne2,a1,2023-01-02 09:00:00,ktp_el,print_ready,DINAS\n",
			resend:     "event_id,application_id,event_time,service,stage,office_code\ne1,a1,2023-01-02 08:00:00,ktp_el,recorded,KEC-01\ne2,a9,2023-01-03 09:00:00,ktp_el,recorded,DINAS\n",
			want:       []string{`:3:event_id: id_conflict: event_id "e2" is stored for application "a1"; this row names application "a9" (load with --replace to overwrite it)`},
			conflicted: 1,
			check:      `SELECT bool_and(application_id = 'a1') AND max(office_code) FILTER (event_id = 'e1') = 'KEC-01' FROM service_events`},
		{name: "event of another application, replaced",
			first:      "event_id,application_id,event_time,service,stage,office_code\ne2,a1,2023-01-02 09:00:00,ktp_el,print_ready,DINAS\n",
			resend:     "event_id,application_id,event_time,service,stage,office_code\ne2,a9,2023-01-03 09:00:00,ktp_el,recorded,DINAS\n",
			replace:    true,
			conflicted: 1,
			check:      `SELECT application_id = 'a9' FROM service_events`},
		{name: "delivery at another office",
			first:      deliveries + "d1,DINAS,2023-01-02,100,,,kemendagri\n",
			resend:     deliveries + "d1,KEC-01,2023-01-02,100,,,kemendagri\n",
			want:       []string{`:2:delivery_id: id_conflict: delivery_id "d1" is stored for office DINAS, requested 2023-01-02, received -; this row names office KEC-01, requested 2023-01-02, received - (load with --replace to overwrite it)`},
			conflicted: 1,
			check:      `SELECT office_code = 'DINAS' FROM blanko_deliveries`},
		{name: "delivery on order, then received two months later",
			first:  deliveries + "d1,DINAS,2023-01-02,100,,,kemendagri\n",
			resend: deliveries + "d1,DINAS,2023-01-02,100,2023-03-06,90,kemendagri\n",
			check:  `SELECT quantity_received = 90 FROM blanko_deliveries`},
		{name: "delivery received 40 days from the stored date",
			first:      deliveries + "d1,DINAS,2023-01-02,100,2023-01-20,100,kemendagri\n",
			resend:     deliveries + "d1,DINAS,2023-01-02,100,2023-03-01,100,kemendagri\n",
			want:       []string{`:2:delivery_id: id_conflict: delivery_id "d1" is stored for office DINAS, requested 2023-01-02, received 2023-01-20; this row names office DINAS, requested 2023-01-02, received 2023-03-01 (load with --replace to overwrite it)`},
			conflicted: 1,
			check:      `SELECT received_at = DATE '2023-01-20' FROM blanko_deliveries`},
		{name: "complaint given an office and corrected by a day",
			first:  complaints + "c1,2023-01-02 08:00:00,whatsapp,,blangko habis\n",
			resend: complaints + "c1,2023-01-03 08:00:00,whatsapp,DINAS,blangko habis\n",
			check:  `SELECT office_code = 'DINAS' FROM complaints`},
		{name: "complaint of another office",
			first:      complaints + "c1,2023-01-02 08:00:00,whatsapp,KEC-01,blangko habis\n",
			resend:     complaints + "c1,2023-01-02 08:00:00,whatsapp,DINAS,blangko habis\n",
			want:       []string{`:2:complaint_id: id_conflict: complaint_id "c1" is stored for office KEC-01, received 2023-01-02; this row names office DINAS, received 2023-01-02 (load with --replace to overwrite it)`},
			conflicted: 1,
			check:      `SELECT office_code = 'KEC-01' FROM complaints`},
		{name: "complaint of another year",
			first:      complaints + "c1,2023-01-02 08:00:00,whatsapp,,blangko habis\n",
			resend:     complaints + "c1,2024-01-02 08:00:00,whatsapp,,antre lama\n",
			want:       []string{`:2:complaint_id: id_conflict: complaint_id "c1" is stored for office -, received 2023-01-02; this row names office -, received 2024-01-02 (load with --replace to overwrite it)`},
			conflicted: 1,
			check:      `SELECT received_at = TIMESTAMP '2023-01-02 08:00:00' FROM complaints`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w, l := newTestLoader(t)
			dir := t.TempDir()
			ctx := context.Background()
			if r := l.LoadFile(ctx, writeFile(t, dir, "first.csv", tc.first), Options{}); r.Err != nil {
				t.Fatal(r.Err)
			}
			path := writeFile(t, dir, "resend.csv", tc.resend)
			r := l.LoadFile(ctx, path, Options{MaxRejectRate: 1, Replace: tc.replace})
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
			if r.Conflicted != tc.conflicted {
				t.Errorf("conflicted = %d, want %d", r.Conflicted, tc.conflicted)
			}
			var stored int64
			if err := w.DB.QueryRow(`SELECT rows_conflicted FROM load_runs WHERE load_id = ?`, r.LoadID).Scan(&stored); err != nil || stored != tc.conflicted {
				t.Errorf("load_runs.rows_conflicted = %d (%v), want %d", stored, err, tc.conflicted)
			}
			var ok bool
			if err := w.DB.QueryRow(tc.check).Scan(&ok); err != nil || !ok {
				t.Errorf("%s: %v %v", tc.check, ok, err)
			}
		})
	}
}

// TestIDConflictsCountAsRejects: a conflict is a reject for --strict.
func TestIDConflictsCountAsRejects(t *testing.T) {
	w, l := newTestLoader(t)
	dir := t.TempDir()
	ctx := context.Background()
	header := "event_id,application_id,event_time,service,stage,office_code\n"
	if r := l.LoadFile(ctx, writeFile(t, dir, "a.csv", header+"e1,a1,2023-01-02 08:00:00,ktp_el,recorded,DINAS\n"), Options{}); r.Err != nil {
		t.Fatal(r.Err)
	}
	r := l.LoadFile(ctx, writeFile(t, dir, "b.csv", header+"e1,a2,2023-01-02 08:00:00,ktp_el,recorded,DINAS\ne3,a3,2023-01-02 08:00:00,ktp_el,recorded,DINAS\n"),
		Options{Strict: true, MaxRejectRate: 1})
	var limit *RejectLimitError
	if !errors.As(r.Err, &limit) || !errors.Is(r.Err, ErrTooManyRejects) || !limit.Strict || limit.First.Column != "event_id" {
		t.Fatalf("err = %v, want a strict RejectLimitError on the conflict", r.Err)
	}
	var n int
	if err := w.DB.QueryRow(`SELECT count(*) FROM service_events`).Scan(&n); err != nil || n != 1 {
		t.Errorf("%d events after a failed file (%v), want 1", n, err)
	}
	rejects, err := RejectsOf(ctx, w.DB, r.LoadID)
	if err != nil || len(rejects) != 1 || !strings.Contains(rejects[0].Reason, "id_conflict") {
		t.Errorf("RejectsOf = %v, %v; want the conflict", rejects, err)
	}
}

// TestIDConflictsInOneFile: two rows of one file with one id that name
// different rows are id_conflict rejects, every row of the id (the file
// contradicts itself; none is kept), and a stored row of the id stays. Two
// identical rows, or a row and its correction, stay one row: the last.
// With Replace the last row of the id wins.
func TestIDConflictsInOneFile(t *testing.T) {
	const events = "event_id,application_id,event_time,service,stage,office_code\n"
	const complaints = "complaint_id,received_at,channel,office_code,text\n"
	const deliveries = "delivery_id,office_code,requested_at,quantity_requested,received_at,quantity_received,source\n"
	eventsTwice := events + "e1,a1,2023-01-02 08:00:00,ktp_el,recorded,DINAS\n" +
		"e2,a2,2023-01-02 08:00:00,ktp_el,recorded,DINAS\n" +
		"e1,a9,2023-01-03 08:00:00,ktp_el,recorded,DINAS\n"
	for _, tc := range []struct {
		name     string
		first    string // loaded before, when set
		file     string
		replace  bool
		want     []string // rejects, without the file name
		inserted int64
		updated  int64
		check    string // SQL that must return true after the load
	}{
		{name: "an event id naming two applications",
			file: eventsTwice,
			want: []string{
				`:2:event_id: id_conflict: event_id "e1" names application "a1" and application "a9" in this file (load with --replace to keep its last row)`,
				`:4:event_id: id_conflict: event_id "e1" names application "a1" and application "a9" in this file (load with --replace to keep its last row)`,
			},
			inserted: 1,
			check:    `SELECT count(*) = 1 AND bool_and(event_id = 'e2') FROM service_events`},
		{name: "the same, replaced: the last row wins",
			file: eventsTwice, replace: true, inserted: 2, updated: 1,
			check: `SELECT application_id = 'a9' FROM service_events WHERE event_id = 'e1'`},
		{name: "the same over a stored row: the stored row stays",
			first: events + "e1,a1,2023-01-01 08:00:00,ktp_el,submitted,DINAS\n",
			file:  eventsTwice,
			want: []string{
				`:2:event_id: id_conflict: event_id "e1" names application "a1" and application "a9" in this file (load with --replace to keep its last row)`,
				`:4:event_id: id_conflict: event_id "e1" names application "a1" and application "a9" in this file (load with --replace to keep its last row)`,
			},
			inserted: 1,
			check:    `SELECT stage = 'submitted' FROM service_events WHERE event_id = 'e1'`},
		{name: "an identical row sent twice",
			file:     events + "e1,a1,2023-01-02 08:00:00,ktp_el,recorded,DINAS\ne1,a1,2023-01-02 08:00:00,ktp_el,recorded,DINAS\n",
			inserted: 1, updated: 1,
			check: `SELECT count(*) = 1 FROM service_events`},
		{name: "a row and its correction",
			file:     events + "e1,a1,2023-01-02 08:00:00,ktp_el,recorded,DINAS\ne1,a1,2023-01-02 08:00:00,ktp_el,printed,KEC-01\n",
			inserted: 1, updated: 1,
			check: `SELECT stage = 'printed' AND office_code = 'KEC-01' FROM service_events`},
		{name: "a complaint at two offices",
			file: complaints + "c1,2023-01-02 08:00:00,whatsapp,KEC-01,antre\nc1,2023-01-02 08:00:00,whatsapp,DINAS,antre\n",
			want: []string{
				`:2:complaint_id: id_conflict: complaint_id "c1" names office DINAS, received 2023-01-02 and office KEC-01, received 2023-01-02 in this file (load with --replace to keep its last row)`,
				`:3:complaint_id: id_conflict: complaint_id "c1" names office DINAS, received 2023-01-02 and office KEC-01, received 2023-01-02 in this file (load with --replace to keep its last row)`,
			},
			check: `SELECT count(*) = 0 FROM complaints`},
		{name: "a complaint given an office, a day later",
			file:     complaints + "c1,2023-01-02 08:00:00,whatsapp,,antre\nc1,2023-01-03 08:00:00,whatsapp,DINAS,antre\n",
			inserted: 1, updated: 1,
			check: `SELECT office_code = 'DINAS' FROM complaints`},
		{name: "a complaint 40 days apart",
			file: complaints + "c1,2023-01-02 08:00:00,whatsapp,,antre\nc2,2023-01-02 08:00:00,lapor,,x\nc1,2023-02-11 08:00:00,whatsapp,,antre\n",
			want: []string{
				`:2:complaint_id: id_conflict: complaint_id "c1" names office -, received 2023-01-02 and office -, received 2023-02-11 in this file (load with --replace to keep its last row)`,
				`:4:complaint_id: id_conflict: complaint_id "c1" names office -, received 2023-01-02 and office -, received 2023-02-11 in this file (load with --replace to keep its last row)`,
			},
			inserted: 1,
			check:    `SELECT count(*) = 1 FROM complaints`},
		{name: "a delivery to two offices",
			file: deliveries + "d1,DINAS,2023-01-02,100,,,kemendagri\nd1,KEC-01,2023-01-02,100,,,kemendagri\n",
			want: []string{
				`:2:delivery_id: id_conflict: delivery_id "d1" names office DINAS, requested 2023-01-02, received - and office KEC-01, requested 2023-01-02, received - in this file (load with --replace to keep its last row)`,
				`:3:delivery_id: id_conflict: delivery_id "d1" names office DINAS, requested 2023-01-02, received - and office KEC-01, requested 2023-01-02, received - in this file (load with --replace to keep its last row)`,
			},
			check: `SELECT count(*) = 0 FROM blanko_deliveries`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w, l := newTestLoader(t)
			dir := t.TempDir()
			ctx := context.Background()
			if tc.first != "" {
				if r := l.LoadFile(ctx, writeFile(t, dir, "first.csv", tc.first), Options{}); r.Err != nil {
					t.Fatal(r.Err)
				}
			}
			path := writeFile(t, dir, "file.csv", tc.file)
			r := l.LoadFile(ctx, path, Options{MaxRejectRate: 1, Replace: tc.replace})
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
			if r.Inserted != tc.inserted || r.Updated != tc.updated || r.Rejected != int64(len(tc.want)) {
				t.Errorf("inserted %d, updated %d, rejected %d; want %d, %d, %d", r.Inserted, r.Updated, r.Rejected, tc.inserted, tc.updated, len(tc.want))
			}
			var rejected int64
			if err := w.DB.QueryRow(`SELECT rows_rejected FROM load_runs WHERE load_id = ?`, r.LoadID).Scan(&rejected); err != nil || rejected != int64(len(tc.want)) {
				t.Errorf("load_runs.rows_rejected = %d (%v), want %d", rejected, err, len(tc.want))
			}
			var ok bool
			if err := w.DB.QueryRow(tc.check).Scan(&ok); err != nil || !ok {
				t.Errorf("%s: %v %v", tc.check, ok, err)
			}
		})
	}
}

// TestLargeFileResends: a file over the small-file size asks whether any
// other load is stored before it joins its keys with them. A first load
// stores everything; a second that re-sends some ids replaces their rows
// (updated), keeps the rows it does not name, and rejects an id that
// names another application.
func TestLargeFileResends(t *testing.T) {
	w, l := newTestLoader(t)
	ctx := context.Background()
	dir := t.TempDir()
	large := func(name string, from, to int, stage string, extra string) string {
		var b strings.Builder
		b.WriteString("event_id,application_id,event_time,service,stage,office_code\n")
		for i := from; i < to; i++ {
			fmt.Fprintf(&b, "e%06d,a%06d,2023-01-02 08:00:00,ktp_el,%s,DINAS\n", i, i, stage)
		}
		b.WriteString(extra)
		if b.Len() <= smallFileSize {
			t.Fatalf("%s is %d bytes, not over the small-file size", name, b.Len())
		}
		return writeFile(t, dir, name, b.String())
	}
	const n = 20000
	r := l.LoadFile(ctx, large("first.csv", 0, n, "recorded", ""), Options{})
	if r.Err != nil || r.Inserted != n || r.Updated != 0 {
		t.Fatalf("first load: %+v", r)
	}
	// The second re-sends the last 100 ids printed, 19,900 new ones, and
	// e000000 under another application.
	r = l.LoadFile(ctx, large("second.csv", n-100, 2*n, "printed", "e000000,a999999,2023-01-02 08:00:00,ktp_el,printed,DINAS\n"),
		Options{MaxRejectRate: 1})
	if r.Err != nil || r.Inserted != n || r.Updated != 100 || r.Rejected != 1 {
		t.Fatalf("second load: inserted %d, updated %d, rejected %d (%v); want %d, 100, 1", r.Inserted, r.Updated, r.Rejected, r.Err, n)
	}
	var rows, printed int
	var first string
	if err := w.DB.QueryRow(`SELECT count(*), count(*) FILTER (WHERE stage = 'printed'),
		any_value(application_id) FILTER (WHERE event_id = 'e000000') FROM service_events`).Scan(&rows, &printed, &first); err != nil {
		t.Fatal(err)
	}
	if rows != 2*n || printed != n+100 || first != "a000000" {
		t.Errorf("%d rows, %d printed, e000000 of %s; want %d, %d, a000000", rows, printed, first, 2*n, n+100)
	}
}
