package tips

import (
	"strconv"

	"portal06/app/web"
	"portal06/views"
)

// actionForms are the forms of a tip the unit holds: status, assignment,
// transfer and person link.
func (h *Handlers) actionForms(r *web.Request, d *Detail) ([]views.Form, error) {
	assigned := ""
	if d.AssignedTo != nil {
		assigned = strconv.FormatInt(*d.AssignedTo, 10)
	}
	af, err := h.assignForm(r, d, assigned, nil)
	if err != nil {
		return nil, err
	}
	tf, err := h.transferForm(r, d, "", "", nil)
	if err != nil {
		return nil, err
	}
	return []views.Form{statusForm(r, d, d.Status, d.PublicNote, "", nil), af, tf, linkForm(r, d, "cccd", "", nil)}, nil
}

func statusForm(r *web.Request, d *Detail, status, public, note string, errs map[string]string) views.Form {
	var opts []views.Option
	for _, s := range Statuses {
		if s != "transferred" || d.Status == "transferred" {
			opts = append(opts, views.Option{Value: s, Label: r.T.T("tips.status." + s)})
		}
	}
	return views.Form{ID: "status-form", Action: tipURL(d.ID) + "/status", Submit: r.T.T("tips.change_status"), Fields: []views.Field{
		{Name: "status", Label: r.T.T("tips.status"), Type: "select", Value: status, Options: opts, Required: true, Error: errs["status"]},
		{Name: "note", Label: r.T.T("tips.internal_note"), Type: "textarea", Value: note, Hint: r.T.T("tips.internal_note_hint"), Error: errs["note"], MaxLength: MaxNote},
		{Name: "public_note", Label: r.T.T("tips.public_note"), Type: "textarea", Value: public, Hint: r.T.T("tips.public_note_hint"), Error: errs["public_note"]},
		{Name: "_csrf", Type: "hidden", Value: r.CSRF}}}
}

func (h *Handlers) assignForm(r *web.Request, d *Detail, officer string, errs map[string]string) (views.Form, error) {
	list, err := unitOfficers(r.Tx, r.User.Unit.UnitID)
	if err != nil {
		return views.Form{}, err
	}
	opts := []views.Option{{Value: "", Label: r.T.T("tips.nobody")}}
	for _, o := range list {
		opts = append(opts, views.Option{Value: strconv.FormatInt(o.ID, 10), Label: o.FullName})
	}
	return views.Form{ID: "assign-form", Action: tipURL(d.ID) + "/assign", Submit: r.T.T("tips.assign"), Fields: []views.Field{
		{Name: "officer", Label: r.T.T("tips.officer"), Type: "select", Value: officer, Options: opts, Error: errs["officer"]},
		{Name: "_csrf", Type: "hidden", Value: r.CSRF}}}, nil
}

func (h *Handlers) transferForm(r *web.Request, d *Detail, unit, reason string, errs map[string]string) (views.Form, error) {
	list, err := otherUnits(r.Tx, r.User.Unit.UnitID)
	if err != nil {
		return views.Form{}, err
	}
	opts := []views.Option{{Value: "", Label: r.T.T("tips.choose")}}
	for _, u := range list {
		opts = append(opts, views.Option{Value: u.Code, Label: u.Name})
	}
	return views.Form{ID: "transfer-form", Action: tipURL(d.ID) + "/transfer", Submit: r.T.T("tips.transfer"), Fields: []views.Field{
		{Name: "unit", Label: r.T.T("tips.to_unit"), Type: "select", Value: unit, Options: opts, Required: true, Error: errs["unit"]},
		{Name: "reason", Label: r.T.T("tips.reason"), Type: "textarea", Value: reason, Required: true, Error: errs["reason"]},
		{Name: "_csrf", Type: "hidden", Value: r.CSRF}}}, nil
}

func linkForm(r *web.Request, d *Detail, docType, number string, errs map[string]string) views.Form {
	opts := []views.Option{{Value: "cccd", Label: r.T.T("tips.doc.cccd")}, {Value: "passport", Label: r.T.T("tips.doc.passport")},
		{Value: "id_card", Label: r.T.T("tips.doc.id_card")}}
	return views.Form{ID: "link-form", Action: tipURL(d.ID) + "/link", Submit: r.T.T("tips.link_person"), Fields: []views.Field{
		{Name: "doc_type", Label: r.T.T("tips.doc_type"), Type: "select", Value: docType, Options: opts, Error: errs["doc_type"]},
		{Name: "doc_number", Label: r.T.T("field.document_number"), Type: "text", Value: number, Required: true, Autocomplete: "off", Error: errs["doc_number"]},
		{Name: "_csrf", Type: "hidden", Value: r.CSRF}}}
}
