package admin

import (
	"fmt"
	"net/url"

	"github.com/gofiber/fiber/v2"

	"portal06/app/store"
	"portal06/app/web"
	"portal06/views"
)

func (h *Handlers) tenantList(c *fiber.Ctx, r *web.Request) error {
	q, kindName, pg := web.Query(c, "q"), web.Query(c, "kind"), web.PageNum(c)
	rows, total, err := store.ListTenants(r.Tx, q, kindName, pg)
	if err != nil {
		return err
	}
	t := &views.Table{ID: "tenants", Empty: r.T.T("admin.tenants_none"), Headers: []string{
		r.T.T("field.name"), r.T.T("field.slug"), r.T.T("field.kind"), r.T.T("field.tax_code"), r.T.T("admin.site_count")}}
	for _, tn := range rows {
		t.Rows = append(t.Rows, []views.Cell{
			{Text: tn.Name, Href: fmt.Sprintf("/admin/tenants/%d", tn.ID)}, {Text: tn.Slug},
			{Text: r.T.T("kind." + tn.Kind)}, {Text: tn.TaxCode}, {Text: fmt.Sprint(tn.Sites)}})
	}
	opts := append([]views.Option{{Value: "", Label: r.T.T("filter.all_kinds")}}, h.kindOptions(r)...)
	query := url.Values{"q": {q}, "kind": {kindName}}
	s := views.Screen{
		Actions: []views.NavLink{{Label: r.T.T("admin.tenant_new"), Href: "/admin/tenants/new"}},
		Filter: &views.Filter{Action: "/admin/tenants", Q: q, Fields: []views.Field{
			{Name: "kind", Label: r.T.T("field.kind"), Value: kindName, Options: opts}}},
		Sections: []views.Section{{ID: "list", Table: t,
			Pager: &views.Pager{Page: pg, PerPage: store.PerPage, Total: total, BaseHref: "/admin/tenants?" + query.Encode() + "&"}}},
	}
	return web.Render(c, r, fiber.StatusOK, views.ScreenView(h.s.Page(c, r, "nav.admin_tenants"), s))
}

func (h *Handlers) tenantForm(r *web.Request, action string, in store.TenantInput, creating bool) views.Form {
	f := views.Form{ID: "tenant-form", Action: action, Submit: r.T.T("form.save")}
	if creating {
		f.Fields = append(f.Fields, views.Field{Name: "kind", Label: r.T.T("field.kind"), Type: "select", Value: in.Kind,
			Options: h.kindOptions(r), Required: true})
	}
	f.Fields = append(f.Fields,
		views.Field{Name: "name", Label: r.T.T("field.name"), Type: "text", Value: in.Name, Required: true, MaxLength: 200},
		views.Field{Name: "slug", Label: r.T.T("field.slug"), Type: "text", Value: in.Slug, Required: true, MaxLength: 63, Hint: r.T.T("hint.slug")},
		views.Field{Name: "tax_code", Label: r.T.T("field.tax_code"), Type: "text", Value: in.TaxCode, Required: true, MaxLength: 14, Hint: r.T.T("hint.tax_code")},
		hidden("_csrf", r.CSRF),
	)
	return f
}

func tenantInput(c *fiber.Ctx) store.TenantInput {
	return store.TenantInput{Kind: web.Form(c, "kind"), Slug: web.Form(c, "slug"), Name: web.Form(c, "name"), TaxCode: web.Form(c, "tax_code")}
}

func (h *Handlers) tenantNew(c *fiber.Ctx, r *web.Request) error {
	f := h.tenantForm(r, "/admin/tenants/new", store.TenantInput{}, true)
	return h.formScreen(c, r, fiber.StatusOK, h.s.Page(c, r, "admin.tenant_new"), f)
}

func (h *Handlers) tenantCreate(c *fiber.Ctx, r *web.Request) error {
	in := tenantInput(c)
	id, err := store.CreateTenant(r.Tx, in, h.kinds.Names())
	if err != nil {
		return h.saveFailed(c, r, err, h.s.Page(c, r, "admin.tenant_new"), h.tenantForm(r, "/admin/tenants/new", in, true))
	}
	return web.Redirect(c, r, fmt.Sprintf("/admin/tenants/%d", id))
}

