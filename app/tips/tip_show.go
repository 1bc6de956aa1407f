package tips

import (
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"portal06/app/audit"
	"portal06/app/iddoc"
	"portal06/app/tips/ui"
	"portal06/app/web"
	"portal06/views"
)

// loadTip reads the tip of the :id parameter among those the unit holds
// or held; any other id is a 404, as if it did not exist.
func loadTip(c *fiber.Ctx, r *web.Request) (*Detail, error) {
	id, err := strconv.ParseInt(c.Params("id"), 10, 64)
	if err != nil || id <= 0 {
		return nil, fiber.ErrNotFound
	}
	d, err := getTip(r.Tx, r.User.Unit.UnitID, id)
	if err != nil {
		return nil, err
	}
	if d == nil {
		return nil, fiber.ErrNotFound
	}
	return d, nil
}

// tipShow shows a tip; one that names a person first asks for a purpose.
func (h *Handlers) tipShow(c *fiber.Ctx, r *web.Request) error {
	d, err := loadTip(c, r)
	if err != nil {
		return err
	}
	if d.NamesPerson {
		return h.renderPurpose(c, r, d, fiber.StatusOK, "", "")
	}
	return h.renderDetail(c, r, d, fiber.StatusOK, nil)
}

// tipOpen opens a tip that names a person for a stated purpose, audited.
func (h *Handlers) tipOpen(c *fiber.Ctx, r *web.Request) error {
	d, err := loadTip(c, r)
	if err != nil {
		return err
	}
	purpose := web.Form(c, "purpose")
	if code := audit.CheckPurpose(purpose); code != "" {
		return h.renderPurpose(c, r, d, fiber.StatusUnprocessableEntity, purpose, r.T.T(code))
	}
	if err := h.audit.Write(r.Tx, h.entry(r, "tip_open", "", d.ID, purpose)); err != nil {
		return err
	}
	return h.renderDetail(c, r, d, fiber.StatusOK, nil)
}

func (h *Handlers) entry(r *web.Request, action, subject string, tipID int64, purpose string) audit.Entry {
	return r.Who(audit.Entry{Action: action, Subject: subject, Query: auditQuery(tipID), Purpose: purpose, Results: 1})
}

// auditQuery names a tip in the audit log: "tip:12.345", grouped so that
// the log's redaction of document-number-like runs leaves it readable.
func auditQuery(tipID int64) string {
	s := strconv.FormatInt(tipID, 10)
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte('.')
		}
		b.WriteRune(r)
	}
	return "tip:" + b.String()
}

func tipURL(id int64) string { return "/police/tips/" + strconv.FormatInt(id, 10) }

func (h *Handlers) renderPurpose(c *fiber.Ctx, r *web.Request, d *Detail, status int, purpose, msg string) error {
	data := ui.PurposeData{Action: tipURL(d.ID) + "/open", CSRF: r.CSRF, Purpose: purpose, Error: msg}
	return web.Render(c, r, status, ui.PurposeForm(h.s.Page(c, r, "tips.state_purpose"), data))
}

// renderDetail shows the tip with its history, its photos and, while the
// unit holds it, the actions; bad is a form to show again with its errors.
func (h *Handlers) renderDetail(c *fiber.Ctx, r *web.Request, d *Detail, status int, bad *views.Form) error {
	if r.HTMX && bad != nil {
		return web.Render(c, r, status, views.FormView(*bad))
	}
	t := r.T
	reporter := t.T("tips.anonymous")
	if d.ReporterName != "" || d.ReporterPhone != "" {
		reporter = strings.TrimSpace(d.ReporterName + " " + d.ReporterPhone)
	}
	place := d.AreaName
	if d.SiteName != "" {
		place = d.SiteName + " · " + d.AreaName
	}
	data := ui.DetailData{Facts: []ui.Fact{
		{Label: t.T("tips.received_on"), Value: t.DateTime(d.CreatedAt)},
		{Label: t.T("tips.category"), Value: t.T("tips.category." + d.Category)},
		{Label: t.T("tips.status"), Value: t.T("tips.status." + d.Status), ID: "tip-status"},
		{Label: t.T("tips.place"), Value: place},
		{Label: t.T("tips.address"), Value: d.Address},
		{Label: t.T("tips.occurred_at"), Value: t.DateTime(d.OccurredAt)},
		{Label: t.T("tips.reporter"), Value: reporter},
		{Label: t.T("tips.description"), Value: d.Description, ID: "tip-description"},
		{Label: t.T("tips.public_note"), Value: d.PublicNote},
	}}
	for n := 1; n <= d.Photos; n++ {
		data.Photos = append(data.Photos, tipURL(d.ID)+"/photos/"+strconv.Itoa(n))
	}
	events, err := tipEvents(r.Tx, d.ID)
	if err != nil {
		return err
	}
	hist := views.Table{ID: "tip-history", Empty: t.T("tips.no_history"), Headers: []string{t.T("tips.when"), t.T("tips.action"),
		t.T("audit.unit"), t.T("tips.officer"), t.T("tips.note")}}
	for _, e := range events {
		what := t.T("tips.action." + e.Action)
		if e.Status != "" && e.Action == "status" {
			what += ": " + t.T("tips.status."+e.Status)
		}
		if e.ToUnit != "" {
			what += " → " + e.ToUnit
		}
		hist.Rows = append(hist.Rows, []views.Cell{{Text: t.DateTime(e.CreatedAt)}, {Text: what}, {Text: e.UnitCode}, {Text: e.UserName}, {Text: e.Note}})
	}
	data.Sections = append(data.Sections, views.Section{ID: "history", Title: t.T("tips.history"), Table: &hist})
	people, err := tipPeople(r.Tx, d.ID)
	if err != nil {
		return err
	}
	if len(people) > 0 {
		pt := views.Table{ID: "tip-people", Headers: []string{t.T("field.document_number"), t.T("audit.unit"), ""}}
		for _, p := range people {
			pt.Rows = append(pt.Rows, []views.Cell{{Text: iddoc.MaskNumber(p.DocNumber)}, {Text: p.UnitCode},
				{Post: "/police/person", CSRF: r.CSRF, Button: t.T("tips.search_person"), Fields: map[string]string{"doc_type": p.DocType, "doc_number": p.DocNumber}}})
		}
		data.Sections = append(data.Sections, views.Section{ID: "people", Title: t.T("tips.people"), Table: &pt})
	}
	if d.Held {
		forms, err := h.actionForms(r, d)
		if err != nil {
			return err
		}
		for _, f := range forms {
			if bad != nil && bad.ID == f.ID {
				f = *bad
			}
			f := f
			data.Sections = append(data.Sections, views.Section{ID: "sec-" + f.ID, Title: f.Submit, Form: &f})
		}
	} else {
		data.Sections = append(data.Sections, views.Section{ID: "transferred", Text: t.T("tips.transferred_away")})
	}
	return web.Render(c, r, status, ui.TipDetail(h.s.Page(c, r, "tips.tip_title", "ID", d.ID), data))
}
