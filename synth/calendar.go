package synth

import "github.com/disdukcapil-bekasi/pantau/reference"

// calendar knows which days the counters are open: Monday to Friday except
// national holidays and cuti bersama (joint leave), from reference.Holidays.
type calendar struct {
	closed map[int64]bool // holidays and cuti bersama by day number; lookups only
}

func newCalendar() (*calendar, error) {
	hs, err := reference.Holidays()
	if err != nil {
		return nil, err
	}
	c := &calendar{closed: make(map[int64]bool, len(hs))}
	for _, h := range hs {
		c.closed[dayNumber(h.Date)] = true
	}
	return c, nil
}

// open reports whether the counters are open on day.
func (c *calendar) open(day int64) bool {
	w := weekday(day)
	return w != 0 && w != 6 && !c.closed[day]
}

// addWorkdays returns the k-th working day after day (k = 0: day itself if
// open, else the next open day).
func (c *calendar) addWorkdays(day int64, k int) int64 {
	if k == 0 {
		for !c.open(day) {
			day++
		}
		return day
	}
	for k > 0 {
		day++
		if c.open(day) {
			k--
		}
	}
	return day
}

// nextOpen returns the first open day after day.
func (c *calendar) nextOpen(day int64) int64 { return c.addWorkdays(day, 1) }
