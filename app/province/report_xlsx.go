package province

import (
	"bytes"

	"github.com/gofiber/fiber/v2"

	"portal06/app/export"
	"portal06/app/web"
)

const xlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

// reportXLSX downloads the monthly report as a workbook, in Vietnamese:
// its heading, the indicators, and the live indicators by commune. Every
// text cell is escaped against formula injection (app/export).
func (h *Handlers) reportXLSX(c *fiber.Ctx, r *web.Request) error {
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
	t := h.vi
	state := t.T("province.report_frozen", "At", t.DateTime(rep.TakenAt))
	if rep.Live {
		state = t.T("province.report_live", "At", t.DateTime(rep.TakenAt))
	}
	head := export.Sheet{Name: t.T("province.sheet_info"), Headers: []string{t.T("province.report_authority"), prov.Name}, Rows: [][]any{
		{t.T("province.report_title", "Month", monthLabel(m)), ""},
		{state, ""},
		{t.T("province.report_models", "Deployed", rep.Deployed, "Total", rep.Total, "Piloting", rep.Piloting, "Planned", rep.Planned), ""},
		{t.T("province.status_deployed"), rep.Deployed},
		{t.T("province.status_piloting"), rep.Piloting},
		{t.T("province.status_planned"), rep.Planned},
		{t.T("province.models_total"), rep.Total},
	}}
	rows := export.Sheet{Name: t.T("province.sheet_indicators"), Headers: []string{t.T("province.model_no"), t.T("province.model_name"),
		t.T("province.indicator"), t.T("province.unit"), t.T("province.value"), t.T("province.target"), t.T("province.gap"), t.T("province.source")}}
	for _, row := range rep.Rows {
		src := t.T("province.source_live")
		if !row.Live {
			src = row.Agency
		}
		var gap any = ""
		if row.Value != nil && row.Target != nil {
			gap = *row.Value - *row.Target
		}
		rows.Rows = append(rows.Rows, []any{row.Model, row.ModelName, row.Name, t.T("province.unit_" + row.Unit), num(row.Value), num(row.Target), gap, src})
	}
	areas := export.Sheet{Name: t.T("province.sheet_areas"), Headers: []string{t.T("sites.area")}}
	for _, col := range rep.AreaCols {
		areas.Headers = append(areas.Headers, col.Name+" ("+t.T("province.unit_"+col.Unit)+")")
	}
	for _, a := range rep.Areas {
		line := []any{a.Name}
		for _, v := range a.Values {
			line = append(line, num(v))
		}
		areas.Rows = append(areas.Rows, line)
	}
	var buf bytes.Buffer
	if err := export.Write(&buf, head, rows, areas); err != nil {
		return err
	}
	c.Set(fiber.HeaderContentType, xlsxType)
	c.Set(fiber.HeaderContentDisposition, `attachment; filename="bao-cao-de-an-06-`+monthKey(m)+`.xlsx"`)
	return c.Send(buf.Bytes())
}

// num is a cell's number, or an empty cell.
func num(p *float64) any {
	if p == nil {
		return ""
	}
	return *p
}
