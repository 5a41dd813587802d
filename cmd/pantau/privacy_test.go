package main

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/disdukcapil-bekasi/pantau/warehouse"
)

// planted is one personal number written into the fixture, and every form
// in which finding it would be a leak.
type planted struct {
	written string
	forms   []string // the digits alone, as written, grouped 4-4-4-4 by dots, dashes and spaces
	digits  string
}

// plants makes distinct NIKs and phone numbers, each written in one of the
// ways people write them (separators, letters touching it, +62).
type plants struct {
	rng  *rand.Rand
	all  []*planted
	seen map[string]bool
}

func (p *plants) digits(prefix string, n int) string {
	for {
		d := prefix
		for len(d) < n {
			d += string(rune('0' + p.rng.IntN(10)))
		}
		if !p.seen[d] {
			p.seen[d] = true
			return d
		}
	}
}

// nik is a new NIK written in a random way.
func (p *plants) nik() string {
	d := p.digits("32", 16)
	g := []string{d[:4], d[4:8], d[8:12], d[12:]}
	written := []string{d, strings.Join(g, "."), strings.Join(g, "-"), strings.Join(g, " "),
		d[:6] + " " + d[6:12] + " " + d[12:], "nik" + d + "x", d[:2] + "." + d[2:4] + "." + d[4:6] + "." + d[6:12] + "." + d[12:]}[p.rng.IntN(7)]
	p.all = append(p.all, &planted{written: written, digits: d,
		forms: []string{d, written, strings.Join(g, "."), strings.Join(g, "-"), strings.Join(g, " ")}})
	return written
}

// phone is a new mobile number written in a random way.
func (p *plants) phone() string {
	d := p.digits("0812", 12)
	written := []string{d[:4] + "-" + d[4:8] + "-" + d[8:], d, "+62 " + d[1:4] + " " + d[4:8] + " " + d[8:], "wa" + d + "x"}[p.rng.IntN(4)]
	p.all = append(p.all, &planted{written: written, digits: d,
		forms: []string{d, written, "62" + d[1:], d[:4] + "-" + d[4:8] + "-" + d[8:], d[:4] + " " + d[4:8] + " " + d[8:]}})
	return written
}

// either is a NIK or a phone number, inside a few words at a random place.
func (p *plants) either() string {
	n := p.nik()
	if p.rng.IntN(3) == 0 {
		n = p.phone()
	}
	switch p.rng.IntN(3) {
	case 0:
		return n
	case 1:
		return "no " + n
	}
	return n + " ya"
}

