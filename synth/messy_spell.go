package synth

import (
	"fmt"
	"slices"
	"strconv"

	"github.com/disdukcapil-bekasi/pantau/enums"
)

// Date and time forms of the messy files.

// dayFirstTime: 07/01/2023 08:08, with seconds (08:08:30) when they are
// not zero, so that no information is lost.
func dayFirstTime(t int64) string {
	day := dayOf(t)
	y, m, d := civilFromDays(day)
	s := t - day*secondsPerDay
	b := append2(nil, d)
	b = append(b, '/')
	b = append2(b, m)
	b = append(b, '/')
	b = append4(b, y)
	b = append(b, ' ')
	b = append2(b, s/3600)
	b = append(b, ':')
	b = append2(b, s/60%60)
	if s%60 != 0 {
		b = append(b, ':')
		b = append2(b, s%60)
	}
	return string(b)
}

// isoOffset: 2023-01-07T08:08:00+07:00, with the offset of the region's
// zone (+07:00 WIB, +08:00 WITA, +09:00 WIT): the same local wall time.
func isoOffset(t int64, offset string) string {
	b := appendWall(nil, t)
	b[10] = 'T'
	return string(append(b, offset...))
}

// indonesianDate: 07 Januari 2023.
func indonesianDate(day int64) string {
	y, m, d := civilFromDays(day)
	return string(append2(nil, d)) + " " + monthNames[m-1] + " " + strconv.FormatInt(y, 10)
}

// dayFirstDate: 07/01/2023.
func dayFirstDate(day int64) string {
	y, m, d := civilFromDays(day)
	b := append2(nil, d)
	b = append(b, '/')
	b = append2(b, m)
	b = append(b, '/')
	return string(append4(b, y))
}

// Indonesian spellings of enum values, as offices write them.
func indonesianStage(s string) string {
	switch s {
	case stageSubmitted:
		return "pengajuan"
	case stageRecorded:
		return "perekaman"
	case stagePrintReady:
		return "siap_cetak"
	case stagePrinted:
		return "cetak"
	case stageIssued:
		return "diserahkan"
	case stageInterim:
		return "suket"
	case stageSpoiled:
		return "rusak"
	case stageRejected:
		return "ditolak"
	case stageCancelled:
		return "batal"
	case stageIKDActivated:
		return "aktivasi_ikd"
	}
	return s
}

func indonesianChannel(c string) string {
	switch c {
	case "counter":
		return "loket"
	case "online":
		return "daring"
	case "mobile":
		return "jemput_bola"
	}
	return c
}

func indonesianStatus(s string) string {
	switch s {
	case enums.ComplaintStatusOpen:
		return "baru"
	case enums.ComplaintStatusInProgress:
		return "diproses"
	case enums.ComplaintStatusResolved:
		return "selesai"
	case "rejected":
		return "ditolak"
	}
	return s
}

func yearOf(t int64) int64 {
	y, _, _ := civilFromDays(dayOf(t))
	return y
}

// badDateTime is an impossible timestamp in one of the forms offices use.
func badDateTime(n int, year int64) string {
	switch n % 3 {
	case 0:
		return fmt.Sprintf("31/02/%d 08:15", year)
	case 1:
		return fmt.Sprintf("%d-13-01 08:15:00", year)
	default:
		return fmt.Sprintf("%d-02-30 10:00:00", year)
	}
}

func badDate(n int, year int64) string {
	if n%2 == 0 {
		return fmt.Sprintf("31/02/%d", year)
	}
	return fmt.Sprintf("%d-13-01", year)
}

const unknownOffice = "KEC-99"

// service_events.csv

func (m *messyOutputs) spellEvent(row []cell) []cell {
	out := slices.Clone(row)
	switch u := m.r.Float64(); {
	case u < 0.15:
		out[seEventTime] = str(dayFirstTime(row[seEventTime].n))
	case u < 0.30:
		out[seEventTime] = str(isoOffset(row[seEventTime].n, m.w.offset))
	default:
		out[seEventTime] = str(formatWall(row[seEventTime].n))
	}
	if m.r.Float64() < 0.2 {
		out[seStage] = str(indonesianStage(row[seStage].s))
		out[seChannel] = str(indonesianChannel(row[seChannel].s))
	}
	return out
}

func (m *messyOutputs) corruptEvent(row []cell, reason string, n int) ([]cell, string, string) {
	out := m.spellEvent(row)
	out[seEventID] = str("E" + strconv.Itoa(900000000+n))
	if id := row[seApplicationID].s; len(id) > 6 {
		out[seApplicationID] = str(id[:len(id)-6] + "9" + pad(n, 5))
	}
	var col int
	switch reason {
	case reasonBadDate:
		col = seEventTime
		out[col] = str(badDateTime(n, yearOf(row[seEventTime].n)))
	case reasonUnknownOffice:
		col = seOfficeCode
		out[col] = str(unknownOffice)
	case reasonBadNIK:
		col = seNIK
		out[col] = str(row[seNIK].s[:15])
	case reasonMissingRequired:
		col = seApplicationID
		out[col] = cell{}
	}
	return out, serviceEventsTable.columns[col].name, out[col].s
}

// blanko_deliveries.xlsx

func (m *messyOutputs) spellLedgerDate(c cell) cell {
	if c.kind != kindDate {
		return c
	}
	switch u := m.r.Float64(); {
	case u < 0.6:
		return c
	case u < 0.8:
		return num(excelSerialDate(c.n)) // a date cell that lost its format
	case u < 0.9:
		return str(indonesianDate(c.n))
	default:
		return str(dayFirstDate(c.n))
	}
}

