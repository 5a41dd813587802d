package synth

// cellKind is the type of one value in a row.
type cellKind uint8

const (
	kindNull   cellKind = iota
	kindString          // s
	kindInt             // n
	kindTime            // n = seconds since 1970-01-01 00:00 local wall time (no zone)
	kindDate            // n = days since 1970-01-01
)

// cell is one value of a row. Times are local wall time of the region held
// as if they were UTC, so no time zone conversion ever happens.
type cell struct {
	kind cellKind
	s    string
	n    int64
}

func str(s string) cell {
	if s == "" {
		return cell{}
	}
	return cell{kind: kindString, s: s}
}
func num(n int64) cell        { return cell{kind: kindInt, n: n} }
func wallTime(t int64) cell   { return cell{kind: kindTime, n: t} }
func dateCell(day int64) cell { return cell{kind: kindDate, n: day} }

// column is one column of a table in canonical order.
type column struct {
	name string
	kind cellKind
}

// table describes one output kind.
type table struct {
	kind    string // service_events, ...
	columns []column
}

// Output kinds, in the order Summary.Files lists them.
const (
	KindServiceEvents     = "service_events"
	KindBlankoDeliveries  = "blanko_deliveries"
	KindBlankoStockCounts = "blanko_stock_counts"
	KindComplaints        = "complaints"
	KindSurveyResponses   = "survey_responses"
)

var (
	serviceEventsTable = table{KindServiceEvents, []column{
		{"event_id", kindString}, {"application_id", kindString}, {"event_time", kindTime},
		{"service", kindString}, {"request_type", kindString}, {"stage", kindString},
		{"interim_type", kindString}, {"office_code", kindString}, {"channel", kindString},
		{"staff_id", kindString}, {"nik", kindString},
	}}
	deliveriesTable = table{KindBlankoDeliveries, []column{
		{"delivery_id", kindString}, {"office_code", kindString}, {"requested_at", kindDate},
		{"quantity_requested", kindInt}, {"received_at", kindDate}, {"quantity_received", kindInt},
		{"source", kindString}, {"reference", kindString},
	}}
	stockCountsTable = table{KindBlankoStockCounts, []column{
		{"office_code", kindString}, {"counted_at", kindDate}, {"quantity_on_hand", kindInt},
	}}
	complaintsTable = table{KindComplaints, []column{
		{"complaint_id", kindString}, {"received_at", kindTime}, {"channel", kindString},
		{"category", kindString}, {"tier", kindString}, {"office_code", kindString},
		{"staff_ref", kindString}, {"text", kindString}, {"first_response_at", kindTime},
		{"resolved_at", kindTime}, {"status", kindString},
	}}
)

// Column positions used by the generator and the messy writer.
const (
	seEventID = iota
	seApplicationID
	seEventTime
	seService
	seRequestType
	seStage
	seInterimType
	seOfficeCode
	seChannel
	seStaffID
	seNIK
)

const (
	dlDeliveryID = iota
	dlOfficeCode
	dlRequestedAt
	dlQuantityRequested
	dlReceivedAt
	dlQuantityReceived
	dlSource
	dlReference
)

const (
	scOfficeCode = iota
	scCountedAt
	scQuantityOnHand
)

const (
	cpComplaintID = iota
	cpReceivedAt
	cpChannel
	cpCategory
	cpTier
	cpOfficeCode
	cpStaffRef
	cpText
	cpFirstResponseAt
	cpResolvedAt
	cpStatus
)
