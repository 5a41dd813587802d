package reports

// distributionMessages holds the labels of the distribution of blanko
// within a regency (distribution.go, the planner's first section):
// [Bahasa Indonesia, English].
var distributionMessages = map[string][2]string{
	"dist.title":      {"Distribusi pekan ini", "This week's distribution"},
	"dist.sent":       {"Untuk pekan %s, %s keping blanko dikirim ke %d kantor.", "For the week of %s, %s blank cards go to %d office(s)."},
	"dist.enough":     {" Dengan kiriman ini tiap kantor cukup sampai kiriman berikutnya.", " With them every office lasts until the next shipment."},
	"dist.spare":      {" %s dapat melepas %s keping tanpa mengurangi kebutuhannya sendiri.", " %s can spare %s cards and keep its own cover."},
	"dist.spare_none": {" %s tidak dapat melepas blanko tanpa mengurangi kebutuhannya sendiri.", " %s has no cards to spare beyond its own cover."},
	"dist.none":       {"Untuk pekan %s tidak ada kantor yang perlu dikirimi blanko.", "For the week of %s no office needs cards."},
	"dist.between": {" %s keping di antaranya dikirim dari kantor yang stoknya lebih dari kebutuhannya.",
		" %s of them come from offices holding more than they need."},
	"dist.urgent": {" %d kantor habis sebelum kiriman pekan depan bila tidak dikirimi sekarang: %s.",
		" %d offices run out before next week's shipment unless sent cards now: %s."},
	"dist.unmet": {" Stok yang dapat dilepas tidak cukup: kurang %s keping, dibagi sebanding kekurangan tiap kantor.",
		" The cards to spare fall short by %s, shared in proportion to what each office lacks."},
	"dist.request": {" Usulan permintaan ke Kemendagri atau provinsi sesudah distribusi: %s keping.",
		" Request to the ministry or province after the distribution: %s cards."},
	"dist.office_need":  {"Kantor ini perlu %s keping dari Dinas pekan ini.", "This office needs %s cards from the Dinas this week."},
	"dist.office_gives": {"Kantor ini dapat mengirim %s keping ke kantor lain pekan ini.", "This office can send %s cards to other offices this week."},
	"dist.office_ok":    {"Kantor ini tidak perlu kiriman dari Dinas pekan ini.", "This office needs no cards from the Dinas this week."},
	"dist.col.send":     {"Kirim", "Send"},
	"dist.col.from":     {"Asal", "From"},
	"dist.col.before":   {"Pekan stok sebelum", "Weeks of stock before"},
	"dist.col.after":    {"Pekan stok sesudah", "Weeks of stock after"},
	"dist.col.out":      {"Habis tanpa kiriman", "Out without cards"},
	"dist.note": {"Kirim: kartu yang diterima kantor (+) atau dikirimnya ke kantor lain (−). Tiap kantor dikirimi sampai stoknya menutup kartu terutang dan kebutuhan selama waktu kirim dan masa tinjau pada tingkat layanan %s; Dinas hanya melepas stok di atas kebutuhannya sendiri. ! = habis sebelum kiriman pekan depan. Kantor yang tidak tercantum tidak perlu kiriman.",
		"Send: cards the office receives (+) or sends to other offices (−). Each office is sent cards until its stock covers its cards owed and its demand over its lead time and review period at a %s service level; the Dinas only lets go of stock above its own cover. ! = runs out before next week's shipment. Offices not listed need no cards."},
	"dist.owed": {"Kartu terutang (%s keping) hanya menghitung permohonan yang sudah siap cetak, ditambah cadangan untuk kartu rusak; tunggakan cetak di laporan mingguan (%s permohonan) juga menghitung permohonan yang baru direkam dan belum siap cetak",
		"Cards owed (%s) counts only applications already ready to print, plus an allowance for spoiled cards; the weekly report's print backlog (%s applications) also counts applications only recorded and not yet ready to print"},
	"dist.owed.larger": {", sehingga angkanya lebih besar.", ", so it is larger."},
	"plan.no_stockout.office": {"Dengan blanko yang sudah dipesan, stok diperkirakan cukup selama %d pekan ke depan. Kebutuhan dari Dinas pekan ini: %s keping.",
		"With the cards on order, the stock is projected to last the next %d weeks. Cards needed from the Dinas this week: %s."},
	"plan.stockout.office": {"Stok blanko diperkirakan habis pada %s (mulai %s), dengan peluang hingga %s. Kebutuhan dari Dinas pekan ini: %s keping.",
		"The blank card stock is projected to run out in %s (from %s), with a chance of up to %s. Cards needed from the Dinas this week: %s."},
}
