package etl

import (
	"fmt"

	"github.com/disdukcapil-bekasi/pantau/enums"
)

// SurveyResponses is the citizen satisfaction survey (Survei Kepuasan
// Masyarakat, PermenPANRB 14/2017): one row per questionnaire, the nine
// elements u1..u9 scored 1 to 4 (DESIGN.md §11).
const SurveyResponses Kind = "survey_responses"

// surveyElements are the nine elements of the questionnaire with the header
// names forms give them (normalised as normalizeHeader does: lower case,
// spaces as underscores, dots dropped).
var surveyElements = [9][]string{
	{"persyaratan"},
	{"prosedur", "sistem_mekanisme_dan_prosedur", "sistem,_mekanisme,_dan_prosedur", "sistem,_mekanisme_dan_prosedur", "sistem_mekanisme_prosedur", "mekanisme"},
	{"waktu_penyelesaian", "waktu_pelayanan", "waktu"},
	{"biaya/tarif", "biaya_tarif", "biaya", "tarif"},
	{"produk", "produk_layanan", "produk_spesifikasi_jenis_pelayanan", "produk_pelayanan"},
	{"kompetensi_pelaksana", "kompetensi"},
	{"perilaku_pelaksana", "perilaku"},
	{"penanganan_pengaduan", "penanganan_pengaduan,_saran_dan_masukan", "penanganan_pengaduan_saran_dan_masukan", "pengaduan"},
	{"sarana_dan_prasarana", "sarana_prasarana", "sarana"},
}

// surveySpec is the survey_responses source: the element columns take their
// names (persyaratan, ...), the upper-case U1..U9 of most forms and the two
// together ("U3 Waktu Penyelesaian") as aliases.
func surveySpec() spec {
	cols := []column{
		{name: "response_id", typ: typeID, required: true, aliases: []string{"id_responden", "no_responden", "nomor_responden", "id_survei", "id_kuesioner", "no_kuesioner"}},
		{name: "office_code", typ: typeOffice, required: true, aliases: []string{"kode_kantor", "kantor", "unit_layanan", "unit_pelayanan", "kecamatan"}},
		{name: "submitted_at", typ: typeTimestamp, required: true, aliases: []string{"tanggal_survei", "waktu_pengisian", "tanggal_pengisian", "tanggal", "timestamp"}},
		{name: "service", typ: typeEnum, aliases: []string{"layanan", "jenis_layanan"},
			enum: enums.Service},
		{name: "sex", typ: typeEnum, aliases: []string{"jenis_kelamin", "jk"}, enum: enums.Sex},
		{name: "age_band", aliases: []string{"usia", "umur", "kelompok_umur", "kelompok_usia"}},
		{name: "education", aliases: []string{"pendidikan", "pendidikan_terakhir"}},
		{name: "occupation", aliases: []string{"pekerjaan", "pekerjaan_utama"}},
	}
	for i, names := range surveyElements {
		u := "u" + string(rune('1'+i))
		aliases := append([]string(nil), names...)
		for _, n := range names {
			aliases = append(aliases, u+"_"+n)
		}
		cols = append(cols, column{name: u, typ: typeScore, aliases: aliases})
	}
	cols = append(cols,
		column{name: "suggestion", aliases: []string{"saran", "saran_dan_masukan", "saran_masukan", "kritik_dan_saran", "masukan"}},
		column{name: "region_code", typ: typeCode, aliases: []string{"kode_wilayah"}},
	)
	return spec{
		kind: SurveyResponses, table: "survey_responses", key: []string{"response_id"}, conflict: &surveyConflict,
		markers: []string{"response_id", "submitted_at", "u1", "u2", "u3", "u4", "u5", "u6", "u7", "u8", "u9", "suggestion"},
		columns: cols,
		row:     surveyRow,
	}
}

// surveyConflict: a response keeps its office, and its submitted_at moves by
// at most maxConflictDays (like a complaint).
var surveyConflict = conflictRule{
	cond: fmt.Sprintf(`t.office_code <> n.office_code
		OR abs(epoch(n.submitted_at) - epoch(t.submitted_at)) > %d * 86400`, maxConflictDays),
	reason: `'` + idConflictCode + `: response_id "' || ` + sqlQuoted("n.response_id") + ` || '" is stored for office ' ||
		t.office_code || ', submitted ' || strftime(t.submitted_at, '%Y-%m-%d') ||
		'; this row names office ' || n.office_code || ', submitted ' || strftime(n.submitted_at, '%Y-%m-%d')` + replaceHint,
	again: `'` + idConflictCode + `: response_id "' || ` + sqlQuoted("n.response_id") + ` || '" names office ' ||
		t.office_code || ', submitted ' || strftime(t.submitted_at, '%Y-%m-%d') ||
		' and office ' || n.office_code || ', submitted ' || strftime(n.submitted_at, '%Y-%m-%d')` + againHint,
}

// surveyRow is the warehouse row of a good survey response after its region.
const surveyRow = `v_response_id, v_office_code, v_submitted_at, v_service, v_sex, v_age_band, v_education, v_occupation,
			v_u1, v_u2, v_u3, v_u4, v_u5, v_u6, v_u7, v_u8, v_u9, v_suggestion,
			CASE WHEN r_suggestion IS NOT NULL THEN pantau_classify(r_suggestion) END AS suggestion_topic`
