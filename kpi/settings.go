package kpi

import (
	"time"

	"github.com/disdukcapil-bekasi/pantau/config"
)

// Settings are the KPI settings: the region measured, the working-day
// calendar and the service standards.
type Settings struct {
	// RegionCode is the region measured (scope "region"), e.g. 3216.
	RegionCode string
	// CutiBersamaOff says whether cuti bersama (joint leave) is a day off.
	CutiBersamaOff bool
	// IssuanceStandardDays is the service standard from recording to print, in working days.
	IssuanceStandardDays int
	// SLADays is the complaint resolution limit per tier, in working days.
	SLADays map[string]int
	// TimeZone is the region's IANA time zone, e.g. Asia/Jakarta.
	TimeZone string
	// MinItems is the fewest items a week's rate or percentile needs to be
	// drawn as a trend and ranked (config kpi.min_items; 0 means 10).
	MinItems int
}

// MinItemsOrDefault is MinItems, or 10 when unset.
func (s Settings) MinItemsOrDefault() int {
	if s.MinItems <= 0 {
		return 10
	}
	return s.MinItems
}

// Location returns the region's time zone (UTC when it is unset or unknown).
func (s Settings) Location() *time.Location {
	if loc, err := time.LoadLocation(s.TimeZone); err == nil && s.TimeZone != "" {
		return loc
	}
	return time.UTC
}

// SettingsFrom takes the KPI settings out of the configuration.
func SettingsFrom(cfg config.Config) Settings {
	sla := make(map[string]int, len(cfg.KPI.SLADays))
	for tier, days := range cfg.KPI.SLADays {
		sla[tier] = days
	}
	return Settings{
		RegionCode:           cfg.RegionCode,
		CutiBersamaOff:       cfg.Calendar.CutiBersamaOff,
		IssuanceStandardDays: cfg.KPI.IssuanceStandardDays,
		MinItems:             cfg.KPI.MinItems,
		SLADays:              sla,
		TimeZone:             cfg.TimeZone,
	}
}
