package synth

import "strconv"

// Every generated id is built from the region code, the local date the row
// belongs to and a counter within that day (applications:
// 3216-20230107-000001; events: E-3216-20230107-000001). So the ids of two
// disjoint periods never meet, however the periods were generated, and a
// region's ids depend only on the seed and its own code.

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