// tenantSections lists a tenant's sites and members under its form.
func (h *Handlers) tenantSections(r *web.Request, t store.TenantRow) ([]views.Section, error) {
	sites, total, err := store.ListSites(r.Tx, r.Scope, store.SiteFilter{TenantID: t.ID}, 1)
	if err != nil {
		return nil, err
	}
	st := &views.Table{ID: "tenant-sites", Empty: r.T.T("sites.none"), Headers: []string{
		r.T.T("sites.name"), r.T.T("sites.kind"), r.T.T("sites.area"), r.T.T("sites.address")}}
	for _, s := range sites {
		st.Rows = append(st.Rows, []views.Cell{{Text: s.Name, Href: fmt.Sprintf("/admin/tenants/%d/sites/%d", t.ID, s.ID)},
			{Text: r.T.T("site_kind." + s.Kind)}, {Text: s.AreaName}, {Text: s.Address}})
	}
	members, err := store.TenantMembers(r.Tx, t.ID)
	if err != nil {
		return nil, err
	}
	mt := &views.Table{ID: "tenant-members", Empty: r.T.T("admin.members_none"), Headers: []string{
		r.T.T("field.username"), r.T.T("field.full_name"), r.T.T("field.role")}}
	for _, m := range members {
		mt.Rows = append(mt.Rows, []views.Cell{{Text: m.Username, Href: fmt.Sprintf("/admin/users/%d", m.UserID)},
			{Text: m.FullName}, {Text: r.T.T("role.tenant_" + m.Role)}})
	}
	return []views.Section{
		{ID: "sites", Title: r.T.T("admin.sites_of", "Count", total), Table: st},
		{ID: "members", Title: r.T.T("admin.members"), Table: mt},
	}, nil
}

func (h *Handlers) tenantPage(c *fiber.Ctx, r *web.Request, status int, t store.TenantRow, f views.Form) error {
	secs, err := h.tenantSections(r, t)
	if err != nil {
		return err
	}
	p := h.s.Page(c, r, "admin.tenant_edit", "Name", t.Name)
	p.Section = r.T.T("kind." + t.Kind)
	if r.HTMX && status == fiber.StatusUnprocessableEntity {
		return web.Render(c, r, status, views.FormView(f))
	}
	s := views.Screen{
		Actions: []views.NavLink{
			{Label: r.T.T("admin.site_new"), Href: fmt.Sprintf("/admin/tenants/%d/sites/new", t.ID)},
			{Label: r.T.T("admin.open_tenant"), Href: "/t/" + t.Slug + "/"},
		},
		Sections: append([]views.Section{{ID: "form", Form: &f}}, secs...),
	}
	return web.Render(c, r, status, views.ScreenView(p, s))
}

func (h *Handlers) tenantEdit(c *fiber.Ctx, r *web.Request) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	t, err := store.GetTenant(r.Tx, id)
	if err != nil {
		return notFound(err)
	}
	in := store.TenantInput{Kind: t.Kind, Slug: t.Slug, Name: t.Name, TaxCode: t.TaxCode}
	return h.tenantPage(c, r, fiber.StatusOK, t, h.tenantForm(r, c.Path(), in, false))
}

func (h *Handlers) tenantSave(c *fiber.Ctx, r *web.Request) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	t, err := store.GetTenant(r.Tx, id)
	if err != nil {
		return notFound(err)
	}
	in := tenantInput(c)
	in.Kind = t.Kind
	if err := store.UpdateTenant(r.Tx, id, in, h.kinds.Names()); err != nil {
		f := h.tenantForm(r, fmt.Sprintf("/admin/tenants/%d", id), in, false)
		if e := withErrors(r, &f, err); e != nil {
			return notFound(e)
		}
		return h.tenantPage(c, r, fiber.StatusUnprocessableEntity, t, f)
	}
	return web.Redirect(c, r, fmt.Sprintf("/admin/tenants/%d", id))
}
