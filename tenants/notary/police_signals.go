package notary

import (
	"fmt"
	"strconv"
	"time"

	"github.com/gofiber/fiber/v2"

	"portal06/app/audit"
	"portal06/app/iddoc"
	"portal06/app/web"
	"portal06/tenants/notary/ui"
)

// SignalTopic is the live topic of a unit's notary signals; the database
// function that raises a signal notifies it.
func SignalTopic(unitID int64) string { return "notary_signals:" + strconv.FormatInt(unitID, 10) }

// policeSignals is the unit's list of notary signals, which refreshes
// itself when a new one arrives.
func (k *Kind) policeSignals(c *fiber.Ctx, r *web.Request) error {
	return k.renderSignals(c, r, fiber.StatusOK, "")
}

func (k *Kind) renderSignals(c *fiber.Ctx, r *web.Request, status int, problem string) error {
	return web.Render(c, r, status, ui.SignalsPage(k.Host.Pages.Page(c, r, "notary.signals_title"), "/police/notary/signals/list",
		"/police/notary/signals/events", problem))
}

// policeSignalList is the fragment of the unit's signals, the open ones first.
func (k *Kind) policeSignalList(c *fiber.Ctx, r *web.Request) error {
	var rows []struct {
		ID                               int64
		Kind, FullName, DocNumber        string
		SiteName, AreaName, Detail, Note string
		CreatedAt                        time.Time
		AcknowledgedAt                   *time.Time
		AckedBy                          string
		CheckID                          int64
	}
	err := r.Tx.Raw(`SELECT g.id, g.kind, d.full_name, d.doc_number, d.site_name, d.area_name, d.detail, su.note, g.created_at,
			su.acknowledged_at, coalesce(us.full_name, '') AS acked_by, g.check_id
		FROM notary_signal_units su
		JOIN notary_signals g ON g.tenant_id = su.tenant_id AND g.id = su.signal_id
		JOIN notary_signal_details d ON d.tenant_id = g.tenant_id AND d.signal_id = g.id
		LEFT JOIN users us ON us.id = su.acknowledged_by
		WHERE su.unit_id = ? ORDER BY su.acknowledged_at IS NOT NULL, g.id DESC LIMIT 100`, r.User.Unit.UnitID).Scan(&rows).Error
	if err != nil {
		return fmt.Errorf("notary: list signals: %w", err)
	}
	if err := k.Host.AuditLook(r, audit.Entry{Action: "notary_signals", Results: len(rows)}); err != nil {
		return err
	}
	open := 0
	out := make([]ui.SignalRow, 0, len(rows))
	for _, x := range rows {
		row := ui.SignalRow{KindCode: x.Kind, Kind: r.T.T("notary.signal_" + x.Kind), Name: x.FullName, Number: iddoc.MaskNumber(x.DocNumber),
			When: r.T.DateTime(x.CreatedAt), Office: x.SiteName, Area: x.AreaName, Detail: signalDetail(r, x.Kind, x.Detail),
			AckAction:  "/police/notary/signals/" + strconv.FormatInt(x.ID, 10) + "/ack",
			OpenAction: "/police/notary/checks/" + strconv.FormatInt(x.CheckID, 10)}
		if x.AcknowledgedAt != nil {
			row.Acked = r.T.T("notary.acked", "Name", x.AckedBy, "At", r.T.DateTime(*x.AcknowledgedAt), "Note", x.Note)
		} else {
			open++
		}
		out = append(out, row)
	}
	return web.Render(c, r, fiber.StatusOK, ui.SignalList(out, open, r.CSRF))
}

// signalDetail says what was found, for the police only.
func signalDetail(r *web.Request, kind, detail string) string {
	switch {
	case detail == "":
		return ""
	case kind == "identity_conflict":
		return r.T.T("notary.detail_conflict", "Seen", detail)
	case kind == "repeated_failures":
		return r.T.T("notary.detail_failures", "Count", detail)
	case kind == "property_resold":
		return r.T.T("notary.detail_resold", "Where", detail)
	}
	return detail
}

// policeSignalEvents streams the unit's new signals as server-sent events.
func (k *Kind) policeSignalEvents(c *fiber.Ctx, r *web.Request) error {
	if k.Host.Live == nil {
		return fiber.ErrServiceUnavailable
	}
	events, cancel := k.Host.Live.Subscribe(SignalTopic(r.User.Unit.UnitID))
	return k.Host.Pages.StreamEvents(c, events, cancel, "alert", 12*time.Hour)
}

// policeSignalAck acknowledges a signal for the unit, with a note.
func (k *Kind) policeSignalAck(c *fiber.Ctx, r *web.Request) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	note := web.Form(c, "note")
	switch {
	case note == "":
		return k.renderSignals(c, r, fiber.StatusUnprocessableEntity, r.T.T("notary.ack_note")+": "+r.T.T("validation.required"))
	case len([]rune(note)) > 1000:
		return k.renderSignals(c, r, fiber.StatusUnprocessableEntity, r.T.T("notary.ack_note")+": "+r.T.T("validation.too_long"))
	}
	res := r.Tx.Exec(`UPDATE notary_signal_units SET acknowledged_at = now(), acknowledged_by = ?, note = ?
		WHERE signal_id = ? AND unit_id = ? AND acknowledged_at IS NULL`, r.User.UserID, note, id, r.User.Unit.UnitID)
	if res.Error != nil {
		return fmt.Errorf("notary: acknowledge signal %d: %w", id, res.Error)
	}
	if res.RowsAffected == 0 {
		return fiber.ErrNotFound
	}
	return web.Redirect(c, r, "/police/notary/signals")
}
