package synth

import (
	"fmt"
	"math/rand/v2"
	"strconv"

	"github.com/disdukcapil-bekasi/pantau/reference"
)

// nik builds a 16-digit NIK: 3216, the two digits of the kecamatan, the
// birth date as DDMMYY (day + 40 for women) and four serial digits.
func (w *world) nik(r *rand.Rand, kec int, birthDay int64) string {
	y, m, d := civilFromDays(birthDay)
	if r.IntN(2) == 0 {
		d += 40
	}
	b := make([]byte, 0, 16)
	b = append(b, w.regionCode...)
	b = append(b, w.kecamatan[kec].number...)
	b = append2(b, d)
	b = append2(b, m)
	b = append2(b, y%100)
	b = append4(b, between(r, 1, 9999))
	return string(b)
}

// birthDay draws a birth date for someone aged between minAge and maxAge on day.
func birthDay(r *rand.Rand, day int64, minAge, maxAge int) int64 {
	lo := day - int64(maxAge+1)*365 + 1
	hi := day - int64(minAge)*365
	return between(r, lo, hi)
}

var firstNames = []string{
	"Agus", "Budi", "Dedi", "Eko", "Fajar", "Hendra", "Iwan", "Joko", "Rudi", "Slamet",
	"Asep", "Ujang", "Dadang", "Yayan", "Rizky", "Andi", "Bambang", "Teguh", "Wahyu", "Yusuf",
	"Siti", "Dewi", "Rina", "Sri", "Nurul", "Lina", "Yuli", "Wati", "Ratna", "Euis",
	"Neneng", "Ayu", "Putri", "Fitri", "Indah", "Maya", "Rani", "Tuti", "Lilis", "Dian",
}

var lastNames = []string{
	"Setiawan", "Hidayat", "Saputra", "Kurniawan", "Wijaya", "Santoso", "Nugroho", "Pratama",
	"Suryadi", "Hermawan", "Rahmawati", "Lestari", "Susanti", "Handayani", "Kusuma", "Permana",
	"Sulaeman", "Supriatna", "Ramdani", "Maulana", "Nurhayati", "Fauziah", "Gunawan", "Firmansyah",
}

// staffPerOffice is how many officers each kind of office has.
func staffPerOffice(officeType string) int {
	switch officeType {
	case officeDinas:
		return 16
	case officeMPP:
		return 6
	case officeMobile:
		return 2
	default:
		return 4
	}
}

// addStaff gives every office its officers, numbered P-0001.. in office
// order (9171-P-0001.. outside Kabupaten Bekasi, see ids.go).
func (w *world) addStaff(r *rand.Rand) {
	for i := range w.offices {
		n := staffPerOffice(w.offices[i].Type)
		for range n {
			id := "P-" + fmt.Sprintf("%04d", len(w.staff)+1)
			if w.regionCode != reference.RegionCode {
				id = w.regionCode + "-" + id
			}
			name := choose(r, firstNames) + " " + choose(r, lastNames)
			w.offices[i].staff = append(w.offices[i].staff, len(w.staff))
			w.staff = append(w.staff, staffMember{id: id, name: name, office: i})
		}
	}
}

// phoneNumber draws an Indonesian mobile number written 0812-3456-7890.
func phoneNumber(r *rand.Rand) string {
	prefixes := []string{"0812", "0813", "0821", "0852", "0857", "0878", "0896"}
	return choose(r, prefixes) + "-" + strconv.Itoa(int(between(r, 1000, 9999))) + "-" + strconv.Itoa(int(between(r, 1000, 9999)))
}
