package admin

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"portal06/app/store"
	"portal06/app/web"
	"portal06/views"
)

func (h *Handlers) roleForm(r *web.Request, userID int64, role string, unitID int64) (views.Form, error) {
	units, err := store.AllUnits(r.Tx)
	if err != nil {
		return views.Form{}, err
	}
	roleOpts := []views.Option{{Value: "", Label: r.T.T("form.choose")}}
	for _, ro := range store.StaffRoles {
		roleOpts = append(roleOpts, views.Option{Value: ro, Label: r.T.T("role." + ro)})
	}
	unitOpts := []views.Option{{Value: "", Label: r.T.T("admin.no_unit")}}
	for _, u := range units {
		unitOpts = append(unitOpts, views.Option{Value: fmt.Sprint(u.ID), Label: u.Name})
	}
	unit := ""
	if unitID > 0 {
		unit = fmt.Sprint(unitID)
	}
	return views.Form{ID: "role-form", Action: fmt.Sprintf("/admin/users/%d/roles", userID), Submit: r.T.T("form.add"),
		Fields: []views.Field{
			{Name: "role", Label: r.T.T("field.role"), Type: "select", Value: role, Options: roleOpts, Required: true},
			{Name: "unit_id", Label: r.T.T("field.unit"), Type: "select", Value: unit, Options: unitOpts, Hint: r.T.T("hint.unit")},
			hidden("_csrf", r.CSRF),
		}}, nil
}

func memberForm(r *web.Request, userID int64, tenant, role, sites string) views.Form {
	roleOpts := []views.Option{{Value: "", Label: r.T.T("form.choose")}}
	for _, ro := range store.TenantRoles {
		roleOpts = append(roleOpts, views.Option{Value: ro, Label: r.T.T("role.tenant_" + ro)})
	}
	return views.Form{ID: "member-form", Action: fmt.Sprintf("/admin/users/%d/tenants", userID), Submit: r.T.T("form.add"),
		Fields: []views.Field{
			{Name: "tenant", Label: r.T.T("field.tenant_slug"), Type: "text", Value: tenant, Required: true, MaxLength: 63},
			{Name: "role", Label: r.T.T("field.role"), Type: "select", Value: role, Options: roleOpts, Required: true},
			{Name: "sites", Label: r.T.T("field.site_slugs"), Type: "text", Value: sites, Hint: r.T.T("hint.site_slugs")},
			hidden("_csrf", r.CSRF),
		}}
}

func (h *Handlers) roleAdd(c *fiber.Ctx, r *web.Request) error {
	u, err := h.loadUser(c, r)
	if err != nil {
		return err
	}
	role := web.Form(c, "role")
	unitID, err := strconv.ParseInt(web.Form(c, "unit_id"), 10, 64)
	if err != nil && web.Form(c, "unit_id") != "" {
		unitID = -1 // not a unit of the list
	}
	if err := store.AddStaffRole(r.Tx, u.ID, role, unitID); err != nil {
		f, ferr := h.roleForm(r, u.ID, role, unitID)
		if ferr != nil {
			return ferr
		}
		if e := withErrors(r, &f, err); e != nil {
			return e
		}
		return h.formScreen(c, r, fiber.StatusUnprocessableEntity, h.s.Page(c, r, "admin.add_staff_role"), f)
	}
	return web.Redirect(c, r, fmt.Sprintf("/admin/users/%d", u.ID))
}

func (h *Handlers) roleRemove(c *fiber.Ctx, r *web.Request) error {
	u, err := h.loadUser(c, r)
	if err != nil {
		return err
	}
	if err := store.RemoveStaffRole(r.Tx, u.ID, web.Form(c, "role")); err != nil {
		return err
	}
	return web.Redirect(c, r, fmt.Sprintf("/admin/users/%d", u.ID))
}

func splitList(s string) []string {
	var out []string
	for _, p := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' || r == ';' }) {
		out = append(out, strings.ToLower(p))
	}
	return out
}

func (h *Handlers) memberAdd(c *fiber.Ctx, r *web.Request) error {
	u, err := h.loadUser(c, r)
	if err != nil {
		return err
	}
	slug, role, sites := strings.ToLower(web.Form(c, "tenant")), web.Form(c, "role"), web.Form(c, "sites")
	err = func() error {
		if slug == "" {
			return store.Invalid{"tenant": "validation.required"}
		}
		t, err := store.TenantBySlug(r.Tx, slug)
		if err == store.ErrNotFound {
			return store.Invalid{"tenant": "validation.unknown_tenant"}
		}
		if err != nil {
			return err
		}
		ids, err := store.SiteIDsBySlugs(r.Tx, t.ID, splitList(sites), "sites")
		if err != nil {
			return err
		}
		return store.AddTenantMember(r.Tx, t.ID, u.ID, role, ids)
	}()
	if err != nil {
		f := memberForm(r, u.ID, slug, role, sites)
		if e := withErrors(r, &f, err); e != nil {
			return e
		}
		return h.formScreen(c, r, fiber.StatusUnprocessableEntity, h.s.Page(c, r, "admin.add_tenant_member"), f)
	}
	return web.Redirect(c, r, fmt.Sprintf("/admin/users/%d", u.ID))
}

func (h *Handlers) memberRemove(c *fiber.Ctx, r *web.Request) error {
	u, err := h.loadUser(c, r)
	if err != nil {
		return err
	}
	tid, err := strconv.ParseInt(web.Form(c, "tenant_id"), 10, 64)
	if err != nil {
		return fiber.ErrNotFound
	}
	if err := store.RemoveTenantMember(r.Tx, tid, u.ID); err != nil {
		return err
	}
	return web.Redirect(c, r, fmt.Sprintf("/admin/users/%d", u.ID))
}
