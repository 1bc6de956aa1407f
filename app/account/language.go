package account

import (
	"github.com/gofiber/fiber/v2"

	"portal06/app/i18n"
	"portal06/app/web"
)

func (h *Handlers) language(c *fiber.Ctx, r *web.Request) error {
	h.s.SetLanguage(c, i18n.Normalize(web.Form(c, "lang")))
	return c.Redirect(web.LocalPath(web.Form(c, "next")), fiber.StatusSeeOther)
}
