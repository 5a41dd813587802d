package lake

import "testing"

func TestCheckLakePath(t *testing.T) {
	for _, tc := range []struct {
		path   string
		staged bool
		ok     bool
	}{
		{"service_events/region_code=3216/year=2023/month=01/data_1.parquet", false, true},
		{"_reference/regions/data_3.parquet", false, true},
		{"_pantau/staging/service_events/region_code=3216/year=2023/month=01/data.parquet", true, true},
		{"../victim.txt", false, false},
		{"service_events/../../victim.parquet", false, false},
		{"service_events/./region_code=3216/data_1.parquet", false, false},
		{"/etc/passwd", false, false},
		{"service_events//data_1.parquet", false, false},
		{`service_events\..\..\victim.parquet`, false, false},
		{"_pantau/manifest.json", false, false},
		{"README.txt", false, false},
		{"service_events/region_code=3216/notes.txt", false, false},
		{"service_events.parquet", false, false},
		{"_pantau/staging/../../victim.parquet", true, false},
		{"service_events/region_code=3216/year=2023/month=01/data_1.parquet", true, false},
		{"", false, false},
	} {
		if err := checkLakePath(tc.path, tc.staged); (err == nil) != tc.ok {
			t.Errorf("checkLakePath(%q, staged %v) = %v, want ok %v", tc.path, tc.staged, err, tc.ok)
		}
	}
}
