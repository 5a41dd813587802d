package etl

import (
	"fmt"

	"github.com/disdukcapil-bekasi/pantau/enums"
)

// Kind names one of the input sources of the data contract.
type Kind string

// The input sources of DESIGN.md §3.
const (
	ServiceEvents     Kind = "service_events"
	BlankoDeliveries  Kind = "blanko_deliveries"
	BlankoStockCounts Kind = "blanko_stock_counts"
	Complaints        Kind = "complaints"
)

// kinds is the table of input kinds, in load order: reference-like
// sources first. Adding a kind is one entry here plus its spec function.
func kinds() []spec {
	return []spec{blankoDeliveriesSpec(), blankoStockCountsSpec(), serviceEventsSpec(), complaintsSpec(), surveySpec()}
}

// Kinds lists every source in load order.
func Kinds() []Kind {
	var out []Kind
	for _, s := range kinds() {
		out = append(out, s.kind)
	}
	return out
}

// specs returns the data contract of DESIGN.md §3 by kind.
func specs() map[Kind]spec {
	out := map[Kind]spec{}
	for _, s := range kinds() {
		out[s.kind] = s
	}
	return out
}

// colType is how a column's text is parsed.
type colType int

const (
	typeText colType = iota
	typeTimestamp
	typeDate
	typeInt
	typeEnum
	typeOffice // an office code, or a kecamatan name or code standing for its desk
	typeNIK
	typeScore // a survey element's score, 1 to 4
	typeID    // an identifier (an id, a reference, a staff id): its NIKs and phone numbers become keyed pseudonyms
	typeCode  // a code that names something (region_code): one holding a NIK or phone number is rejected
)

// spaceSafe reports whether an untrimmed cell of the type comes out as the
// trimmed one would or is rejected: enum values and office codes are looked
// up as they are, times are trimmed by the parser and NIKs drop spaces. A
// rejected row sends the file to the careful pass, which trims every cell,
// so the optimistic pass may leave these cells alone (5 million rows: 0.4 s).
func (t colType) spaceSafe() bool {
	switch t {
	case typeTimestamp, typeDate, typeEnum, typeOffice, typeNIK:
		return true
	}
	return false
}

// Every text column, typeText, typeID or typeCode, passes the one
// redaction (privacy): a typeText cell's NIKs and phone numbers are masked,
// a typeID cell's replaced by keyed pseudonyms, which keep different ids
// different (two masked NIK-ids would become one), and a typeCode cell that
// holds one is rejected (masked, it would name a region "[NIK disamarkan]"
// and a lake partition of that name). The row SQL reads their v_ columns.

// column is one canonical column of a source.
type column struct {
	name     string
	typ      colType
	required bool
	enum     enums.Name // a typeEnum column's values and their aliases (enums.yaml)
	aliases  []string   // other header names, matched after normalising
}

// spec describes a source: its columns and the key that identifies a row.
type spec struct {
	kind    Kind
	table   string
	columns []column
	key     []string // columns that identify a row; a re-sent key updates it
	// markers are columns whose presence in a header suggests this kind.
	markers []string
	// conflict, when set, tells a re-sent id that names another row from a
	// correction of the stored row (see conflict.go).
	conflict *conflictRule
	// checks are the rules that involve more than one column (the rules of
	// one column follow from its type).
	checks []check
	// touches is the SQL of the earliest date a stored row counts for in
	// the weekly KPIs (see dirty.go); "" for a kind no weekly KPI reads.
	touches string
	// row is the SQL of the warehouse row of a good row, in the table's
	// column order (load_id aside), after the region code; it reads the
	// r_ (raw) and v_ (parsed) columns of the plan.
	row string
}

