package warehouse

import (
	"context"
	"path/filepath"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/disdukcapil-bekasi/pantau/privacy"
)

// TestMigrationRedactsStoredText: a warehouse written before migration 0012
// (rows with NIKs and phone numbers in ids, free text and rejects) is clean
// once a writer opens it: ids as the pseudonyms a load makes, text masked,
// other rows as they were, and the stored KPIs marked for recomputation.
func TestMigrationRedactsStoredText(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "w.duckdb")
	w, err := Open(ctx, path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	// Back to before 0012, with the rows an older pantau stored.
	for _, q := range []string{
		`DELETE FROM schema_migrations WHERE name LIKE '%_redact_stored_text'`,
		`DELETE FROM kpi_dirty`,
		`INSERT INTO survey_responses (region_code, response_id, office_code, submitted_at, occupation, suggestion, load_id) VALUES
			('3216', 'R-1', 'KEC-01', TIMESTAMP '2023-01-02 10:00:00', 'NIK 3216015708900003', 'telp 0812-3456-7890', 1),
			('3216', 'R-2', 'KEC-01', TIMESTAMP '2023-01-02 10:00:00', 'Wiraswasta', 'antre 2 jam', 1)`,
		`INSERT INTO complaints (region_code, complaint_id, received_at, channel, category, classified_by, tier, staff_ref, text, status, load_id) VALUES
			('3216', '081234567890', TIMESTAMP '2023-01-02 10:00:00', 'whatsapp', 'other', 'rules', 'normatif', 'nik3216015708900004x', 'ok', 'open', 1)`,
		`INSERT INTO service_events (region_code, event_id, application_id, event_time, service, stage, office_code, load_id) VALUES
			('3216', 'E1', '3216.0157.0890.0003', TIMESTAMP '2023-01-02 10:00:00', 'ktp_el', 'submitted', 'KEC-01', 1),
			('3216', 'E2', '3216-20220103-000123', TIMESTAMP '2023-01-02 10:00:00', 'ktp_el', 'submitted', 'KEC-01', 1)`,
		`INSERT INTO rejects VALUES (1, 'x.csv', 2, 'event_time', '3216015708900003', '"3216015708900003" is not a valid date')`,
	} {
		if _, err := w.DB.ExecContext(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	key := []byte("the key of the NIK hash, 32 chars")
	p := privacy.NewPseudonyms(key)
	w, err = Open(ctx, path, Options{NIKKey: func() ([]byte, error) { return key, nil }})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	var got []string
	rows, err := w.DB.QueryContext(ctx, `
		SELECT concat_ws(' | ', response_id, occupation, suggestion) FROM survey_responses
		UNION ALL SELECT concat_ws(' | ', complaint_id, staff_ref, text) FROM complaints
		UNION ALL SELECT concat_ws(' | ', event_id, application_id) FROM service_events
		UNION ALL SELECT concat_ws(' | ', value, reason) FROM rejects
		UNION ALL SELECT 'dirty ' || region_code FROM kpi_dirty
`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			t.Fatal(err)
		}
		got = append(got, s)
	}
	want := []string{
		"E1 | " + p.Replace("3216015708900003"),
		"E2 | 3216-20220103-000123",
		"R-1 | NIK [NIK disamarkan] | telp [nomor disamarkan]",
		"R-2 | Wiraswasta | antre 2 jam",
		"[NIK disamarkan] | \"[NIK disamarkan]\" is not a valid date",
		"dirty *",
		p.Replace("081234567890") + " | nik" + p.Replace("3216015708900004") + "x | ok",
	}
	slices.Sort(want)
	slices.Sort(got)
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("stored text after migration 0012 (-want +got):\n%s", diff)
	}
}
