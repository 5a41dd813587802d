package etl

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/disdukcapil-bekasi/pantau/config"
	"github.com/disdukcapil-bekasi/pantau/internal/readsql"
	"github.com/disdukcapil-bekasi/pantau/privacy"
	"github.com/disdukcapil-bekasi/pantau/warehouse"
)

// TestManySmallFiles loads more small files than indexAfter with one
// loader, each office named in several ways, so that the files before and
// after the office lookup's index, and the reused statements around it
// (prepared, made afresh after a new stage table and after a file loaded
// otherwise), store the same offices and rows as the first file did.
func TestManySmallFiles(t *testing.T) {
	w, l := newTestLoader(t)
	ctx := context.Background()
	dir := t.TempDir()
	spellings := []string{"KEC-06", "Tambun Selatan", "kec. tambun selatan", "KECAMATAN TAMBUN SELATAN", "32.16.06", "DINAS"}
	day := time.Date(2023, 1, 2, 0, 0, 0, 0, time.UTC)
	n := indexAfter + 2*len(spellings)
	for i := range n {
		name, content := fmt.Sprintf("s%03d.csv", i), fmt.Sprintf("office_code,counted_at,quantity_on_hand\n%s,%s,%d\n",
			spellings[i%len(spellings)], day.AddDate(0, 0, i).Format(time.DateOnly), i)
		if i == n/2 {
			// a file of another width between: its stage table is new
			content = fmt.Sprintf("office_code,counted_at,quantity_on_hand,region_code\n%s,%s,%d,3216\n",
				spellings[i%len(spellings)], day.AddDate(0, 0, i).Format(time.DateOnly), i)
		}
		if r := l.LoadFile(ctx, writeFile(t, dir, name, content), Options{}); r.Err != nil || r.Inserted != 1 {
			t.Fatalf("%s: %+v", name, r)
		}
	}
	if l.reuse.files <= indexAfter {
		t.Errorf("the office lookup was not indexed after %d small files", l.reuse.files)
	}
	rows, err := w.DB.Query(`SELECT office_code, count(*), sum(quantity_on_hand) FROM blanko_stock_counts GROUP BY ALL ORDER BY 1`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var got []string
	for rows.Next() {
		var office string
		var count, sum int64
		if err := rows.Scan(&office, &count, &sum); err != nil {
			t.Fatal(err)
		}
		got = append(got, fmt.Sprintf("%s %d %d", office, count, sum))
	}
	// Five spellings name KEC-06; the sums are those of 0..n-1 by i mod 6.
	var kec, dinas int64
	var kecN, dinasN int
	for i := range n {
		if i%len(spellings) == len(spellings)-1 {
			dinas, dinasN = dinas+int64(i), dinasN+1
		} else {
			kec, kecN = kec+int64(i), kecN+1
		}
	}
	want := []string{fmt.Sprintf("DINAS %d %d", dinasN, dinas), fmt.Sprintf("KEC-06 %d %d", kecN, kec)}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("stored stock counts (-want +got):\n%s", diff)
	}
}

// TestSmallFilesOnOneThread checks that DuckDB runs on one thread while a
// small file loads, and that Load and Close give its threads back: the
// setting is the database's, and the KPI refresh after a load needs them.
func TestSmallFilesOnOneThread(t *testing.T) {
	ctx := context.Background()
	w, err := warehouse.Open(ctx, ":memory:", warehouse.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	if _, err := w.DB.Exec(`SET threads = 3`); err != nil {
		t.Fatal(err)
	}
	threads := func() (n int64) {
		t.Helper()
		if err := w.DB.QueryRow(`SELECT current_setting('threads')`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	l, err := NewLoader(ctx, w.DB, config.Default(), testKey, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	file := func(i int) string {
		return writeFile(t, dir, fmt.Sprintf("s%d.csv", i), fmt.Sprintf("office_code,counted_at,quantity_on_hand\nKEC-06,2023-01-0%d,%d\n", i, i))
	}
	if r := l.LoadFile(ctx, file(1), Options{}); r.Err != nil {
		t.Fatal(r.Err)
	}
	if n := threads(); n != 1 {
		t.Errorf("threads while small files load: %d, want 1", n)
	}
	if _, err := l.Load(ctx, []string{file(2)}, Options{}); err != nil {
		t.Fatal(err)
	}
	if n := threads(); n != 3 {
		t.Errorf("threads after Load: %d, want 3", n)
	}
	if r := l.LoadFile(ctx, file(3), Options{}); r.Err != nil {
		t.Fatal(r.Err)
	}
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	if n := threads(); n != 3 {
		t.Errorf("threads after Close: %d, want 3", n)
	}
}

// TestSmallFilesRedactedWithoutTheGuard loads small files through the
// reused statements, with and without a personal number outside the NIK
// column: a file without one is stored by a statement without the
// redaction's SQL (planOptions.clean), and one with one must still be
// redacted, whichever statement ran before it.
func TestSmallFilesRedactedWithoutTheGuard(t *testing.T) {
	w, l := newTestLoader(t)
	ctx := context.Background()
	dir := t.TempDir()
	const header = "event_id,application_id,event_time,service,stage,office_code,channel,staff_id,nik\n"
	files := []struct{ staff, complaint string }{
		{"P-0017", "antrean lama"},
		{"0812-3456-7890", "hubungi saya 0812 3456 7891"},
		{"P-0018", "NIK saya 3216015708900003 kartu belum jadi"},
		{"P-0019", "antrean lama sekali"},
	}
	for i, f := range files {
		ev := fmt.Sprintf(header+"e%d,a%d,2023-01-0%d 08:00:00,ktp_el,recorded,KEC-06,counter,%s,32160101019%05d\n", i, i, i+2, f.staff, i)
		if r := l.LoadFile(ctx, writeFile(t, dir, fmt.Sprintf("e%d.csv", i), ev), Options{}); r.Err != nil || r.Inserted != 1 {
			t.Fatalf("events %d: %+v", i, r)
		}
		c := fmt.Sprintf("complaint_id,received_at,channel,office_code,text\nc%d,2023-01-0%d 09:00:00,whatsapp,DINAS,%s\n", i, i+2, f.complaint)
		if r := l.LoadFile(ctx, writeFile(t, dir, fmt.Sprintf("c%d.csv", i), c), Options{}); r.Err != nil || r.Inserted != 1 {
			t.Fatalf("complaints %d: %+v", i, r)
		}
	}
	got, err := readsql.List(ctx, w.DB, "staff ids and texts", `SELECT staff_id FROM (SELECT staff_id, 1 AS t, event_id AS k FROM service_events
		UNION ALL SELECT text, 2, complaint_id FROM complaints) ORDER BY t, k`, readsql.ScanString)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"P-0017", privacy.NewPseudonyms(testKey).Replace("0812-3456-7890"), "P-0018", "P-0019",
		"antrean lama", "hubungi saya " + privacy.PhoneMask, "NIK saya " + privacy.NIKMask + " kartu belum jadi", "antrean lama sekali"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("stored texts (-want +got):\n%s", diff)
	}
}
