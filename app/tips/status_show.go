package tips

import (
	"github.com/gofiber/fiber/v2"

	"portal06/app/tips/ui"
	"portal06/app/web"
)

// statusShow asks the reporter for their tracking code.
func (h *Handlers) statusShow(c *fiber.Ctx, r *web.Request) error {
	h.device(c)
	return web.Render(c, r, fiber.StatusOK, ui.StatusPage(h.s.Page(c, r, "tips.status_title"), ui.StatusData{CSRF: r.CSRF}))
}
