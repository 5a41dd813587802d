package synth

import (
	"bytes"
	"context"
	"encoding/csv"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/disdukcapil-bekasi/pantau/reference"
	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/charmap"
)

// messyAliases maps each messy file's headers to canonical column names.
var messyAliases = map[string]map[string]string{
	"service_events.csv": {"id_event": "event_id", "no_permohonan": "application_id", "waktu": "event_time",
		"layanan": "service", "jenis_permohonan": "request_type", "tahap": "stage", "jenis_pengganti": "interim_type",
		"kode_kantor": "office_code", "kanal": "channel", "id_petugas": "staff_id", "nik": "nik"},
	"complaints.csv": {"id_pengaduan": "complaint_id", "tanggal_masuk": "received_at", "kanal": "channel",
		"kategori": "category", "tingkat": "tier", "kode_kantor": "office_code", "nama_petugas": "staff_ref",
		"isi_pengaduan": "text", "tanggal_tanggapan": "first_response_at", "tanggal_selesai": "resolved_at", "status": "status"},
	"blanko_stock_counts.xlsx": {"kode_kantor": "office_code", "kecamatan": "kecamatan", "tanggal_opname": "counted_at", "stok": "quantity_on_hand"},
	"survei_kepuasan.csv": {"No Responden": "response_id", "Unit Layanan": "office_code", "Tanggal Survei": "submitted_at",
		"Layanan": "service", "Jenis Kelamin": "sex", "Usia": "age_band", "Pendidikan": "education", "Pekerjaan": "occupation",
		"U1 Persyaratan": "u1", "U2 Prosedur": "u2", "U3 Waktu Penyelesaian": "u3", "U4 Biaya/Tarif": "u4", "U5 Produk": "u5",
		"U6 Kompetensi Pelaksana": "u6", "U7 Perilaku Pelaksana": "u7", "U8 Penanganan Pengaduan": "u8",
		"U9 Sarana dan Prasarana": "u9", "Saran": "suggestion"},
}

// messyRows reads a messy file as physical lines of canonical-named fields.
// rows[i] is line i+1 (line 1 is the header); each row maps canonical column → text.
func messyRows(t *testing.T, dir, name string) []map[string]string {
	t.Helper()
	path := filepath.Join(dir, name)
	var lines [][]string
	if strings.HasSuffix(name, ".xlsx") {
		f, err := excelize.OpenFile(path)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		sheet := f.GetSheetName(0)
		rows, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		for r, row := range rows {
			// Date cells become text in their number format, to tell them from bare serials.
			for c := range row {
				ref, _ := excelize.CoordinatesToCellName(c+1, r+1)
				if s, _ := f.GetCellStyle(sheet, ref); s != 0 && row[c] != "" {
					x, _ := strconv.ParseFloat(row[c], 64)
					row[c] = "date:" + formatDate(int64(x)+excelEpochDay)
				}
			}
			lines = append(lines, row)
		}
	} else {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
		if name == "complaints.csv" {
			if data, err = charmap.Windows1252.NewDecoder().Bytes(data); err != nil {
				t.Fatal(err)
			}
		}
		comma := ','
		if name == "service_events.csv" || name == "complaints.csv" || name == "survei_kepuasan.csv" {
			comma = ';'
		}
		for _, line := range strings.Split(strings.TrimSuffix(string(data), "\n"), "\n") {
			r := csv.NewReader(strings.NewReader(strings.TrimSuffix(line, "\r")))
			r.Comma = comma
			rec, err := r.Read()
			if err != nil {
				t.Fatalf("%s: line %q: %v", name, line, err)
			}
			lines = append(lines, rec)
		}
	}
	alias := messyAliases[name]
	out := make([]map[string]string, len(lines))
	for i, l := range lines {
		out[i] = map[string]string{}
		for c, h := range lines[0] {
			if a, ok := alias[h]; ok {
				h = a
			}
			if c < len(l) {
				out[i][h] = l[c]
			} else {
				out[i][h] = ""
			}
		}
	}
	return out
}

