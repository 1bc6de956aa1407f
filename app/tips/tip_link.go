package tips

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/gofiber/fiber/v2"

	"portal06/app/iddoc"
	"portal06/app/web"
)

var docRe = regexp.MustCompile(`^[A-Z0-9]{5,20}$`)

// tipLink links a held tip to a person by document number, for the person
// search; the tip then names a person, and the link is audited.
func (h *Handlers) tipLink(c *fiber.Ctx, r *web.Request) error {
	d, err := loadTip(c, r)
	if err != nil {
		return err
	}
	if !d.Held {
		return fiber.ErrForbidden
	}
	docType := web.Form(c, "doc_type")
	number := strings.ToUpper(strings.ReplaceAll(web.Form(c, "doc_number"), " ", ""))
	errs := map[string]string{}
	if docType != "cccd" && docType != "passport" && docType != "id_card" {
		errs["doc_type"] = r.T.T("validation.choice")
	}
	if number == "" {
		errs["doc_number"] = r.T.T("validation.required")
	} else if !docRe.MatchString(number) {
		errs["doc_number"] = r.T.T("tips.bad_number")
	} else {
		var linked bool
		if err := r.Tx.Raw(`SELECT EXISTS (SELECT 1 FROM tip_people WHERE tip_id = ? AND doc_type = ? AND doc_number = ?)`,
			d.ID, docType, number).Scan(&linked).Error; err != nil {
			return fmt.Errorf("tips: look up link of tip %d: %w", d.ID, err)
		}
		if linked {
			errs["doc_number"] = r.T.T("tips.already_linked")
		}
	}
	if len(errs) > 0 {
		f := linkForm(r, d, docType, number, errs)
		return h.renderDetail(c, r, d, fiber.StatusUnprocessableEntity, &f)
	}
	me := r.User.Unit.UnitID
	if err := r.Tx.Exec(`INSERT INTO tip_people (tip_id, doc_type, doc_number, unit_id, created_by) VALUES (?, ?, ?, ?, ?)`,
		d.ID, docType, number, me, r.User.UserID).Error; err != nil {
		return fmt.Errorf("tips: link tip %d: %w", d.ID, err)
	}
	if err := r.Tx.Exec(`UPDATE tips SET names_person = true WHERE id = ?`, d.ID).Error; err != nil {
		return fmt.Errorf("tips: mark tip %d: %w", d.ID, err)
	}
	if err := r.Tx.Exec(`INSERT INTO tip_events (tip_id, unit_id, user_id, action, note) VALUES (?, ?, ?, 'link', ?)`,
		d.ID, me, r.User.UserID, iddoc.MaskNumber(number)).Error; err != nil {
		return fmt.Errorf("tips: record link of tip %d: %w", d.ID, err)
	}
	if err := h.audit.Write(r.Tx, h.entry(r, "tip_link", number, d.ID, "")); err != nil {
		return err
	}
	if err := respond(r.Tx, d.ID); err != nil {
		return err
	}
	return web.Redirect(c, r, tipURL(d.ID))
}
