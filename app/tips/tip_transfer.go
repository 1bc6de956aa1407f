package tips

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/gofiber/fiber/v2"

	"portal06/app/live"
	"portal06/app/store"
	"portal06/app/web"
)

// tipTransfer hands a held tip to another unit with a reason. The receiver
// sees it from then on; the sender keeps read access to the history of
// the time it held it. The provincial units (PC06, the provincial police)
// keep holding what they transfer, since they oversee every tip.
func (h *Handlers) tipTransfer(c *fiber.Ctx, r *web.Request) error {
	d, err := loadTip(c, r)
	if err != nil {
		return err
	}
	if !d.Held {
		return fiber.ErrForbidden
	}
	code, reason := web.Form(c, "unit"), web.Form(c, "reason")
	errs := map[string]string{}
	var to Unit
	if code == "" {
		errs["unit"] = r.T.T("validation.required")
	} else if err := r.Tx.Raw(`SELECT id, code, name, kind FROM police_units WHERE code = ?`, code).Scan(&to).Error; err != nil {
		return fmt.Errorf("tips: find unit %q: %w", code, err)
	} else if to.ID == 0 || to.ID == r.User.Unit.UnitID {
		errs["unit"] = r.T.T("validation.choice")
	} else {
		var holds bool
		if err := r.Tx.Raw(`SELECT EXISTS (SELECT 1 FROM tip_units WHERE tip_id = ? AND unit_id = ? AND until IS NULL)`, d.ID, to.ID).Scan(&holds).Error; err != nil {
			return fmt.Errorf("tips: does unit %d hold tip %d: %w", to.ID, d.ID, err)
		}
		if holds {
			errs["unit"] = r.T.T("tips.already_holds")
		}
	}
	switch n := utf8.RuneCountInString(strings.TrimSpace(reason)); {
	case n == 0:
		errs["reason"] = r.T.T("validation.required")
	case n < 3:
		errs["reason"] = r.T.T("tips.reason_short")
	case n > MaxReason:
		errs["reason"] = r.T.T("tips.too_long", "Max", MaxReason, "Got", n)
	}
	if len(errs) > 0 {
		f, err := h.transferForm(r, d, code, reason, errs)
		if err != nil {
			return err
		}
		return h.renderDetail(c, r, d, fiber.StatusUnprocessableEntity, &f)
	}
	me := r.User.Unit.UnitID
	// the receiver may hold it already out of the sender's sight (row-level
	// security hides other units' rows): the unique hold then refuses it
	if err := r.Tx.SavePoint("transfer").Error; err != nil {
		return fmt.Errorf("tips: transfer tip %d: savepoint: %w", d.ID, err)
	}
	if err := r.Tx.Exec(`INSERT INTO tip_units (tip_id, unit_id) VALUES (?, ?)`, d.ID, to.ID).Error; err != nil {
		if _, dup := store.IsUniqueViolation(err); !dup {
			return fmt.Errorf("tips: transfer tip %d: route to the receiver: %w", d.ID, err)
		}
		if err := r.Tx.RollbackTo("transfer").Error; err != nil {
			return fmt.Errorf("tips: transfer tip %d: roll back: %w", d.ID, err)
		}
		f, err := h.transferForm(r, d, code, reason, map[string]string{"unit": r.T.T("tips.already_holds")})
		if err != nil {
			return err
		}
		return h.renderDetail(c, r, d, fiber.StatusUnprocessableEntity, &f)
	}
	steps := []struct {
		what string
		sql  string
		args []any
	}{
		{"mark transferred", `UPDATE tips SET status = 'transferred' WHERE id = ?`, []any{d.ID}},
		{"record the transfer", `INSERT INTO tip_events (tip_id, unit_id, user_id, action, status, to_unit_id, note)
			VALUES (?, ?, ?, 'transfer', 'transferred', ?, ?)`, []any{d.ID, me, r.User.UserID, to.ID, reason}},
	}
	for _, s := range steps {
		if err := r.Tx.Exec(s.sql, s.args...).Error; err != nil {
			return fmt.Errorf("tips: transfer tip %d: %s: %w", d.ID, s.what, err)
		}
	}
	if err := respond(r.Tx, d.ID); err != nil {
		return err
	}
	if err := r.Tx.Exec(`UPDATE tip_units SET until = now() WHERE tip_id = ? AND unit_id = ? AND until IS NULL
		AND NOT EXISTS (SELECT 1 FROM police_units u WHERE u.id = ? AND u.kind IN ('pc06', 'province_police'))`, d.ID, me, me).Error; err != nil {
		return fmt.Errorf("tips: transfer tip %d: close the sender's hold: %w", d.ID, err)
	}
	if err := live.Publish(r.Tx, Topic(to.ID), fmt.Sprint(d.ID)); err != nil {
		return err
	}
	return web.Redirect(c, r, tipURL(d.ID))
}
