package stays

import (
	"context"
	"fmt"
	"log/slog"

	"github.com/riverqueue/river"
	"gorm.io/gorm"

	"portal06/app/national"
	"portal06/policies"
)

// DeliverArgs is the job that delivers one notification.
type DeliverArgs struct {
	TenantID       int64 `json:"tenant_id"`
	NotificationID int64 `json:"notification_id"`
}

// Kind names the job for River.
func (DeliverArgs) Kind() string { return "national_notification" }

// Deliverer sends notifications to the national system. It reads and
// writes with the whole province in scope, as the system, outside any
// request, and never holds a transaction open while it waits on the network.
type Deliverer struct {
	river.WorkerDefaults[DeliverArgs]
	DB     *gorm.DB
	Client *national.Client
	Log    *slog.Logger
}

func (d *Deliverer) system(ctx context.Context, f func(tx *gorm.DB) error) error {
	return d.DB.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := (policies.Scope{All: true}).Apply(tx, 0); err != nil {
			return err
		}
		return f(tx)
	})
}

// Work delivers one notification: accepted keeps the receipt, refused keeps
// the receiver's message and stops, anything else is retried with backoff,
// or after the wait the receiver asked for with Retry-After.
func (d *Deliverer) Work(ctx context.Context, job *river.Job[DeliverArgs]) error {
	a := job.Args
	var n struct {
		Status         string
		Payload        string
		IdempotencyKey string
	}
	err := d.system(ctx, func(tx *gorm.DB) error {
		return tx.Raw(`SELECT status, payload::text AS payload, idempotency_key::text AS idempotency_key
			FROM notifications WHERE tenant_id = ? AND id = ?`, a.TenantID, a.NotificationID).Scan(&n).Error
	})
	if err != nil {
		return fmt.Errorf("stays: load notification %d: %w", a.NotificationID, err)
	}
	if n.Status != "pending" {
		return nil // gone, accepted or refused already
	}
	res := d.Client.Send(ctx, n.IdempotencyKey, []byte(n.Payload))
	err = d.system(ctx, func(tx *gorm.DB) error {
		switch res.Outcome {
		case national.Accepted:
			return tx.Exec(`UPDATE notifications SET status = 'accepted', receipt = ?, accepted_at = now(), attempts = attempts + 1,
				last_error = '', updated_at = now() WHERE tenant_id = ? AND id = ? AND status = 'pending'`,
				res.Receipt, a.TenantID, a.NotificationID).Error
		case national.Refused:
			return tx.Exec(`UPDATE notifications SET status = 'refused', refusal = ?, attempts = attempts + 1, updated_at = now()
				WHERE tenant_id = ? AND id = ? AND status = 'pending'`, res.Message, a.TenantID, a.NotificationID).Error
		default:
			return tx.Exec(`UPDATE notifications SET attempts = attempts + 1, last_error = ?, updated_at = now()
				WHERE tenant_id = ? AND id = ? AND status = 'pending'`, res.Message, a.TenantID, a.NotificationID).Error
		}
	})
	if err != nil {
		return fmt.Errorf("stays: record delivery of notification %d: %w", a.NotificationID, err)
	}
	switch res.Outcome {
	case national.Accepted:
		return nil
	case national.Refused:
		d.Log.Warn("notification refused", "notification", a.NotificationID, "message", res.Message)
		return river.JobCancel(res.AsError())
	}
	if res.RetryAfter > 0 {
		// the receiver said when to come back: that wait, not the backoff
		return river.JobSnooze(res.RetryAfter)
	}
	return res.AsError()
}
