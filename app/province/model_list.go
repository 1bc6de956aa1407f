package province

import (
	"github.com/gofiber/fiber/v2"

	"portal06/app/web"
	"portal06/views"
)

// modelList lists the catalogue of pilot models: number, name, group,
// status with its date, lead agency, and whether live data feeds it.
func (h *Handlers) modelList(c *fiber.Ctx, r *web.Request) error {
	models, err := ListModels(r.Tx)
	if err != nil {
		return err
	}
	deployed := 0
	t := views.Table{ID: "models", Empty: r.T.T("province.no_models"), Headers: []string{
		r.T.T("province.model_no"), r.T.T("province.model_name"), r.T.T("province.model_group"), r.T.T("province.status"),
		r.T.T("province.status_date"), r.T.T("province.lead_agency"), r.T.T("province.fed_by")}}
	for _, mo := range models {
		if mo.Status == "deployed" {
			deployed++
		}
		card := modelCard(r, mo)
		fed := ""
		if mo.FedBy != "" {
			fed = r.T.T("province.fed_by_portal")
		}
		t.Rows = append(t.Rows, []views.Cell{{Text: itoa(mo.No)}, {Text: card.Name, Href: card.Href}, {Text: card.Group},
			{Text: card.Status}, {Text: card.Since}, {Text: mo.LeadAgency}, {Text: fed}})
	}
	text := r.T.T("province.models_count", "Total", len(models), "Deployed", deployed)
	s := views.Screen{Sections: []views.Section{{ID: "catalogue", Text: text, Table: &t}}}
	return web.Render(c, r, fiber.StatusOK, views.ScreenView(h.s.Page(c, r, "province.models_title"), s))
}