// serviceEventsSpec: one row per step of an application.
func serviceEventsSpec() spec {
	return spec{
		kind: ServiceEvents, table: "service_events", key: []string{"event_id"}, conflict: &eventConflict,
		touches: "event_time",
		markers: []string{"event_id", "application_id", "stage", "service", "event_time"},
		columns: []column{
			{name: "event_id", typ: typeID, aliases: []string{"id_event", "id_kejadian"}},
			{name: "application_id", typ: typeID, required: true, aliases: []string{"no_permohonan", "nomor_permohonan", "id_permohonan"}},
			{name: "event_time", typ: typeTimestamp, required: true, aliases: []string{"waktu", "waktu_kejadian", "tanggal", "tanggal_waktu"}},
			{name: "service", typ: typeEnum, required: true, aliases: []string{"layanan", "jenis_layanan"},
				enum: enums.Service},
			{name: "request_type", typ: typeEnum, aliases: []string{"jenis_permohonan"},
				enum: enums.RequestType},
			{name: "stage", typ: typeEnum, required: true, aliases: []string{"tahap", "status_tahap"},
				enum: enums.Stage},
			{name: "interim_type", typ: typeEnum, aliases: []string{"jenis_pengganti"}, enum: enums.InterimType},
			{name: "office_code", typ: typeOffice, required: true, aliases: []string{"kode_kantor", "kantor", "kecamatan"}},
			{name: "channel", typ: typeEnum, aliases: []string{"kanal", "saluran"}, enum: enums.Channel},
			{name: "staff_id", typ: typeID, aliases: []string{"id_petugas", "petugas"}},
			{name: "nik", typ: typeNIK},
			{name: "region_code", typ: typeCode, aliases: []string{"kode_wilayah"}},
		},
		row: `coalesce(v_event_id, 'h-' || md5(concat_ws('|', v_application_id, strftime(v_event_time, '%Y-%m-%d %H:%M:%S'), v_service, v_stage, v_office_code, v_request_type, v_interim_type, v_channel, v_staff_id, v_nik))) AS event_id,
			v_application_id, v_event_time, v_service, v_request_type, v_stage, v_interim_type, v_office_code, v_channel, v_staff_id, v_nik`,
	}
}

// blankoDeliveriesSpec: one row per delivery (or request) of blank cards.
func blankoDeliveriesSpec() spec {
	return spec{
		kind: BlankoDeliveries, table: "blanko_deliveries", key: []string{"delivery_id"}, conflict: &deliveryConflict,
		touches: "least(requested_at, received_at)",
		markers: []string{"delivery_id", "quantity_received", "quantity_requested", "received_at", "requested_at"},
		columns: []column{
			{name: "delivery_id", typ: typeID, required: true, aliases: []string{"id_pengiriman", "no_pengiriman"}},
			{name: "office_code", typ: typeOffice, required: true, aliases: []string{"kode_kantor", "kantor", "kecamatan"}},
			{name: "requested_at", typ: typeDate, aliases: []string{"tanggal_permintaan"}},
			{name: "quantity_requested", typ: typeInt, aliases: []string{"jumlah_diminta", "jumlah_permintaan"}},
			{name: "received_at", typ: typeDate, aliases: []string{"tanggal_terima", "tanggal_diterima"}},
			{name: "quantity_received", typ: typeInt, aliases: []string{"jumlah_diterima", "jumlah"}},
			{name: "source", typ: typeEnum, required: true, aliases: []string{"sumber", "asal"},
				enum: enums.DeliverySource},
			{name: "reference", typ: typeID, aliases: []string{"no_surat", "nomor_surat"}},
			{name: "region_code", typ: typeCode, aliases: []string{"kode_wilayah"}},
		},
		checks: []check{
			{"quantity_received", "v_quantity_received < 0 AND coalesce(v_source, '') <> 'transfer'", "r_quantity_received",
				"'quantity_received must not be negative (only the sender''s row of a transfer may be)'"},
			{"quantity_requested", "v_quantity_requested < 0", "r_quantity_requested", "'quantity_requested must not be negative'"},
			implausible("quantity_received"), implausible("quantity_requested"),
		},
		row: `v_delivery_id, v_office_code, v_requested_at, v_quantity_requested, v_received_at,
			v_quantity_received, v_source, v_reference`,
	}
}

