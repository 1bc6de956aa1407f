package tips

import (
	"fmt"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"portal06/app/web"
)

// tipAssign assigns a held tip to an officer of the unit, or to nobody.
func (h *Handlers) tipAssign(c *fiber.Ctx, r *web.Request) error {
	d, err := loadTip(c, r)
	if err != nil {
		return err
	}
	if !d.Held {
		return fiber.ErrForbidden
	}
	raw := web.Form(c, "officer")
	var officer *Officer
	if raw != "" {
		id, _ := strconv.ParseInt(raw, 10, 64)
		list, err := unitOfficers(r.Tx, r.User.Unit.UnitID)
		if err != nil {
			return err
		}
		for _, o := range list {
			if o.ID == id {
				officer = &o
			}
		}
		if officer == nil {
			f, err := h.assignForm(r, d, raw, map[string]string{"officer": r.T.T("validation.choice")})
			if err != nil {
				return err
			}
			return h.renderDetail(c, r, d, fiber.StatusUnprocessableEntity, &f)
		}
	}
	var to any
	name := ""
	if officer != nil {
		to, name = officer.ID, officer.FullName
	}
	if err := r.Tx.Exec(`UPDATE tip_units SET assigned_to = ? WHERE tip_id = ? AND unit_id = ? AND until IS NULL`,
		to, d.ID, r.User.Unit.UnitID).Error; err != nil {
		return fmt.Errorf("tips: assign tip %d: %w", d.ID, err)
	}
	if err := r.Tx.Exec(`INSERT INTO tip_events (tip_id, unit_id, user_id, action, note) VALUES (?, ?, ?, 'assign', ?)`,
		d.ID, r.User.Unit.UnitID, r.User.UserID, name).Error; err != nil {
		return fmt.Errorf("tips: record assignment of tip %d: %w", d.ID, err)
	}
	if err := respond(r.Tx, d.ID); err != nil {
		return err
	}
	return web.Redirect(c, r, tipURL(d.ID))
}