var (
	dayFirstRe  = regexp.MustCompile(`^(\d{2})/(\d{2})/(\d{4})( \d{2}:\d{2}(:\d{2})?)?$`)
	indoDateRe  = regexp.MustCompile(`^(\d{2}) ([A-Za-z]+) (\d{4})$`)
	phoneRe     = regexp.MustCompile(`08\d{2}-\d{4}-\d{4}`)
	nikInTextRe = regexp.MustCompile(`\b[1-9]\d{15}\b`) // any region
	nikRe       = regexp.MustCompile(`^[1-9]\d{15}$`)
)

// parseMessyTime accepts the forms the messy files use; ok is false for
// anything else or an impossible date.
func parseMessyTime(s string) bool {
	for _, layout := range []string{time.DateTime, time.DateOnly, "2006-01-02T15:04:05-07:00", "02/01/2006 15:04", "02/01/2006 15:04:05", "02/01/2006"} {
		if _, err := time.Parse(layout, s); err == nil {
			return true
		}
	}
	if strings.HasPrefix(s, "date:") {
		return true
	}
	if n, err := strconv.Atoi(s); err == nil {
		return n > 40000 && n < 50000 // Excel serial date 2009..2036
	}
	if m := indoDateRe.FindStringSubmatch(s); m != nil {
		for i, name := range monthNames {
			if name == m[2] {
				_, err := time.Parse("02/01/2006", m[1]+"/"+pad(i+1, 2)+"/"+m[3])
				return err == nil
			}
		}
	}
	return false
}

// problems returns what a loader must reject in a row, by canonical column.
func problems(kind string, row map[string]string, offices, kecamatan map[string]bool) map[string]string {
	p := map[string]string{}
	office := func(col string, required bool) {
		v := row[col]
		if v == "" && !required {
			return
		}
		if !offices[v] {
			p[col] = reasonUnknownOffice
		}
	}
	date := func(col string, required bool) {
		v := row[col]
		if v == "" {
			if required {
				p[col] = reasonMissingRequired
			}
			return
		}
		if !parseMessyTime(v) {
			p[col] = reasonBadDate
		}
	}
	switch kind {
	case KindServiceEvents:
		if row["application_id"] == "" {
			p["application_id"] = reasonMissingRequired
		}
		date("event_time", true)
		office("office_code", true)
		if v := row["nik"]; v != "" && !nikRe.MatchString(v) {
			p["nik"] = reasonBadNIK
		}
	case KindComplaints:
		date("received_at", true)
		date("first_response_at", false)
		date("resolved_at", false)
		office("office_code", false)
	case KindBlankoDeliveries:
		office("office_code", true)
		date("requested_at", false)
		date("received_at", false)
		if q, _ := strconv.Atoi(row["quantity_received"]); q < 0 && row["source"] != "transfer" {
			p["quantity_received"] = reasonNegativeQuantity
		}
	case KindSurveyResponses:
		date("submitted_at", true)
		office("office_code", true)
		for i := 1; i <= 9; i++ {
			col := "u" + strconv.Itoa(i)
			if v := row[col]; v != "" && (len(v) != 1 || v[0] < '1' || v[0] > '4') {
				p[col] = reasonBadScore
			}
		}
	case KindBlankoStockCounts:
		if row["office_code"] == "" {
			k := strings.TrimPrefix(row["kecamatan"], "Kec. ")
			if !kecamatan[k] {
				p["office_code"] = reasonUnknownOffice
			}
		} else {
			office("office_code", true)
		}
		date("counted_at", true)
		if q, _ := strconv.Atoi(row["quantity_on_hand"]); q < 0 {
			p["quantity_on_hand"] = reasonNegativeQuantity
		}
	}
	return p
}

func TestMessyManifest(t *testing.T) {
	cfg := shortConfig("csv")
	cfg.Messy, cfg.Scale = true, 0.2
	checkMessy(t, cfg)
}

