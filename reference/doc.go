// Package reference holds the embedded reference facts.
//
// For the default region, Kabupaten Bekasi (3216): its kecamatan with BPS
// codes and voter counts, their name variants, its 30 real Disdukcapil
// offices and the national holidays and cuti bersama (joint leave) of
// 2022–2026 (reference.go).
//
// For the nation (indonesia.go): every province (38), regency or city (514,
// with time zone and population) and kecamatan (7,285), and the standard
// office set of every region other than Kabupaten Bekasi (offices.go).
//
// The facts are copied from ../shared/reference (see data/indonesia/README.md
// and that folder's README for sources). The package is a leaf: it imports
// only the standard library, so the warehouse and the synthetic generator can
// both use it.
package reference
