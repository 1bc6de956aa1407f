package province

import (
	"fmt"

	"github.com/gofiber/fiber/v2"

	"portal06/app/web"
	"portal06/views"
)

// reportPrint is the monthly report laid out for A4 paper, in Vietnamese,
// with the province's heading.
func (h *Handlers) reportPrint(c *fiber.Ctx, r *web.Request) error {
	m, ok := h.parseMonth(web.Query(c, "month"))
	if !ok {
		return fiber.NewError(fiber.StatusBadRequest, "month")
	}
	rep, err := MonthReport(r.Tx, h.kinds, h.vi, m, h.now())
	if err != nil {
		return err
	}
	prov, err := ProvinceArea(r.Tx)
	if err != nil {
		return err
	}
	r.T = h.vi // the report is written in Vietnamese whatever the page's language
	now := h.now().In(h.zone())
	v := views.ReportView{
		Province: prov.Name,
		Title:    r.T.T("province.report_title", "Month", monthLabel(m)),
		Place:    r.T.T("province.report_place", "Day", fmt.Sprintf("%02d", now.Day()), "Month", fmt.Sprintf("%02d", int(now.Month())), "Year", now.Year()),
		XLSXHref: "/province/report.xlsx?month=" + monthKey(m),
		MonthForm: views.Form{ID: "month-form", Method: "get", Action: "/province/report", Submit: r.T.T("province.show"),
			Fields: []views.Field{{Name: "month", Label: r.T.T("province.month"), Type: "month", Value: monthKey(m)}}},
	}
	if rep.Live {
		v.Frozen = r.T.T("province.report_live", "At", r.T.DateTime(rep.TakenAt))
	} else {
		v.Frozen = r.T.T("province.report_frozen", "At", r.T.DateTime(rep.TakenAt))
	}
	v.Summary = []string{
		r.T.T("province.report_models", "Deployed", rep.Deployed, "Total", rep.Total, "Piloting", rep.Piloting, "Planned", rep.Planned),
	}
	for _, row := range rep.Rows {
		rv := views.ReportRowView{No: row.Model, Model: row.ModelName, Name: row.Name, Unit: r.T.T("province.unit_" + row.Unit),
			Value: Format("vi", row.Unit, val(row.Value)), Target: "–", Gap: "–"}
		if row.Target != nil {
			rv.Target = Format("vi", row.Unit, Value{*row.Target, true})
			ind := Indicator{Unit: row.Unit, HigherIsBetter: row.Higher}
			rv.Gap, _ = gap("vi", ind, val(row.Value), *row.Target)
		}
		if row.Live {
			rv.Source = r.T.T("province.source_live")
		} else {
			rv.Source = row.Agency
		}
		v.Rows = append(v.Rows, rv)
	}
	for _, col := range rep.AreaCols {
		v.AreaCols = append(v.AreaCols, col.Name)
	}
	for _, a := range rep.Areas {
		ar := views.AreaReportRow{Area: a.Name}
		for i, x := range a.Values {
			ar.Values = append(ar.Values, Format("vi", rep.AreaCols[i].Unit, val(x)))
		}
		v.AreaRows = append(v.AreaRows, ar)
	}
	return web.Render(c, r, fiber.StatusOK, views.ProvinceReport(h.s.Page(c, r, "province.report_title_short"), v))
}

func val(p *float64) Value {
	if p == nil {
		return Value{}
	}
	return Value{*p, true}
}
