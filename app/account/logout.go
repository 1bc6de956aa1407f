package account

import (
	"github.com/gofiber/fiber/v2"

	"portal06/app/web"
)

func (h *Handlers) logout(c *fiber.Ctx, r *web.Request) error {
	if err := h.s.EndSession(c, r); err != nil {
		return err
	}
	return c.Redirect("/login", fiber.StatusSeeOther)
}
