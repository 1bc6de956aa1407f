package accommodation

import (
	"context"
	"fmt"

	"gorm.io/gorm"

	"portal06/app/stays"
	"portal06/app/store"
)

// The core's stays, as accommodation names them.
type (
	// Stay is a guest's stay at a site.
	Stay = stays.Stay
	// CheckInInput is a check-in: where, who, and for how long.
	CheckInInput = stays.CheckInInput
	// Service runs the life of stays and queues their notifications.
	Service = stays.Service
)

// checkIn checks a guest in, onto one of the site's trips when the site runs them.
func (k *Kind) checkIn(ctx context.Context, tx *gorm.DB, tenantID int64, in CheckInInput) (Stay, bool, error) {
	if in.TripID != 0 {
		var n int64
		if err := tx.Raw(`SELECT count(*) FROM trips WHERE tenant_id = ? AND id = ? AND site_id = ?`, tenantID, in.TripID, in.SiteID).Scan(&n).Error; err != nil {
			return Stay{}, false, fmt.Errorf("accommodation: look up trip: %w", err)
		}
		if n == 0 {
			return Stay{}, false, store.Invalid{"trip_id": "validation.choice"}
		}
	}
	return k.svc.CheckIn(ctx, tx, tenantID, in)
}
