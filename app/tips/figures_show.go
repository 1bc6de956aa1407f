package tips

import (
	"fmt"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"portal06/app/kind"
	"portal06/app/web"
	"portal06/views"
)

// Codes of the indicators the tips keep in the province's rollup
// figure_days (at the tip's site when it came from a site's poster, else at
// its area), on the day of the event, in the tip's own transaction.
const (
	IndicatorReceived      = "tips.received"             // 1 per tip received
	IndicatorClosed        = "tips.closed"               // 1 per tip closed (the first time)
	IndicatorClosed30      = "tips.closed_30d"           // 1 per tip closed within 30 days of receipt
	IndicatorClosed30Share = "tips.closed_30d_share"     // den 1 at receipt, num 1 at a close within 30 days
	IndicatorResponseHours = "tips.first_response_hours" // num: hours to the first response, den: 1
)

// CategoryIndicator is the code of the count of tips received in category.
func CategoryIndicator(category string) string { return IndicatorReceived + "." + category }

// Model is the Project 06 pilot model tips count for (crime reports).
const Model = 30

// Indicators describe the tips' figures for the province's pages: the
// counts, the share closed within 30 days, the mean hours to the first
// response (unit "hours": the sum of num over the sum of den) and the
// count received per category.
func Indicators() []kind.Indicator {
	out := []kind.Indicator{
		{Code: IndicatorReceived, Model: Model, Label: "tips.indicator_received", Unit: "count", HigherIsBetter: true},
		{Code: IndicatorClosed, Model: Model, Label: "tips.indicator_closed", Unit: "count", HigherIsBetter: true},
		{Code: IndicatorClosed30, Model: Model, Label: "tips.indicator_closed_30d", Unit: "count", HigherIsBetter: true},
		{Code: IndicatorClosed30Share, Model: Model, Label: "tips.figure_closed30", Unit: "percent", HigherIsBetter: true},
		{Code: IndicatorResponseHours, Model: Model, Label: "tips.figure_response", Unit: "hours"},
	}
	for _, c := range Categories {
		out = append(out, kind.Indicator{Code: CategoryIndicator(c), Model: Model, Label: "tips.indicator_category." + c,
			Unit: "count", HigherIsBetter: true})
	}
	return out
}

// Figures is the tips' source of the province's figures: the core's own,
// beside the tenant kinds'.
type Figures struct{}

// Indicators are the tips' indicators.
func (Figures) Indicators() []kind.Indicator { return Indicators() }

// figuresShow shows the unit's figures: tips per area and category, the
// time to first response and the share closed within 30 days.
func (h *Handlers) figuresShow(c *fiber.Ctx, r *web.Request) error {
	unit := r.User.Unit.UnitID
	var sum struct {
		Total, Responded, Closed30, Decided int64
		AvgHours                            float64
	}
	err := r.Tx.Raw(`SELECT count(*) AS total, count(first_response_at) AS responded,
			coalesce(avg(extract(epoch FROM first_response_at - created_at) / 3600), 0) AS avg_hours,
			count(*) FILTER (WHERE closed_at - created_at <= interval '30 days') AS closed30,
			count(*) FILTER (WHERE created_at <= now() - interval '30 days' OR closed_at - created_at <= interval '30 days') AS decided
		FROM tips t WHERE EXISTS (SELECT 1 FROM tip_units tu WHERE tu.tip_id = t.id AND tu.unit_id = ?)`, unit).Scan(&sum).Error
	if err != nil {
		return fmt.Errorf("tips: figures: %w", err)
	}
	var rows []struct {
		AreaName string
		Category string
		N        int64
	}
	err = r.Tx.Raw(`SELECT a.name AS area_name, t.category, count(*) AS n FROM tips t JOIN areas a ON a.id = t.area_id
		WHERE EXISTS (SELECT 1 FROM tip_units tu WHERE tu.tip_id = t.id AND tu.unit_id = ?)
		GROUP BY a.name, t.category ORDER BY a.name, count(*) DESC LIMIT 500`, unit).Scan(&rows).Error
	if err != nil {
		return fmt.Errorf("tips: figures by area: %w", err)
	}
	share := "–"
	if sum.Decided > 0 {
		share = strconv.FormatFloat(float64(sum.Closed30)*100/float64(sum.Decided), 'f', 1, 64) + " %"
	}
	avg := "–"
	if sum.Responded > 0 {
		avg = strconv.FormatFloat(sum.AvgHours, 'f', 1, 64)
	}
	t := r.T
	overview := views.Table{ID: "tip-figures", Headers: []string{t.T("tips.figure"), t.T("tips.value")}, Rows: [][]views.Cell{
		{{Text: t.T("tips.figure_total")}, {Text: strconv.FormatInt(sum.Total, 10)}},
		{{Text: t.T("tips.figure_response")}, {Text: avg}},
		{{Text: t.T("tips.figure_closed30")}, {Text: share}},
	}}
	byArea := views.Table{ID: "tip-by-area", Empty: t.T("tips.none"), Headers: []string{t.T("tips.area"), t.T("tips.category"), t.T("tips.count")}}
	for _, x := range rows {
		byArea.Rows = append(byArea.Rows, []views.Cell{{Text: x.AreaName}, {Text: t.T("tips.category." + x.Category)}, {Text: strconv.FormatInt(x.N, 10)}})
	}
	return web.Render(c, r, fiber.StatusOK, views.ScreenView(h.s.Page(c, r, "tips.figures"), views.Screen{
		Actions: []views.NavLink{{Label: t.T("tips.back"), Href: "/police/tips"}},
		Sections: []views.Section{{ID: "overview", Table: &overview},
			{ID: "by-area", Title: t.T("tips.by_area"), Table: &byArea}}}))
}
