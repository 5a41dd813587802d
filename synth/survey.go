package synth

import (
	"math"
	"math/rand/v2"
	"strconv"
)

// The citizen satisfaction survey (Survei Kepuasan Masyarakat): a few
// percent of the visits to an office end with the nine-element questionnaire
// (u1..u9, scores 1-4), filled in at the counter by QR code or online after
// a Sitepak submission. The scores tell the same story as the other data:
//   - the desks whose officers draw etiquette complaints (the complaints'
//     problem staff at KEC-06, KEC-08, KEC-02, KEC-19) score lower on u7
//     (perilaku pelaksana), the worst the most;
//   - during the blanko shortage, October 2022 to January 2023, u3 (waktu
//     penyelesaian) and u5 (produk) fall, most for KTP-el respondents;
//   - u8 (penanganan pengaduan) is left blank by most who never complained,
//     other elements now and then.
// Responses are drawn from their own random stream, so the other files are
// the same with or without them.

// surveyShare is the chance that a visit ends with a response.
const surveyShare = 0.08

var surveyTable = table{KindSurveyResponses, []column{
	{"response_id", kindString}, {"office_code", kindString}, {"submitted_at", kindTime}, {"service", kindString},
	{"sex", kindString}, {"age_band", kindString}, {"education", kindString}, {"occupation", kindString},
	{"u1", kindInt}, {"u2", kindInt}, {"u3", kindInt}, {"u4", kindInt}, {"u5", kindInt},
	{"u6", kindInt}, {"u7", kindInt}, {"u8", kindInt}, {"u9", kindInt}, {"suggestion", kindString},
}}

// Column positions of surveyTable.
const (
	svResponseID = iota
	svOfficeCode
	svSubmittedAt
	svService
	svSex
	svAgeBand
	svEducation
	svOccupation
	svU1
)

const svSuggestion = svU1 + 9

var (
	surveyAgeBands    = []string{"17-25", "26-35", "36-45", "46-55", "56+"}
	surveyAgeWeights  = []float64{24, 28, 22, 16, 10}
	surveyEducation   = []string{"SD", "SMP", "SMA/SMK", "D3", "S1", "S2"}
	surveyEduWeights  = []float64{10, 16, 44, 8, 19, 3}
	surveyOccupations = []string{"Karyawan swasta", "Wiraswasta", "Ibu rumah tangga", "Pelajar/mahasiswa", "PNS/TNI/Polri", "Buruh", "Lainnya"}
	surveyOccWeights  = []float64{30, 18, 18, 12, 6, 10, 6}
	// surveyMeans are the usual mean scores of u1..u9 (u4, biaya: the service is free).
	surveyMeans = [9]float64{3.35, 3.25, 3.15, 3.75, 3.3, 3.3, 3.3, 3.05, 3.15}
)

// surveyState holds what the survey draws from.
type surveyState struct {
	r   *rand.Rand
	ids dayCounter
	row []cell
	// u7Penalty lowers the u7 mean per office: the offices of the
	// complaints' problem staff, the worst first.
	u7Penalty []float64
}

func (g *generator) initSurvey() {
	s := &g.survey
	s.r = newRand(g.cfg.Seed, g.w.regionCode, streamSurvey)
	s.row = make([]cell, len(surveyTable.columns))
	s.u7Penalty = make([]float64, len(g.w.offices))
	for i, st := range g.complaints.problemStaff {
		s.u7Penalty[g.w.staff[st].office] += []float64{0.9, 0.7, 0.5, 0.35}[min(i, 3)]
	}
}

