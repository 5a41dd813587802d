package reference

import "fmt"

// Office codes of the standard office set. Kabupaten Bekasi keeps the codes of
// its real offices (DINAS, KEC-01 … KEC-23, MPP-LOTTE, ONLINE …); every other
// region's codes start with its region code, so that office codes stay
// unique in a warehouse that holds many regions:
//
//	3273-DINAS   the Dinas (head office), which prints and holds the central blanko stock
//	3273-KEC-05  the desk at kecamatan 327305: the last two digits of the
//	             six-digit kecamatan code (the NIK's digits 5–6), so a desk's
//	             code follows from its kecamatan and never shifts when the
//	             code list gains a kecamatan
//	3273-ONLINE  the online service (Sitepak or the region's own portal)
const (
	standardDinas  = "-DINAS"
	standardDesk   = "-KEC-"
	standardOnline = "-ONLINE"
)

// StandardOffices returns the standard office set of a region: the Dinas,
// one desk per kecamatan (in code order) and the online service. The Dinas
// has no kecamatan code: the reference does not say where each seat is.
func StandardOffices(g Regency, districts []District) []Office {
	out := make([]Office, 0, len(districts)+2)
	out = append(out, Office{Code: g.RegionCode + standardDinas, Type: "dinas",
		Name: "Dinas Kependudukan dan Pencatatan Sipil " + g.Name})
	for _, d := range districts {
		out = append(out, Office{Code: g.RegionCode + standardDesk + d.Number(), Type: "kecamatan",
			Name: "Loket Disdukcapil Kantor Kecamatan " + d.Name, KecamatanCode: d.KemendagriCode})
	}
	return append(out, Office{Code: g.RegionCode + standardOnline, Type: "online",
		Name: "Layanan Daring Disdukcapil " + g.Name})
}

// OfficesOf returns the offices of a region: Kabupaten Bekasi's 30 real
// offices, else the standard set.
func (n *Nation) OfficesOf(regionCode string) ([]Office, error) {
	if regionCode == RegionCode {
		return Offices()
	}
	g, ok := n.Regency(regionCode)
	if !ok {
		return nil, fmt.Errorf("region %q is not in the national reference", regionCode)
	}
	return StandardOffices(g, n.DistrictsOf(regionCode)), nil
}
