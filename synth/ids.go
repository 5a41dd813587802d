package synth

import (
	"strconv"

	"github.com/disdukcapil-bekasi/pantau/reference"
)

// Every generated id is built from the local date the row belongs to and a
// counter within that day, and all but event ids from the region code too
// (applications: 3216-20230107-000001; complaints: ADU-3216-20230107-001).
// So the ids of two disjoint periods never meet, however the periods were
// generated, and a region's ids depend only on the seed and its own code.
//
// Event ids are the one id of millions of rows: E + YYMMDD + a five-digit
// counter (E23010700001) stays within the 12 bytes DuckDB keeps inline,
// which the load's merge by id is measured with. Kabupaten Bekasi's carry
// no region code; every other region puts its code in front
// (9171E23010700001), and so do its officers' ids (9171-P-0001, Bekasi's
// P-0001), so regions never collide.

// dayID returns prefix-region-YYYYMMDD-seq, seq zero-padded to width.
func dayID(prefix, region string, day int64, seq, width int) string {
	b := make([]byte, 0, len(prefix)+len(region)+12+width)
	if prefix != "" {
		b = append(b, prefix...)
		b = append(b, '-')
	}
	b = append(b, region...)
	b = append(b, '-')
	y, m, d := civilFromDays(day)
	b = append4(b, y)
	b = append2(b, m)
	b = append2(b, d)
	b = append(b, '-')
	s := strconv.Itoa(seq)
	for i := len(s); i < width; i++ {
		b = append(b, '0')
	}
	return string(append(b, s...))
}

// eventID returns E + YYMMDD + seq zero-padded to five digits, after the
// region code for regions other than Kabupaten Bekasi.
func eventID(region string, day int64, seq int) string {
	b := make([]byte, 0, 16)
	if region != reference.RegionCode {
		b = append(b, region...)
	}
	b = append(b, 'E')
	y, m, d := civilFromDays(day)
	b = append2(b, y%100)
	b = append2(b, m)
	b = append2(b, d)
	s := strconv.Itoa(seq)
	for i := len(s); i < 5; i++ {
		b = append(b, '0')
	}
	return string(append(b, s...))
}

// dayCounter numbers the rows of one day from 1; a new day starts again.
type dayCounter struct {
	day int64
	n   int
}

func (c *dayCounter) next(day int64) int {
	if c.n == 0 || c.day != day {
		c.day, c.n = day, 0
	}
	c.n++
	return c.n
}
