package etl

import (
	"context"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/disdukcapil-bekasi/pantau/privacy"
)

// TestRedactionOnIngest: the text columns keep no NIK or phone number: ids
// become the key's pseudonyms (so a re-sent id written another way is the
// same id, and an id conflict is still found at its line), free text is
// masked, and a reject quotes its value masked.
func TestRedactionOnIngest(t *testing.T) {
	w, l := newTestLoader(t)
	dir := t.TempDir()
	ctx := context.Background()
	p := privacy.NewPseudonyms(testKey)
	const header = "complaint_id,received_at,channel,office_code,staff_ref,text\n"
	first := writeFile(t, dir, "first.csv", header+
		"0812-3456-7890,2023-01-02 08:00:00,whatsapp,KEC-01,nik3216015708900003x,NIK 3216 0157 0890 0003 telp 081234567890\n")
	if r := l.LoadFile(ctx, first, Options{}); r.Err != nil {
		t.Fatal(r.Err)
	}
	resend := writeFile(t, dir, "resend.csv", header+
		"c2,3216.0157.0890.0003,whatsapp,KEC-01,,x\n"+
		"+62 812 3456 7890,2023-01-02 08:00:00,whatsapp,DINAS,,pindah kantor\n")
	r := l.LoadFile(ctx, resend, Options{MaxRejectRate: 1})
	if r.Err != nil {
		t.Fatal(r.Err)
	}
	var got []string
	for _, rj := range r.Rejects {
		got = append(got, strings.TrimPrefix(rj.String(), resend)+" value="+rj.Value)
	}
	id := p.Replace("081234567890")
	want := []string{
		`:2:received_at: "[NIK disamarkan]" is not a valid date value=[NIK disamarkan]`,
		`:3:complaint_id: id_conflict: complaint_id "` + id + `" is stored for office KEC-01, received 2023-01-02; this row names office DINAS, received 2023-01-02 (load with --replace to overwrite it) value=` + id,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("rejects (-want +got):\n%s", diff)
	}
	var stored []string
	rows, err := w.DB.Query(`SELECT concat_ws(' | ', complaint_id, staff_ref, text) FROM complaints
		UNION ALL SELECT concat_ws(' | ', value, reason) FROM rejects`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			t.Fatal(err)
		}
		stored = append(stored, s)
	}
	wantStored := []string{
		id + " | nik" + p.Replace("3216015708900003") + "x | NIK [NIK disamarkan] telp [nomor disamarkan]",
		`[NIK disamarkan] | "[NIK disamarkan]" is not a valid date`,
		id + ` | id_conflict: complaint_id "` + id + `" is stored for office KEC-01, received 2023-01-02; this row names office DINAS, received 2023-01-02 (load with --replace to overwrite it)`,
	}
	if diff := cmp.Diff(wantStored, stored); diff != "" {
		t.Errorf("stored (-want +got):\n%s", diff)
	}
}
