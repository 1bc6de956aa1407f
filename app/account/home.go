package account

import (
	"github.com/gofiber/fiber/v2"

	"portal06/app/web"
	"portal06/views"
)

// home leads the user to their workspace, or lets them pick one.
func (h *Handlers) home(c *fiber.Ctx, r *web.Request) error {
	u := r.User
	var places []views.NavLink
	add := func(label, href string) { places = append(places, views.NavLink{Label: label, Href: href}) }
	if u.Admin {
		add(r.T.T("nav.admin"), "/admin")
	}
	if u.Province || u.Admin {
		add(r.T.T("nav.province"), "/province")
	}
	if u.Unit != nil {
		add(u.Unit.Name, "/police")
	}
	for _, m := range u.Tenants {
		add(m.Name, "/t/"+m.Slug+"/")
	}
	if len(places) == 1 {
		return c.Redirect(places[0].Href, fiber.StatusSeeOther)
	}
	return web.Render(c, r, fiber.StatusOK, views.Home(h.s.Page(c, r, "home.title"), places))
}
