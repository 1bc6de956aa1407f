package apartment

import (
	"errors"
	"fmt"

	"github.com/gofiber/fiber/v2"

	"portal06/app/store"
	"portal06/app/web"
	"portal06/views"
)

func (k *Kind) unitList(c *fiber.Ctx, r *web.Request) error {
	s, err := k.site(c, r)
	if err != nil {
		return err
	}
	return k.renderUnits(c, r, fiber.StatusOK, s, UnitInput{}, nil, nil)
}

// renderUnits lists a site's units, a page at a time, with the forms that
// add one unit or import many from XLSX.
func (k *Kind) renderUnits(c *fiber.Ctx, r *web.Request, status int, s store.SiteRow, in UnitInput, errs map[string]string, importErrs []string) error {
	page := web.PageNum(c)
	q := web.Query(c, "q")
	rows, total, err := ListUnits(r.Tx, r.Tenant.ID, UnitFilter{SiteID: s.ID, Code: q}, page, store.PerPage)
	if err != nil {
		return err
	}
	t := &views.Table{ID: "units", Empty: r.T.T("apt.no_units"), Headers: []string{label(r, "building"), label(r, "code"), label(r, "floor"),
		label(r, "capacity"), r.T.T("apt.residents_now")}}
	for _, u := range rows {
		t.Rows = append(t.Rows, []views.Cell{{Text: u.BuildingCode}, {Text: u.Code, Href: unitHref(r, u.ID)}, {Text: fmt.Sprint(u.Floor)},
			{Text: fmt.Sprint(u.Capacity)}, {Text: fmt.Sprint(u.Residents)}})
	}
	var fields []views.Field
	if s.Kind == "apartment_block" {
		fields = append(fields, views.Field{Name: "building", Label: label(r, "building"), Type: "text", Value: in.Building, Required: true})
	}
	fields = append(fields,
		views.Field{Name: "code", Label: label(r, "code"), Type: "text", Value: in.Code, Required: true, Hint: r.T.T("apt.code_hint")},
		views.Field{Name: "floor", Label: label(r, "floor"), Type: "number", Value: in.Floor, Required: true},
		views.Field{Name: "capacity", Label: label(r, "capacity"), Type: "number", Value: in.Capacity, Required: true},
		views.Field{Name: "_csrf", Type: "hidden", Value: r.CSRF})
	add := views.Form{ID: "unit-form", Action: siteHref(r, s.ID, "/units"), Submit: r.T.T("apt.unit_add"), Fields: withErrors(fields, errs)}
	imp := views.Form{ID: "import-form", Action: siteHref(r, s.ID, "/units/import"), Submit: r.T.T("apt.import"), Multipart: true,
		Fields: []views.Field{{Name: "file", Label: r.T.T("apt.import_file"), Type: "file", Required: true, Hint: r.T.T("apt.import_hint")},
			{Name: "_csrf", Type: "hidden", Value: r.CSRF}}}
	if len(importErrs) > 0 {
		imp.Error = r.T.T("apt.import_refused", "Count", len(importErrs))
	}
	secs := []views.Section{{ID: "unit-list", Table: t, Pager: &views.Pager{Page: page, PerPage: store.PerPage, Total: total,
		BaseHref: siteHref(r, s.ID, "/units") + "?q=" + urlq(q) + "&"}},
		{ID: "add-unit", Title: r.T.T("apt.unit_add"), Form: &add},
		{ID: "import", Title: r.T.T("apt.import_title"), Form: &imp}}
	if len(importErrs) > 0 {
		et := &views.Table{ID: "import-errors", Headers: []string{r.T.T("apt.import_problem")}}
		for _, e := range importErrs {
			et.Rows = append(et.Rows, []views.Cell{{Text: e}})
		}
		secs = append(secs[:2], append([]views.Section{{ID: "import-report", Title: r.T.T("apt.import_title"), Table: et}}, secs[2:]...)...)
	}
	scr := views.Screen{Filter: &views.Filter{Action: siteHref(r, s.ID, "/units"), Q: q},
		Actions: []views.NavLink{{Label: r.T.T("apt.board_link"), Href: siteHref(r, s.ID, "/board")}}, Sections: secs}
	return web.Render(c, r, status, views.ScreenView(k.Host.Pages.Page(c, r, "apt.units_title", "Site", s.Name), scr))
}

func (k *Kind) unitCreate(c *fiber.Ctx, r *web.Request) error {
	s, err := k.site(c, r)
	if err != nil {
		return err
	}
	in := UnitInput{Building: web.Form(c, "building"), Code: web.Form(c, "code"), Floor: web.Form(c, "floor"), Capacity: web.Form(c, "capacity")}
	if err := CreateUnit(r.Tx, r.Tenant.ID, s.ID, s.Kind, in); err != nil {
		var bad store.Invalid
		if !errors.As(err, &bad) {
			return err
		}
		errs, _, _ := fieldMessages(r, bad)
		return k.renderUnits(c, r, fiber.StatusUnprocessableEntity, s, in, errs, nil)
	}
	return web.Redirect(c, r, siteHref(r, s.ID, "/units")+"?q="+urlq(NormCode(in.Code)))
}

// unitShow shows a unit: who lives there now, and everyone who ever did.
func (k *Kind) unitShow(c *fiber.Ctx, r *web.Request) error {
	id, err := parseID(c.Params("unit"))
	if err != nil {
		return err
	}
	u, err := GetUnit(r.Tx, r.Tenant.ID, id)
	if errors.Is(err, errNoUnit) {
		return fiber.ErrNotFound
	}
	if err != nil {
		return err
	}
	now := k.Host.Now()
	current, _, err := ListResidents(r.Tx, r.Tenant.ID, ResidentFilter{UnitID: u.ID, Today: now}, 1, 100)
	if err != nil {
		return err
	}
	all, _, err := ListResidents(r.Tx, r.Tenant.ID, ResidentFilter{UnitID: u.ID, Today: now, All: true, Newest: true}, 1, 200)
	if err != nil {
		return err
	}
	ht := &views.Table{ID: "unit-history", Empty: r.T.T("apt.no_residents"), Headers: []string{label(r, "full_name"), label(r, "move_in"),
		label(r, "move_out"), label(r, "reason")}}
	for _, x := range all {
		end := ""
		if x.MoveOut != nil {
			end = r.T.Date(*x.MoveOut)
		}
		ht.Rows = append(ht.Rows, []views.Cell{{Text: x.FullName, Href: residentHref(r, x.ID)}, {Text: r.T.Date(x.MoveIn)}, {Text: end}, {Text: x.MoveOutReason}})
	}
	p := k.Host.Pages.Page(c, r, "apt.unit_title", "Unit", u.Code)
	scr := views.Screen{
		Actions: []views.NavLink{{Label: r.T.T("apt.register_link"), Href: siteHref(r, u.SiteID, "/register")}},
		Sections: []views.Section{{ID: "facts", Text: r.T.T("apt.unit_facts", "Floor", u.Floor, "Capacity", u.Capacity, "Now", len(current))},
			{ID: "current", Title: r.T.T("apt.residents_now"), Table: k.residentTable(r, "unit-residents", current, now)},
			{ID: "history", Title: r.T.T("apt.history"), Table: ht}}}
	return web.Render(c, r, fiber.StatusOK, views.ScreenView(p, scr))
}
