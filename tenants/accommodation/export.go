package accommodation

import (
	"bytes"
	"fmt"
	"time"

	"github.com/gofiber/fiber/v2"

	"portal06/app/export"
	"portal06/app/stays"
	"portal06/app/web"
)

const xlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

func sendXLSX(c *fiber.Ctx, name string, sheets ...export.Sheet) error {
	var buf bytes.Buffer
	if err := export.Write(&buf, sheets...); err != nil {
		return err
	}
	c.Set(fiber.HeaderContentType, xlsxType)
	c.Set(fiber.HeaderContentDisposition, `attachment; filename="`+name+`"`)
	return c.Send(buf.Bytes())
}

// registerXLSX exports the site's guest register for a period (default: the
// last 30 days), one row per stay.
func (k *Kind) registerXLSX(c *fiber.Ctx, r *web.Request) error {
	s, err := k.site(c, r)
	if err != nil {
		return err
	}
	now := k.d.Now()
	f := StayFilter{SiteID: s.ID, From: stays.DayOf(now).AddDate(0, 0, -30)}
	if t, err := time.ParseInLocation("2006-01-02", web.Query(c, "from"), zone); err == nil {
		f.From = t
	}
	if t, err := time.ParseInLocation("2006-01-02", web.Query(c, "to"), zone); err == nil {
		f.To = t.AddDate(0, 0, 1)
	}
	stays, _, err := ListStays(r.Tx, r.Tenant.ID, f, Cursor{}, 100000)
	if err != nil {
		return err
	}
	T := r.T.T
	sh := export.Sheet{Name: T("acc.register_sheet"), Headers: []string{"#", T("field.full_name"), T("field.birth_date"), T("field.sex"),
		T("field.nationality"), T("field.document_type"), T("field.document_number"), T("acc.room"), T("acc.arrival"),
		T("acc.expected_departure"), T("acc.departed"), T("acc.reason"), T("field.status"), T("acc.notification"), T("acc.receipt")}}
	for i, st := range stays {
		dep, receipt := "", ""
		if st.DepartedAt != nil {
			dep = r.T.DateTime(*st.DepartedAt)
		}
		if st.NotifyReceipt != nil {
			receipt = *st.NotifyReceipt
		}
		sh.Rows = append(sh.Rows, []any{i + 1, st.FullName, r.T.Date(st.BirthDate), T("acc.sex_" + lower(st.Sex)), st.Nationality,
			T("acc.doc_" + st.DocType), st.DocNumber, st.Room, r.T.DateTime(st.ArrivalAt), r.T.Date(st.ExpectedDeparture), dep,
			st.Reason, T("acc.status_" + st.Status), T("acc.nstatus_" + st.NotifyStatus), receipt})
	}
	return sendXLSX(c, fmt.Sprintf("so-luu-tru-%s-%s.xlsx", s.Slug, now.In(zone).Format("20060102")), sh)
}

func lower(s string) string {
	if s == "M" {
		return "m"
	}
	return "f"
}

// PendingColumns are the columns of the pending-notifications export, in
// order; docs/national-notification.md documents them for manual upload.
var PendingColumns = []string{"site_code", "stay_id", "event", "idempotency_key", "document_type", "document_number", "full_name",
	"birth_date", "sex", "nationality", "arrival", "expected_departure", "departure", "reason", "room", "deadline", "attempts", "last_error"}

// pendingXLSX exports every notification the national system has not
// accepted, for upload through the manual channel.
func (k *Kind) pendingXLSX(c *fiber.Ctx, r *web.Request) error {
	rows, err := pendingNotifications(r.Tx, r.Tenant.ID, 100000)
	if err != nil {
		return err
	}
	sh := export.Sheet{Name: "pending", Headers: PendingColumns}
	for _, n := range rows {
		p, err := stays.DecodePayload(n.Payload)
		if err != nil {
			return err
		}
		dep := ""
		if p.Departure != nil {
			if t, err := time.Parse(time.RFC3339, *p.Departure); err == nil {
				dep = t.In(zone).Format("02/01/2006 15:04")
			}
		}
		birth, _ := time.Parse("2006-01-02", p.BirthDate)
		expected, _ := time.Parse("2006-01-02", p.ExpectedDeparture)
		lastErr := n.LastError
		if n.Refusal != nil {
			lastErr = *n.Refusal
		}
		sh.Rows = append(sh.Rows, []any{p.SiteCode, n.StayID, n.Event, n.IdempotencyKey, p.Document.Type, p.Document.Number, p.FullName,
			birth.Format("02/01/2006"), p.Sex, p.Nationality, p.Arrival.In(zone).Format("02/01/2006 15:04"), expected.Format("02/01/2006"),
			dep, p.Reason, p.Room, n.DeadlineAt.In(zone).Format("02/01/2006 15:04"), n.Attempts, lastErr})
	}
	return sendXLSX(c, fmt.Sprintf("thong-bao-cho-gui-%s-%s.xlsx", r.Tenant.Slug, k.d.Now().In(zone).Format("20060102-1504")), sh)
}
