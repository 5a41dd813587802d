package planning

import (
	"context"
	"database/sql"

	"github.com/disdukcapil-bekasi/pantau/kpi"
)

// TrackRecordPrevious is TrackRecord with the forecast pantau made before
// the calendar and the global model (forecast.Auto on each series alone),
// to measure the change.
func TrackRecordPrevious(ctx context.Context, db *sql.DB, s kpi.Settings, o TrackOptions) ([]TrackRow, error) {
	return trackRecord(ctx, db, s, o, previousForecast)
}
