package synth

import (
	"fmt"
	"sort"
	"strings"

	"github.com/disdukcapil-bekasi/pantau/reference"
)

// Office types from the reference data.
const (
	officeDinas     = "dinas"
	officeKecamatan = "kecamatan"
	officeMPP       = "mpp"
	officeMobile    = "mobile"
	officeOnline    = "online"
)

// office is a service point with its simulation attributes.
type office struct {
	reference.Office
	index    int
	kecIndex int    // index into world.kecamatan, -1 if none
	channel  string // channel of its counter events
	staff    []int  // indexes into world.staff
	printers int    // 0 = does not print; prints go to the Dinas
}

// staffMember is one officer; the name is the one on the staff vest.
type staffMember struct {
	id     string // P-0123
	name   string
	office int
}

// kecamatanInfo is a kecamatan with its estimated population.
type kecamatanInfo struct {
	reference.Kecamatan
	number    string  // the two digits of the NIK, "06"
	weight    float64 // estimated population
	desk      int     // office index of its kecamatan desk
	aliases   []string
	estimated string // how the weight was obtained: population, voters, desa
}

// world holds the fixed facts of the region used by the simulation.
type world struct {
	regionCode string
	regionName string
	province   string // two digits
	offset     string // the UTC offset of its zone, +07:00 (WIB), +08:00 (WITA) or +09:00 (WIT)
	kecamatan  []kecamatanInfo
	offices    []office
	staff      []staffMember
	dinas      int
	online     int
	mpp        []int
	mobile     []int
	kecCum     []float64 // cumulative kecamatan weights
}

// newWorld builds the region from the reference data.
//
// Weighting: an applicant's home kecamatan is drawn in proportion to its
// estimated population. The reference data has a population figure for only
// a few kecamatan, so the estimate is, in order: the population; else the
// 2024 voter count times the population/voter ratio of the kecamatan that
// have both; else the desa count times the mean population per desa of the
// kecamatan that have a population. An applicant is then served at the
// kecamatan desk of the home kecamatan (60%), the Dinas (18%), one of the two
// MPP (12%) or a mobile unit (10%); see chooseOffice.
func newWorld() (*world, error) {
	w, err := newBekasiWorld()
	if err != nil {
		return nil, err
	}
	w.regionName, w.province, w.offset = reference.RegionName, reference.RegionCode[:2], zoneOffset(reference.TimeZone)
	return w, nil
}

// newRegionWorld builds any region: Kabupaten Bekasi from its detailed
// reference (newWorld), every other region from the national reference with
// the standard office set: the Dinas, one desk per kecamatan and the online
// service, and no MPP or mobile units (their shares go to the Dinas, see
// chooseOffice). Its kecamatan are weighted by their number of desa and
// kelurahan: the national list has no population per kecamatan.
func newRegionWorld(n *reference.Nation, code string) (*world, error) {
	if code == reference.RegionCode {
		return newWorld()
	}
	g, ok := n.Regency(code)
	if !ok {
		return nil, fmt.Errorf("region %q is not in the national reference", code)
	}
	ds := n.DistrictsOf(code)
	if len(ds) == 0 {
		return nil, fmt.Errorf("region %s has no kecamatan in the national reference", code)
	}
	w := &world{regionCode: code, regionName: g.Name, province: g.ProvinceCode, offset: zoneOffset(g.TimeZone), dinas: -1, online: -1}
	kecByCode := map[string]int{}
	sum := 0.0
	for i, d := range ds {
		k := kecamatanInfo{Kecamatan: reference.Kecamatan{RegionCode: code, Code: d.KemendagriCode, Name: d.Name, DesaCount: d.DesaCount},
			number: d.Number(), weight: float64(max(1, d.DesaCount)), desk: -1, estimated: "desa"}
		sum += k.weight
		w.kecCum = append(w.kecCum, sum)
		kecByCode[d.KemendagriCode] = i
		w.kecamatan = append(w.kecamatan, k)
	}
	for i, o := range reference.StandardOffices(g, ds) {
		of := office{Office: o, index: i, kecIndex: -1, channel: "counter"}
		switch o.Type {
		case officeDinas:
			w.dinas = i
		case officeKecamatan:
			of.kecIndex = kecByCode[o.KecamatanCode]
			w.kecamatan[of.kecIndex].desk = i
		case officeOnline:
			of.channel = "online"
			w.online = i
		}
		w.offices = append(w.offices, of)
	}
	return w, nil
}

// newBekasiWorld builds Kabupaten Bekasi from its detailed reference.
func newBekasiWorld() (*world, error) {
	ks, err := reference.KecamatanList()
	if err != nil {
		return nil, err
	}
	refOffices, err := reference.Offices()
	if err != nil {
		return nil, err
	}
	as, err := reference.Aliases()
	if err != nil {
		return nil, err
	}
	w := &world{regionCode: reference.RegionCode, dinas: -1, online: -1}

	kecByCode, err := w.addKecamatan(ks)
	if err != nil {
		return nil, err
	}
	for _, a := range as {
		if i, ok := kecByCode[a.KecamatanCode]; ok {
			w.kecamatan[i].aliases = append(w.kecamatan[i].aliases, a.Alias)
		}
	}
	sum := 0.0
	for _, k := range w.kecamatan {
		sum += k.weight
		w.kecCum = append(w.kecCum, sum)
	}

	if err := w.addOffices(refOffices, kecByCode); err != nil {
		return nil, err
	}
	if w.dinas < 0 || w.online < 0 || len(w.mpp) == 0 || len(w.mobile) == 0 {
		return nil, fmt.Errorf("reference offices: need a dinas, an online office, an mpp and a mobile unit")
	}
	for _, k := range w.kecamatan {
		if k.desk < 0 {
			return nil, fmt.Errorf("reference offices: kecamatan %s has no desk", k.Code)
		}
	}
	return w, nil
}

