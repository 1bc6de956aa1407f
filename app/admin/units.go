package admin

import (
	"fmt"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"portal06/app/store"
	"portal06/app/web"
	"portal06/views"
)

func (h *Handlers) unitList(c *fiber.Ctx, r *web.Request) error {
	pg := web.PageNum(c)
	rows, total, err := store.ListUnits(r.Tx, pg)
	if err != nil {
		return err
	}
	t := &views.Table{ID: "units", Empty: r.T.T("admin.units_none"), Headers: []string{
		r.T.T("field.name"), r.T.T("field.code"), r.T.T("field.kind"), r.T.T("field.parent"), r.T.T("admin.member_count")}}
	for _, u := range rows {
		parent := ""
		if u.ParentName != nil {
			parent = *u.ParentName
		}
		t.Rows = append(t.Rows, []views.Cell{{Text: u.Name, Href: fmt.Sprintf("/admin/units/%d", u.ID)}, {Text: u.Code},
			{Text: r.T.T("unit_kind." + u.Kind)}, {Text: parent}, {Text: fmt.Sprint(u.Members)}})
	}
	s := views.Screen{
		Actions:  []views.NavLink{{Label: r.T.T("admin.unit_new"), Href: "/admin/units/new"}},
		Sections: []views.Section{{ID: "list", Table: t, Pager: &views.Pager{Page: pg, PerPage: store.PerPage, Total: total, BaseHref: "/admin/units?"}}},
	}
	return web.Render(c, r, fiber.StatusOK, views.ScreenView(h.s.Page(c, r, "nav.admin_units"), s))
}

func (h *Handlers) unitForm(r *web.Request, action string, in store.UnitInput, creating bool) (views.Form, error) {
	units, err := store.AllUnits(r.Tx)
	if err != nil {
		return views.Form{}, err
	}
	areas, err := store.ListAreas(r.Tx)
	if err != nil {
		return views.Form{}, err
	}
	kindOpts := []views.Option{{Value: "", Label: r.T.T("form.choose")}}
	for _, k := range store.UnitKinds {
		kindOpts = append(kindOpts, views.Option{Value: k, Label: r.T.T("unit_kind." + k)})
	}
	parentOpts := []views.Option{{Value: "", Label: r.T.T("admin.no_parent")}}
	for _, u := range units {
		parentOpts = append(parentOpts, views.Option{Value: fmt.Sprint(u.ID), Label: u.Name})
	}
	areaOpts := []views.Option{{Value: "", Label: r.T.T("admin.no_area")}}
	for _, a := range areas {
		areaOpts = append(areaOpts, views.Option{Value: fmt.Sprint(a.ID), Label: a.Name})
	}
	idStr := func(v int64) string {
		if v == 0 {
			return ""
		}
		return fmt.Sprint(v)
	}
	f := views.Form{ID: "unit-form", Action: action, Submit: r.T.T("form.save")}
	if creating {
		f.Fields = append(f.Fields, views.Field{Name: "code", Label: r.T.T("field.code"), Type: "text", Value: in.Code,
			Required: true, MaxLength: 40, Hint: r.T.T("hint.unit_code")})
	}
	f.Fields = append(f.Fields,
		views.Field{Name: "name", Label: r.T.T("field.name"), Type: "text", Value: in.Name, Required: true, MaxLength: 200},
		views.Field{Name: "kind", Label: r.T.T("field.kind"), Type: "select", Value: in.Kind, Options: kindOpts, Required: true},
		views.Field{Name: "parent_id", Label: r.T.T("field.parent"), Type: "select", Value: idStr(in.ParentID), Options: parentOpts},
		views.Field{Name: "area_id", Label: r.T.T("field.home_area"), Type: "select", Value: idStr(in.AreaID), Options: areaOpts},
		hidden("_csrf", r.CSRF))
	return f, nil
}

func unitInput(c *fiber.Ctx) store.UnitInput {
	parent, _ := strconv.ParseInt(web.Form(c, "parent_id"), 10, 64)
	area, _ := strconv.ParseInt(web.Form(c, "area_id"), 10, 64)
	return store.UnitInput{Code: web.Form(c, "code"), Name: web.Form(c, "name"), Kind: web.Form(c, "kind"), ParentID: parent, AreaID: area}
}

func (h *Handlers) unitNew(c *fiber.Ctx, r *web.Request) error {
	f, err := h.unitForm(r, c.Path(), store.UnitInput{}, true)
	if err != nil {
		return err
	}
	return h.formScreen(c, r, fiber.StatusOK, h.s.Page(c, r, "admin.unit_new"), f)
}

func (h *Handlers) unitCreate(c *fiber.Ctx, r *web.Request) error {
	in := unitInput(c)
	id, err := store.CreateUnit(r.Tx, in)
	if err != nil {
		f, ferr := h.unitForm(r, c.Path(), in, true)
		if ferr != nil {
			return ferr
		}
		return h.saveFailed(c, r, err, h.s.Page(c, r, "admin.unit_new"), f)
	}
	return web.Redirect(c, r, fmt.Sprintf("/admin/units/%d", id))
}

