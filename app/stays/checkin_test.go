package stays_test

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"gorm.io/gorm"

	"portal06/app/iddoc"
	"portal06/app/national"
	"portal06/app/stays"
	"portal06/policies"
)

// TestCheckInPayloadAsBefore: the payload the one-statement check-in stores
// is the one the Go path builds from the stored stay (as the check-in did
// before), to the microsecond of an arrival given in nanoseconds and
// another time zone; the stay it answers is the stored one; the deadline
// of the stay and of its notification agree.
func TestCheckInPayloadAsBefore(t *testing.T) {
	w := newWorld(t, time.Second)
	ict := time.FixedZone("ICT", 7*3600)
	arrival := time.Now().Add(-time.Hour).In(ict).Add(123 * time.Nanosecond)
	guests := []iddoc.Identity{
		{DocType: iddoc.TypeCCCD, Number: "022095007777", FullName: "Nguyễn Văn An", BirthDate: time.Date(1995, 3, 15, 0, 0, 0, 0, time.UTC),
			Sex: "M", Nationality: "VNM", Address: "Tổ 5, Bãi Cháy", IssueDate: time.Date(2021, 4, 20, 0, 0, 0, 0, time.UTC), OldNumber: "100200300"},
		{DocType: iddoc.TypePassport, Number: "C7654321", FullName: "MÜLLER JÜRGEN", BirthDate: time.Date(1980, 2, 29, 0, 0, 0, 0, time.UTC),
			Sex: "M", Nationality: "DEU"},
	}
	for i, g := range guests {
		err := w.db.App.Transaction(func(tx *gorm.DB) error {
			if err := (policies.Scope{Tenants: []int64{w.tenant}, Pin: w.tenant}).Apply(tx, 0); err != nil {
				return err
			}
			room := []string{"305", ""}[i]
			st, existing, err := w.svc.CheckIn(context.Background(), tx, w.tenant, stays.CheckInInput{SiteID: w.site, Room: room,
				Identity: g, Source: "qr", Arrival: arrival, ExpectedDeparture: time.Now().AddDate(0, 0, 2).Format("2006-01-02"), Reason: " Du lịch "})
			if err != nil || existing {
				t.Fatalf("check-in %d: existing %v, %v", i, existing, err)
			}
			stored, err := stays.GetStay(tx, w.tenant, st.ID)
			if err != nil {
				t.Fatal(err)
			}
			day := func(t time.Time) string { return t.Format("2006-01-02") }
			if st.ID != stored.ID || st.SiteID != stored.SiteID || st.Room != stored.Room || st.DocType != stored.DocType ||
				st.DocNumber != stored.DocNumber || st.OldNumber != stored.OldNumber || st.FullName != stored.FullName ||
				day(st.BirthDate) != day(stored.BirthDate) || st.Sex != stored.Sex || st.Nationality != stored.Nationality ||
				st.Address != stored.Address || !st.ArrivalAt.Equal(stored.ArrivalAt) || day(st.ExpectedDeparture) != day(stored.ExpectedDeparture) ||
				st.Reason != stored.Reason || st.Status != stored.Status || !st.DeadlineAt.Equal(stored.DeadlineAt) || st.Source != stored.Source ||
				st.NotifyStatus != stored.NotifyStatus || (st.IssueDate == nil) != (stored.IssueDate == nil) || !st.CreatedAt.Equal(stored.CreatedAt) {
				t.Fatalf("check-in %d answered\n%+v\nbut stored\n%+v", i, st, stored)
			}
			want, _, _, err := stays.BuildPayload(tx, w.tenant, st.ID, national.EventCheckIn)
			if err != nil {
				t.Fatal(err)
			}
			body, _ := json.Marshal(want)
			var same, deadlineOK bool
			if err := tx.Raw(`SELECT payload = ?::jsonb, deadline_at = ? FROM notifications WHERE tenant_id = ? AND stay_id = ?`,
				string(body), national.Deadline(want.Arrival, g.Nationality != "VNM"), w.tenant, st.ID).Row().Scan(&same, &deadlineOK); err != nil {
				t.Fatal(err)
			}
			if !same {
				var got string
				tx.Raw(`SELECT payload::text FROM notifications WHERE tenant_id = ? AND stay_id = ?`, w.tenant, st.ID).Scan(&got)
				t.Fatalf("check-in %d stored the payload\n%s\nthe Go path builds\n%s", i, got, body)
			}
			if !deadlineOK {
				t.Fatalf("check-in %d: the notification's deadline is not the one of its arrival", i)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
}
