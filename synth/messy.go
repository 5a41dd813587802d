package synth

import (
	"encoding/csv"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
)

// Messy output writes the same data the way real offices send it:
//
//	service_events.csv       ';' separated, UTF-8 with BOM, Indonesian headers,
//	                         Indonesian stage/channel values on some rows, mixed time forms
//	blanko_deliveries.xlsx   the blanko ledger: date cells, bare Excel serial numbers and
//	                         Indonesian date text mixed
//	blanko_stock_counts.xlsx desks named by a kecamatan name variant instead of an office code
//	complaints.csv           ';' separated, Windows-1252, CRLF, Indonesian headers and values,
//	                         day-first times; some rows hold an earlier state of the complaint
//	complaints_update.csv    the later state of those complaints (same ids), canonical, UTF-8 with BOM
//
// plus exact re-sent duplicate rows and a small share of planted bad rows,
// each listed in manifest.csv with the line it is on.

// Manifest reasons.
const (
	reasonBadDate          = "bad_date"
	reasonNegativeQuantity = "negative_quantity"
	reasonUnknownOffice    = "unknown_office"
	reasonBadNIK           = "bad_nik"
	reasonMissingRequired  = "missing_required"
	reasonPhoneInText      = "phone_in_text"
	reasonNIKInText        = "nik_in_text"
)

// ManifestHeader is the header of manifest.csv.
var ManifestHeader = []string{"file", "line", "column", "value", "expect", "reason"}

type manifestRow struct {
	file   int // order of the file in the run
	name   string
	line   int
	column string
	value  string
	expect string // reject or redact
	reason string
}

// messyFile is one written file and its line count.
type messyFile struct {
	name, kind, path string
	w                rowWriter
	rows             int
}

// write writes a row and returns its physical line (CSV: header is line 1;
// XLSX: sheet row, header row 1).
func (f *messyFile) write(row []cell) (int, error) {
	f.rows++
	return f.rows + 1, f.w.writeRow(row)
}

type messyOutputs struct {
	dir                                         string
	r                                           *rand.Rand
	w                                           *world
	files                                       []*messyFile
	manifest                                    []manifestRow
	events, deliveries, stockCounts, complaints *messySink
	survey                                      *messySink
}

// Indonesian headers (aliases the loader recognises).
var (
	messyEventHeader     = []string{"id_event", "no_permohonan", "waktu", "layanan", "jenis_permohonan", "tahap", "jenis_pengganti", "kode_kantor", "kanal", "id_petugas", "nik"}
	messyComplaintHeader = []string{"id_pengaduan", "tanggal_masuk", "kanal", "kategori", "tingkat", "kode_kantor", "nama_petugas", "isi_pengaduan", "tanggal_tanggapan", "tanggal_selesai", "status"}
	messyStockHeader     = []string{"kode_kantor", "kecamatan", "tanggal_opname", "stok"}
)

func headerOf(t table) []string {
	h := make([]string, len(t.columns))
	for i, c := range t.columns {
		h[i] = c.name
	}
	return h
}

