package province

import (
	"sort"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"portal06/app/web"
	"portal06/views"
)

const sitesPerPage = 50

// indicatorShow is the drill-down of one indicator: the province and its
// communes (no area), a commune and its sites (?area=), or one site
// (?area=&site=). Each level shows its value, target, gap and 12-month
// trend; the province level also lists the communes furthest behind.
func (h *Handlers) indicatorShow(c *fiber.Ctx, r *web.Request) error {
	inds, err := Indicators(r.Tx, h.kinds, r.T)
	if err != nil {
		return err
	}
	ind, ok := Find(inds, web.Param(c, "code"))
	if !ok {
		return fiber.ErrNotFound
	}
	m, ok := h.parseMonth(web.Query(c, "month"))
	if !ok {
		return fiber.NewError(fiber.StatusBadRequest, "month")
	}
	prov, err := ProvinceArea(r.Tx)
	if err != nil {
		return err
	}
	area := prov
	if s := web.Query(c, "area"); s != "" {
		id, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return fiber.ErrNotFound
		}
		a, found, err := GetArea(r.Tx, id)
		if err != nil {
			return err
		}
		if !found {
			return fiber.ErrNotFound
		}
		area = a
	}
	var site *Site
	if s := web.Query(c, "site"); s != "" {
		id, err := strconv.ParseInt(s, 10, 64)
		if err != nil || !ind.Live || area.ID == prov.ID {
			return fiber.ErrNotFound
		}
		found, ok, err := SiteIn(r.Tx, id, area.ID)
		if err != nil {
			return err
		}
		if !ok {
			return fiber.ErrNotFound
		}
		site = &found
	}
	lang := r.T.Lang()
	base := "/province/indicators/" + ind.Code + "?month=" + monthKey(m)
	d := views.ProvinceIndicatorData{Month: monthLabel(m), Source: sourceText(r.T.T, ind),
		ModelHref: "/province/models/" + itoa(ind.Model)}
	if mo, found, err := GetModel(r.Tx, ind.Model); err != nil {
		return err
	} else if found {
		d.Model = r.T.T("province.model_label", "No", mo.No, "Name", mo.Name(lang))
	}
	d.Crumbs = []views.NavLink{{Label: prov.Name, Href: base}}
	if area.ID != prov.ID {
		d.Crumbs = append(d.Crumbs, views.NavLink{Label: area.Name, Href: base + "&area=" + itoa64(area.ID)})
	}
	if site != nil {
		d.Crumbs = append(d.Crumbs, views.NavLink{Label: site.Name})
	}
	d.Crumbs[len(d.Crumbs)-1].Href = ""
	d.MonthForm = views.Form{ID: "month-form", Method: "get", Action: "/province/indicators/" + ind.Code, Submit: r.T.T("province.show"),
		Fields: []views.Field{{Name: "month", Label: r.T.T("province.month"), Type: "month", Value: monthKey(m)}}}
	if area.ID != prov.ID {
		d.MonthForm.Fields = append(d.MonthForm.Fields, views.Field{Name: "area", Type: "hidden", Value: itoa64(area.ID)})
	}
	if site != nil {
		d.MonthForm.Fields = append(d.MonthForm.Fields, views.Field{Name: "site", Type: "hidden", Value: itoa64(site.ID)})
	}

	trend, err := Trend(r.Tx, ind, m, area.ID, site)
	if err != nil {
		return err
	}
	v := trend[len(trend)-1]
	if !ind.Live {
		if v, err = ValueOf(r.Tx, ind, m, area.ID); err != nil {
			return err
		}
	}
	targets, err := Targets(r.Tx, ind.Code, m.Year())
	if err != nil {
		return err
	}
	var target *float64
	if t, ok := targets[area.ID]; ok && site == nil {
		target = &t
	}
	d.Value = Format(lang, ind.Unit, v)
	d.Target, d.Gap = "–", "–"
	if target != nil {
		d.Target = Format(lang, ind.Unit, Value{*target, true})
		d.Gap, d.Behind = gap(lang, ind, v, *target)
	}
	d.Chart = chart(lang, ind.Unit, r.T.T("province.trend_of", "Name", ind.Name, "Place", d.Crumbs[len(d.Crumbs)-1].Label), m, trend, target)

	switch {
	case site != nil:
	case area.ID == prov.ID || !ind.Live:
		children, err := Children(r.Tx, area.ID)
		if err != nil {
			return err
		}
		vals, err := ChildValues(r.Tx, ind, m, area.ID, children)
		if err != nil {
			return err
		}
		type behind struct {
			row   views.PlaceRow
			short float64
		}
		var behinds []behind
		for _, a := range children {
			row := placeRow(lang, ind, a.Name, base+"&area="+itoa64(a.ID), vals[a.ID], targets, a.ID)
			d.Places = append(d.Places, row)
			if t, ok := targets[a.ID]; ok && row.Behind {
				behinds = append(behinds, behind{row, ind.Shortfall(vals[a.ID].V, t)})
			}
		}
		sort.SliceStable(behinds, func(i, j int) bool { return behinds[i].short > behinds[j].short })
		for i, b := range behinds {
			if i == 5 {
				break
			}
			d.Behinds = append(d.Behinds, b.row)
		}
		if len(children) > 0 {
			d.Level = r.T.T("province.level_areas")
		}
	default:
		page := web.PageNum(c)
		sums, total, err := LiveSites(r.Tx, ind, m, area.ID, page, sitesPerPage)
		if err != nil {
			return err
		}
		if page == 1 {
			if s, found, err := LiveWithoutSite(r.Tx, ind, m, area.ID); err != nil {
				return err
			} else if found {
				val, ok := ind.Value(s.Num, s.Den)
				d.Places = append(d.Places, views.PlaceRow{Name: r.T.T("province.without_site"), Value: Format(lang, ind.Unit, Value{val, ok}),
					Target: "–", Gap: "–"})
			}
		}
		for _, s := range sums {
			val, ok := ind.Value(s.Num, s.Den)
			d.Places = append(d.Places, views.PlaceRow{Name: s.Name, Href: base + "&area=" + itoa64(area.ID) + "&site=" + itoa64(s.ID),
				Value: Format(lang, ind.Unit, Value{val, ok}), Target: "–", Gap: "–"})
		}
		d.Level = r.T.T("province.level_sites")
		d.Pager = &views.Pager{Page: page, PerPage: sitesPerPage, Total: total, BaseHref: base + "&area=" + itoa64(area.ID) + "&"}
	}
	if site == nil {
		cur := ""
		if target != nil {
			cur = Format("vi", ind.Unit, Value{*target, true})
		}
		d.TargetForm = h.targetForm(r, ind, m.Year(), area, area.ID == prov.ID, cur, "")
	}
	title := ind.Name
	return web.Render(c, r, fiber.StatusOK, views.ProvinceIndicator(h.s.Page(c, r, "province.indicator_title", "Name", title), d))
}

func placeRow(lang string, ind Indicator, name, href string, v Value, targets map[int64]float64, area int64) views.PlaceRow {
	row := views.PlaceRow{Name: name, Href: href, Value: Format(lang, ind.Unit, v), Target: "–", Gap: "–"}
	if t, ok := targets[area]; ok {
		row.Target = Format(lang, ind.Unit, Value{t, true})
		row.Gap, row.Behind = gap(lang, ind, v, t)
	}
	return row
}
