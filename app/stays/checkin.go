package stays

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"

	"portal06/app/iddoc"
	"portal06/app/identity"
	"portal06/app/national"
	"portal06/app/watch"
)

// checkInRow is what stay_check_in answers.
type checkInRow struct {
	Outcome        string // invalid, existing or created
	Problems       string // field:code,field:code
	StayID         *int64
	NotificationID *int64
	Watched        bool
	SiteID         *int64
	CreatedAt      *time.Time
}

// CheckIn records a stay, its first revision, its identity record and its
// notification, and queues the delivery, all in tx: one statement (the SQL
// function stay_check_in, migrations/00500_checkin.sql) and the River job.
// Scanning a card again at a site where the guest has an open stay returns
// that stay, with existing set.
//
// The check-in is validated once: the document's problems (in.DocumentErr),
// the stay's fields, the site and its room are reported together, and
// nothing is written while any remains.
func (s *Service) CheckIn(ctx context.Context, tx *gorm.DB, tenantID int64, in CheckInInput) (st Stay, existing bool, err error) {
	dep, bad := s.checkStayFields(&in)
	// what PostgreSQL keeps of the arrival, so that the stay, its deadline
	// and its notification's payload all say the same
	in.Arrival = in.Arrival.Truncate(time.Microsecond)
	id := in.Identity
	foreign := id.Nationality != "VNM"
	deadline := national.Deadline(in.Arrival, foreign)
	var payload []byte
	if in.DocumentErr == nil && len(bad) == 0 {
		// the notification's payload as the national system reads it; the
		// SQL function adds the site's fields and the stay's id
		payload, err = json.Marshal(national.Payload{Event: national.EventCheckIn, Document: national.Document{Type: id.DocType, Number: id.Number},
			FullName: id.FullName, BirthDate: id.BirthDate.Format("2006-01-02"), Sex: id.Sex, Nationality: id.Nationality,
			Arrival: in.Arrival.UTC(), ExpectedDeparture: dep.Format("2006-01-02"), Reason: in.Reason, Room: in.Room})
		if err != nil {
			return Stay{}, false, fmt.Errorf("stays: encode notification: %w", err)
		}
	}
	row, err := s.checkInSQL(tx, tenantID, in, dep, deadline, payload)
	if err != nil {
		return Stay{}, false, err
	}
	for _, p := range strings.Split(row.Problems, ",") {
		if f, code, ok := strings.Cut(p, ":"); ok {
			bad[f] = code
		}
	}
	if in.DocumentErr != nil || len(bad) > 0 {
		return Stay{}, false, iddoc.Merge(in.DocumentErr, bad)
	}
	if row.StayID == nil || row.SiteID == nil {
		return Stay{}, false, fmt.Errorf("stays: check-in answered %q without a stay", row.Outcome)
	}
	if row.Outcome == "existing" {
		st, err := GetStay(tx, tenantID, *row.StayID)
		return st, true, err
	}
	if row.Outcome != "created" || row.NotificationID == nil {
		return Stay{}, false, fmt.Errorf("stays: check-in answered %q", row.Outcome)
	}
	if row.Watched {
		if _, err := watch.Match(tx, watch.Hit{TenantID: tenantID, SiteID: *row.SiteID, Source: "stay", RecordID: *row.StayID,
			FullName: id.FullName, DocNumber: strings.ToUpper(strings.TrimSpace(id.Number))}); err != nil {
			return Stay{}, false, err
		}
	}
	if err := s.queue(ctx, tx, tenantID, *row.NotificationID); err != nil {
		return Stay{}, false, err
	}
	st = Stay{TenantID: tenantID, ID: *row.StayID, SiteID: *row.SiteID, Room: in.Room, DocType: id.DocType, DocNumber: id.Number,
		OldNumber: id.OldNumber, FullName: id.FullName, BirthDate: dateOnly(id.BirthDate), Sex: id.Sex, Nationality: id.Nationality,
		Address: id.Address, ArrivalAt: in.Arrival, ExpectedDeparture: dateOnly(dep), Reason: in.Reason, Status: "open",
		DeadlineAt: deadline, Source: in.Source, NotifyStatus: "pending"}
	if in.TripID != 0 {
		trip := in.TripID
		st.TripID = &trip
	}
	if !id.IssueDate.IsZero() {
		d := dateOnly(id.IssueDate)
		st.IssueDate = &d
	}
	if row.CreatedAt != nil {
		st.CreatedAt = *row.CreatedAt
	}
	return st, false, nil
}