func (m *messyOutputs) spellDelivery(row []cell) []cell {
	out := slices.Clone(row)
	out[dlRequestedAt] = m.spellLedgerDate(row[dlRequestedAt])
	out[dlReceivedAt] = m.spellLedgerDate(row[dlReceivedAt])
	return out
}

func (m *messyOutputs) corruptDelivery(row []cell, reason string, n int) ([]cell, string, string) {
	base := slices.Clone(row)
	base[dlDeliveryID] = str(row[dlDeliveryID].s + "-B" + strconv.Itoa(n))
	if base[dlReceivedAt].kind == kindNull { // an order: make it a delivery
		base[dlReceivedAt] = base[dlRequestedAt]
		base[dlQuantityReceived] = base[dlQuantityRequested]
	}
	if reason == reasonNegativeQuantity {
		if base[dlSource].s == "transfer" {
			base[dlSource] = str("kemendagri")
		}
		q := base[dlQuantityReceived].n
		if q < 0 {
			q = -q
		}
		if q == 0 {
			q = 50
		}
		base[dlQuantityReceived] = num(-q)
	}
	out := m.spellDelivery(base)
	var col int
	switch reason {
	case reasonNegativeQuantity:
		col = dlQuantityReceived
		return out, deliveriesTable.columns[col].name, strconv.FormatInt(out[col].n, 10)
	case reasonUnknownOffice:
		col = dlOfficeCode
		out[col] = str(unknownOffice)
	case reasonBadDate:
		col = dlReceivedAt
		y, _, _ := civilFromDays(base[dlReceivedAt].n)
		out[col] = str(badDate(n, y))
	}
	return out, deliveriesTable.columns[col].name, out[col].s
}

// blanko_stock_counts.xlsx: kode_kantor, kecamatan, tanggal_opname, stok.

func (m *messyOutputs) spellStockCount(row []cell) []cell {
	out := make([]cell, 4)
	code := row[scOfficeCode].s
	out[0] = str(code)
	for _, o := range m.w.offices {
		if o.Code == code && o.kecIndex >= 0 {
			k := m.w.kecamatan[o.kecIndex]
			out[0] = cell{}
			if m.r.Float64() < 0.2 || len(k.aliases) == 0 {
				out[1] = str("Kec. " + k.Name)
			} else {
				out[1] = str(choose(m.r, k.aliases))
			}
			break
		}
	}
	out[2] = row[scCountedAt]
	if m.r.Float64() < 0.3 {
		out[2] = str(indonesianDate(row[scCountedAt].n))
	}
	out[3] = row[scQuantityOnHand]
	return out
}

func (m *messyOutputs) corruptStockCount(row []cell, reason string, n int) ([]cell, string, string) {
	base := slices.Clone(row)
	base[scCountedAt] = dateCell(row[scCountedAt].n + 1) // not a real count day
	if reason == reasonNegativeQuantity {
		base[scQuantityOnHand] = num(-between(m.r, 1, 20))
	}
	out := m.spellStockCount(base)
	if reason == reasonNegativeQuantity {
		return out, "quantity_on_hand", strconv.FormatInt(out[3].n, 10)
	}
	y, _, _ := civilFromDays(base[scCountedAt].n)
	out[2] = str(badDate(n, y))
	return out, "counted_at", out[2].s
}

// complaints.csv

func (m *messyOutputs) spellTime(c cell) cell {
	if c.kind != kindTime {
		return c
	}
	if m.r.Float64() < 0.5 {
		return str(isoOffset(c.n, m.w.offset))
	}
	return str(dayFirstTime(c.n))
}

func (m *messyOutputs) spellComplaint(row []cell) []cell {
	out := slices.Clone(row)
	out[cpReceivedAt] = str(dayFirstTime(row[cpReceivedAt].n))
	out[cpFirstResponseAt] = m.spellTime(row[cpFirstResponseAt])
	out[cpResolvedAt] = m.spellTime(row[cpResolvedAt])
	if m.r.Float64() < 0.3 {
		out[cpStatus] = str(indonesianStatus(row[cpStatus].s))
	}
	if row[cpChannel].s == "counter" && m.r.Float64() < 0.5 {
		out[cpChannel] = str("loket")
	}
	return out
}

// splitComplaint writes some resolved complaints as still in progress and
// re-sends their final state in complaints_update.csv (same id: an update).
func (m *messyOutputs) splitComplaint(update *messyFile, row, spelled []cell) ([]cell, error) {
	if row[cpStatus].s != enums.ComplaintStatusResolved || row[cpFirstResponseAt].kind == kindNull || m.r.Float64() >= 0.1 {
		return spelled, nil
	}
	if _, err := update.write(row); err != nil {
		return nil, err
	}
	status := enums.ComplaintStatusInProgress
	if spelled[cpStatus].s != row[cpStatus].s {
		status = indonesianStatus(status)
	}
	spelled[cpStatus] = str(status)
	spelled[cpResolvedAt] = cell{}
	return spelled, nil
}

func (m *messyOutputs) corruptComplaint(row []cell, reason string, n int) ([]cell, string, string) {
	out := m.spellComplaint(row)
	// A new id beside the real row's (the bad copy must not replace it):
	// unique in every period because the real id is.
	out[cpComplaintID] = str(row[cpComplaintID].s + "-X" + strconv.Itoa(n))
	var col int
	switch reason {
	case reasonBadDate:
		col = cpReceivedAt
		out[col] = str(badDateTime(n, yearOf(row[cpReceivedAt].n)))
	case reasonUnknownOffice:
		col = cpOfficeCode
		out[col] = str(unknownOffice)
	}
	return out, complaintsTable.columns[col].name, out[col].s
}
