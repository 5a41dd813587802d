// Package reference holds the embedded facts for the default region, Kabupaten
// Bekasi (3216): its kecamatan, their name variants, the Disdukcapil offices and
// the national holidays and cuti bersama (joint leave) of 2022–2026.
//
// The facts are copied from ../shared/reference (see that README for sources).
// The package is a leaf: it imports only the standard library, so the warehouse
// and the synthetic generator can both use it.
package reference