func checkMessy(t *testing.T, cfg Config) {
	dir := t.TempDir()
	sum, err := Generate(context.Background(), cfg, dir)
	if err != nil {
		t.Fatal(err)
	}
	wantFiles := "service_events.csv blanko_deliveries.xlsx blanko_stock_counts.xlsx complaints.csv complaints_update.csv survei_kepuasan.csv"
	var names []string
	for _, f := range sum.Files {
		names = append(names, f.Name)
	}
	if strings.Join(names, " ") != wantFiles {
		t.Fatalf("files %v, want %s", names, wantFiles)
	}
	if sum.Manifest != filepath.Join(dir, "manifest.csv") {
		t.Fatalf("manifest %q", sum.Manifest)
	}
	header, manifest := readCSV(t, sum.Manifest)
	if strings.Join(header, ",") != "file,line,column,value,expect,reason" {
		t.Fatalf("manifest header %v", header)
	}

	// Every region's offices and kecamatan names: a planted unknown office
	// must be unknown everywhere.
	nation, err := reference.LoadNation()
	if err != nil {
		t.Fatal(err)
	}
	offices := map[string]bool{}
	kecamatan := map[string]bool{}
	for _, g := range nation.Regencies {
		os, _ := nation.OfficesOf(g.RegionCode)
		for _, o := range os {
			offices[o.Code] = true
		}
	}
	for _, d := range nation.Districts {
		kecamatan[d.Name] = true
	}
	as, _ := reference.Aliases()
	for _, a := range as {
		kecamatan[a.Alias] = true
	}

	type key struct {
		file string
		line int
	}
	planted := map[key][]string{}
	reasons := map[string]int{}
	for _, m := range manifest {
		line, _ := strconv.Atoi(m[1])
		planted[key{m[0], line}] = m
		reasons[m[0]+":"+m[5]]++
	}
	for _, want := range []string{
		"service_events.csv:bad_date", "service_events.csv:unknown_office", "service_events.csv:bad_nik",
		"service_events.csv:missing_required", "blanko_deliveries.xlsx:negative_quantity",
		"blanko_deliveries.xlsx:unknown_office", "blanko_deliveries.xlsx:bad_date",
		"blanko_stock_counts.xlsx:negative_quantity", "blanko_stock_counts.xlsx:bad_date",
		"complaints.csv:bad_date", "complaints.csv:unknown_office",
		"complaints.csv:phone_in_text", "complaints.csv:nik_in_text",
		"survei_kepuasan.csv:bad_score", "survei_kepuasan.csv:unknown_office", "survei_kepuasan.csv:bad_date",
	} {
		if reasons[want] == 0 {
			t.Errorf("no planted %s", want)
		}
	}

	ids := map[string]map[string]string{} // complaint id → row, for the update check
	for _, f := range sum.Files {
		rows := messyRows(t, dir, f.Name)
		if len(rows)-1 != f.Rows {
			t.Errorf("%s: summary says %d rows, file has %d", f.Name, f.Rows, len(rows)-1)
		}
		bad := 0
		for i, row := range rows[1:] {
			line := i + 2
			m, isPlanted := planted[key{f.Name, line}]
			if f.Kind == KindComplaints {
				if phoneRe.MatchString(row["text"]) || nikInTextRe.MatchString(row["text"]) {
					if !isPlanted || m[4] != "redact" {
						t.Errorf("%s:%d: personal data in a text the manifest does not list: %q", f.Name, line, row["text"])
					}
				}
				if f.Name == "complaints.csv" {
					ids[row["complaint_id"]] = row
				}
			}
			got := problems(f.Kind, row, offices, kecamatan)
			if !isPlanted {
				if len(got) > 0 {
					t.Errorf("%s:%d: unplanted problems %v in %v", f.Name, line, got, row)
				}
				continue
			}
			if v, ok := row[m[2]]; !ok || v != m[3] {
				if !(f.Kind == KindBlankoStockCounts && m[2] == "counted_at" && v == m[3]) {
					t.Errorf("%s:%d:%s: file has %q, manifest says %q", f.Name, line, m[2], v, m[3])
				}
			}
			switch m[4] {
			case "redact":
				if len(got) > 0 {
					t.Errorf("%s:%d: a redact row must be valid, has %v", f.Name, line, got)
				}
				re := phoneRe
				if m[5] == reasonNIKInText {
					re = nikInTextRe
				}
				if !re.MatchString(m[3]) {
					t.Errorf("%s:%d: %s row without it: %q", f.Name, line, m[5], m[3])
				}
			case "reject":
				bad++
				if len(got) != 1 || got[m[2]] != m[5] {
					t.Errorf("%s:%d: planted %s in %s, found %v", f.Name, line, m[5], m[2], got)
				}
			default:
				t.Errorf("%s:%d: expect %q", f.Name, line, m[4])
			}
		}
		if f.Name == "service_events.csv" {
			if share := float64(bad) / float64(f.Rows); share < 0.001 || share > 0.006 {
				t.Errorf("%s: %d bad rows of %d (%.2f%%), want about 0.1–0.5%%", f.Name, bad, f.Rows, 100*share)
			}
		}
	}

	// The update file re-sends complaints with a later state.
	updates := messyRows(t, dir, "complaints_update.csv")[1:]
	if len(updates) == 0 {
		t.Fatal("complaints_update.csv is empty")
	}
	for _, u := range updates {
		first, ok := ids[u["complaint_id"]]
		if !ok {
			t.Errorf("update of unknown complaint %s", u["complaint_id"])
			continue
		}
		if u["status"] != "resolved" || u["resolved_at"] == "" || first["resolved_at"] != "" {
			t.Errorf("complaint %s: update %v does not follow %v", u["complaint_id"], u, first)
		}
	}
}

