// Package stays is the core's life of a stay (lưu trú) and its notification
// to the national accommodation system: check-in, changes, check-out and
// cancellation, each written with its revision, its notification and a River
// job in the request's transaction, then delivered durably with receipts and
// refusals. Accommodation and apartments (overnight visitors) both use it.
package stays

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"gorm.io/gorm"

	"portal06/app/iddoc"
	"portal06/app/jobs"
	"portal06/app/national"
	"portal06/app/store"
)

// Stay is a guest's stay at a site.
type Stay struct {
	TenantID          int64
	ID                int64
	SiteID            int64
	TripID            *int64
	Room              string
	DocType           string
	DocNumber         string
	OldNumber         string
	FullName          string
	BirthDate         time.Time
	Sex               string
	Nationality       string
	Address           string
	IssueDate         *time.Time
	ArrivalAt         time.Time
	ExpectedDeparture time.Time
	Reason            string
	Status            string
	DepartedAt        *time.Time
	CancelReason      *string
	DeadlineAt        time.Time
	Source            string
	CreatedAt         time.Time
	// The check-in notification's state.
	NotifyStatus  string
	NotifyReceipt *string
	NotifyRefusal *string
	NotifyError   string
	NotifiedAt    *time.Time
}

// Foreign reports whether the guest is not a Vietnamese citizen.
func (s Stay) Foreign() bool { return s.Nationality != "VNM" }

// CheckInInput is a check-in: where, who, and for how long.
type CheckInInput struct {
	SiteID int64
	// SiteSlug names the site when SiteID is zero (the API), among the
	// site kinds SiteKinds when given.
	SiteSlug  string
	SiteKinds []string
	// RoomKinds are the site kinds at which a guest must be given a room.
	RoomKinds []string
	// TripKinds are the site kinds whose guests travel on a trip: there the
	// trip is required and must be the site's, elsewhere it is ignored. Nil
	// leaves trips to the caller.
	TripKinds         []string
	TripID            int64
	Room              string
	Identity          iddoc.Identity
	Source            string // qr, mrz, manual or api
	Arrival           time.Time
	ExpectedDeparture string // YYYY-MM-DD
	Reason            string
	UserID            int64
	// DocumentErr holds the problems found reading the document (an
	// *iddoc.Errors): the check-in reports them with its own, all at once.
	DocumentErr error
}

// Service runs the life of stays and queues their notifications.
type Service struct {
	Queue *jobs.Queue
	Now   func() time.Time
}

// The longest reason of stay and guest's address kept, in characters.
const (
	MaxReason  = 200
	MaxAddress = 300
)

// ErrNotOpen means the stay was checked out or cancelled already.
var ErrNotOpen = errors.New("stays: the stay is not open")

func (s *Service) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}

// checkStayFields validates what a check-in adds to the identity.
func (s *Service) checkStayFields(in *CheckInInput) (time.Time, store.Invalid) {
	bad := store.Invalid{}
	in.Room = strings.TrimSpace(in.Room)
	in.Reason = strings.TrimSpace(in.Reason)
	if utf8.RuneCountInString(in.Room) > 40 {
		bad["room"] = "validation.too_long"
	}
	if in.Reason == "" {
		bad["reason"] = "validation.required"
	} else if utf8.RuneCountInString(in.Reason) > MaxReason {
		bad["reason"] = "validation.too_long"
	}
	in.Identity.Address = strings.TrimSpace(in.Identity.Address)
	if utf8.RuneCountInString(in.Identity.Address) > MaxAddress {
		bad["address"] = "validation.too_long"
	}
	now := s.now()
	if in.Arrival.IsZero() {
		in.Arrival = now
	}
	if in.Arrival.After(now.Add(15 * time.Minute)) {
		bad["arrival"] = "stay.arrival_future"
	} else if in.Arrival.Before(now.AddDate(0, 0, -30)) {
		bad["arrival"] = "stay.arrival_old"
	}
	dep, err := time.ParseInLocation("2006-01-02", strings.TrimSpace(in.ExpectedDeparture), national.Zone)
	switch {
	case strings.TrimSpace(in.ExpectedDeparture) == "":
		bad["expected_departure"] = "validation.required"
	case err != nil:
		bad["expected_departure"] = "iddoc.date_invalid"
	case dep.Before(DayOf(in.Arrival)):
		bad["expected_departure"] = "stay.departure_before_arrival"
	case dep.After(DayOf(in.Arrival).AddDate(0, 0, 30)):
		bad["expected_departure"] = "stay.departure_too_far"
	}
	return dep, bad
}

// DayOf is the calendar day of t in Vietnam, at local midnight.
func DayOf(t time.Time) time.Time {
	y, m, d := t.In(national.Zone).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, national.Zone)
}

