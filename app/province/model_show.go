package province

import (
	"github.com/gofiber/fiber/v2"

	"portal06/app/web"
	"portal06/views"
)

// modelShow shows one model: its indicators, its history of changes, and
// for the admin the form that edits it.
func (h *Handlers) modelShow(c *fiber.Ctx, r *web.Request) error {
	no, ok := parseNo(web.Param(c, "no"))
	if !ok {
		return fiber.ErrNotFound
	}
	mo, found, err := GetModel(r.Tx, no)
	if err != nil {
		return err
	}
	if !found {
		return fiber.ErrNotFound
	}
	in := ModelInput{NameVi: mo.NameVi, NameEn: mo.NameEn, LeadAgency: mo.LeadAgency, Status: mo.Status, Description: mo.Description,
		PlannedOn: day(mo.PlannedOn), PilotingOn: day(mo.PilotingOn), DeployedOn: day(mo.DeployedOn)}
	return h.modelScreen(c, r, fiber.StatusOK, mo, in, nil)
}

// modelScreen renders the model page; bad holds the form's field errors.
func (h *Handlers) modelScreen(c *fiber.Ctx, r *web.Request, status int, mo Model, in ModelInput, bad map[string]string) error {
	canEdit := h.s.Authz().Allow(r.Role, "province.models", "write")
	var f *views.Form
	if canEdit {
		f = h.modelForm(r, mo.No, in, bad)
		if r.HTMX && status == fiber.StatusUnprocessableEntity {
			return web.Render(c, r, status, views.FormView(*f))
		}
	}
	card := modelCard(r, mo)
	info := r.T.T("province.model_info", "Group", card.Group, "Scope", r.T.T("province.scope_"+mo.Scope), "Status", card.Status)
	if card.Since != "" {
		info += " " + r.T.T("province.since", "Date", card.Since)
	}
	if mo.LeadAgency != "" {
		info += " · " + r.T.T("province.lead_agency") + ": " + mo.LeadAgency
	}
	secs := []views.Section{{ID: "model", Text: info}}
	if mo.Description != "" {
		secs = append(secs, views.Section{ID: "description", Text: mo.Description})
	}
	inds, err := Indicators(r.Tx, h.kinds, r.T)
	if err != nil {
		return err
	}
	it := views.Table{ID: "model-indicators", Empty: r.T.T("province.no_indicators"),
		Headers: []string{r.T.T("province.indicator"), r.T.T("province.unit"), r.T.T("province.source")}}
	for _, ind := range inds {
		if ind.Model != mo.No {
			continue
		}
		it.Rows = append(it.Rows, []views.Cell{{Text: ind.Name, Href: "/province/indicators/" + ind.Code},
			{Text: r.T.T("province.unit_" + ind.Unit)}, {Text: sourceText(r.T.T, ind)}})
	}
	secs = append(secs, views.Section{ID: "indicators", Title: r.T.T("province.indicators"), Table: &it})
	if f != nil {
		secs = append(secs, views.Section{ID: "edit", Title: r.T.T("province.model_edit"), Form: f})
	}
	changes, err := ModelChanges(r.Tx, mo.No, 50)
	if err != nil {
		return err
	}
	ht := views.Table{ID: "history", Empty: r.T.T("province.no_changes"), Headers: []string{r.T.T("province.changed_at"),
		r.T.T("province.changed_by"), r.T.T("province.field"), r.T.T("province.old_value"), r.T.T("province.new_value")}}
	for _, ch := range changes {
		ht.Rows = append(ht.Rows, []views.Cell{{Text: r.T.DateTime(ch.ChangedAt)}, {Text: ch.Username},
			{Text: r.T.T("province.field_" + ch.Field)}, {Text: ch.OldValue}, {Text: ch.NewValue}})
	}
	secs = append(secs, views.Section{ID: "changes", Title: r.T.T("province.history"), Table: &ht})
	s := views.Screen{Actions: []views.NavLink{{Label: r.T.T("province.models_title"), Href: "/province/models"}}, Sections: secs}
	return web.Render(c, r, status, views.ScreenView(h.s.Page(c, r, "province.model_title", "No", mo.No, "Name", mo.Name(r.T.Lang())), s))
}

func (h *Handlers) modelForm(r *web.Request, no int, in ModelInput, bad map[string]string) *views.Form {
	f := &views.Form{ID: "model-form", Action: "/province/models/" + itoa(no), Submit: r.T.T("province.save"), Fields: []views.Field{
		{Name: "name_vi", Label: r.T.T("province.field_name_vi"), Type: "text", Value: in.NameVi, Required: true},
		{Name: "name_en", Label: r.T.T("province.field_name_en"), Type: "text", Value: in.NameEn, Required: true},
		{Name: "lead_agency", Label: r.T.T("province.field_lead_agency"), Type: "text", Value: in.LeadAgency},
		{Name: "status", Label: r.T.T("province.field_status"), Type: "select", Value: in.Status, Required: true, Options: []views.Option{
			{Value: "planned", Label: r.T.T("province.status_planned")},
			{Value: "piloting", Label: r.T.T("province.status_piloting")},
			{Value: "deployed", Label: r.T.T("province.status_deployed")}}},
		{Name: "planned_on", Label: r.T.T("province.field_planned_on"), Type: "date", Value: in.PlannedOn},
		{Name: "piloting_on", Label: r.T.T("province.field_piloting_on"), Type: "date", Value: in.PilotingOn},
		{Name: "deployed_on", Label: r.T.T("province.field_deployed_on"), Type: "date", Value: in.DeployedOn},
		{Name: "description", Label: r.T.T("province.field_description"), Type: "textarea", Value: in.Description, MaxLength: 2000},
	}}
	for i := range f.Fields {
		if msg, ok := bad[f.Fields[i].Name]; ok {
			f.Fields[i].Error = r.T.T(msg)
		}
	}
	return f
}

func sourceText(t func(string, ...any) string, ind Indicator) string {
	if ind.Live {
		return t("province.source_live")
	}
	if ind.Agency != "" {
		return t("province.source_reported_by", "Agency", ind.Agency)
	}
	return t("province.reported")
}
