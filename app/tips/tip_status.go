package tips

import (
	"fmt"
	"unicode/utf8"

	"github.com/gofiber/fiber/v2"

	"portal06/app/web"
)

// tipStatus changes a held tip's status with an internal note, and the
// public note the reporter sees. Closing it the first time counts for the
// figures (within 30 days or not).
func (h *Handlers) tipStatus(c *fiber.Ctx, r *web.Request) error {
	d, err := loadTip(c, r)
	if err != nil {
		return err
	}
	if !d.Held {
		return fiber.ErrForbidden
	}
	status, note, public := web.Form(c, "status"), web.Form(c, "note"), web.Form(c, "public_note")
	errs := map[string]string{}
	if !contains(Statuses, status) || (status == "transferred" && d.Status != "transferred") {
		errs["status"] = r.T.T("validation.choice")
	}
	if n := utf8.RuneCountInString(note); n > MaxNote {
		errs["note"] = r.T.T("tips.too_long", "Max", MaxNote, "Got", n)
	}
	if n := utf8.RuneCountInString(public); n > MaxPublicNote {
		errs["public_note"] = r.T.T("tips.too_long", "Max", MaxPublicNote, "Got", n)
	}
	if len(errs) > 0 {
		f := statusForm(r, d, status, public, note, errs)
		return h.renderDetail(c, r, d, fiber.StatusUnprocessableEntity, &f)
	}
	var closedIn30 []bool
	err = r.Tx.Raw(`UPDATE tips SET status = ?, public_note = ?,
			closed_at = CASE WHEN ? = 'closed' AND closed_at IS NULL THEN now() ELSE closed_at END
		WHERE id = ? RETURNING coalesce(closed_at = now() AND now() - created_at <= interval '30 days', false)`,
		status, public, status, d.ID).Scan(&closedIn30).Error
	if err != nil {
		return fmt.Errorf("tips: change status of tip %d: %w", d.ID, err)
	}
	if err := r.Tx.Exec(`INSERT INTO tip_events (tip_id, unit_id, user_id, action, status, note) VALUES (?, ?, ?, 'status', ?, ?)`,
		d.ID, r.User.Unit.UnitID, r.User.UserID, status, note).Error; err != nil {
		return fmt.Errorf("tips: record status of tip %d: %w", d.ID, err)
	}
	if status == "closed" && d.ClosedAt == nil {
		if err := addFigure(r.Tx, IndicatorClosed, d.ID, 1, 0); err != nil {
			return err
		}
		if len(closedIn30) == 1 && closedIn30[0] {
			if err := addFigure(r.Tx, IndicatorClosed30, d.ID, 1, 0); err != nil {
				return err
			}
			if err := addFigure(r.Tx, IndicatorClosed30Share, d.ID, 1, 0); err != nil {
				return err
			}
		}
	}
	if err := respond(r.Tx, d.ID); err != nil {
		return err
	}
	return web.Redirect(c, r, tipURL(d.ID))
}