// NullUser is a user id for SQL, NULL when zero.
func NullUser(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

func revise(tx *gorm.DB, tenantID, siteID, stayID int64, action, field, old, new string, userID int64) error {
	err := tx.Exec(`INSERT INTO stay_revisions (tenant_id, site_id, stay_id, action, field, old_value, new_value, changed_by)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, tenantID, siteID, stayID, action, field, old, new, NullUser(userID)).Error
	if err != nil {
		return fmt.Errorf("stays: record %s of stay %d: %w", action, stayID, err)
	}
	return nil
}

// notify creates a notification of the stay's current state and queues it.
func (s *Service) notify(ctx context.Context, tx *gorm.DB, tenantID, stayID int64, event string, changes []national.Change) error {
	p, siteID, foreign, err := buildPayload(tx, tenantID, stayID, event)
	if err != nil {
		return err
	}
	p.Changes = changes
	body, err := json.Marshal(p)
	if err != nil {
		return fmt.Errorf("stays: encode notification: %w", err)
	}
	deadline := national.Deadline(s.now(), foreign)
	if event == national.EventCheckIn {
		deadline = national.Deadline(p.Arrival, foreign)
	}
	var nid int64
	err = tx.Raw(`INSERT INTO notifications (tenant_id, site_id, stay_id, event, payload, deadline_at)
		VALUES (?, ?, ?, ?, ?, ?) RETURNING id`, tenantID, siteID, stayID, event, string(body), deadline).Scan(&nid).Error
	if err != nil {
		return fmt.Errorf("stays: insert notification: %w", err)
	}
	return s.queue(ctx, tx, tenantID, nid)
}

// queue inserts the River job that delivers notification nid, in tx.
func (s *Service) queue(ctx context.Context, tx *gorm.DB, tenantID, nid int64) error {
	if s.Queue == nil {
		return errors.New("stays: no job queue")
	}
	return s.Queue.InsertTx(ctx, tx, DeliverArgs{TenantID: tenantID, NotificationID: nid})
}

func buildPayload(tx *gorm.DB, tenantID, stayID int64, event string) (national.Payload, int64, bool, error) {
	var r struct {
		SiteID                                                               int64
		TenantSlug, SiteSlug, SiteName, SiteAddress, AreaCode                string
		DocType, DocNumber, FullName, Sex, Nationality, Reason, Room, Status string
		BirthDate, ExpectedDeparture                                         time.Time
		ArrivalAt                                                            time.Time
		DepartedAt                                                           *time.Time
		CancelReason                                                         *string
	}
	err := tx.Raw(`SELECT st.site_id, t.slug AS tenant_slug, s.slug AS site_slug, s.name AS site_name, s.address AS site_address,
			a.code AS area_code, st.doc_type, st.doc_number, st.full_name, st.sex, st.nationality, st.reason, st.room, st.status,
			st.birth_date, st.expected_departure, st.arrival_at, st.departed_at, st.cancel_reason
		FROM stays st JOIN sites s ON s.tenant_id = st.tenant_id AND s.id = st.site_id
		JOIN tenants t ON t.id = st.tenant_id JOIN areas a ON a.id = s.area_id
		WHERE st.tenant_id = ? AND st.id = ?`, tenantID, stayID).Scan(&r).Error
	if err != nil || r.SiteID == 0 {
		return national.Payload{}, 0, false, fmt.Errorf("stays: load stay %d for its notification: %w", stayID, err)
	}
	p := national.Payload{
		SiteCode: r.TenantSlug + "/" + r.SiteSlug, SiteName: r.SiteName, SiteAddress: r.SiteAddress, AreaCode: r.AreaCode,
		StayID: stayID, Event: event, Document: national.Document{Type: r.DocType, Number: r.DocNumber},
		FullName: r.FullName, BirthDate: r.BirthDate.Format("2006-01-02"), Sex: r.Sex, Nationality: r.Nationality,
		Arrival: r.ArrivalAt.UTC(), ExpectedDeparture: r.ExpectedDeparture.Format("2006-01-02"), Reason: r.Reason, Room: r.Room,
	}
	if r.DepartedAt != nil {
		d := r.DepartedAt.UTC().Format(time.RFC3339)
		p.Departure = &d
	}
	if r.CancelReason != nil {
		p.CancelReason = *r.CancelReason
	}
	return p, r.SiteID, r.Nationality != "VNM", nil
}

// Columns are a stay's columns, with its latest check-in notification (LatestCheckIn).
const Columns = `st.tenant_id, st.id, st.site_id, st.trip_id, st.room, st.doc_type, st.doc_number, st.old_number, st.full_name,
	st.birth_date, st.sex, st.nationality, st.address, st.issue_date, st.arrival_at, st.expected_departure, st.reason, st.status,
	st.departed_at, st.cancel_reason, st.deadline_at, st.source, st.created_at,
	coalesce(n.status, 'pending') AS notify_status, n.receipt AS notify_receipt, n.refusal AS notify_refusal,
	coalesce(n.last_error, '') AS notify_error, n.accepted_at AS notified_at`

// LatestCheckIn joins each stay to its newest check-in notification.
const LatestCheckIn = `LEFT JOIN LATERAL (SELECT status, receipt, refusal, last_error, accepted_at FROM notifications x
	WHERE x.tenant_id = st.tenant_id AND x.stay_id = st.id AND x.event = 'check_in' ORDER BY x.id DESC LIMIT 1) n ON true`

// GetStay returns one stay within the request's scope, or store.ErrNotFound.
func GetStay(tx *gorm.DB, tenantID, id int64) (Stay, error) {
	var st Stay
	err := tx.Raw(`SELECT `+Columns+` FROM stays st `+LatestCheckIn+` WHERE st.tenant_id = ? AND st.id = ?`, tenantID, id).Scan(&st).Error
	if err != nil {
		return st, fmt.Errorf("stays: get stay %d: %w", id, err)
	}
	if st.ID == 0 {
		return st, store.ErrNotFound
	}
	return st, nil
}

// DecodePayload reads a notification's stored payload.
func DecodePayload(s string) (national.Payload, error) {
	var p national.Payload
	if err := json.Unmarshal([]byte(s), &p); err != nil {
		return p, fmt.Errorf("stays: decode notification payload: %w", err)
	}
	return p, nil
}