// TestMessySameData: apart from planted rows and re-sent duplicates, the
// messy service events are the plain ones.
func TestMessySameData(t *testing.T) {
	plain, messy := t.TempDir(), t.TempDir()
	cfg := shortConfig("csv")
	if _, err := Generate(context.Background(), cfg, plain); err != nil {
		t.Fatal(err)
	}
	cfg.Messy = true
	if _, err := Generate(context.Background(), cfg, messy); err != nil {
		t.Fatal(err)
	}
	_, want := readCSV(t, filepath.Join(plain, "service_events.csv"))
	_, manifest := readCSV(t, filepath.Join(messy, "manifest.csv"))
	skip := map[int]bool{}
	for _, m := range manifest {
		if m[0] == "service_events.csv" {
			n, _ := strconv.Atoi(m[1])
			skip[n] = true
		}
	}
	seen := map[string]bool{}
	var got []map[string]string
	for i, row := range messyRows(t, messy, "service_events.csv")[1:] {
		if skip[i+2] || seen[row["event_id"]] {
			continue
		}
		seen[row["event_id"]] = true
		got = append(got, row)
	}
	if len(got) != len(want) {
		t.Fatalf("%d distinct good messy events, %d plain", len(got), len(want))
	}
	for i, w := range want {
		g := got[i]
		if g["event_id"] != w[0] || g["application_id"] != w[1] || g["nik"] != w[10] || g["office_code"] != w[7] {
			t.Fatalf("event %d: messy %v, plain %v", i, g, w)
		}
	}
}

// TestPlantedTexts: hostile texts and personal data are in every data set,
// however short.
func TestPlantedTexts(t *testing.T) {
	for _, cfg := range []Config{
		{From: day(2023, 1, 7), To: day(2023, 1, 7), Seed: 3, Scale: 0.01},
		shortConfig("csv"),
	} {
		dir := t.TempDir()
		if _, err := Generate(context.Background(), cfg, dir); err != nil {
			t.Fatal(err)
		}
		data, err := os.ReadFile(filepath.Join(dir, "complaints.csv"))
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range []string{"<script>alert(1)</script>", `"><img src=x onerror=alert(1)>`, "</script>", "{{.}}"} {
			if !bytes.Contains(data, []byte(strings.ReplaceAll(s, `"`, `""`))) {
				t.Errorf("%s..%s: no complaint contains %s", cfg.From.Format(time.DateOnly), cfg.To.Format(time.DateOnly), s)
			}
		}
		if n := len(phoneRe.FindAll(data, -1)); n < 3 {
			t.Errorf("%d complaints with a phone number, want 3", n)
		}
		if n := len(nikInTextRe.FindAll(data, -1)); n < 3 {
			t.Errorf("%d complaints with a NIK, want 3", n)
		}
	}
}

// TestMessyOtherRegion: a region with the standard office set (Kota
// Jayapura) is written messy too, with every planted problem in its manifest.
func TestMessyOtherRegion(t *testing.T) {
	cfg := shortConfig("csv")
	cfg.Messy, cfg.Scale, cfg.RegionCodes = true, 1.5, []string{"9171"}
	checkMessy(t, cfg)
}
