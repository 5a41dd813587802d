package reference

import (
	"embed"
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"time"
)

//go:embed data/*.csv data/indonesia/*.csv
var files embed.FS

// RegionCode is the Kemendagri code of Kabupaten Bekasi, the default region.
const RegionCode = "3216"

// RegionName is the name of the default region.
const RegionName = "Kabupaten Bekasi"

// TimeZone is the IANA zone of the default region (WIB).
const TimeZone = "Asia/Jakarta"

// Kecamatan is a district of the regency.
type Kecamatan struct {
	RegionCode       string
	Code             string // Kemendagri code with dots, 32.16.01
	BPSCode          string
	Name             string
	DesaCount        int
	Population       int // 0 when no sourced figure exists
	PopulationSource string
	Voters2024       int // 0 when unknown
}

// Office is a Disdukcapil service point.
type Office struct {
	Code          string
	Name          string
	Type          string // dinas, kecamatan, mpp, mobile, online
	KecamatanCode string // empty for mobile and online
	// ShortName is the name where space is short (a phone-width table):
	// "Dinas", "Kec. Babelan", "MPP Lotte", "Mobil 1", "Daring".
	ShortName string
}

// Holiday is a national holiday or a cuti bersama (joint leave) day.
type Holiday struct {
	Date   time.Time
	Kind   string // national_holiday or cuti_bersama
	Name   string
	Decree string
}

// Alias maps a spelling of a kecamatan name to its Kemendagri code.
type Alias struct {
	Alias         string
	KecamatanCode string
}

// FileNames lists the embedded files, for loading them verbatim into a warehouse.
func FileNames() []string {
	return []string{"kecamatan.csv", "kecamatan_aliases.csv", "offices.csv", "holidays.csv"}
}

// Open opens one of the embedded files by name.
func Open(name string) (io.ReadCloser, error) {
	return files.Open("data/" + name)
}

// KecamatanList returns the 23 kecamatan in Kemendagri order.
func KecamatanList() ([]Kecamatan, error) {
	var out []Kecamatan
	err := eachRow("kecamatan.csv", func(r map[string]string) error {
		k := Kecamatan{RegionCode: r["region_code"], Code: r["kecamatan_code"], BPSCode: r["bps_code"], Name: r["name"], PopulationSource: r["population_source"]}
		var err error
		if k.DesaCount, err = atoi(r["desa_count"]); err != nil {
			return err
		}
		if k.Population, err = atoi(r["population"]); err != nil {
			return err
		}
		if k.Voters2024, err = atoi(r["voters_2024"]); err != nil {
			return err
		}
		out = append(out, k)
		return nil
	})
	return out, err
}

// Offices returns the service points in file order.
func Offices() ([]Office, error) {
	var out []Office
	err := eachRow("offices.csv", func(r map[string]string) error {
		out = append(out, Office{Code: r["office_code"], Name: r["name"], Type: r["type"], KecamatanCode: r["kecamatan_code"], ShortName: r["short_name"]})
		return nil
	})
	return out, err
}

// Holidays returns the national holidays and cuti bersama days, sorted by date.
func Holidays() ([]Holiday, error) {
	var out []Holiday
	err := eachRow("holidays.csv", func(r map[string]string) error {
		d, err := time.Parse(time.DateOnly, r["date"])
		if err != nil {
			return err
		}
		out = append(out, Holiday{Date: d, Kind: r["kind"], Name: r["name"], Decree: r["decree"]})
		return nil
	})
	return out, err
}

// Aliases returns every known spelling of each kecamatan name.
func Aliases() ([]Alias, error) {
	var out []Alias
	err := eachRow("kecamatan_aliases.csv", func(r map[string]string) error {
		out = append(out, Alias{Alias: r["alias"], KecamatanCode: r["kecamatan_code"]})
		return nil
	})
	return out, err
}

func eachRow(name string, fn func(map[string]string) error) error {
	f, err := Open(name)
	if err != nil {
		return err
	}
	defer f.Close()
	rd := csv.NewReader(f)
	header, err := rd.Read()
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	for {
		rec, err := rd.Read()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		row := make(map[string]string, len(header))
		for i, h := range header {
			row[h] = rec[i]
		}
		if err := fn(row); err != nil {
			line, _ := rd.FieldPos(0)
			return fmt.Errorf("%s:%d: %w", name, line, err)
		}
	}
}

func atoi(s string) (int, error) {
	if s == "" {
		return 0, nil
	}
	return strconv.Atoi(s)
}
