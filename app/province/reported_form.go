package province

import (
	"strconv"
	"time"

	"github.com/gofiber/fiber/v2"

	"portal06/app/web"
	"portal06/views"
)

// reportedForm is the monthly entry of the reported indicators, for the
// province or one commune: the agency responsible types the month's
// values; the history below shows every entry and the values corrections
// replaced, with who and when.
func (h *Handlers) reportedForm(c *fiber.Ctx, r *web.Request) error {
	m, ok := h.parseMonth(web.Query(c, "month"))
	if !ok {
		return fiber.NewError(fiber.StatusBadRequest, "month")
	}
	area, ok, err := h.entryArea(r, web.Query(c, "area"))
	if err != nil {
		return err
	}
	if !ok {
		return fiber.ErrNotFound
	}
	return h.reportedScreen(c, r, fiber.StatusOK, m, area, nil, nil)
}

// entryArea reads the area of an entry: empty means the province.
func (h *Handlers) entryArea(r *web.Request, s string) (Area, bool, error) {
	prov, err := ProvinceArea(r.Tx)
	if err != nil || s == "" {
		return prov, err == nil, err
	}
	id, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return Area{}, false, nil
	}
	return GetArea(r.Tx, id)
}

func (h *Handlers) reportedScreen(c *fiber.Ctx, r *web.Request, status int, m time.Time, area Area, typed map[string]string,
	bad map[string]string) error {
	inds, err := Indicators(r.Tx, h.kinds, r.T)
	if err != nil {
		return err
	}
	cur, err := h.currentReported(r, inds, m, area.ID)
	if err != nil {
		return err
	}
	canWrite := h.s.Authz().Allow(r.Role, "province.reported", "write")
	prov, err := ProvinceArea(r.Tx)
	if err != nil {
		return err
	}
	children, err := Children(r.Tx, prov.ID)
	if err != nil {
		return err
	}
	opts := []views.Option{{Value: "", Label: prov.Name}}
	for _, a := range children {
		opts = append(opts, views.Option{Value: itoa64(a.ID), Label: a.Name})
	}
	areaValue := ""
	if area.ID != prov.ID {
		areaValue = itoa64(area.ID)
	}
	pick := views.Form{ID: "pick", Method: "get", Action: "/province/reported", Submit: r.T.T("province.show"), Fields: []views.Field{
		{Name: "month", Label: r.T.T("province.month"), Type: "month", Value: monthKey(m)},
		{Name: "area", Label: r.T.T("sites.area"), Type: "select", Value: areaValue, Options: opts}}}
	secs := []views.Section{{ID: "pick-section", Form: &pick}}
	lang := r.T.Lang()
	if canWrite {
		f := views.Form{ID: "reported-form", Action: "/province/reported", Submit: r.T.T("province.save"),
			Fields: []views.Field{{Name: "month", Type: "hidden", Value: monthKey(m)}, {Name: "area", Type: "hidden", Value: areaValue}}}
		for _, ind := range inds {
			if ind.Live {
				continue
			}
			name := "v_" + ind.Code
			fl := views.Field{Name: name, Label: ind.Name + " (" + r.T.T("province.unit_"+ind.Unit) + ")", Type: "text",
				Value: typed[name], Autocomplete: "off"}
			if v, ok := cur[ind.Code]; ok {
				fl.Hint = r.T.T("province.current_value", "Value", Format(lang, ind.Unit, Value{v, true}))
			}
			if ind.Agency != "" {
				if fl.Hint != "" {
					fl.Hint += " · "
				}
				fl.Hint += ind.Agency
			}
			if msg, ok := bad[name]; ok {
				fl.Error = r.T.T(msg)
			}
			f.Fields = append(f.Fields, fl)
		}
		if len(bad) > 0 {
			f.Error = r.T.T("province.nothing_saved")
		}
		if r.HTMX && status == fiber.StatusUnprocessableEntity {
			return web.Render(c, r, status, views.FormView(f))
		}
		secs = append(secs, views.Section{ID: "entry", Title: r.T.T("province.reported_entry", "Month", monthLabel(m), "Place", area.Name),
			Text: r.T.T("province.reported_help"), Form: &f})
	} else {
		t := views.Table{ID: "reported-values", Empty: r.T.T("province.no_values"),
			Headers: []string{r.T.T("province.indicator"), r.T.T("province.value")}}
		for _, ind := range inds {
			if v, ok := cur[ind.Code]; ok && !ind.Live {
				t.Rows = append(t.Rows, []views.Cell{{Text: ind.Name}, {Text: Format(lang, ind.Unit, Value{v, true})}})
			}
		}
		secs = append(secs, views.Section{ID: "values", Title: r.T.T("province.reported_values", "Month", monthLabel(m), "Place", area.Name), Table: &t})
	}
	hist, err := ReportedHistory(r.Tx, m, 100)
	if err != nil {
		return err
	}
	names := map[string]Indicator{}
	for _, ind := range inds {
		names[ind.Code] = ind
	}
	ht := views.Table{ID: "reported-history", Empty: r.T.T("province.no_values"), Headers: []string{r.T.T("province.indicator"),
		r.T.T("sites.area"), r.T.T("province.value"), r.T.T("province.entered"), r.T.T("province.state")}}
	for _, e := range hist {
		ind := names[e.Code]
		state := r.T.T("province.current")
		if e.ReplacedAt != nil {
			state = r.T.T("province.replaced_at", "At", r.T.DateTime(*e.ReplacedAt))
		}
		ht.Rows = append(ht.Rows, []views.Cell{{Text: ind.Name}, {Text: e.AreaName}, {Text: Format(lang, ind.Unit, Value{e.Value, true})},
			{Text: r.T.T("province.entered_by", "Who", e.Username, "At", r.T.DateTime(e.EnteredAt))}, {Text: state}})
	}
	secs = append(secs, views.Section{ID: "history", Title: r.T.T("province.history"), Table: &ht})
	return web.Render(c, r, status, views.ScreenView(h.s.Page(c, r, "province.reported_title"), views.Screen{Sections: secs}))
}

func (h *Handlers) currentReported(r *web.Request, inds []Indicator, m time.Time, area int64) (map[string]float64, error) {
	out := map[string]float64{}
	for _, ind := range inds {
		if ind.Live {
			continue
		}
		vals, err := ReportedByArea(r.Tx, ind.Code, m)
		if err != nil {
			return nil, err
		}
		if v, ok := vals[area]; ok {
			out[ind.Code] = v
		}
	}
	return out, nil
}