// blankoStockCountsSpec: physical counts (stock opname).
func blankoStockCountsSpec() spec {
	return spec{
		kind: BlankoStockCounts, table: "blanko_stock_counts", key: []string{"office_code", "counted_at"},
		touches: "counted_at",
		markers: []string{"counted_at", "quantity_on_hand"},
		columns: []column{
			{name: "office_code", typ: typeOffice, required: true, aliases: []string{"kode_kantor", "kantor", "kecamatan"}},
			{name: "counted_at", typ: typeDate, required: true, aliases: []string{"tanggal_opname", "tanggal_hitung", "tanggal"}},
			{name: "quantity_on_hand", typ: typeInt, required: true, aliases: []string{"stok", "sisa_stok", "jumlah_stok", "jumlah"}},
			{name: "region_code", typ: typeCode, aliases: []string{"kode_wilayah"}},
		},
		checks: []check{{"quantity_on_hand", "v_quantity_on_hand < 0", "r_quantity_on_hand", "'quantity_on_hand must not be negative'"},
			implausible("quantity_on_hand")},
		row: `v_office_code, v_counted_at, v_quantity_on_hand`,
	}
}

// maxQuantity bounds a quantity of blanko: a whole nation needs a few
// million cards a year. A number at or above it is a NIK or a phone number
// in the wrong column (a shifted row), not a count.
const maxQuantity = 100_000_000

// implausible rejects a quantity of maxQuantity or more; the reason does not
// quote it (the value, redacted, is in the reject's value).
func implausible(col string) check {
	return check{col, fmt.Sprintf("abs(v_%s) >= %d", col, maxQuantity), "r_" + col,
		fmt.Sprintf("'%s is not a plausible number of cards (%d or more)'", col, maxQuantity)}
}

// complaintsSpec: complaints from every channel.
func complaintsSpec() spec {
	return spec{
		kind: Complaints, table: "complaints", key: []string{"complaint_id"}, conflict: &complaintConflict,
		touches: "least(received_at, first_response_at, resolved_at)",
		markers: []string{"complaint_id", "received_at", "text", "resolved_at", "tier", "category"},
		columns: []column{
			{name: "complaint_id", typ: typeID, required: true, aliases: []string{"id_pengaduan", "no_pengaduan", "nomor_pengaduan"}},
			{name: "received_at", typ: typeTimestamp, required: true, aliases: []string{"tanggal_masuk", "waktu_masuk", "tanggal_pengaduan"}},
			{name: "channel", typ: typeEnum, required: true, aliases: []string{"kanal", "media", "saluran"},
				enum: enums.ComplaintChannel},
			{name: "category", typ: typeEnum, aliases: []string{"kategori"},
				enum: enums.ComplaintCategory},
			{name: "tier", typ: typeEnum, aliases: []string{"tingkat", "klasifikasi"},
				enum: enums.ComplaintTier},
			{name: "office_code", typ: typeOffice, aliases: []string{"kode_kantor", "kantor"}},
			{name: "staff_ref", typ: typeID, aliases: []string{"nama_petugas", "petugas"}},
			{name: "text", aliases: []string{"isi", "isi_pengaduan", "uraian", "teks"}},
			{name: "first_response_at", typ: typeTimestamp, aliases: []string{"tanggal_tanggapan", "waktu_tanggapan"}},
			{name: "resolved_at", typ: typeTimestamp, aliases: []string{"tanggal_selesai", "waktu_selesai"}},
			{name: "status", typ: typeEnum, aliases: []string{"status_pengaduan"},
				enum: enums.ComplaintStatus},
			{name: "region_code", typ: typeCode, aliases: []string{"kode_wilayah"}},
		},
		checks: []check{
			{"resolved_at", "v_resolved_at < v_received_at", "r_resolved_at", "'resolved_at is before received_at'"},
			{"first_response_at", "v_first_response_at < v_received_at", "r_first_response_at", "'first_response_at is before received_at'"},
		},
		row: `v_complaint_id, v_received_at, v_channel,
			coalesce(v_category, pantau_classify(coalesce(r_text, ''))) AS category,
			CASE WHEN v_category IS NULL THEN 'rules' ELSE 'source' END AS classified_by,
			coalesce(v_tier, 'normatif') AS tier, v_office_code, v_staff_ref, v_text,
			v_first_response_at, v_resolved_at,
			coalesce(v_status, CASE WHEN v_resolved_at IS NOT NULL THEN 'resolved' ELSE 'open' END) AS status`,
	}
}
