package synth

import "time"

// Times inside synth are int64 seconds of local wall time since 1970-01-01
// ("wall seconds"), and dates are int64 days since 1970-01-01. The region's
// zone has no daylight saving, so wall time is all the data needs.

const (
	secondsPerDay  = 86400
	secondsPerHour = 3600
	secondsPerMin  = 60
)

// dayOf returns the day number of a wall time.
func dayOf(t int64) int64 {
	if t < 0 {
		return (t - secondsPerDay + 1) / secondsPerDay
	}
	return t / secondsPerDay
}

// dayNumber returns the day number of a calendar date (its zone is ignored).
func dayNumber(t time.Time) int64 {
	y, m, d := t.Date()
	return daysFromCivil(int64(y), int64(m), int64(d))
}

// dateOfDay returns the calendar date of a day number, in UTC.
func dateOfDay(day int64) time.Time {
	y, m, d := civilFromDays(day)
	return time.Date(int(y), time.Month(m), int(d), 0, 0, 0, 0, time.UTC)
}

// daysFromCivil and civilFromDays are Howard Hinnant's algorithms.
func daysFromCivil(y, m, d int64) int64 {
	if m <= 2 {
		y--
	}
	era := y / 400
	if y < 0 && y%400 != 0 {
		era = (y - 399) / 400
	}
	yoe := y - era*400
	mp := (m + 9) % 12
	doy := (153*mp+2)/5 + d - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return era*146097 + doe - 719468
}

func civilFromDays(z int64) (y, m, d int64) {
	z += 719468
	era := z / 146097
	if z < 0 && z%146097 != 0 {
		era = (z - 146096) / 146097
	}
	doe := z - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	y = yoe + era*400
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	d = doy - (153*mp+2)/5 + 1
	if mp < 10 {
		m = mp + 3
	} else {
		m = mp - 9
	}
	if m <= 2 {
		y++
	}
	return
}

// weekday returns 0 for Sunday .. 6 for Saturday.
func weekday(day int64) int {
	w := (day + 4) % 7 // 1970-01-01 was a Thursday
	if w < 0 {
		w += 7
	}
	return int(w)
}

func append2(b []byte, v int64) []byte { return append(b, byte('0'+v/10), byte('0'+v%10)) }

func append4(b []byte, v int64) []byte {
	return append(b, byte('0'+v/1000%10), byte('0'+v/100%10), byte('0'+v/10%10), byte('0'+v%10))
}

// appendDate appends 2006-01-02.
func appendDate(b []byte, day int64) []byte {
	y, m, d := civilFromDays(day)
	b = append4(b, y)
	b = append(b, '-')
	b = append2(b, m)
	b = append(b, '-')
	return append2(b, d)
}

// appendWall appends 2006-01-02 15:04:05.
func appendWall(b []byte, t int64) []byte {
	day := dayOf(t)
	s := t - day*secondsPerDay
	b = appendDate(b, day)
	b = append(b, ' ')
	b = append2(b, s/3600)
	b = append(b, ':')
	b = append2(b, s/60%60)
	b = append(b, ':')
	return append2(b, s%60)
}

func formatWall(t int64) string   { return string(appendWall(nil, t)) }
func formatDate(day int64) string { return string(appendDate(nil, day)) }

// excelEpochDay is 1899-12-30, day zero of Excel's 1900 date system for all
// dates after February 1900.
var excelEpochDay = daysFromCivil(1899, 12, 30)

func excelSerialDate(day int64) int64 { return day - excelEpochDay }

func excelSerialTime(t int64) float64 {
	return float64(t)/secondsPerDay - float64(excelEpochDay)
}