func openMessy(cfg Config, dir string, w *world) (outputs, error) {
	m := &messyOutputs{dir: dir, r: newRand(cfg.Seed, w.regionCode, streamMessy), w: w}
	open := func(name, kind string, mk func(path string) (rowWriter, error)) (*messyFile, error) {
		path := filepath.Join(dir, name)
		rw, err := mk(path)
		if err != nil {
			return nil, err
		}
		f := &messyFile{name: name, kind: kind, path: path, w: rw}
		m.files = append(m.files, f)
		return f, nil
	}
	csvFile := func(header []string, d csvDialect) func(string) (rowWriter, error) {
		return func(p string) (rowWriter, error) { return newCSVWriter(p, header, d) }
	}
	xlsxFile := func(header []string) func(string) (rowWriter, error) {
		return func(p string) (rowWriter, error) { return newXLSXWriter(p, header, xlsxMaxRows) }
	}
	// Each source as an office sends it: events as CSV with ";" and a
	// BOM, the blanko sheets as XLSX, complaints in Windows-1252 with CRLF,
	// and a later update of some complaints.
	fs := make([]*messyFile, 5)
	for i, f := range []struct {
		name, kind string
		mk         func(string) (rowWriter, error)
	}{
		{"service_events.csv", KindServiceEvents, csvFile(messyEventHeader, csvDialect{comma: ';', bom: true})},
		{"blanko_deliveries.xlsx", KindBlankoDeliveries, xlsxFile(headerOf(deliveriesTable))},
		{"blanko_stock_counts.xlsx", KindBlankoStockCounts, xlsxFile(messyStockHeader)},
		{"complaints.csv", KindComplaints, csvFile(messyComplaintHeader, csvDialect{comma: ';', windows1252: true, crlf: true})},
		{"complaints_update.csv", KindComplaints, csvFile(headerOf(complaintsTable), csvDialect{comma: ',', bom: true})},
	} {
		var err error
		if fs[i], err = open(f.name, f.kind, f.mk); err != nil {
			m.abort()
			return nil, err
		}
	}
	fe, fd, fc, fu := fs[0], fs[1], fs[3], fs[4]
	m.events = &messySink{o: m, f: fe, fileIndex: 0, tbl: serviceEventsTable, dupRate: 0.001,
		reasons: []string{reasonBadDate, reasonUnknownOffice, reasonBadNIK, reasonMissingRequired},
		spell:   m.spellEvent, corrupt: m.corruptEvent}
	m.deliveries = &messySink{o: m, f: fd, fileIndex: 1, tbl: deliveriesTable, dupRate: 0.003,
		reasons: []string{reasonNegativeQuantity, reasonUnknownOffice, reasonBadDate},
		spell:   m.spellDelivery, corrupt: m.corruptDelivery}
	m.stockCounts = &messySink{o: m, f: fs[2], fileIndex: 2, tbl: stockCountsTable, dupRate: 0.005,
		reasons: []string{reasonNegativeQuantity, reasonBadDate},
		spell:   m.spellStockCount, corrupt: m.corruptStockCount}
	m.complaints = &messySink{o: m, f: fc, fileIndex: 3, tbl: complaintsTable, dupRate: 0.005,
		reasons: []string{reasonBadDate, reasonUnknownOffice},
		spell:   m.spellComplaint, corrupt: m.corruptComplaint, update: fu}
	for _, s := range []*messySink{m.events, m.deliveries, m.stockCounts, m.complaints} {
		s.untilBad = int(between(m.r, 1, 3))
	}
	if err := m.openSurvey(cfg, open, csvFile); err != nil {
		m.abort()
		return nil, err
	}
	return m, nil
}

func (m *messyOutputs) sinks() sinks {
	return sinks{events: m.events, deliveries: m.deliveries, stockCounts: m.stockCounts, complaints: m.complaints, survey: m.survey}
}

func (m *messyOutputs) finish() (Summary, error) {
	for _, s := range []*messySink{m.events, m.deliveries, m.stockCounts, m.complaints, m.survey} {
		if err := s.flushDuplicates(true); err != nil {
			return Summary{}, err
		}
	}
	var sum Summary
	var first error
	for _, f := range m.files {
		if err := f.w.close(); err != nil && first == nil {
			first = err
		}
		sum.Files = append(sum.Files, File{Name: f.name, Kind: f.kind, Rows: f.rows})
	}
	m.files = nil
	if first != nil {
		return Summary{}, first
	}
	path, err := m.writeManifest()
	if err != nil {
		return Summary{}, err
	}
	sum.Manifest = path
	return sum, nil
}

