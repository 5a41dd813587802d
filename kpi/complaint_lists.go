package kpi

import (
	"context"
	"database/sql"
	"time"

	"github.com/disdukcapil-bekasi/pantau/internal/readsql"
)

// PungliReport is one complaint of category pungli (illegal levy), without
// its text or names.
type PungliReport struct {
	ID       string    `sql:"complaint_id"`
	Channel  string    `sql:"channel"`
	Office   string    `sql:"office_code"`
	Received time.Time `sql:"received_at"`
	// Status is open when the report was still open at the end of its week
	// (the rule of pungli_reports.open), else its closing status.
	Status string `sql:"status"`
}

// PungliReports lists the pungli reports received in week, for the region
// of s or, when office is not empty, one office.
func PungliReports(ctx context.Context, db *sql.DB, s Settings, week, office string) ([]PungliReport, error) {
	return readWeek[PungliReport](ctx, db, s, week, "pungli_list", struct {
		Office string `sql:"office"`
	}{office})
}

// ClassifiedComplaint is a complaint whose category the keyword rules chose.
type ClassifiedComplaint struct {
	Received time.Time `sql:"received_at"`
	Category string    `sql:"category"`
	Text     string    `sql:"text"` // redacted on ingest
}

// classifiedSample is how many rule-classified complaints the quality report shows.
const classifiedSample = 15

// ClassifiedComplaints returns the first complaints of week whose category
// the keyword rules chose, so that a person can judge the rules.
func ClassifiedComplaints(ctx context.Context, db *sql.DB, s Settings, week string) ([]ClassifiedComplaint, error) {
	monday, err := ParseWeek(week)
	if err != nil {
		return nil, err
	}
	return readsql.Read[ClassifiedComplaint](ctx, db, files, "classified_complaints", struct {
		regionWeek
		Limit int64 `sql:"limit"`
	}{regionWeek{s.RegionCode, monday, monday.AddDate(0, 0, 7)}, classifiedSample})
}