// surveyVisit decides whether the visit ev ends with a response and writes it.
// A visit is an event the applicant attends: submitting, recording, taking
// the card or a Suket, activating the IKD.
func (g *generator) surveyVisit(ev *event) error {
	switch ev.stage {
	case stagePrintReady, stagePrinted, stageSpoiled:
		return nil // back office
	}
	s := &g.survey
	r := s.r
	if r.Float64() >= surveyShare {
		return nil
	}
	row := s.row
	row[svResponseID] = str(dayID("SKM", g.w.regionCode, g.day, s.ids.next(g.day), 4))
	row[svOfficeCode] = str(g.w.offices[ev.office].Code)
	at := ev.at
	if ev.channel != channelOnline {
		at += between(r, 2, 40) * secondsPerMin
	}
	row[svSubmittedAt] = wallTime(at)
	row[svService] = str(ev.a.service)
	row[svSex] = str([]string{"l", "p", ""}[pick(r, []float64{48, 49, 3})])
	row[svAgeBand] = str(surveyAgeBands[pick(r, surveyAgeWeights)])
	row[svEducation] = str(surveyEducation[pick(r, surveyEduWeights)])
	row[svOccupation] = str(surveyOccupations[pick(r, surveyOccWeights)])
	if r.Float64() < 0.05 {
		row[svAgeBand], row[svEducation], row[svOccupation] = cell{}, cell{}, cell{}
	}

	day := at / secondsPerDay
	shortage := day >= daysFromCivil(2022, 10, 1) && day < daysFromCivil(2023, 2, 1)
	var scores [9]int
	for i, mean := range surveyMeans {
		switch {
		case i == 6:
			mean -= s.u7Penalty[ev.office]
		case shortage && (i == 2 || i == 4):
			mean -= 0.55
			if ev.a.service == serviceKTP {
				mean -= 0.45
			}
		}
		scores[i] = surveyScore(r, mean)
		blank := 0.01
		if i == 7 {
			blank = 0.45
		}
		if r.Float64() < blank {
			scores[i] = 0
		}
		row[svU1+i] = cell{}
		if scores[i] > 0 {
			row[svU1+i] = num(int64(scores[i]))
		}
	}
	row[svSuggestion] = str(g.surveySuggestion(r, scores))
	return g.out.survey.emit(row, "")
}

// surveyScore draws a score 1..4 around mean.
func surveyScore(r *rand.Rand, mean float64) int {
	v := math.Round(mean + 0.62*r.NormFloat64())
	return int(max(1, min(4, v)))
}

// surveySuggestion writes a suggestion about the weakest element, or none.
func (g *generator) surveySuggestion(r *rand.Rand, scores [9]int) string {
	if r.Float64() >= 0.3 {
		return ""
	}
	weakest, low := -1, 5
	for i, v := range scores {
		if v > 0 && v < low {
			weakest, low = i, v
		}
	}
	var options []string
	switch {
	case low >= 4:
		options = []string{"Pelayanan sudah baik, terima kasih", "Terima kasih, petugas sigap", "Pertahankan pelayanannya"}
	case weakest == 2 || weakest == 4:
		options = []string{"Blangko KTP sering habis, mohon ditambah", "KTP sudah 3 bulan belum jadi, blangko kosong terus",
			"Mohon kepastian kapan blanko tersedia", "Antrean cetak KTP terlalu lama"}
	case weakest == 6:
		options = []string{"Petugas kurang ramah dan judes", "Petugas loket main HP saat melayani", "Mohon petugas lebih sopan"}
	case weakest == 1 || weakest == 0:
		options = []string{"Alur pelayanan membingungkan", "Persyaratan berbeda-beda tiap petugas", "Aplikasi Sitepak sering error"}
	case weakest == 8:
		options = []string{"Ruang tunggu panas dan sempit", "Tempat parkir kurang", "Kursi tunggu kurang"}
	default:
		options = []string{"Antrean terlalu lama", "Mohon ditambah loket", "Pengaduan lambat ditanggapi"}
	}
	text := options[r.IntN(len(options))]
	if r.Float64() < 0.03 {
		text += ", hubungi saya di 0812" + strconv.Itoa(10000000+r.IntN(89999999))
	}
	return text
}
