package reports

import (
	"fmt"
	"strings"
)

// methodName describes a forecasting method for readers: "combt+theta"
// is "rata-rata dari nilai tengah empat metode pemulusan dan metode
// Theta"; an unknown name is kept.
func methodName(l Lang, model string) string {
	parts := strings.Split(model, "+")
	names := make([]string, len(parts))
	for i, p := range parts {
		key := "method." + p
		if names[i] = l.T(key); names[i] == key {
			return model
		}
	}
	if len(names) == 1 {
		return names[0]
	}
	return l.Tf("method.join", joinID(l, names))
}

// weekRange writes a range of ISO weeks, "2023-W22..2023-W25", for
// readers: "Pekan 22–25/2023", across a year "Pekan 50/2022–3/2023".
func weekRange(l Lang, r string) string {
	from, to, ok := strings.Cut(r, "..")
	a, errA := parseISOWeek(from)
	b, errB := parseISOWeek(to)
	if !ok || errA != nil || errB != nil {
		return r
	}
	ya, wa := a.ISOWeek()
	yb, wb := b.ISOWeek()
	if ya == yb {
		return fmt.Sprintf("%s %d–%d/%d", l.T("week"), wa, wb, yb)
	}
	return fmt.Sprintf("%s %d/%d–%d/%d", l.T("week"), wa, ya, wb, yb)
}
