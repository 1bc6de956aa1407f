package account

import (
	"github.com/gofiber/fiber/v2"

	"portal06/app/web"
	"portal06/views"
)

func (h *Handlers) loginShow(c *fiber.Ctx, r *web.Request) error {
	next := web.LocalPath(web.Query(c, "next"))
	if r.User != nil {
		return c.Redirect(next, fiber.StatusSeeOther)
	}
	return h.renderLogin(c, r, fiber.StatusOK, "", next, "")
}

func (h *Handlers) renderLogin(c *fiber.Ctx, r *web.Request, status int, username, next, errMsg string) error {
	p := h.s.Page(c, r, "login.title")
	f := views.Form{
		ID: "login", Action: "/login", Submit: r.T.T("login.submit"), Error: errMsg,
		Fields: []views.Field{
			{Name: "username", Label: r.T.T("login.username"), Type: "text", Value: username, Required: true, Autocomplete: "username"},
			{Name: "password", Label: r.T.T("login.password"), Type: "password", Required: true, Autocomplete: "current-password"},
			{Name: "next", Type: "hidden", Value: next},
			{Name: "_csrf", Type: "hidden", Value: r.CSRF},
		},
	}
	return web.Render(c, r, status, views.Login(p, f))
}