func (m *messyOutputs) writeManifest() (string, error) {
	slices.SortStableFunc(m.manifest, func(a, b manifestRow) int {
		if a.file != b.file {
			return a.file - b.file
		}
		return a.line - b.line
	})
	path := filepath.Join(m.dir, "manifest.csv")
	f, err := os.Create(path)
	if err != nil {
		return "", err
	}
	cw := csv.NewWriter(f)
	_ = cw.Write(ManifestHeader)
	for _, r := range m.manifest {
		_ = cw.Write([]string{r.name, strconv.Itoa(r.line), r.column, r.value, r.expect, r.reason})
	}
	cw.Flush()
	err = cw.Error()
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return "", fmt.Errorf("write %s: %w", path, err)
	}
	return path, nil
}

func (m *messyOutputs) abort() {
	for _, f := range m.files {
		_ = f.w.close()
		_ = os.Remove(f.path)
	}
	m.files = nil
	_ = os.Remove(filepath.Join(m.dir, "manifest.csv"))
}

// messySink spells canonical rows the messy way, re-sends some and plants
// bad rows between them.
type messySink struct {
	o         *messyOutputs
	f         *messyFile
	fileIndex int
	tbl       table
	dupRate   float64
	reasons   []string
	spell     func(row []cell) []cell
	// corrupt derives a bad row from a canonical row: it returns the
	// spelled bad row, the canonical column and the value written there.
	corrupt func(row []cell, reason string, n int) ([]cell, string, string)
	update  *messyFile // complaints_update.csv
	// r, when set, replaces the outputs' shared stream (the survey has its own,
	// so that adding it left the other messy files as they were).
	r        *rand.Rand
	untilBad int
	bad      int
	dups     []pendingDup
}

type pendingDup struct {
	due int // write once the file has this many rows
	row []cell
}

func (s *messySink) emit(row []cell, note string) error {
	if err := s.flushDuplicates(false); err != nil {
		return err
	}
	spelled := s.spell(row)
	if s.update != nil && note == "" {
		var err error
		if spelled, err = s.o.splitComplaint(s.update, row, spelled); err != nil {
			return err
		}
	}
	line, err := s.f.write(spelled)
	if err != nil {
		return err
	}
	if note != "" {
		s.o.manifest = append(s.o.manifest, manifestRow{file: s.fileIndex, name: s.f.name, line: line,
			column: "text", value: spelled[cpText].s, expect: "redact", reason: note})
		return nil // neither re-sent nor copied into a bad row: one problem per row
	}
	r := s.o.r
	if s.r != nil {
		r = s.r
	}
	if r.Float64() < s.dupRate {
		d := pendingDup{due: s.f.rows + int(between(r, 1, 200)), row: slices.Clone(spelled)}
		i, _ := slices.BinarySearchFunc(s.dups, d.due, func(p pendingDup, due int) int { return p.due - due })
		for i < len(s.dups) && s.dups[i].due == d.due {
			i++
		}
		s.dups = slices.Insert(s.dups, i, d)
	}
	if s.untilBad--; s.untilBad <= 0 {
		reason := s.reasons[s.bad%len(s.reasons)]
		s.bad++
		badRow, column, value := s.corrupt(row, reason, s.bad)
		line, err := s.f.write(badRow)
		if err != nil {
			return err
		}
		s.o.manifest = append(s.o.manifest, manifestRow{file: s.fileIndex, name: s.f.name, line: line,
			column: column, value: value, expect: "reject", reason: reason})
		if s.bad < len(s.reasons) {
			s.untilBad = int(between(r, 1, 4)) // one of each reason early, so short runs have them
		} else {
			s.untilBad = int(between(r, 200, 600))
		}
	}
	return nil
}

// flushDuplicates re-sends the rows that are due (all of them at the end).
func (s *messySink) flushDuplicates(all bool) error {
	for len(s.dups) > 0 && (all || s.dups[0].due <= s.f.rows) {
		if _, err := s.f.write(s.dups[0].row); err != nil {
			return err
		}
		s.dups = s.dups[1:]
	}
	return nil
}
