package stays

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"gorm.io/gorm"

	"portal06/app/iddoc"
	"portal06/app/national"
	"portal06/app/store"
)

// openForChange locks an open stay for a change.
func openForChange(tx *gorm.DB, tenantID, id int64) (Stay, error) {
	var status string
	if err := tx.Raw(`SELECT status FROM stays WHERE tenant_id = ? AND id = ? FOR UPDATE`, tenantID, id).Scan(&status).Error; err != nil {
		return Stay{}, fmt.Errorf("stays: lock stay %d: %w", id, err)
	}
	if status == "" {
		return Stay{}, store.ErrNotFound
	}
	if status != "open" {
		return Stay{}, ErrNotOpen
	}
	return GetStay(tx, tenantID, id)
}

// ChangeRoom moves the guest to another room, cabin or seat.
func (s *Service) ChangeRoom(ctx context.Context, tx *gorm.DB, tenantID, id int64, room string, userID int64) error {
	room = strings.TrimSpace(room)
	if room == "" {
		return store.Invalid{"room": "validation.required"}
	}
	if utf8.RuneCountInString(room) > 40 {
		return store.Invalid{"room": "validation.too_long"}
	}
	st, err := openForChange(tx, tenantID, id)
	if err != nil {
		return err
	}
	if st.Room == room {
		return nil
	}
	return s.apply(ctx, tx, st, "room_change", userID, map[string][2]string{"room": {st.Room, room}})
}

// Extend moves the expected departure to a later day.
func (s *Service) Extend(ctx context.Context, tx *gorm.DB, tenantID, id int64, date string, userID int64) error {
	d, err := time.ParseInLocation("2006-01-02", strings.TrimSpace(date), national.Zone)
	if err != nil {
		return store.Invalid{"expected_departure": "iddoc.date_invalid"}
	}
	st, err := openForChange(tx, tenantID, id)
	if err != nil {
		return err
	}
	old := st.ExpectedDeparture.Format("2006-01-02")
	if !d.After(st.ExpectedDeparture) {
		return store.Invalid{"expected_departure": "stay.extend_later"}
	}
	if d.After(DayOf(st.ArrivalAt).AddDate(0, 0, 30)) {
		return store.Invalid{"expected_departure": "stay.departure_too_far"}
	}
	return s.apply(ctx, tx, st, "extension", userID, map[string][2]string{"expected_departure": {old, d.Format("2006-01-02")}})
}

// Correctable are the fields a correction may change.
// Correctable are the fields of a stay that a correction may change.
var Correctable = []string{"full_name", "document_type", "document_number", "birth_date", "sex", "nationality", "address", "reason", "arrival"}

// Correct changes wrong fields; the old values stay in the revisions.
func (s *Service) Correct(ctx context.Context, tx *gorm.DB, tenantID, id int64, values map[string]string, userID int64) error {
	st, err := openForChange(tx, tenantID, id)
	if err != nil {
		return err
	}
	cur := map[string]string{
		"full_name": st.FullName, "document_type": st.DocType, "document_number": st.DocNumber,
		"birth_date": st.BirthDate.Format("2006-01-02"), "sex": st.Sex, "nationality": st.Nationality,
		"address": st.Address, "reason": st.Reason, "arrival": st.ArrivalAt.In(national.Zone).Format("2006-01-02T15:04"),
	}
	next := map[string]string{}
	for k, v := range cur {
		next[k] = v
	}
	for _, f := range Correctable {
		if v, ok := values[f]; ok {
			next[f] = strings.TrimSpace(v)
		}
	}
	if _, err := iddoc.ParseManual(iddoc.Manual{DocType: next["document_type"], Number: next["document_number"], FullName: next["full_name"],
		BirthDate: next["birth_date"], Sex: next["sex"], Nationality: next["nationality"]}, s.now()); err != nil {
		return err
	}
	switch {
	case next["reason"] == "":
		return store.Invalid{"reason": "validation.required"}
	case utf8.RuneCountInString(next["reason"]) > MaxReason:
		return store.Invalid{"reason": "validation.too_long"}
	case utf8.RuneCountInString(next["address"]) > MaxAddress:
		return store.Invalid{"address": "validation.too_long"}
	}
	arrival, ok := ParseArrival(next["arrival"])
	if !ok {
		return store.Invalid{"arrival": "iddoc.date_invalid"}
	}
	if arrival.After(s.now().Add(15 * time.Minute)) {
		return store.Invalid{"arrival": "stay.arrival_future"}
	}
	changes := map[string][2]string{}
	for _, f := range Correctable {
		if cur[f] != next[f] {
			changes[f] = [2]string{cur[f], next[f]}
		}
	}
	if len(changes) == 0 {
		return store.Invalid{"field": "stay.nothing_changed"}
	}
	return s.apply(ctx, tx, st, "correction", userID, changes)
}

