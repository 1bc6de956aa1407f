package province

import (
	"strconv"

	"github.com/gofiber/fiber/v2"

	"portal06/app/web"
	"portal06/views"
)

// targetForm is the form that sets an indicator's target of a year at one
// level (the province or a commune), for those who may.
func (h *Handlers) targetForm(r *web.Request, ind Indicator, year int, area Area, isProvince bool, cur string, bad string) *views.Form {
	if !h.s.Authz().Allow(r.Role, "province.targets", "write") {
		return nil
	}
	areaValue := ""
	if !isProvince {
		areaValue = itoa64(area.ID)
	}
	f := &views.Form{ID: "target-form", Action: "/province/indicators/" + ind.Code + "/target", Submit: r.T.T("province.save"),
		Fields: []views.Field{
			{Name: "year", Type: "hidden", Value: itoa(year)},
			{Name: "area", Type: "hidden", Value: areaValue},
			{Name: "target", Type: "text", Value: cur, Required: true, Autocomplete: "off",
				Label: r.T.T("province.target_of", "Year", year, "Place", area.Name) + " (" + r.T.T("province.unit_"+ind.Unit) + ")"},
		}}
	if bad != "" {
		f.Fields[2].Error = r.T.T(bad)
	}
	return f
}

// targetSave sets an indicator's target of a year for the province or a
// commune.
func (h *Handlers) targetSave(c *fiber.Ctx, r *web.Request) error {
	inds, err := Indicators(r.Tx, h.kinds, r.T)
	if err != nil {
		return err
	}
	ind, ok := Find(inds, web.Param(c, "code"))
	if !ok {
		return fiber.ErrNotFound
	}
	year, err := strconv.Atoi(web.Form(c, "year"))
	if err != nil || year < 2020 || year > h.thisMonth().Year()+5 {
		return fiber.NewError(fiber.StatusBadRequest, "year")
	}
	area, ok, err := h.entryArea(r, web.Form(c, "area"))
	if err != nil {
		return err
	}
	if !ok {
		return fiber.ErrNotFound
	}
	text := web.Form(c, "target")
	v, ok := ParseNumber(text)
	msg := ""
	switch {
	case !ok || v < 0 || v >= 1e15:
		msg = "validation.province_number"
	case ind.Unit == "percent" && v > 100:
		msg = "validation.province_percent"
	}
	back := "/province/indicators/" + ind.Code
	if prov, err := ProvinceArea(r.Tx); err != nil {
		return err
	} else if prov.ID != area.ID {
		back += "?area=" + itoa64(area.ID)
	}
	if msg != "" {
		f := h.targetForm(r, ind, year, area, web.Form(c, "area") == "", text, msg)
		if r.HTMX {
			return web.Render(c, r, fiber.StatusUnprocessableEntity, views.FormView(*f))
		}
		s := views.Screen{Actions: []views.NavLink{{Label: ind.Name, Href: back}}, Sections: []views.Section{{ID: "target", Form: f}}}
		return web.Render(c, r, fiber.StatusUnprocessableEntity, views.ScreenView(h.s.Page(c, r, "province.indicator_title", "Name", ind.Name), s))
	}
	if err := SetTarget(r.Tx, ind.Code, year, area.ID, v, r.User.UserID); err != nil {
		return err
	}
	return web.Redirect(c, r, back)
}
