package accommodation

import (
	"fmt"
	"time"

	"portal06/app/iddoc"
	"portal06/app/web"
	"portal06/tenants/accommodation/ui"
)

// rows turns stays into list rows: ID numbers masked, notification state
// with the time left before the deadline.
func (k *Kind) rows(r *web.Request, stays []Stay) []ui.StayRow {
	now := k.d.Now()
	out := make([]ui.StayRow, len(stays))
	for i, st := range stays {
		row := ui.StayRow{Href: stayHref(r, st.ID), Room: st.Room, Name: st.FullName, Document: iddoc.MaskNumber(st.DocNumber),
			Nationality: st.Nationality, Arrival: r.T.DateTime(st.ArrivalAt), Departure: r.T.Date(st.ExpectedDeparture),
			Status: r.T.T("acc.status_" + st.Status)}
		row.Notify, row.NotifyClass, row.Remaining = notifyState(r, st, now)
		out[i] = row
	}
	return out
}

// notifyState describes a stay's check-in notification against its deadline.
func notifyState(r *web.Request, st Stay, now time.Time) (label, class, remaining string) {
	switch st.NotifyStatus {
	case "accepted":
		late := st.NotifiedAt != nil && st.NotifiedAt.After(st.DeadlineAt)
		if late {
			return r.T.T("acc.notify_accepted_late"), "late", ""
		}
		return r.T.T("acc.notify_accepted"), "ok", ""
	case "refused":
		return r.T.T("acc.notify_refused"), "refused", ""
	}
	if st.Status == "cancelled" {
		return r.T.T("acc.notify_pending"), "", ""
	}
	left := st.DeadlineAt.Sub(now)
	switch {
	case left <= 0:
		return r.T.T("acc.notify_late"), "late", r.T.T("acc.overdue", "Time", duration(-left))
	case left <= time.Hour:
		return r.T.T("acc.notify_pending"), "warn", r.T.T("acc.left_manual", "Time", duration(left))
	}
	return r.T.T("acc.notify_pending"), "pending", r.T.T("acc.left", "Time", duration(left))
}

// duration renders a span as 1h05 or 7 min.
func duration(d time.Duration) string {
	m := int(d.Round(time.Minute).Minutes())
	if m < 60 {
		return fmt.Sprintf("%d'", m)
	}
	return fmt.Sprintf("%dh%02d", m/60, m%60)
}
