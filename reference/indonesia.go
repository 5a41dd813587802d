package reference

import (
	"fmt"
	"sort"
	"strconv"
)

// The IANA time zones of Indonesia's regions.
const (
	ZoneWIB  = "Asia/Jakarta"  // Waktu Indonesia Barat, UTC+7
	ZoneWITA = "Asia/Makassar" // Waktu Indonesia Tengah, UTC+8
	ZoneWIT  = "Asia/Jayapura" // Waktu Indonesia Timur, UTC+9
)

// RegionPopulation is the registered population of the default region,
// Kabupaten Bekasi: the yardstick of synthetic volumes.
const RegionPopulation = 3387601

// Province is one of Indonesia's 38 provinces.
type Province struct {
	Code       string // two digits, 32
	Name       string
	TimeZone   string // ZoneWIB, ZoneWITA or ZoneWIT
	Population int
	AreaKm2    float64 // 0 when unknown
}

// Regency is a kabupaten (regency) or kota (city): a region in pantau.
type Regency struct {
	RegionCode     string // four digits, 3216: the first four digits of a NIK
	KemendagriCode string // with a dot, 32.16
	Name           string // Kabupaten Bekasi, Kota Jayapura
	Kind           string // kabupaten or kota
	ProvinceCode   string
	TimeZone       string
	Population     int
	AreaKm2        float64 // 0 when unknown
	KecamatanCount int
}

// District is a kecamatan (district) of the national code list. It has no
// population figure; Kecamatan holds the richer facts of the default region.
type District struct {
	Code           string // six digits, 321601
	KemendagriCode string // with dots, 32.16.01 (offices.kecamatan_code)
	Name           string
	RegionCode     string
	DesaCount      int // desa and kelurahan (villages)
}

// Number is the kecamatan's two digits within its region (the NIK's digits
// 5–6), 01 for 321601.
func (d District) Number() string { return d.Code[4:] }

// Nation is the national reference: every province, regency and kecamatan,
// each list in code order.
type Nation struct {
	Provinces []Province
	Regencies []Regency
	Districts []District

	regency   map[string]int    // region code → index into Regencies
	districts map[string][2]int // region code → [first, end) of its Districts
}

// LoadNation reads the embedded national reference.
func LoadNation() (*Nation, error) {
	n := &Nation{regency: map[string]int{}, districts: map[string][2]int{}}
	for _, read := range []func() error{n.readProvinces, n.readRegencies, n.readDistricts} {
		if err := read(); err != nil {
			return nil, err
		}
	}
	sort.SliceStable(n.Districts, func(i, j int) bool { return n.Districts[i].Code < n.Districts[j].Code })
	for i, d := range n.Districts {
		span, ok := n.districts[d.RegionCode]
		if !ok {
			span[0] = i
		}
		span[1] = i + 1
		n.districts[d.RegionCode] = span
	}
	return n, nil
}

// readProvinces reads indonesia/provinces.csv.
func (n *Nation) readProvinces() error {
	return eachRow("indonesia/provinces.csv", func(r map[string]string) error {
		p := Province{Code: r["province_code"], Name: r["name"], TimeZone: r["time_zone"]}
		var err error
		if p.Population, err = strconv.Atoi(r["population"]); err != nil {
			return fmt.Errorf("population: %w", err)
		}
		if p.AreaKm2, err = atof(r["area_km2"]); err != nil {
			return fmt.Errorf("area_km2: %w", err)
		}
		n.Provinces = append(n.Provinces, p)
		return nil
	})
}

// readRegencies reads indonesia/regencies.csv.
func (n *Nation) readRegencies() error {
	return eachRow("indonesia/regencies.csv", func(r map[string]string) error {
		g := Regency{RegionCode: r["region_code"], KemendagriCode: r["kemendagri_code"], Name: r["name"],
			Kind: r["kind"], ProvinceCode: r["province_code"], TimeZone: r["time_zone"]}
		var err error
		if g.Population, err = strconv.Atoi(r["population"]); err != nil {
			return fmt.Errorf("population: %w", err)
		}
		if g.AreaKm2, err = atof(r["area_km2"]); err != nil {
			return fmt.Errorf("area_km2: %w", err)
		}
		if g.KecamatanCount, err = strconv.Atoi(r["kecamatan_count"]); err != nil {
			return fmt.Errorf("kecamatan_count: %w", err)
		}
		n.regency[g.RegionCode] = len(n.Regencies)
		n.Regencies = append(n.Regencies, g)
		return nil
	})
}

// readDistricts reads indonesia/kecamatan.csv.
func (n *Nation) readDistricts() error {
	return eachRow("indonesia/kecamatan.csv", func(r map[string]string) error {
		d := District{Code: r["kecamatan_code"], KemendagriCode: r["kemendagri_code"], Name: r["name"], RegionCode: r["region_code"]}
		if len(d.Code) != 6 {
			return fmt.Errorf("kecamatan_code %q: want six digits", d.Code)
		}
		var err error
		if d.DesaCount, err = strconv.Atoi(r["desa_count"]); err != nil {
			return fmt.Errorf("desa_count: %w", err)
		}
		n.Districts = append(n.Districts, d)
		return nil
	})
}

// Regency returns the regency with the region code.
func (n *Nation) Regency(code string) (Regency, bool) {
	i, ok := n.regency[code]
	if !ok {
		return Regency{}, false
	}
	return n.Regencies[i], true
}

// DistrictsOf returns the kecamatan of a region in code order.
func (n *Nation) DistrictsOf(regionCode string) []District {
	span, ok := n.districts[regionCode]
	if !ok {
		return nil
	}
	return n.Districts[span[0]:span[1]]
}

// atof parses a decimal; empty (an unknown area) is 0.
func atof(s string) (float64, error) {
	if s == "" {
		return 0, nil
	}
	return strconv.ParseFloat(s, 64)
}
