package synth

import (
	"math/rand/v2"
	"strconv"
	"strings"

	"github.com/disdukcapil-bekasi/pantau/enums"
)

// Complaint texts in Bahasa Indonesia. Every template carries the words a
// keyword classifier needs for its category (blangko/blanko, pungli, dimintai
// uang, petugas tidak ramah, Sitepak error, antre/menunggu, data salah), so a
// row with an empty category can be classified from its text. A few use
// é, – and ’ so that the text encoding of a file matters.
func complaintTemplates(category string) []string {
	switch category {
	case enums.ComplaintCategoryBlanko:
		return []string{
			"blangko KTP habis sudah {n} bulan, kapan KTP saya bisa dicetak?",
			"Sudah rekam e-KTP sejak {bulan} tapi katanya blanko kosong",
			"KTP-el belum jadi karena blangko habis di Kecamatan {kec}",
			"Tolong Disdukcapil, blanko KTP kosong terus, anak saya butuh KTP untuk melamar kerja",
			"Cuma dikasih suket, KTP belum dicetak – blangko habis katanya",
			"Kata petugas ‘blangko belum datang’, sudah {n} minggu menunggu",
			"Blanko KTP-el habis lagi? Sudah bolak-balik ke Kecamatan {kec}",
			"Kapan blangko KTP tersedia? Suket saya sudah mau habis masa berlakunya",
		}
	case enums.ComplaintCategoryEtiquette:
		return []string{
			"petugas tidak ramah di loket Kecamatan {kec}",
			"Petugas bernama {staff} membentak warga yang bertanya, tidak ramah",
			"Pelayanan ketus, petugas tidak ramah dan sibuk main HP",
			"Petugas loket {kec} kasar dan tidak sopan kepada lansia",
			"Sikap petugas tidak ramah – saya dimarahi karena berkas kurang",
		}
	case enums.ComplaintCategoryOnlineService:
		return []string{
			"Sitepak error tidak bisa login",
			"Aplikasi Sitepak tidak bisa diakses sejak pagi, server down",
			"Upload berkas di Sitepak gagal terus, Sitepak error",
			"Sitepak error saat pengajuan akta kelahiran, OTP tidak masuk",
			"Website Sitepak tidak bisa dibuka – mohon diperbaiki",
		}
	case enums.ComplaintCategoryPungli:
		return []string{
			"dimintai uang Rp {amt} oleh oknum di Kecamatan {kec} supaya KTP cepat jadi",
			"Ada calo di depan kantor Kecamatan {kec}, pungli Rp {amt} untuk KK",
			"Oknum petugas minta uang rokok Rp {amt}, ini pungli",
			"Saya dimintai uang Rp {amt} untuk percepatan cetak KTP di {kec}",
		}
	case enums.ComplaintCategoryWaitingTime:
		return []string{
			"Antrean sangat panjang, sudah menunggu {n} jam di Kecamatan {kec}",
			"Nomor antrean habis jam 9 pagi, disuruh datang besok, antre lagi",
			"Pengurusan KK sudah {n} minggu belum selesai, lama sekali",
			"Menunggu akta kelahiran anak sudah {n} minggu, kapan selesai?",
			"Antre dari subuh di MPP – baru dilayani sore, terlalu lama menunggu",
		}
	case enums.ComplaintCategoryDataError:
		return []string{
			"Nama di KK salah ketik, mohon data diperbaiki",
			"Tanggal lahir di akta kelahiran anak saya salah, data salah",
			"Data NIK saya tidak padan di BPJS, mohon perbaikan data",
			"Nama saya André tapi di KTP tertulis Andre, data salah",
			"Alamat di KK tidak sesuai, data salah setelah pindah",
		}
	default:
		return []string{
			"Mohon info syarat pindah domisili ke luar kabupaten",
			"Bagaimana cara mengurus akta kematian orang tua?",
			"Apakah loket MPP buka hari Sabtu?",
			"Mohon info jam pelayanan Disdukcapil di Kecamatan {kec}",
			"Terima kasih, pelayanan di {kec} sekarang lebih cepat",
		}
	}
}

var monthNames = []string{"Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober", "November", "Desember"}

// fillText fills a template's placeholders.
func fillText(r *rand.Rand, tmpl, kec, staff string) string {
	if !strings.Contains(tmpl, "{") {
		return tmpl
	}
	repl := strings.NewReplacer(
		"{n}", strconv.Itoa(int(between(r, 2, 5))),
		"{bulan}", choose(r, monthNames),
		"{kec}", kec,
		"{staff}", staff,
		"{amt}", choose(r, []string{"50.000", "100.000", "150.000", "200.000", "300.000"}),
	)
	return repl.Replace(tmpl)
}

// plant is a complaint text that must appear in every data set: hostile
// markup (the report must show it as text) and personal data (the loader
// must mask it).
type plant struct {
	category string
	text     string // may contain {phone} or {nik}
	redact   string // "", phone_in_text or nik_in_text
}

func plants() []plant {
	return []plant{
		{enums.ComplaintCategoryBlanko, "<script>alert(1)</script> blangko KTP habis terus", ""},
		{enums.ComplaintCategoryEtiquette, `"><img src=x onerror=alert(1)> petugas tidak ramah di loket`, ""},
		{enums.ComplaintCategoryOnlineService, "Sitepak error tidak bisa login </script>", ""},
		{enums.ComplaintCategoryWaitingTime, "{{.}} antrean panjang sekali, sudah menunggu 4 jam", ""},
		{enums.ComplaintCategoryBlanko, "KTP saya belum jadi, blangko habis. Hubungi saya di {phone}", "phone_in_text"},
		{enums.ComplaintCategoryDataError, "Tolong telepon balik ke {phone}, data KK saya salah", "phone_in_text"},
		{enums.ComplaintCategoryWaitingTime, "Sudah menunggu 3 minggu, WA saya {phone} kalau sudah selesai", "phone_in_text"},
		{enums.ComplaintCategoryBlanko, "NIK saya {nik} sudah rekam tapi KTP belum dicetak, blangko habis", "nik_in_text"},
		{enums.ComplaintCategoryDataError, "Mohon cek NIK {nik}, data tidak padan dan salah", "nik_in_text"},
		{enums.ComplaintCategoryWaitingTime, "Atas nama NIK {nik} sudah menunggu lama, KTP belum selesai", "nik_in_text"},
	}
}
