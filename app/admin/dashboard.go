package admin

import (
	"github.com/gofiber/fiber/v2"

	"portal06/app/store"
	"portal06/app/web"
	"portal06/views"
)

func (h *Handlers) dashboard(c *fiber.Ctx, r *web.Request) error {
	tot, err := store.CountTotals(r.Tx)
	if err != nil {
		return err
	}
	figs := []views.Figure{
		{Label: r.T.T("province.tenants"), Value: tot.Tenants, Href: "/admin/tenants"},
		{Label: r.T.T("province.sites"), Value: tot.Sites},
		{Label: r.T.T("province.users"), Value: tot.Users, Href: "/admin/users"},
		{Label: r.T.T("province.units"), Value: tot.Units, Href: "/admin/units"},
	}
	return web.Render(c, r, fiber.StatusOK, views.AdminHome(h.s.Page(c, r, "admin.title"), figs))
}
