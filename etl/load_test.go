package etl

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/disdukcapil-bekasi/pantau/config"
	"github.com/disdukcapil-bekasi/pantau/warehouse"
)

// testKey is the NIK hash key of the tests.
var testKey = []byte("0123456789abcdef0123456789abcdef")

func newTestLoader(t *testing.T) (*warehouse.Warehouse, *Loader) {
	t.Helper()
	ctx := context.Background()
	w, err := warehouse.Open(ctx, ":memory:", warehouse.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { w.Close() })
	l, err := NewLoader(ctx, w.DB, config.Default(), testKey, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	return w, l
}

func writeFile(t *testing.T, dir, name, content string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func rejectStrings(rs []Reject) []string {
	var out []string
	for _, r := range rs {
		out = append(out, r.String())
	}
	return out
}

func TestLoadCSVRejectsAndKeepsGoodRows(t *testing.T) {
	w, l := newTestLoader(t)
	dir := t.TempDir()
	path := writeFile(t, dir, "events.csv", strings.Join([]string{
		"event_id,application_id,event_time,service,stage,office_code,channel,nik",
		"e1,a1,2023-01-02 08:00:00,ktp_el,recorded,KEC-01,counter,3216010101900001",
		"e2,a1,31/02/2023,ktp_el,printed,DINAS,counter,3216010101900001",
		"e3,a2,07 Januari 2023,ktp_el,perekaman,Karangbahagia,loket,",
		"e4,a3,2023-01-02 09:00:00,ktp_el,recorded,KEC-99,counter,",
		"e5,a4,2023-01-02 10:00:00,ktp_el,recorded,DINAS,counter,321601010190001",
		"e6,,2023-01-02 10:00:00,ktp_el,recorded,DINAS,counter,",
		"e7,a5,2023-01-02 10:00:00,ktp_el,melayang,DINAS,counter,",
	}, "\n")+"\n")
	r := l.LoadFile(context.Background(), path, Options{MaxRejectRate: 1})
	if r.Err != nil {
		t.Fatal(r.Err)
	}
	want := []string{
		path + `:3:event_time: "31/02/2023" is not a valid date`,
		path + `:5:office_code: unknown office "KEC-99"`,
		path + `:6:nik: NIK must have 16 digits (it has 15)`,
		path + `:7:application_id: application_id is required`,
		path + `:8:stage: "melayang" is not a known stage (one of: submitted, recorded, print_ready, printed, issued, interim_issued, spoiled, rejected, cancelled, ikd_activated)`,
	}
	if diff := cmp.Diff(want, rejectStrings(r.Rejects)); diff != "" {
		t.Errorf("rejects (-want +got):\n%s", diff)
	}
	if r.Kind != ServiceEvents || r.Read != 7 || r.Inserted != 2 || r.Rejected != 5 {
		t.Errorf("result = %+v", r)
	}
	var office, stage string
	if err := w.DB.QueryRow(`SELECT office_code, stage FROM service_events WHERE event_id = 'e3'`).Scan(&office, &stage); err != nil {
		t.Fatal(err)
	}
	if office != "KEC-17" && !strings.HasPrefix(office, "KEC-") || stage != "recorded" {
		t.Errorf("e3 = %s %s", office, stage)
	}
	var nValue int
	w.DB.QueryRow(`SELECT count(*) FROM rejects WHERE value LIKE '%32160101019%'`).Scan(&nValue)
	if nValue != 0 {
		t.Error("a NIK reached the rejects table")
	}
}

// TestNIKIsKeyedHash checks the SQL HMAC against Go's crypto/hmac, for
// rows that repeat a NIK (the function reuses the last hash), change it,
// and give an invalid one in between.
func TestNIKIsKeyedHash(t *testing.T) {
	w, l := newTestLoader(t)
	niks := []string{"3216.0101 0190-0001", "3216010101900001", "3216010101900002", "32160101019", "3216010101900001"}
	var b strings.Builder
	b.WriteString("event_id,application_id,event_time,service,stage,office_code,nik\n")
	for i, nik := range niks {
		fmt.Fprintf(&b, "e%d,a1,2023-01-02 08:00:0%d,ktp_el,recorded,DINAS,%s\n", i, i, nik)
	}
	path := writeFile(t, t.TempDir(), "e.csv", b.String())
	if r := l.LoadFile(context.Background(), path, Options{MaxRejectRate: 1}); r.Err != nil {
		t.Fatal(r.Err)
	}
	rows, err := w.DB.Query(`SELECT nik_hash FROM service_events ORDER BY event_id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var got []string
	for rows.Next() {
		var h string
		if err := rows.Scan(&h); err != nil {
			t.Fatal(err)
		}
		got = append(got, h)
	}
	hash := func(digits string) string {
		mac := hmac.New(sha256.New, testKey)
		mac.Write([]byte(digits))
		// HMAC-SHA256 truncated to 128 bits (RFC 2104 §5).
		return hex.EncodeToString(mac.Sum(nil))[:32]
	}
	// The invalid NIK's row is rejected.
	want := []string{hash("3216010101900001"), hash("3216010101900001"), hash("3216010101900002"), hash("3216010101900001")}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("nik_hash (-want +got):\n%s", diff)
	}
}

// TestLinesAfterMultilineFieldsAndBrokenLines checks positions when quoted
// fields span lines and when the reader has to skip a malformed line, in a
// Windows-1252 file with ';' separators.
func TestLinesAfterMultilineFieldsAndBrokenLines(t *testing.T) {
	_, l := newTestLoader(t)
	content := "complaint_id;received_at;channel;text;status\r\n" +
		"c1;2023-01-02 08:00:00;instagram;\"blangko habis\r\nsudah 3 bulan\";open\r\n" +
		"c2;2023-01-02 08:00:00;lapor;caf\xe9 \x96 pungli;open\r\n" +
		"c3;2023-01-02 08:00:00;lapor;too;many;fields\r\n" +
		"c4;31/02/2023;lapor;x;open\r\n"
	path := writeFile(t, t.TempDir(), "c.csv", content)
	r := l.LoadFile(context.Background(), path, Options{MaxRejectRate: 1})
	if r.Err != nil {
		t.Fatal(r.Err)
	}
	want := []string{
		path + ":5: the line has more fields than the header's 5",
		path + `:6:received_at: "31/02/2023" is not a valid date`,
	}
	if diff := cmp.Diff(want, rejectStrings(r.Rejects)); diff != "" {
		t.Errorf("rejects (-want +got):\n%s", diff)
	}
}

// TestLateWindows1252 checks a file whose first megabyte is plain ASCII and
// whose Windows-1252 text comes later: the optimistic pass guesses UTF-8
// from the sample, and the careful pass must still read the text right.
func TestLateWindows1252(t *testing.T) {
	w, l := newTestLoader(t)
	var b strings.Builder
	b.WriteString("complaint_id,received_at,channel,text,status\n")
	for i := 0; b.Len() < 1<<20+1000; i++ {
		fmt.Fprintf(&b, "c%d,2023-01-02 08:00:00,lapor,antrean lama sekali,open\n", i)
	}
	b.WriteString("last,2023-01-02 08:00:00,lapor,caf\xe9 \x96 pungli,open\n")
	path := writeFile(t, t.TempDir(), "c.csv", b.String())
	r := l.LoadFile(context.Background(), path, Options{})
	if r.Err != nil || r.Rejected != 0 {
		t.Fatalf("%+v", r)
	}
	var text string
	if err := w.DB.QueryRow(`SELECT text FROM complaints WHERE complaint_id = 'last'`).Scan(&text); err != nil {
		t.Fatal(err)
	}
	if text != "café – pungli" {
		t.Errorf("text = %q", text)
	}
}

// TestConfiguredMapping loads a file written with the office's own column
// names, values and date layout, mapped in pantau.yaml's sources section.
func TestConfiguredMapping(t *testing.T) {
	ctx := context.Background()
	w, err := warehouse.Open(ctx, ":memory:", warehouse.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	cfg := config.Default()
	cfg.Sources = map[string]config.Source{"complaints": {
		Columns:    map[string]string{"Nomor Aduan": "complaint_id", "Masuk": "received_at", "Media": "channel", "Aduan": "text", "Keadaan": "status"},
		Values:     map[string]map[string]string{"status": {"Tuntas": "resolved", "Menunggu": "open"}, "channel": {"DM IG": "instagram"}},
		DateLayout: "02-01-2006 15.04",
	}}
	l, err := NewLoader(ctx, w.DB, cfg, testKey, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	path := writeFile(t, t.TempDir(), "aduan.csv", "Nomor Aduan,Masuk,Media,Aduan,Keadaan\n"+
		"A1,07-01-2023 08.15,DM IG,petugas kasar sekali,Tuntas\n"+
		"A2,07-01-2023 09.30,lapor,dimintai uang 50 ribu,Menunggu\n")
	r := l.LoadFile(ctx, path, Options{})
	if r.Err != nil || r.Inserted != 2 {
		t.Fatalf("%+v", r)
	}
	rows, err := w.DB.Query(`SELECT complaint_id, strftime(received_at, '%Y-%m-%d %H:%M'), channel, category, classified_by, status FROM complaints ORDER BY 1`)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for rows.Next() {
		var a, b, c, d, e, f string
		rows.Scan(&a, &b, &c, &d, &e, &f)
		got = append(got, strings.Join([]string{a, b, c, d, e, f}, " "))
	}
	want := []string{
		"A1 2023-01-07 08:15 instagram etiquette rules resolved",
		"A2 2023-01-07 09:30 lapor pungli rules open",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

// FuzzLoadCSV feeds arbitrary bytes to the CSV loader (dialect sniffing,
// encodings, DuckDB's reader, the checks): it must never panic, and every
// problem it reports must name the file and a line.
func FuzzLoadCSV(f *testing.F) {
	f.Add([]byte("event_id,application_id,event_time,service,stage,office_code\ne1,a1,2023-01-02 08:00:00,ktp_el,recorded,DINAS\n"))
	f.Add([]byte("complaint_id;received_at;channel;text\r\nc1;07/01/2023;ig;\"a\nb\"\r\nc2;31/02/2023;lapor;x;y\r\n"))
	f.Add([]byte("\xef\xbb\xbfdelivery_id,office_code,received_at,quantity_received,source\nd1,KEC-01,07 Januari 2023,\"1.200\",pusat\n"))
	f.Add([]byte("office_code\tcounted_at\tquantity_on_hand\nDINAS\t44933\t-3\n"))
	ctx := context.Background()
	w, err := warehouse.Open(ctx, ":memory:", warehouse.Options{})
	if err != nil {
		f.Fatal(err)
	}
	defer w.Close()
	l, err := NewLoader(ctx, w.DB, config.Default(), testKey, nil, nil)
	if err != nil {
		f.Fatal(err)
	}
	defer l.Close()
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, data []byte) {
		path := filepath.Join(dir, "in.csv")
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		r := l.LoadFile(ctx, path, Options{MaxRejectRate: 1})
		if r.Err != nil && !strings.HasPrefix(r.Err.Error(), path) && !strings.HasPrefix(r.Err.Error(), "load "+path) {
			t.Fatalf("error does not name the file: %v", r.Err)
		}
		for _, rj := range r.Rejects {
			if rj.Line < 1 || rj.Reason == "" {
				t.Fatalf("reject without a position or reason: %+v", rj)
			}
		}
	})
}

func TestNIKDigits(t *testing.T) {
	for s, want := range map[string]bool{"3216010101900001": true, "3216.0101 0190-0001": true, "321601010190001": false,
		"32160101019000011": false, "321601010190000a": false, "": false, "٣٢١٦٠١٠١٠١٩٠٠٠٠١": false} {
		if _, got := nikDigits(s); got != want {
			t.Errorf("nikDigits(%q) = %v", s, got)
		}
	}
}

// TestLoadRunTimes: load_runs holds when a load began and ended by the
// loader's clock, so the quality report can show how long it took. The
// test clock advances one second at every reading.
func TestLoadRunTimes(t *testing.T) {
	ctx := context.Background()
	w, err := warehouse.Open(ctx, ":memory:", warehouse.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { w.Close() })
	tick := time.Date(2023, 3, 20, 1, 0, 0, 0, time.UTC)
	clock := func() time.Time { tick = tick.Add(time.Second); return tick }
	l, err := NewLoader(ctx, w.DB, config.Default(), testKey, nil, clock)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	path := writeFile(t, t.TempDir(), "events.csv", "event_id,application_id,event_time,service,stage,office_code\n"+
		"e1,a1,2023-03-13 09:00,ktp_el,recorded,KEC-01\n")
	if r := l.LoadFile(ctx, path, Options{}); r.Err != nil {
		t.Fatal(r.Err)
	}
	var started, finished time.Time
	if err := w.DB.QueryRowContext(ctx, `SELECT started_at, finished_at FROM load_runs`).Scan(&started, &finished); err != nil {
		t.Fatal(err)
	}
	if !started.Equal(time.Date(2023, 3, 20, 1, 0, 1, 0, time.UTC)) || !finished.After(started) {
		t.Errorf("load run from %v to %v, want from the first clock reading to a later one", started, finished)
	}
}

// TestPaddedCellsLoadTrimmed loads the same events with and without spaces
// around every cell, in the last row only (so the optimistic pass, which
// leaves enum, office, time and NIK cells untrimmed, meets them after good
// rows), in every row, and around the text cells only (which the optimistic
// pass loads, trimming them): the stored rows must be the same.
func TestPaddedCellsLoadTrimmed(t *testing.T) {
	header := "event_id,application_id,event_time,service,request_type,stage,office_code,channel,staff_id,nik"
	rows := []string{
		"e1,a1,2023-01-02 08:00:00,ktp_el,baru,recorded,KEC-01,counter,S1,3216010101900001",
		"e2,a1,2023-01-09 08:00:00,ktp_el,,printed,DINAS,,S2,3216010101900001",
		"e3,a2,07 Januari 2023,KTP-el,baru,Siap Cetak,Karangbahagia,loket,,3216 0101 0190 0002",
	}
	// pad pads the cells of row at columns (all when none given).
	pad := func(row string, columns ...int) string {
		cells := strings.Split(row, ",")
		for i, c := range cells {
			if len(columns) == 0 || slices.Contains(columns, i) {
				cells[i] = "  " + c + " "
			}
		}
		return strings.Join(cells, ",")
	}
	stored := func(lines []string) [][]any {
		t.Helper()
		w, l := newTestLoader(t)
		path := writeFile(t, t.TempDir(), "events.csv", header+"\n"+strings.Join(lines, "\n")+"\n")
		if r := l.LoadFile(context.Background(), path, Options{}); r.Err != nil || r.Inserted != int64(len(rows)) {
			t.Fatalf("inserted %d of %d: %v %v", r.Inserted, len(rows), r.Err, rejectStrings(r.Rejects))
		}
		got, err := w.DB.Query(`SELECT * EXCLUDE (load_id) FROM service_events ORDER BY event_id`)
		if err != nil {
			t.Fatal(err)
		}
		defer got.Close()
		var out [][]any
		for got.Next() {
			vals := make([]any, 12)
			ptrs := make([]any, len(vals))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := got.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			out = append(out, vals)
		}
		return out
	}
	want := stored(rows)
	lastPadded := append(append([]string(nil), rows[:2]...), pad(rows[2]))
	allPadded := []string{pad(rows[0]), pad(rows[1]), pad(rows[2])}
	// Text cells only: the optimistic pass loads the file; it must trim them.
	textPadded := []string{pad(rows[0], 0, 1, 8), pad(rows[1], 0, 1, 8), pad(rows[2], 0, 1, 8)}
	for name, lines := range map[string][]string{"last row padded": lastPadded, "every row padded": allPadded, "text cells padded": textPadded} {
		if diff := cmp.Diff(want, stored(lines)); diff != "" {
			t.Errorf("%s: stored rows differ from the unpadded file's (-want +got):\n%s", name, diff)
		}
	}
}

// TestCancelledBeginLeavesNoTransaction: a BEGIN cancelled while it runs
// may fail and yet have begun the transaction; the loader's begin then
// rolls it back, so that the next BEGIN (a failed load's record) starts.
// The cancels land at 0–49 µs, while BEGIN runs.
func TestCancelledBeginLeavesNoTransaction(t *testing.T) {
	_, l := newTestLoader(t)
	ctx := context.Background()
	cancelled := 0
	for i := range 3000 {
		c, cancel := context.WithCancel(ctx)
		time.AfterFunc(time.Duration(i%50)*time.Microsecond, cancel)
		err := l.begin(c)
		cancel()
		if err != nil {
			cancelled++
		}
		if err == nil {
			if _, err := l.exec(ctx, "ROLLBACK"); err != nil {
				t.Fatal(err)
			}
			continue
		}
		if err := l.begin(ctx); err != nil {
			t.Fatalf("a BEGIN after a cancelled one (%d cancelled so far): %v", cancelled, err)
		}
		if _, err := l.exec(ctx, "ROLLBACK"); err != nil {
			t.Fatal(err)
		}
	}
	if cancelled == 0 {
		t.Skip("no BEGIN was cancelled while it ran on this machine")
	}
	t.Logf("%d of 3000 BEGINs cancelled", cancelled)
}
