package admin

import (
	"fmt"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"portal06/app/store"
	"portal06/app/web"
	"portal06/views"
)

func (h *Handlers) siteForm(r *web.Request, action, tenantKind string, in store.SiteInput) (views.Form, error) {
	areas, err := store.ListAreas(r.Tx)
	if err != nil {
		return views.Form{}, err
	}
	areaOpts := []views.Option{{Value: "", Label: r.T.T("form.choose")}}
	for _, a := range areas {
		if a.ParentID != nil {
			areaOpts = append(areaOpts, views.Option{Value: fmt.Sprint(a.ID), Label: a.Name})
		}
	}
	var kindOpts []views.Option
	for _, k := range h.kinds.SiteKinds(tenantKind) {
		kindOpts = append(kindOpts, views.Option{Value: k, Label: r.T.T("site_kind." + k)})
	}
	area := ""
	if in.AreaID > 0 {
		area = fmt.Sprint(in.AreaID)
	}
	return views.Form{ID: "site-form", Action: action, Submit: r.T.T("form.save"), Fields: []views.Field{
		{Name: "name", Label: r.T.T("field.name"), Type: "text", Value: in.Name, Required: true, MaxLength: 200},
		{Name: "slug", Label: r.T.T("field.slug"), Type: "text", Value: in.Slug, Required: true, MaxLength: 63, Hint: r.T.T("hint.slug")},
		{Name: "kind", Label: r.T.T("sites.kind"), Type: "select", Value: in.Kind, Options: kindOpts, Required: true},
		{Name: "area_id", Label: r.T.T("sites.area"), Type: "select", Value: area, Options: areaOpts, Required: true},
		{Name: "address", Label: r.T.T("sites.address"), Type: "text", Value: in.Address, Required: true, MaxLength: 500},
		hidden("_csrf", r.CSRF),
	}}, nil
}

func siteInput(c *fiber.Ctx) store.SiteInput {
	area, _ := strconv.ParseInt(web.Form(c, "area_id"), 10, 64)
	return store.SiteInput{Slug: web.Form(c, "slug"), Name: web.Form(c, "name"), Kind: web.Form(c, "kind"),
		AreaID: area, Address: web.Form(c, "address")}
}

// siteTenant loads the tenant of a site page.
func siteTenant(c *fiber.Ctx, r *web.Request) (store.TenantRow, error) {
	id, err := idParam(c, "id")
	if err != nil {
		return store.TenantRow{}, err
	}
	t, err := store.GetTenant(r.Tx, id)
	return t, notFound(err)
}

func (h *Handlers) sitePage(c *fiber.Ctx, r *web.Request, status int, t store.TenantRow, titleID string, args []any, f views.Form) error {
	p := h.s.Page(c, r, titleID, args...)
	p.Section = t.Name
	return h.formScreen(c, r, status, p, f)
}

func (h *Handlers) siteNew(c *fiber.Ctx, r *web.Request) error {
	t, err := siteTenant(c, r)
	if err != nil {
		return err
	}
	f, err := h.siteForm(r, c.Path(), t.Kind, store.SiteInput{})
	if err != nil {
		return err
	}
	return h.sitePage(c, r, fiber.StatusOK, t, "admin.site_new", nil, f)
}

func (h *Handlers) siteCreate(c *fiber.Ctx, r *web.Request) error {
	t, err := siteTenant(c, r)
	if err != nil {
		return err
	}
	in := siteInput(c)
	if _, err := store.CreateSite(r.Tx, t.ID, in, h.kinds.SiteKinds(t.Kind)); err != nil {
		f, ferr := h.siteForm(r, c.Path(), t.Kind, in)
		if ferr != nil {
			return ferr
		}
		if e := withErrors(r, &f, err); e != nil {
			return e
		}
		return h.sitePage(c, r, fiber.StatusUnprocessableEntity, t, "admin.site_new", nil, f)
	}
	return web.Redirect(c, r, fmt.Sprintf("/admin/tenants/%d", t.ID))
}

func (h *Handlers) siteEdit(c *fiber.Ctx, r *web.Request) error {
	t, err := siteTenant(c, r)
	if err != nil {
		return err
	}
	sid, err := idParam(c, "site")
	if err != nil {
		return err
	}
	s, err := store.GetSite(r.Tx, r.Scope, t.ID, sid)
	if err != nil {
		return notFound(err)
	}
	in := store.SiteInput{Slug: s.Slug, Name: s.Name, Kind: s.Kind, AreaID: s.AreaID, Address: s.Address}
	f, err := h.siteForm(r, c.Path(), t.Kind, in)
	if err != nil {
		return err
	}
	return h.sitePage(c, r, fiber.StatusOK, t, "admin.site_edit", []any{"Name", s.Name}, f)
}

func (h *Handlers) siteSave(c *fiber.Ctx, r *web.Request) error {
	t, err := siteTenant(c, r)
	if err != nil {
		return err
	}
	sid, err := idParam(c, "site")
	if err != nil {
		return err
	}
	in := siteInput(c)
	if err := store.UpdateSite(r.Tx, t.ID, sid, in, h.kinds.SiteKinds(t.Kind)); err != nil {
		f, ferr := h.siteForm(r, c.Path(), t.Kind, in)
		if ferr != nil {
			return ferr
		}
		if e := withErrors(r, &f, err); e != nil {
			return notFound(e)
		}
		return h.sitePage(c, r, fiber.StatusUnprocessableEntity, t, "admin.site_edit", []any{"Name", in.Name}, f)
	}
	return web.Redirect(c, r, fmt.Sprintf("/admin/tenants/%d", t.ID))
}