// apply writes changed fields of an open stay, records each old and new
// value, and notifies the correction.
func (s *Service) apply(ctx context.Context, tx *gorm.DB, st Stay, action string, userID int64, changes map[string][2]string) error {
	sets := []string{}
	args := []any{}
	var notes []national.Change
	for _, f := range append([]string{"room", "expected_departure"}, Correctable...) {
		ch, ok := changes[f]
		if !ok {
			continue
		}
		switch f {
		case "arrival":
			t, _ := ParseArrival(ch[1])
			sets = append(sets, "arrival_at = ?", "deadline_at = ?")
			args = append(args, t, national.Deadline(t, st.Foreign()))
		case "full_name":
			sets = append(sets, "full_name = ?", "name_fold = ?")
			args = append(args, ch[1], iddoc.Fold(ch[1]))
		case "document_number", "nationality":
			sets = append(sets, stayColumn[f]+" = ?")
			args = append(args, strings.ToUpper(ch[1]))
		default:
			sets = append(sets, stayColumn[f]+" = ?")
			args = append(args, ch[1])
		}
		if err := revise(tx, st.TenantID, st.SiteID, st.ID, action, f, ch[0], ch[1], userID); err != nil {
			return err
		}
		notes = append(notes, national.Change{Field: f, Old: ch[0], New: ch[1]})
	}
	sets = append(sets, "updated_at = now()")
	args = append(args, st.TenantID, st.ID)
	// a savepoint, so that a clash with another open stay leaves the
	// request's transaction usable for the answer
	err := tx.Transaction(func(sp *gorm.DB) error {
		return sp.Exec(`UPDATE stays SET `+strings.Join(sets, ", ")+` WHERE tenant_id = ? AND id = ? AND status = 'open'`, args...).Error
	})
	if _, dup := store.IsUniqueViolation(err); dup {
		return store.Invalid{"document_number": "stay.already_open"}
	}
	if err != nil {
		return fmt.Errorf("stays: update stay %d: %w", st.ID, err)
	}
	if err := s.notify(ctx, tx, st.TenantID, st.ID, national.EventCorrection, notes); err != nil {
		return err
	}
	return saveIdentity(tx, st.TenantID, st.ID)
}

// stayColumn maps each changeable field of a stay to its column.
var stayColumn = map[string]string{
	"room": "room", "expected_departure": "expected_departure", "full_name": "full_name",
	"document_type": "doc_type", "document_number": "doc_number", "birth_date": "birth_date", "sex": "sex",
	"nationality": "nationality", "address": "address", "reason": "reason", "arrival": "arrival_at",
}

// CheckOut ends an open stay now.
func (s *Service) CheckOut(ctx context.Context, tx *gorm.DB, tenantID, id, userID int64) error {
	st, err := openForChange(tx, tenantID, id)
	if err != nil {
		return err
	}
	now := s.now()
	if err := tx.Exec(`UPDATE stays SET status = 'checked_out', departed_at = ?, updated_at = now() WHERE tenant_id = ? AND id = ?`,
		now, tenantID, id).Error; err != nil {
		return fmt.Errorf("stays: check out stay %d: %w", id, err)
	}
	if err := revise(tx, tenantID, st.SiteID, id, "check_out", "status", "open", "checked_out", userID); err != nil {
		return err
	}
	return s.notify(ctx, tx, tenantID, id, national.EventCheckOut, nil)
}

// Cancel withdraws a stay entered by mistake; the reason is kept and notified.
func (s *Service) Cancel(ctx context.Context, tx *gorm.DB, tenantID, id int64, reason string, userID int64) error {
	reason = strings.TrimSpace(reason)
	if reason == "" {
		return store.Invalid{"cancel_reason": "validation.required"}
	}
	if utf8.RuneCountInString(reason) > 200 {
		return store.Invalid{"cancel_reason": "validation.too_long"}
	}
	st, err := openForChange(tx, tenantID, id)
	if err != nil {
		return err
	}
	if err := tx.Exec(`UPDATE stays SET status = 'cancelled', cancel_reason = ?, updated_at = now() WHERE tenant_id = ? AND id = ?`,
		reason, tenantID, id).Error; err != nil {
		return fmt.Errorf("stays: cancel stay %d: %w", id, err)
	}
	if err := revise(tx, tenantID, st.SiteID, id, "cancel", "status", "open", "cancelled: "+reason, userID); err != nil {
		return err
	}
	return s.notify(ctx, tx, tenantID, id, national.EventCancel, nil)
}

// Resend sends the stay's check-in again, as it now stands, after the
// receiver refused it: a new notification with a new key.
func (s *Service) Resend(ctx context.Context, tx *gorm.DB, tenantID, id int64) error {
	st, err := GetStay(tx, tenantID, id)
	if err != nil {
		return err
	}
	if st.NotifyStatus != "refused" {
		return store.Invalid{"notification": "stay.resend_not_refused"}
	}
	return s.notify(ctx, tx, tenantID, id, national.EventCheckIn, nil)
}

// ParseArrival reads a datetime-local value in Vietnam's time.
func ParseArrival(v string) (time.Time, bool) {
	t, err := time.ParseInLocation("2006-01-02T15:04", strings.TrimSpace(v), national.Zone)
	return t, err == nil
}
