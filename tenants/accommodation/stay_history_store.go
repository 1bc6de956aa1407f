package accommodation

import (
	"fmt"
	"time"

	"gorm.io/gorm"
)

// The storage of a stay's history (its notifications and revisions), and
// of the notifications still to be accepted: raw SQL on the request's
// transaction.

// notificationRow is one message of a stay to the national system.
type notificationRow struct {
	Event, Status, LastError string
	Receipt, Refusal         *string
	Attempts                 int
	CreatedAt                time.Time
}

// stayNotifications lists a stay's notifications, oldest first.
func stayNotifications(tx *gorm.DB, tenantID, stayID int64) ([]notificationRow, error) {
	var out []notificationRow
	if err := tx.Raw(`SELECT event, status, last_error, receipt, refusal, attempts, created_at FROM notifications
		WHERE tenant_id = ? AND stay_id = ? ORDER BY id`, tenantID, stayID).Scan(&out).Error; err != nil {
		return nil, fmt.Errorf("accommodation: notifications of stay %d: %w", stayID, err)
	}
	return out, nil
}

// revisionRow is one recorded change of a stay.
type revisionRow struct {
	Action, Field, OldValue, NewValue string
	ChangedAt                         time.Time
}

// stayRevisions lists a stay's changes, oldest first.
func stayRevisions(tx *gorm.DB, tenantID, stayID int64) ([]revisionRow, error) {
	var out []revisionRow
	if err := tx.Raw(`SELECT action, field, old_value, new_value, changed_at FROM stay_revisions
		WHERE tenant_id = ? AND stay_id = ? ORDER BY id`, tenantID, stayID).Scan(&out).Error; err != nil {
		return nil, fmt.Errorf("accommodation: revisions of stay %d: %w", stayID, err)
	}
	return out, nil
}

// pendingRow is a notification the national system has not accepted.
type pendingRow struct {
	StayID         int64
	Event          string
	IdempotencyKey string
	Payload        string
	DeadlineAt     time.Time
	Attempts       int
	LastError      string
	Refusal        *string
}

// pendingNotifications lists a tenant's notifications not accepted, by
// deadline; at most limit.
func pendingNotifications(tx *gorm.DB, tenantID int64, limit int) ([]pendingRow, error) {
	var out []pendingRow
	err := tx.Raw(`SELECT stay_id, event, idempotency_key::text AS idempotency_key, payload::text AS payload, deadline_at, attempts,
			last_error, refusal
		FROM notifications WHERE tenant_id = ? AND status <> 'accepted' ORDER BY deadline_at, id LIMIT ?`, tenantID, limit).Scan(&out).Error
	if err != nil {
		return nil, fmt.Errorf("accommodation: pending notifications: %w", err)
	}
	return out, nil
}
