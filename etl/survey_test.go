package etl

import (
	"context"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/disdukcapil-bekasi/pantau/privacy"
)

// TestLoadSurveyResponses loads the survey as offices send it: the form
// tool's ';'-separated export with U1..U9 or element-name headers and scores
// as text, and the canonical NDJSON. Only the bad rows are rejected, each
// with its position; a blank element is kept as NULL.
func TestLoadSurveyResponses(t *testing.T) {
	tests := []struct {
		name    string
		file    string
		content string
		want    []string // rejects; {file} stands for the path
		rows    int64
	}{
		{
			name: "form export with U1..U9 headers",
			file: "ikm.csv",
			content: "No Responden;Unit Layanan;Tanggal Survei;Jenis Kelamin;Usia;Pendidikan;Pekerjaan;U1;U2;U3;U4;U5;U6;U7;U8;U9;Saran\r\n" +
				"R1;KEC-01;07 Januari 2023;Laki-laki;25-34;SMA;Wiraswasta;\"4\";\"3\";\"2\";\"4\";\"3\";\"4\";\"4\";;\"3\";Petugas ramah, hubungi 0812-3456-7890\r\n" +
				"R2;Karangbahagia;2023-01-07 09:00:00;P;35-44;S1;PNS;4;4;4;4;4;4;4;4;4;\r\n" +
				"R3;KEC-01;2023-01-07 10:00:00;L;;;;5;3;3;3;3;3;3;3;3;\r\n" +
				"R4;KEC-99;2023-01-07 10:00:00;L;;;;3;3;3;3;3;3;3;3;3;\r\n" +
				"R5;DINAS;2023-01-07 11:00:00;L;;;;3;3;x;3;3;3;3;3;0;\r\n" +
				"R6;DINAS;2023-01-07 11:30:00;l;;;;3,0;3;3;3;3;3;3;3;3;blangko habis terus\r\n",
			want: []string{
				`{file}:4:u1: "5" is not a score from 1 to 4`,
				`{file}:5:office_code: unknown office "KEC-99"`,
				`{file}:6:u3: "x" is not a score from 1 to 4`,
				`{file}:6:u9: "0" is not a score from 1 to 4`,
			},
			rows: 3,
		},
		{
			name: "element names as headers",
			file: "skm.csv",
			content: "response_id;office_code;submitted_at;Persyaratan;Sistem, Mekanisme, dan Prosedur;Waktu Penyelesaian;Biaya/Tarif;Produk;Kompetensi Pelaksana;Perilaku Pelaksana;Penanganan Pengaduan;Sarana dan Prasarana;Saran\n" +
				"S1;KEC-02;2023-02-01 08:00:00;4;4;3;4;3;4;2;3;4;\n" +
				"S2;KEC-02;2023-02-01 08:10:00;4;4;3;4;3;4;-1;3;4;\n",
			want: []string{`{file}:3:u7: "-1" is not a score from 1 to 4`},
			rows: 1,
		},
		{
			name: "ndjson",
			file: "survey.ndjson",
			content: `{"response_id":"N1","office_code":"DINAS","submitted_at":"2023-03-01T08:00:00+07:00","u1":4,"u2":3,"u3":null,"u4":4,"u5":4,"u6":4,"u7":4,"u8":4,"u9":4}` + "\n" +
				`{"response_id":"N2","office_code":"DINAS","submitted_at":"2023-03-01T08:00:00+07:00","u1":4.5,"u2":3,"u3":3,"u4":4,"u5":4,"u6":4,"u7":4,"u8":4,"u9":4}` + "\n",
			want: []string{`{file}:2:u1: "4.5" is not a score from 1 to 4`},
			rows: 1,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w, l := newTestLoader(t)
			path := writeFile(t, t.TempDir(), tt.file, tt.content)
			r := l.LoadFile(context.Background(), path, Options{MaxRejectRate: 1})
			if r.Err != nil {
				t.Fatal(r.Err)
			}
			if r.Kind != SurveyResponses {
				t.Errorf("kind = %s, want survey_responses", r.Kind)
			}
			var want []string
			for _, s := range tt.want {
				want = append(want, strings.ReplaceAll(s, "{file}", path))
			}
			if diff := cmp.Diff(want, rejectStrings(r.Rejects)); diff != "" {
				t.Errorf("rejects (-want +got):\n%s", diff)
			}
			var n int64
			if err := w.DB.QueryRow(`SELECT count(*) FROM survey_responses`).Scan(&n); err != nil {
				t.Fatal(err)
			}
			if n != tt.rows || r.Inserted != tt.rows {
				t.Errorf("rows = %d, inserted = %d, want %d", n, r.Inserted, tt.rows)
			}
		})
	}
}