// checkInSQL runs stay_check_in; without a payload (the check-in has
// problems already) it only checks the site, the room and the trip, and
// writes nothing.
func (s *Service) checkInSQL(tx *gorm.DB, tenantID int64, in CheckInInput, dep, deadline time.Time, payload []byte) (checkInRow, error) {
	id := in.Identity
	var site, trip, issue, birth, depDay, body any
	if in.SiteID != 0 {
		site = in.SiteID
	}
	if in.TripID != 0 {
		trip = in.TripID
	}
	if !id.IssueDate.IsZero() {
		issue = id.IssueDate.Format("2006-01-02")
	}
	if !id.BirthDate.IsZero() {
		birth = id.BirthDate.Format("2006-01-02")
	}
	if !dep.IsZero() {
		depDay = dep.Format("2006-01-02")
	}
	if payload != nil {
		body = string(payload)
	}
	var row checkInRow
	err := tx.Raw(`SELECT outcome, problems, stay_id, notification_id, watched, site_id, now() AS created_at
		FROM stay_check_in(?, ?, ?, ?::text[], ?::text[], ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?::text[])`,
		tenantID, site, in.SiteSlug, textArray(in.SiteKinds), textArray(in.RoomKinds), trip, in.Room, id.DocType, id.Number,
		id.OldNumber, id.FullName, iddoc.Fold(id.FullName), birth, id.Sex, id.Nationality, id.Address, issue, in.Arrival, depDay,
		in.Reason, deadline, in.Source, NullUser(in.UserID), body, textArray(in.TripKinds)).Scan(&row).Error
	if err != nil {
		return row, fmt.Errorf("stays: check in: %w", err)
	}
	if row.Outcome == "" {
		return row, fmt.Errorf("stays: check in: no answer")
	}
	return row, nil
}

// textArray is a PostgreSQL text[] literal of words (site kinds), or NULL.
func textArray(words []string) any {
	if words == nil {
		return nil
	}
	return "{" + strings.Join(words, ",") + "}"
}

func dateOnly(t time.Time) time.Time {
	if t.IsZero() {
		return t
	}
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// OpenStay returns the id of the guest's open stay at the site, or 0.
func (s *Service) OpenStay(tx *gorm.DB, tenantID, siteID int64, docType, number string) (int64, error) {
	var id int64
	err := tx.Raw(`SELECT id FROM stays WHERE tenant_id = ? AND site_id = ? AND doc_type = ? AND doc_number = ? AND status = 'open'`,
		tenantID, siteID, docType, number).Scan(&id).Error
	if err != nil {
		return 0, fmt.Errorf("stays: look up open stay: %w", err)
	}
	return id, nil
}

// saveIdentity records the stay's guest among the portal's identities,
// which matches a new or changed number against the watchlists.
func saveIdentity(tx *gorm.DB, tenantID, stayID int64) error {
	st, err := GetStay(tx, tenantID, stayID)
	if err != nil {
		return err
	}
	_, err = identity.Save(tx, identity.Record{TenantID: tenantID, SiteID: st.SiteID, Source: "stay", RecordID: st.ID,
		DocType: st.DocType, DocNumber: st.DocNumber, FullName: st.FullName, BirthDate: st.BirthDate, Sex: st.Sex, SeenAt: st.ArrivalAt})
	return err
}