func (h *Handlers) loadUnit(c *fiber.Ctx, r *web.Request) (store.UnitRow, error) {
	id, err := idParam(c, "id")
	if err != nil {
		return store.UnitRow{}, err
	}
	u, err := store.GetUnit(r.Tx, id)
	return u, notFound(err)
}

// jurisdictionSections list a unit's areas and offer to grant one more.
func (h *Handlers) jurisdictionSections(r *web.Request, u store.UnitRow, grantErr string) ([]views.Section, error) {
	areas, err := store.Jurisdiction(r.Tx, u.Code)
	if err != nil {
		return nil, err
	}
	base := fmt.Sprintf("/admin/units/%d", u.ID)
	t := &views.Table{ID: "jurisdiction", Empty: r.T.T("police.no_jurisdiction"), Headers: []string{r.T.T("sites.area"), r.T.T("field.code"), ""}}
	for _, a := range areas {
		t.Rows = append(t.Rows, []views.Cell{{Text: a.Name}, {Text: a.Code},
			{Post: base + "/areas/remove", CSRF: r.CSRF, Button: r.T.T("form.remove"), Danger: true, Fields: map[string]string{"area": a.Code}}})
	}
	all, err := store.ListAreas(r.Tx)
	if err != nil {
		return nil, err
	}
	opts := []views.Option{{Value: "", Label: r.T.T("form.choose")}}
	for _, a := range all {
		opts = append(opts, views.Option{Value: fmt.Sprint(a.ID), Label: a.Name})
	}
	f := views.Form{ID: "grant-form", Action: base + "/areas", Submit: r.T.T("form.add"), Fields: []views.Field{
		{Name: "area_id", Label: r.T.T("sites.area"), Type: "select", Options: opts, Required: true, Error: grantErr,
			Hint: r.T.T("hint.jurisdiction")},
		hidden("_csrf", r.CSRF),
	}}
	return []views.Section{
		{ID: "areas", Title: r.T.T("police.jurisdiction"), Table: t},
		{ID: "grant", Title: r.T.T("admin.grant_area"), Form: &f},
	}, nil
}

func (h *Handlers) unitPage(c *fiber.Ctx, r *web.Request, status int, u store.UnitRow, f views.Form) error {
	if r.HTMX && status == fiber.StatusUnprocessableEntity {
		return web.Render(c, r, status, views.FormView(f))
	}
	secs, err := h.jurisdictionSections(r, u, "")
	if err != nil {
		return err
	}
	p := h.s.Page(c, r, "admin.unit_edit", "Name", u.Name)
	p.Section = u.Code
	return web.Render(c, r, status, views.ScreenView(p, views.Screen{Sections: append([]views.Section{{ID: "form", Form: &f}}, secs...)}))
}

func (h *Handlers) unitEdit(c *fiber.Ctx, r *web.Request) error {
	u, err := h.loadUnit(c, r)
	if err != nil {
		return err
	}
	in := store.UnitInput{Code: u.Code, Name: u.Name, Kind: u.Kind}
	if u.ParentID != nil {
		in.ParentID = *u.ParentID
	}
	if u.AreaID != nil {
		in.AreaID = *u.AreaID
	}
	f, err := h.unitForm(r, c.Path(), in, false)
	if err != nil {
		return err
	}
	return h.unitPage(c, r, fiber.StatusOK, u, f)
}

func (h *Handlers) unitSave(c *fiber.Ctx, r *web.Request) error {
	u, err := h.loadUnit(c, r)
	if err != nil {
		return err
	}
	in := unitInput(c)
	in.Code = u.Code
	if err := store.UpdateUnit(r.Tx, u.ID, in); err != nil {
		f, ferr := h.unitForm(r, c.Path(), in, false)
		if ferr != nil {
			return ferr
		}
		if e := withErrors(r, &f, err); e != nil {
			return notFound(e)
		}
		return h.unitPage(c, r, fiber.StatusUnprocessableEntity, u, f)
	}
	return web.Redirect(c, r, c.Path())
}

func (h *Handlers) areaGrant(c *fiber.Ctx, r *web.Request) error {
	u, err := h.loadUnit(c, r)
	if err != nil {
		return err
	}
	areaID, _ := strconv.ParseInt(web.Form(c, "area_id"), 10, 64)
	if areaID <= 0 {
		err = store.Invalid{"area_id": "validation.required"}
	} else {
		err = store.GrantArea(r.Tx, u.Code, areaID)
	}
	if err != nil {
		secs, serr := h.jurisdictionSections(r, u, "")
		if serr != nil {
			return serr
		}
		f := *secs[1].Form
		if e := withErrors(r, &f, err); e != nil {
			return e
		}
		return h.formScreen(c, r, fiber.StatusUnprocessableEntity, h.s.Page(c, r, "admin.grant_area"), f)
	}
	return web.Redirect(c, r, fmt.Sprintf("/admin/units/%d", u.ID))
}

func (h *Handlers) areaRevoke(c *fiber.Ctx, r *web.Request) error {
	u, err := h.loadUnit(c, r)
	if err != nil {
		return err
	}
	if err := store.RevokeArea(r.Tx, u.Code, web.Form(c, "area")); err != nil {
		return err
	}
	return web.Redirect(c, r, fmt.Sprintf("/admin/units/%d", u.ID))
}