// TestSurveyValuesAndIdempotence checks what a good row becomes (blank
// element NULL, scores as numbers, suggestion redacted and classified) and
// that a re-sent response updates its row.
func TestSurveyValuesAndIdempotence(t *testing.T) {
	w, l := newTestLoader(t)
	dir := t.TempDir()
	first := writeFile(t, dir, "a.csv", "No Responden;Kantor;Tanggal;JK;U1;U2;U3;U4;U5;U6;U7;U8;U9;Saran\n"+
		"R1;KEC-01;07/01/2023;Perempuan;\"4\";\"3\";\"2\";\"4\";\"3\";\"4\";\"1\";;\"3\";blangko habis, NIK saya 3216010101900001 telp 081234567890\n"+
		"R2;KEC-01;07/01/2023;L;4;4;4;4;4;4;4;4;4;\n")
	ctx := context.Background()
	if r := l.LoadFile(ctx, first, Options{}); r.Err != nil || r.Inserted != 2 {
		t.Fatalf("%+v", r)
	}
	type row struct {
		ID, Sex, Suggestion, Topic string
		U7                         int
		U8                         *int
	}
	read := func() []row {
		rows, err := w.DB.Query(`SELECT response_id, coalesce(sex, ''), coalesce(suggestion, ''), coalesce(suggestion_topic, ''), u7, u8 FROM survey_responses ORDER BY 1`)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		var out []row
		for rows.Next() {
			var r row
			if err := rows.Scan(&r.ID, &r.Sex, &r.Suggestion, &r.Topic, &r.U7, &r.U8); err != nil {
				t.Fatal(err)
			}
			out = append(out, r)
		}
		return out
	}
	four := 4
	want := []row{
		{ID: "R1", Sex: "p", Suggestion: privacy.Redact("blangko habis, NIK saya 3216010101900001 telp 081234567890"), Topic: "blanko", U7: 1},
		{ID: "R2", Sex: "l", U7: 4, U8: &four},
	}
	if diff := cmp.Diff(want, read()); diff != "" {
		t.Errorf("rows (-want +got):\n%s", diff)
	}
	if strings.Contains(want[0].Suggestion, "081234567890") || strings.Contains(want[0].Suggestion, "3216010101900001") {
		t.Errorf("suggestion not redacted: %q", want[0].Suggestion)
	}
	// The same bytes again: skipped. R2 re-sent with a new score: updated.
	if r := l.LoadFile(ctx, first, Options{}); r.Status != StatusSkipped {
		t.Errorf("re-load: %+v", r)
	}
	second := writeFile(t, dir, "b.csv", "response_id,office_code,submitted_at,u7\nR2,KEC-01,2023-01-07 08:00:00,2\n")
	if r := l.LoadFile(ctx, second, Options{}); r.Err != nil || r.Updated != 1 || r.Inserted != 0 {
		t.Fatalf("%+v", r)
	}
	got := read()
	if len(got) != 2 || got[1].U7 != 2 || got[1].U8 != nil {
		t.Errorf("after the update: %+v", got)
	}
}