// TestNoPersonalNumberLeaks plants NIKs and phone numbers in every column
// of every kind (ids, references, staff, free text, survey answers, an
// unknown column, dates, numbers, codes, shifted rows, a header), loads
// them, writes every report, the WhatsApp text, the checks and the lake,
// and then searches everything pantau wrote for them: the outputs and logs
// as text, every cell of every table of the warehouse and of the lake (its
// digits alone, too), and the warehouse file's bytes.
func TestNoPersonalNumberLeaks(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "in")
	if err := os.MkdirAll(in, 0o755); err != nil {
		t.Fatal(err)
	}
	p := &plants{rng: rand.New(rand.NewPCG(7, 16)), seen: map[string]bool{}}
	write := func(name string, lines ...string) {
		if err := os.WriteFile(filepath.Join(in, name), []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}

	// Service events: three weeks of applications, a NIK as an application
	// id (its events must stay one application), NIKs in every text column.
	events := []string{"event_id,application_id,event_time,service,request_type,stage,interim_type,office_code,channel,staff_id,nik,region_code,catatan"}
	nikApp := p.nik()
	for i := range 30 {
		day := 6 + i%15
		app := fmt.Sprintf("3216-202303%02d-%06d", day, i/3)
		if i/3 == 2 {
			app = nikApp
		}
		stage := []string{"recorded", "printed", "issued"}[i%3]
		staff := fmt.Sprintf("P-%02d", i%5)
		if i%4 == 0 {
			staff = p.either()
		}
		id := fmt.Sprintf("E%03d", i)
		if i%5 == 0 {
			id = "EV-" + p.nik()
		}
		events = append(events, fmt.Sprintf("%s,%s,2023-03-%02d 0%d:00:00,ktp_el,baru,%s,,KEC-0%d,counter,%s,%s,3216,%s",
			id, app, day+i%3, 8+i%2, stage, 1+i%3, csvCell(staff), p.digits("3216", 16), csvCell(p.either())))
	}
	events = append(events,
		"E900,A900,"+csvCell(p.nik())+",ktp_el,baru,recorded,,KEC-01,counter,P-01,,3216,",                 // a NIK as the time
		"E901,A901,2023-03-08 09:00:00,"+csvCell(p.phone())+",baru,recorded,,KEC-01,counter,,,3216,",      // as the service
		"E902,A902,2023-03-08 09:00:00,ktp_el,baru,recorded,,"+csvCell(p.nik())+",counter,,,3216,",        // as the office
		"E903,A903,2023-03-08 09:00:00,ktp_el,baru,recorded,,KEC-01,counter,,"+csvCell(p.nik())+"1,3216,", // a bad NIK
		csvCell(p.nik())+",E904,A904,2023-03-08 09:00:00,ktp_el,baru,recorded,,KEC-01,counter,,,3216,",    // a shifted row
		"E905,A905,2023-03-08 09:00:00,ktp_el,baru,recorded,,KEC-01,counter,,,"+csvCell(p.nik())+",",      // as the region
	)
	write("service_events.csv", events...)

	deliveries := []string{"delivery_id,office_code,requested_at,quantity_requested,received_at,quantity_received,source,reference"}
	for i := range 4 {
		deliveries = append(deliveries, fmt.Sprintf("%s,DINAS,2023-03-0%d,500,2023-03-%02d,500,kemendagri,%s",
			csvCell("D-"+p.either()), 1+i, 6+i*4, csvCell("surat "+p.either())))
	}
	deliveries = append(deliveries,
		"D-900,DINAS,2023-03-02,"+csvCell(p.nik())+",2023-03-09,100,kemendagri,",   // a NIK as a quantity
		"D-901,DINAS,"+csvCell(p.phone())+",100,2023-03-09,100,kemendagri,",        // as a date
		"D-902,DINAS,2023-03-02,100,2023-03-09,"+csvCell(p.phone())+",kemendagri,", // a phone as a quantity
	)
	write("blanko_deliveries.csv", deliveries...)

	write("blanko_stock_counts.csv", "office_code,counted_at,quantity_on_hand",
		"DINAS,2023-03-06,900", "DINAS,2023-03-13,700", "DINAS,2023-03-20,400",
		"DINAS,2023-03-21,"+csvCell(p.nik()),
		"DINAS,"+csvCell(p.nik())+",10",
		csvCell(p.phone())+",2023-03-22,10")

	complaints := []string{"complaint_id,received_at,channel,category,tier,office_code,staff_ref,text,first_response_at,resolved_at,status"}
	for i := range 8 {
		id := fmt.Sprintf("C-%02d", i)
		if i%2 == 0 {
			id = p.phone() // a WhatsApp number as the id
		}
		complaints = append(complaints, fmt.Sprintf("%s,2023-03-%02d 08:00:00,whatsapp,,normatif,KEC-01,%s,%s,2023-03-%02d 09:00:00,,in_progress",
			csvCell(id), 6+i, csvCell(p.either()), csvCell("blangko habis, "+p.either()+" dan "+p.either()), 6+i))
	}
	complaints = append(complaints, "C-900,"+csvCell(p.nik())+",whatsapp,,normatif,KEC-01,,teks,,,open")
	write("complaints.csv", complaints...)

	survey := []string{"response_id,office_code,submitted_at,service,sex,age_band,education,occupation,u1,u2,u3,u4,u5,u6,u7,u8,u9,suggestion"}
	for i := range 12 {
		id, age, education := fmt.Sprintf("R-%02d", i), "25-34", "SMA"
		if i%3 == 0 {
			id = "R-" + p.nik() // (glued to other digits a NIK is a longer number: see package privacy)
		}
		if i%4 == 1 {
			age = p.either()
		}
		if i%4 == 2 {
			education = p.either()
		}
		survey = append(survey, fmt.Sprintf("%s,KEC-01,2023-03-%02d 10:00:00,ktp_el,p,%s,%s,%s,4,3,3,4,3,4,3,3,4,%s",
			csvCell(id), 6+i, csvCell(age), csvCell(education), csvCell("NIK "+p.nik()), csvCell("saran: "+p.either())))
	}
	survey = append(survey, "R-900,KEC-01,2023-03-09 10:00:00,ktp_el,p,25-34,SMA,PNS,"+csvCell(p.nik())+",3,3,4,3,4,3,3,4,")
	write("survey_responses.csv", survey...)

	// A file no kind fits: its header is quoted in the message.
	write("lain.csv", "foo,"+csvCell(p.nik()), "1,2")

	var logs bytes.Buffer
	pantau := func(wantOK bool, args ...string) string {
		t.Helper()
		var stdout, stderr bytes.Buffer
		code := run(context.Background(), args, strings.NewReader(""), &stdout, &stderr)
		logs.Write(stderr.Bytes())
		logs.Write(stdout.Bytes())
		if wantOK && code != 0 {
			t.Fatalf("pantau %s: exit %d\n%s", strings.Join(args, " "), code, stderr.String())
		}
		return stdout.String()
	}
	db := filepath.Join(dir, "w.duckdb")
	out := filepath.Join(dir, "out")
	pantau(false, "load", "--db", db, "--max-reject-rate", "1", in)
	if !strings.Contains(logs.String(), "rejected") {
		t.Fatalf("the load printed no rejects:\n%s", logs.String())
	}
	for _, args := range [][]string{
		{"report", "weekly", "--week", "2023-W11", "--out", filepath.Join(out, "weekly.html")},
		{"report", "weekly", "--week", "2023-W11", "--format", "text"},
		{"report", "weekly", "--week", "2023-W11", "--office", "KEC-01", "--out", filepath.Join(out, "kec01.html")},
		{"report", "planner", "--week", "2023-W11", "--out", filepath.Join(out, "planner.html")},
		{"report", "quality", "--week", "2023-W11", "--out", filepath.Join(out, "quality.html")},
		{"report", "ikm", "--period", "2023-Q1", "--out", filepath.Join(out, "ikm.html")},
		{"check"},
		{"export", "--lake", filepath.Join(dir, "lake")},
	} {
		pantau(true, append(args, "--db", db)...)
	}
	// What the planning commands print (stored plans, the distribution,
	// the track record), searched with the logs; three weeks of history
	// may be too short for some of them, and their errors are searched too.
	for _, args := range [][]string{
		{"forecast", "--by", "office", "--format", "json"},
		{"forecast", "distribute", "--week", "2023-W11", "--format", "json"},
		{"forecast", "--backtest", "--by", "office", "--format", "csv"},
	} {
		pantau(false, append(args, "--db", db)...)
	}
	files := 5 // the HTML reports; and with a Chromium, the text of two PDFs
	if browser, ok := chromiumIfAny(t); ok {
		files += 2
		for _, kind := range []string{"weekly", "ikm"} {
			pdf := filepath.Join(dir, kind+".pdf")
			period := map[string][]string{"weekly": {"--week", "2023-W11"}, "ikm": {"--period", "2023-Q1"}}[kind]
			pantau(true, append([]string{"report", kind, "--db", db, "--format", "pdf", "--chromium", browser, "--out", pdf}, period...)...)
			text, err := exec.Command("pdftotext", "-layout", pdf, filepath.Join(out, kind+".pdf.txt")).CombinedOutput()
			if err != nil {
				t.Fatalf("pdftotext: %v %s", err, text)
			}
		}
	}

	var found []string
	search := func(where string, text []byte) {
		for _, pl := range p.all {
			for _, f := range pl.forms {
				if bytes.Contains(text, []byte(f)) {
					found = append(found, fmt.Sprintf("%s holds %q (planted as %q)", where, f, pl.written))
					break
				}
			}
		}
	}
	search("the logs and printed output", logs.Bytes())
	entries, err := os.ReadDir(out)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(out, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		search(e.Name(), b)
	}
	if len(entries) != files {
		t.Errorf("%d report files were written, want %d", len(entries), files)
	}
	// Every cell of every table, as text and as its digits alone.
	cells := func(where string, db *sql.DB, tables string) int {
		names := queryStrings(t, db, tables)
		n := 0
		for _, table := range names {
			var all bytes.Buffer
			rows, err := db.Query(`SELECT * FROM ` + table)
			if err != nil {
				t.Fatalf("%s: %v", table, err)
			}
			cols, _ := rows.Columns()
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			for rows.Next() {
				if err := rows.Scan(ptrs...); err != nil {
					t.Fatal(err)
				}
				for _, v := range vals {
					s := fmt.Sprint(v)
					all.WriteString(s + "\n" + nonDigits.ReplaceAllString(s, "") + "\n")
				}
				n++
			}
			rows.Close()
			search(where+" "+table, all.Bytes())
		}
		return n
	}
	w, err := warehouse.Open(context.Background(), db, warehouse.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	if n := cells("the warehouse", w.DB, `SELECT '"' || schema_name || '"."' || table_name || '"' FROM duckdb_tables() WHERE NOT internal AND NOT temporary`); n < 100 {
		t.Errorf("the warehouse holds only %d rows", n)
	}
	// The results stored at refresh are among the tables searched.
	for _, table := range []string{"stock_plans", "forecast_track", "survey_stored"} {
		var n int
		if err := w.DB.QueryRow(`SELECT count(*) FROM ` + table).Scan(&n); err != nil || n == 0 {
			t.Errorf("%s holds no row to search (%v)", table, err)
		}
	}
	var apps, rejected int
	if err := w.DB.QueryRow(`SELECT count(DISTINCT application_id) FILTER (WHERE application_id LIKE 'NIK-%'),
		(SELECT count(*) FROM rejects) FROM service_events`).Scan(&apps, &rejected); err != nil {
		t.Fatal(err)
	}
	if apps != 1 || rejected < 15 {
		t.Errorf("the NIK application id became %d pseudonyms (want 1); %d rejects (want 15 or more)", apps, rejected)
	}
	w.Close()
	stored, err := os.ReadFile(db)
	if err != nil {
		t.Fatal(err)
	}
	search("the warehouse file", stored)
	lake, err := sql.Open("duckdb", "")
	if err != nil {
		t.Fatal(err)
	}
	defer lake.Close()
	var parquet []string
	err = filepath.WalkDir(filepath.Join(dir, "lake"), func(path string, d os.DirEntry, err error) error {
		if err == nil && strings.HasSuffix(path, ".parquet") {
			parquet = append(parquet, path)
		}
		return err
	})
	if err != nil || len(parquet) == 0 {
		t.Fatal("the lake has no Parquet files")
	}
	for _, f := range parquet {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		search(f, b)
		cells("the lake file "+filepath.Base(f), lake, `SELECT 'read_parquet(' || `+warehouse.QuoteLiteral(warehouse.QuoteLiteral(f))+` || ')'`)
	}
	for _, f := range found {
		t.Error(f)
	}
	if len(p.all) < 60 {
		t.Errorf("only %d numbers were planted", len(p.all))
	}
}

var nonDigits = regexp.MustCompile(`[^0-9]+`)

// csvCell quotes a CSV cell when it must be.
func csvCell(s string) string {
	if strings.ContainsAny(s, ",\"\n") {
		return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
	}
	return s
}

func queryStrings(t *testing.T, db *sql.DB, q string) []string {
	t.Helper()
	rows, err := db.Query(q)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			t.Fatal(err)
		}
		out = append(out, s)
	}
	return out
}

// chromiumIfAny returns a Chromium and whether the PDF part can run (a
// Chromium and pdftotext are installed, and the test is not -short).
func chromiumIfAny(t *testing.T) (string, bool) {
	if testing.Short() {
		return "", false
	}
	if _, err := exec.LookPath("pdftotext"); err != nil {
		return "", false
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p, true
		}
	}
	return "", false
}
