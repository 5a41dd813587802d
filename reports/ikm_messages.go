package reports

// ikmMessages are the labels of the IKM report and the weekly report's IKM
// card: [Bahasa Indonesia, English]. Element, grade and regulation names come
// from ikm/ikm.yaml.
var ikmMessages = map[string][2]string{
	"ikm.title":   {"Indeks Kepuasan Masyarakat (IKM)", "Citizen satisfaction index (IKM)"},
	"ikm.footer":  {"Survei Kepuasan Masyarakat menurut %s. Sampel minimal menurut Krejcie–Morgan (tingkat kepercayaan 95%%, galat 5%%) dari jumlah permohonan yang dilayani kantor pada periode ini.", "Citizen satisfaction survey under %s. Minimum sample by Krejcie–Morgan (95%% confidence, 5%% error) for the applications the office served in the period."},
	"ikm.summary": {"Ringkasan", "Summary"},
	"ikm.none":    {"Belum ada jawaban survei pada periode ini.", "No survey response in this period."},
	"ikm.alerts":  {"Perlu perhatian: penurunan sejak periode sebelumnya", "Needs attention: falls since the previous period"},
	"ikm.method":  {"Nilai IKM = jumlah dari bobot × nilai rata-rata tiap unsur (skala 1–4) × 25, dibulatkan dua desimal sekali; mutu dibaca dari nilai yang dibulatkan. Mengikuti %s, %s.", "IKM = the sum of weight × each element's mean score (scale 1–4) × 25, rounded to two decimals once; the grade is read from the rounded value. Follows %s, %s."},

	"ikm.weight.exact":   {"bobot tiap unsur 1/9", "each element weighted 1/9"},
	"ikm.weight.rounded": {"bobot tiap unsur 0,111 (pembulatan dalam peraturan)", "each element weighted 0.111 (the regulation's rounding)"},

	"ikm.card.index":     {"IKM wilayah", "Region's IKM"},
	"ikm.card.responses": {"Responden", "Respondents"},
	"ikm.card.weakest":   {"Unsur terlemah", "Weakest element"},

	"ikm.sample.unknown": {"tidak ada data layanan untuk menghitung sampel minimal", "no service data to size the minimum sample"},
	"ikm.sample.ok":      {"cukup (minimal %s)", "sufficient (minimum %s)"},
	"ikm.sample.short":   {"kurang dari minimal %s; batas galat ±%s; tidak diperingkat", "below the minimum of %s; margin of error ±%s; not ranked"},

	"ikm.ranking":       {"IKM per kantor", "IKM by office"},
	"ikm.ranking.note":  {"Kantor dengan sampel cukup diperingkat menurut IKM; kantor dengan sampel kurang ditampilkan di bawahnya tanpa peringkat.", "Offices whose sample suffices are ranked by IKM; offices below their minimum sample follow, unranked."},
	"ikm.col.rank":      {"Peringkat", "Rank"},
	"ikm.col.index":     {"IKM", "IKM"},
	"ikm.col.grade":     {"Mutu", "Grade"},
	"ikm.col.responses": {"Responden", "Respondents"},
	"ikm.col.sample":    {"Kecukupan sampel", "Sample"},

	"ikm.elements":            {"Nilai per unsur pelayanan (wilayah)", "Score per service element (region)"},
	"ikm.elements.caption":    {"NRR (nilai rata-rata, skala 1–4) dihitung dari responden yang mengisi unsur tersebut.", "NRR (mean score, scale 1–4) over the respondents who scored the element."},
	"ikm.chart.elements":      {"Nilai unsur (NRR × 25)", "Element score (NRR × 25)"},
	"ikm.chart.elements.note": {"Mutu: A ≥ 88,31; B ≥ 76,61; C ≥ 65,00; D di bawahnya.", "Grade: A ≥ 88.31; B ≥ 76.61; C ≥ 65.00; D below."},
	"ikm.s.score":             {"Nilai unsur", "Element score"},
	"ikm.axis.score":          {"NRR × 25", "NRR × 25"},
	"ikm.col.element":         {"Unsur", "Element"},
	"ikm.col.score":           {"NRR × 25", "NRR × 25"},
	"ikm.col.scored":          {"Responden yang mengisi", "Respondents who scored it"},

	"ikm.weakest":         {"Unsur terlemah per kantor dan angka operasional di baliknya", "Weakest element per office and the operational figure behind it"},
	"ikm.weakest.note":    {"Waktu penyelesaian (u3) di samping median waktu rekam sampai cetak, produk (u5) di samping pekan stok blanko habis, perilaku pelaksana (u7) di samping pengaduan etika, penanganan pengaduan (u8) di samping ketepatan SLA pengaduan; semuanya untuk periode yang sama.", "Completion time (u3) beside the median recording-to-print time, product (u5) beside the weeks out of blanko, staff conduct (u7) beside etiquette complaints, complaint handling (u8) beside the complaint SLA; all for the same period."},
	"ikm.col.weakest":     {"Unsur terlemah", "Weakest element"},
	"ikm.col.operational": {"Angka operasional", "Operational figure"},
	"ikm.col.value":       {"Nilai", "Value"},
	"ikm.no_figure":       {"tidak ada data", "no data"},

	"ikm.profile":              {"Profil responden dan saran", "Respondents and suggestions"},
	"ikm.profile.sex":          {"Jenis kelamin", "Sex"},
	"ikm.profile.age_band":     {"Usia", "Age"},
	"ikm.profile.education":    {"Pendidikan", "Education"},
	"ikm.profile.occupation":   {"Pekerjaan", "Occupation"},
	"ikm.col.answer":           {"Jawaban", "Answer"},
	"ikm.blank":                {"(tidak diisi)", "(blank)"},
	"ikm.sex.l":                {"Laki-laki", "Male"},
	"ikm.sex.p":                {"Perempuan", "Female"},
	"ikm.topics":               {"Saran menurut topik", "Suggestions by topic"},
	"ikm.topics.note":          {"Topik dari kamus kata kunci pengaduan. Isi saran tidak ditampilkan karena dapat memuat nama petugas.", "Topics from the complaint keyword dictionary. The texts are not shown: they may name staff."},
	"ikm.col.topic":            {"Topik", "Topic"},
	"ikm.col.suggestions":      {"Saran", "Suggestions"},
	"ikm.topic.blanko":         {"Blanko KTP-el", "Blank cards"},
	"ikm.topic.etiquette":      {"Sikap petugas", "Staff conduct"},
	"ikm.topic.online_service": {"Layanan daring", "Online service"},
	"ikm.topic.pungli":         {"Pungutan liar", "Illegal levies"},
	"ikm.topic.waiting_time":   {"Waktu tunggu", "Waiting time"},
	"ikm.topic.data_error":     {"Kesalahan data", "Data errors"},
	"ikm.topic.other":          {"Lainnya", "Other"},

	"ikm.alert.index":   {"%s: IKM turun dari %s ke %s (dibanding %s).", "%s: IKM fell from %s to %s (against %s)."},
	"ikm.alert.element": {"%s: %s turun dari %s ke %s (dibanding %s).", "%s: %s fell from %s to %s (against %s)."},
	"ikm.change":        {"%s dari %s", "%s on %s"},
	"ikm.change.same":   {"= sama dengan %s", "= same as %s"},
	"period.semester":   {"Semester %d %d", "Semester %d %d"},
	"period.quarter":    {"Triwulan %d %d", "Quarter %d %d"},

	"ikm.weekly.more":    {"dan %d penurunan survei lain (lihat laporan IKM).", "and %d more survey falls (see the IKM report)."},
	"ikm.weekly.card":    {"IKM %s", "IKM %s"},
	"ikm.weekly.weakest": {"terlemah: %s", "weakest: %s"},
}
