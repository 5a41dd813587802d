package synth

import (
	"slices"
	"strconv"
)

// The survey as a form tool exports it: survei_kepuasan.csv, ';' separated,
// UTF-8 with BOM, Indonesian headers naming each element ("U3 Waktu
// Penyelesaian"), day-first times, sex and service spelled out, every score
// written as text; planted bad rows: a score outside 1-4, an unknown office,
// an impossible date.

// reasonBadScore is the manifest reason of a score outside 1-4.
const reasonBadScore = "bad_score"

var messySurveyHeader = []string{"No Responden", "Unit Layanan", "Tanggal Survei", "Layanan", "Jenis Kelamin", "Usia",
	"Pendidikan", "Pekerjaan", "U1 Persyaratan", "U2 Prosedur", "U3 Waktu Penyelesaian", "U4 Biaya/Tarif", "U5 Produk",
	"U6 Kompetensi Pelaksana", "U7 Perilaku Pelaksana", "U8 Penanganan Pengaduan", "U9 Sarana dan Prasarana", "Saran"}

func (m *messyOutputs) openSurvey(cfg Config, open func(string, string, func(string) (rowWriter, error)) (*messyFile, error),
	csvFile func([]string, csvDialect) func(string) (rowWriter, error)) error {
	f, err := open("survei_kepuasan.csv", KindSurveyResponses, csvFile(messySurveyHeader, csvDialect{comma: ';', bom: true}))
	if err != nil {
		return err
	}
	r := newRand(cfg.Seed, m.w.regionCode, streamSurvey+0x100)
	m.survey = &messySink{o: m, f: f, fileIndex: len(m.files) - 1, tbl: surveyTable, dupRate: 0.003, r: r,
		reasons: []string{reasonBadScore, reasonUnknownOffice, reasonBadDate},
		spell:   m.spellSurvey, corrupt: m.corruptSurvey}
	m.survey.untilBad = int(between(r, 1, 3))
	return nil
}

func (m *messyOutputs) spellSurvey(row []cell) []cell {
	out := slices.Clone(row)
	out[svSubmittedAt] = str(dayFirstTime(row[svSubmittedAt].n))
	out[svSex] = str(map[string]string{"l": "Laki-laki", "p": "Perempuan"}[row[svSex].s])
	if row[svService].s == serviceKTP {
		out[svService] = str("KTP-el")
	}
	for i := svU1; i < svU1+9; i++ {
		if row[i].kind == kindInt {
			out[i] = str(strconv.FormatInt(row[i].n, 10))
		}
	}
	return out
}

func (m *messyOutputs) corruptSurvey(row []cell, reason string, n int) ([]cell, string, string) {
	out := m.spellSurvey(row)
	out[svResponseID] = str("SKM-9" + pad(n, 6))
	var col int
	switch reason {
	case reasonBadScore:
		col = svU1 + n%9
		out[col] = str([]string{"5", "0", "44", "-1"}[n%4])
	case reasonUnknownOffice:
		col = svOfficeCode
		out[col] = str(unknownOffice)
	case reasonBadDate:
		col = svSubmittedAt
		out[col] = str(badDateTime(n, yearOf(row[svSubmittedAt].n)))
	}
	return out, surveyTable.columns[col].name, out[col].s
}