// addKecamatan adds the kecamatan with their weights: the population, or
// where it is missing an estimate from the voters or the number of desa. It
// returns each kecamatan's index by code.
func (w *world) addKecamatan(ks []reference.Kecamatan) (map[string]int, error) {
	var popBoth, votBoth, popDesa, desaPop float64
	for _, k := range ks {
		if k.Population > 0 && k.Voters2024 > 0 {
			popBoth += float64(k.Population)
			votBoth += float64(k.Voters2024)
		}
		if k.Population > 0 {
			desaPop += float64(k.Population)
			popDesa += float64(k.DesaCount)
		}
	}
	if votBoth == 0 || popDesa == 0 {
		return nil, fmt.Errorf("reference kecamatan: too few population figures to estimate weights")
	}
	perVoter, perDesa := popBoth/votBoth, desaPop/popDesa
	kecByCode := map[string]int{}
	for i, k := range ks {
		ki := kecamatanInfo{Kecamatan: k, desk: -1}
		ki.number = k.Code[strings.LastIndexByte(k.Code, '.')+1:]
		switch {
		case k.Population > 0:
			ki.weight, ki.estimated = float64(k.Population), "population"
		case k.Voters2024 > 0:
			ki.weight, ki.estimated = float64(k.Voters2024)*perVoter, "voters"
		default:
			ki.weight, ki.estimated = float64(k.DesaCount)*perDesa, "desa"
		}
		kecByCode[k.Code] = i
		w.kecamatan = append(w.kecamatan, ki)
	}
	return kecByCode, nil
}

// addOffices adds the reference offices, each with its channel, and links
// every kecamatan desk to its kecamatan.
func (w *world) addOffices(refOffices []reference.Office, kecByCode map[string]int) error {
	for i, o := range refOffices {
		of := office{Office: o, index: i, kecIndex: -1}
		if k, ok := kecByCode[o.KecamatanCode]; ok && o.Type == officeKecamatan {
			of.kecIndex = k
			w.kecamatan[k].desk = i
		}
		switch o.Type {
		case officeDinas:
			of.channel = "counter"
			w.dinas = i
		case officeKecamatan:
			of.channel = "counter"
		case officeMPP:
			of.channel = "mpp"
			w.mpp = append(w.mpp, i)
		case officeMobile:
			of.channel = "mobile"
			w.mobile = append(w.mobile, i)
		case officeOnline:
			of.channel = "online"
			w.online = i
		default:
			return fmt.Errorf("reference office %s: unknown type %q", o.Code, o.Type)
		}
		w.offices = append(w.offices, of)
	}
	return nil
}

// Shares of KTP-el recordings by kind of office (see newWorld).
const (
	shareDesk   = 0.60
	shareDinas  = 0.18
	shareMPP    = 0.12
	shareMobile = 0.10
)

// expectedShare returns each office's expected share of counter applications.
func (w *world) expectedShare() []float64 {
	share := make([]float64, len(w.offices))
	total := w.kecCum[len(w.kecCum)-1]
	for _, k := range w.kecamatan {
		share[k.desk] += shareDesk * k.weight / total
	}
	share[w.dinas] += shareDinas
	if len(w.mpp) == 0 || len(w.mobile) == 0 {
		share[w.dinas] += shareMPP + shareMobile // see chooseOffice
	}
	for i, m := range w.mpp {
		share[m] += shareMPP * mppSplit(i, len(w.mpp))
	}
	for _, m := range w.mobile {
		share[m] += shareMobile / float64(len(w.mobile))
	}
	return share
}

// mppSplit gives the first MPP (Lotte, the older and busier) 60%.
func mppSplit(i, n int) float64 {
	if n == 1 {
		return 1
	}
	if i == 0 {
		return 0.6
	}
	return 0.4 / float64(n-1)
}

// printOffice is where an application recorded at office o is printed:
// kecamatan desks print their own cards, everything else is printed at the Dinas.
func (w *world) printOffice(o int) int {
	if w.offices[o].Type == officeKecamatan {
		return o
	}
	return w.dinas
}

// stockOffices are the offices that hold blanko: the Dinas, then the desks.
func (w *world) stockOffices() []int {
	out := []int{w.dinas}
	for _, o := range w.offices {
		if o.Type == officeKecamatan {
			out = append(out, o.index)
		}
	}
	return out
}

// pickKecamatan draws a home kecamatan by estimated population.
func (w *world) pickKecamatan(u float64) int {
	x := u * w.kecCum[len(w.kecCum)-1]
	i := sort.SearchFloat64s(w.kecCum, x)
	if i >= len(w.kecCum) {
		i = len(w.kecCum) - 1
	}
	return i
}

// seatName is the kecamatan a complaint text names when its office has none:
// Cikarang Pusat, the seat of Kabupaten Bekasi; elsewhere the region's first
// kecamatan.
func (w *world) seatName() string {
	if w.regionCode == reference.RegionCode {
		return "Cikarang Pusat"
	}
	return w.kecamatan[0].Name
}

// zoneOffset is the UTC offset of an Indonesian zone (none has summer time).
func zoneOffset(zone string) string {
	switch zone {
	case reference.ZoneWITA:
		return "+08:00"
	case reference.ZoneWIT:
		return "+09:00"
	}
	return "+07:00"
}
