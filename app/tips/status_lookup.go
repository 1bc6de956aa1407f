package tips

import (
	"fmt"
	"time"

	"github.com/gofiber/fiber/v2"

	"portal06/app/tips/ui"
	"portal06/app/web"
)

// statusLookup shows the status of the tip with the code, and the public
// note the police added: nothing else. Failed lookups are counted (the
// count survives the refusal) and limited per device and IP address.
func (h *Handlers) statusLookup(c *fiber.Ctx, r *web.Request) error {
	d := ui.StatusData{CSRF: r.CSRF}
	page := h.s.Page(c, r, "tips.status_title")
	ipHash, devHash := hashFor(h.key, "ip", c.IP()), hashFor(h.key, "device", h.device(c))
	ok, err := h.limits.AllowLookup(r.Tx, ipHash, devHash)
	if err != nil {
		return err
	}
	if !ok {
		d.Error = r.T.T("tips.lookup_limited")
		return web.Render(c, r, fiber.StatusTooManyRequests, ui.StatusPage(page, d))
	}
	norm, valid := NormalizeCode(web.Form(c, "code"))
	var rows []struct {
		Status     string
		PublicNote string
		CreatedAt  time.Time
	}
	if valid {
		if err := r.Tx.Raw(`SELECT status, public_note, created_at FROM tip_status(?)`, HashCode(norm)).Scan(&rows).Error; err != nil {
			return fmt.Errorf("tips: look up status: %w", err)
		}
	}
	if len(rows) == 0 {
		if err := record(r.Tx, actionLookupFailed, ipHash, devHash, ""); err != nil {
			return err
		}
		r.KeepChanges()
		d.Error = r.T.T("tips.code_unknown")
		return web.Render(c, r, fiber.StatusNotFound, ui.StatusPage(page, d))
	}
	d.Found, d.Status, d.Note, d.Since = true, r.T.T("tips.status."+rows[0].Status), rows[0].PublicNote, r.T.Date(rows[0].CreatedAt)
	return web.Render(c, r, fiber.StatusOK, ui.StatusPage(page, d))
}
