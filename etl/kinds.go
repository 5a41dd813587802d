package etl

import (
	"fmt"
	"sort"
	"strings"
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

// Kinds lists every source in load order: reference-like sources first.
func Kinds() []Kind {
	return []Kind{BlankoDeliveries, BlankoStockCounts, ServiceEvents, Complaints, SurveyResponses}
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
)

// column is one canonical column of a source.
type column struct {
	name     string
	typ      colType
	required bool
	values   []string          // canonical enum values
	aliases  []string          // other header names, matched after normalising
	enumMap  map[string]string // built-in value aliases (lower case) → canonical
}

// spec describes a source: its columns and the key that identifies a row.
type spec struct {
	kind    Kind
	table   string
	columns []column
	key     []string // columns that identify a row; a re-sent key updates it
	// markers are columns whose presence in a header suggests this kind.
	markers []string
}

var stageAliases = map[string]string{
	"pengajuan": "submitted", "diajukan": "submitted", "perekaman": "recorded", "rekam": "recorded", "direkam": "recorded",
	"prr": "print_ready", "siap_cetak": "print_ready", "siap cetak": "print_ready", "cetak": "printed", "tercetak": "printed",
	"dicetak": "printed", "diserahkan": "issued", "terbit": "issued", "penyerahan": "issued", "suket": "interim_issued",
	"rusak": "spoiled", "gagal_cetak": "spoiled", "ditolak": "rejected", "tolak": "rejected", "batal": "cancelled",
	"dibatalkan": "cancelled", "aktivasi_ikd": "ikd_activated", "aktivasi ikd": "ikd_activated",
}

var channelAliases = map[string]string{
	"loket": "counter", "tatap_muka": "counter", "daring": "online", "sitepak": "online", "jemput_bola": "mobile",
	"jemput bola": "mobile", "keliling": "mobile", "mal_pelayanan_publik": "mpp",
}

var complaintChannelAliases = map[string]string{
	"ig": "instagram", "lapor!": "lapor", "wa": "whatsapp", "surel": "email", "telepon": "phone", "telp": "phone",
	"loket": "counter", "saber pungli": "saber_pungli",
}

// specs returns the data contract of DESIGN.md §3.
func specs() map[Kind]spec {
	return map[Kind]spec{
		SurveyResponses: surveySpec(),
		ServiceEvents: {
			kind: ServiceEvents, table: "service_events", key: []string{"event_id"},
			markers: []string{"event_id", "application_id", "stage", "service", "event_time"},
			columns: []column{
				{name: "event_id", aliases: []string{"id_event", "id_kejadian"}},
				{name: "application_id", required: true, aliases: []string{"no_permohonan", "nomor_permohonan", "id_permohonan"}},
				{name: "event_time", typ: typeTimestamp, required: true, aliases: []string{"waktu", "waktu_kejadian", "tanggal", "tanggal_waktu"}},
				{name: "service", typ: typeEnum, required: true, aliases: []string{"layanan", "jenis_layanan"},
					values:  []string{"ktp_el", "kia", "kk", "akta_kelahiran", "akta_kematian", "pindah", "ikd"},
					enumMap: map[string]string{"ktp-el": "ktp_el", "e-ktp": "ktp_el", "ektp": "ktp_el", "ktp": "ktp_el", "kartu_keluarga": "kk"}},
				{name: "request_type", typ: typeEnum, aliases: []string{"jenis_permohonan"},
					values: []string{"baru", "pindah_datang", "perubahan_data", "hilang_rusak", "luar_domisili", "perpanjangan_wna"}},
				{name: "stage", typ: typeEnum, required: true, aliases: []string{"tahap", "status_tahap"},
					values:  []string{"submitted", "recorded", "print_ready", "printed", "issued", "interim_issued", "spoiled", "rejected", "cancelled", "ikd_activated"},
					enumMap: stageAliases},
				{name: "interim_type", typ: typeEnum, aliases: []string{"jenis_pengganti"}, values: []string{"suket", "biodata", "ikd"}},
				{name: "office_code", typ: typeOffice, required: true, aliases: []string{"kode_kantor", "kantor", "kecamatan"}},
				{name: "channel", typ: typeEnum, aliases: []string{"kanal", "saluran"}, values: []string{"counter", "online", "mobile", "mpp"}, enumMap: channelAliases},
				{name: "staff_id", aliases: []string{"id_petugas", "petugas"}},
				{name: "nik", typ: typeNIK},
				{name: "region_code", aliases: []string{"kode_wilayah"}},
			},
		},
		BlankoDeliveries: {
			kind: BlankoDeliveries, table: "blanko_deliveries", key: []string{"delivery_id"},
			markers: []string{"delivery_id", "quantity_received", "quantity_requested", "received_at", "requested_at"},
			columns: []column{
				{name: "delivery_id", required: true, aliases: []string{"id_pengiriman", "no_pengiriman"}},
				{name: "office_code", typ: typeOffice, required: true, aliases: []string{"kode_kantor", "kantor", "kecamatan"}},
				{name: "requested_at", typ: typeDate, aliases: []string{"tanggal_permintaan"}},
				{name: "quantity_requested", typ: typeInt, aliases: []string{"jumlah_diminta", "jumlah_permintaan"}},
				{name: "received_at", typ: typeDate, aliases: []string{"tanggal_terima", "tanggal_diterima"}},
				{name: "quantity_received", typ: typeInt, aliases: []string{"jumlah_diterima", "jumlah"}},
				{name: "source", typ: typeEnum, required: true, aliases: []string{"sumber", "asal"},
					values:  []string{"kemendagri", "provinsi", "transfer"},
					enumMap: map[string]string{"pusat": "kemendagri", "dirjen dukcapil": "kemendagri", "prov": "provinsi", "mutasi": "transfer", "distribusi": "transfer"}},
				{name: "reference", aliases: []string{"no_surat", "nomor_surat"}},
				{name: "region_code", aliases: []string{"kode_wilayah"}},
			},
		},
		BlankoStockCounts: {
			kind: BlankoStockCounts, table: "blanko_stock_counts", key: []string{"office_code", "counted_at"},
			markers: []string{"counted_at", "quantity_on_hand"},
			columns: []column{
				{name: "office_code", typ: typeOffice, required: true, aliases: []string{"kode_kantor", "kantor", "kecamatan"}},
				{name: "counted_at", typ: typeDate, required: true, aliases: []string{"tanggal_opname", "tanggal_hitung", "tanggal"}},
				{name: "quantity_on_hand", typ: typeInt, required: true, aliases: []string{"stok", "sisa_stok", "jumlah_stok", "jumlah"}},
				{name: "region_code", aliases: []string{"kode_wilayah"}},
			},
		},
		Complaints: {
			kind: Complaints, table: "complaints", key: []string{"complaint_id"},
			markers: []string{"complaint_id", "received_at", "text", "resolved_at", "tier", "category"},
			columns: []column{
				{name: "complaint_id", required: true, aliases: []string{"id_pengaduan", "no_pengaduan", "nomor_pengaduan"}},
				{name: "received_at", typ: typeTimestamp, required: true, aliases: []string{"tanggal_masuk", "waktu_masuk", "tanggal_pengaduan"}},
				{name: "channel", typ: typeEnum, required: true, aliases: []string{"kanal", "media", "saluran"},
					values:  []string{"instagram", "lapor", "whatsapp", "email", "phone", "counter", "sitepak", "saber_pungli"},
					enumMap: complaintChannelAliases},
				{name: "category", typ: typeEnum, aliases: []string{"kategori"},
					values: []string{"blanko", "etiquette", "online_service", "pungli", "waiting_time", "data_error", "other"},
					enumMap: map[string]string{"blangko": "blanko", "etika": "etiquette", "sikap_petugas": "etiquette", "layanan_online": "online_service",
						"layanan_daring": "online_service", "pungutan_liar": "pungli", "antrean": "waiting_time", "waktu_tunggu": "waiting_time",
						"kesalahan_data": "data_error", "lainnya": "other", "lain-lain": "other"}},
				{name: "tier", typ: typeEnum, aliases: []string{"tingkat", "klasifikasi"},
					values: []string{"ringan", "normatif", "tanpa_pengawasan", "pengawasan"}},
				{name: "office_code", typ: typeOffice, aliases: []string{"kode_kantor", "kantor"}},
				{name: "staff_ref", aliases: []string{"nama_petugas", "petugas"}},
				{name: "text", aliases: []string{"isi", "isi_pengaduan", "uraian", "teks"}},
				{name: "first_response_at", typ: typeTimestamp, aliases: []string{"tanggal_tanggapan", "waktu_tanggapan"}},
				{name: "resolved_at", typ: typeTimestamp, aliases: []string{"tanggal_selesai", "waktu_selesai"}},
				{name: "status", typ: typeEnum, aliases: []string{"status_pengaduan"},
					values:  []string{"open", "in_progress", "resolved", "rejected"},
					enumMap: map[string]string{"baru": "open", "terbuka": "open", "diproses": "in_progress", "proses": "in_progress", "selesai": "resolved", "ditolak": "rejected"}},
				{name: "region_code", aliases: []string{"kode_wilayah"}},
			},
		},
	}
}

// normalizeHeader folds a header cell for matching: lower case, trimmed,
// spaces and dashes as underscores, BOM removed.
func normalizeHeader(h string) string {
	h = strings.TrimPrefix(h, "\ufeff")
	h = strings.ToLower(strings.TrimSpace(h))
	return strings.NewReplacer(" ", "_", "-", "_", ".", "").Replace(h)
}

// detectKind picks the source whose marker columns best match the header.
func detectKind(header []string, specs map[Kind]spec, renames map[Kind]map[string]string) (Kind, error) {
	type score struct {
		kind Kind
		n    int
	}
	var scores []score
	for _, k := range Kinds() {
		m := mapHeader(header, specs[k], renames[k])
		n := 0
		for _, mk := range specs[k].markers {
			if _, ok := m[mk]; ok {
				n++
			}
		}
		scores = append(scores, score{k, n})
	}
	sort.SliceStable(scores, func(i, j int) bool { return scores[i].n > scores[j].n })
	if scores[0].n < 2 || scores[0].n == scores[1].n {
		return "", fmt.Errorf("cannot tell which source this file holds from its header (%s); use --kind", strings.Join(header, ", "))
	}
	return scores[0].kind, nil
}

// mapHeader maps each canonical column to the header positions that hold
// it: a configured rename, else the canonical name and its built-in aliases.
// Several positions mean "the first non-empty of these", so a sheet with
// both kode_kantor and kecamatan columns names an office by either.
func mapHeader(header []string, s spec, renames map[string]string) map[string][]int {
	byName := map[string]int{}
	for i, h := range header {
		n := normalizeHeader(h)
		if _, dup := byName[n]; !dup {
			byName[n] = i
		}
	}
	out := map[string][]int{}
	used := map[int]bool{}
	for from, to := range renames {
		if i, ok := byName[normalizeHeader(from)]; ok {
			out[to] = append(out[to], i)
			used[i] = true
		}
	}
	for _, c := range s.columns {
		if _, ok := out[c.name]; ok {
			continue
		}
		for _, name := range append([]string{c.name}, c.aliases...) {
			if i, ok := byName[name]; ok && !used[i] {
				out[c.name] = append(out[c.name], i)
				used[i] = true
			}
		}
	}
	return out
}
