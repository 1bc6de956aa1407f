package accommodation

import (
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"portal06/app/stays"
	"portal06/app/store"
	"portal06/app/web"
	"portal06/tenants/accommodation/ui"
	"portal06/views"
)

func (k *Kind) loadStay(c *fiber.Ctx, r *web.Request) (Stay, error) {
	id, err := strconv.ParseInt(c.Params("id"), 10, 64)
	if err != nil || id <= 0 {
		return Stay{}, fiber.ErrNotFound
	}
	st, err := stays.GetStay(r.Tx, r.Tenant.ID, id)
	if errors.Is(err, store.ErrNotFound) {
		return st, fiber.ErrNotFound
	}
	return st, err
}

// stayShow shows one stay, its ID number in full, its notifications and history.
func (k *Kind) stayShow(c *fiber.Ctx, r *web.Request) error {
	st, err := k.loadStay(c, r)
	if err != nil {
		return err
	}
	return k.renderStay(c, r, fiber.StatusOK, st, nil)
}

func (k *Kind) renderStay(c *fiber.Ctx, r *web.Request, status int, st Stay, failed *views.Form) error {
	site, err := store.GetSite(r.Tx, r.Scope, r.Tenant.ID, st.SiteID)
	if err != nil {
		return err
	}
	d := ui.StayData{Status: r.T.T("acc.status_" + st.Status), StatusCode: st.Status, CSRF: r.CSRF}
	d.Notify, d.NotifyClass, d.Remaining = notifyState(r, st, k.d.Now())
	if st.NotifyStatus == "refused" && st.NotifyRefusal != nil {
		d.Refusal = *st.NotifyRefusal
		if st.Status != "cancelled" {
			d.ResendURL = stayHref(r, st.ID) + "/resend"
		}
	}
	sex := r.T.T("acc.sex_m")
	if st.Sex == "F" {
		sex = r.T.T("acc.sex_f")
	}
	f := func(label, v string, mono bool) {
		d.Facts = append(d.Facts, ui.Fact{Label: r.T.T(label), Value: v, Mono: mono})
	}
	f("field.full_name", st.FullName, false)
	f("field.document_type", r.T.T("acc.doc_"+st.DocType), false)
	f("field.document_number", st.DocNumber, true)
	if st.OldNumber != "" {
		f("field.old_number", st.OldNumber, true)
	}
	f("field.birth_date", r.T.Date(st.BirthDate), false)
	f("field.sex", sex, false)
	f("field.nationality", st.Nationality, false)
	if st.Address != "" {
		f("field.address", st.Address, false)
	}
	f("sites.name", site.Name, false)
	f("acc.room", st.Room, false)
	f("acc.arrival", r.T.DateTime(st.ArrivalAt), false)
	f("acc.expected_departure", r.T.Date(st.ExpectedDeparture), false)
	if st.DepartedAt != nil {
		f("acc.departed", r.T.DateTime(*st.DepartedAt), false)
	}
	f("acc.reason", st.Reason, false)
	if st.CancelReason != nil {
		f("acc.cancel_reason", *st.CancelReason, false)
	}
	f("acc.deadline", r.T.DateTime(st.DeadlineAt), false)
	if st.NotifyReceipt != nil {
		f("acc.receipt", *st.NotifyReceipt, true)
	}
	if err := k.history(r, st, &d); err != nil {
		return err
	}
	if st.Status == "open" {
		d.CheckoutURL = stayHref(r, st.ID) + "/checkout"
		d.Forms = k.actionForms(r, st)
		if failed != nil {
			for i := range d.Forms {
				if d.Forms[i].ID == failed.ID {
					d.Forms[i] = *failed
				}
			}
		}
	}
	if r.HTMX && failed != nil {
		return web.Render(c, r, status, views.FormView(*failed))
	}
	p := k.s.Page(c, r, "acc.stay_title", "Name", st.FullName)
	p.Section = site.Name
	return web.Render(c, r, status, ui.StayPage(p, d))
}

func (k *Kind) history(r *web.Request, st Stay, d *ui.StayData) error {
	ns, err := stayNotifications(r.Tx, st.TenantID, st.ID)
	if err != nil {
		return err
	}
	for _, n := range ns {
		row := ui.NotifyRow{Event: r.T.T("acc.event_" + n.Event), Status: r.T.T("acc.nstatus_" + n.Status), Class: n.Status,
			Created: r.T.DateTime(n.CreatedAt), Attempts: n.Attempts}
		switch {
		case n.Receipt != nil:
			row.Detail = *n.Receipt
		case n.Refusal != nil:
			row.Detail = *n.Refusal
		case n.LastError != "":
			row.Detail = r.T.T("acc.attempts", "Count", n.Attempts, "Error", n.LastError)
		}
		d.Notifications = append(d.Notifications, row)
	}
	revs, err := stayRevisions(r.Tx, st.TenantID, st.ID)
	if err != nil {
		return err
	}
	for _, v := range revs {
		field := ""
		if v.Field != "" {
			field = r.T.T("field." + v.Field)
		}
		d.Revisions = append(d.Revisions, ui.RevisionRow{When: r.T.DateTime(v.ChangedAt), Action: r.T.T("acc.rev_" + v.Action),
			Field: field, Old: revisionValue(r, v.Field, v.OldValue), New: revisionValue(r, v.Field, v.NewValue)})
	}
	return nil
}

// revisionValue shows a recorded value as the pages show it: states and
// choices translated, dates as dd/mm/yyyy.
func revisionValue(r *web.Request, field, v string) string {
	switch field {
	case "status":
		state, reason, cut := strings.Cut(v, ": ")
		out := r.T.T("acc.status_" + state)
		if cut {
			out += ": " + reason
		}
		return out
	case "birth_date", "expected_departure":
		if d, err := time.ParseInLocation("2006-01-02", v, zone); err == nil {
			return r.T.Date(d)
		}
	case "arrival":
		if t, ok := stays.ParseArrival(v); ok {
			return r.T.DateTime(t)
		}
	case "sex":
		if v == "M" || v == "F" {
			return r.T.T("acc.sex_" + strings.ToLower(v))
		}
	case "document_type":
		if v != "" {
			return r.T.T("acc.doc_" + v)
		}
	}
	return v
}

// actionForms are the changes an open stay allows.
func (k *Kind) actionForms(r *web.Request, st Stay) []views.Form {
	base := stayHref(r, st.ID)
	csrf := views.Field{Name: "_csrf", Type: "hidden", Value: r.CSRF}
	return []views.Form{
		{ID: "room-form", Action: base + "/room", Submit: r.T.T("acc.change_room"), Fields: []views.Field{
			{Name: "room", Label: r.T.T("acc.room"), Type: "text", Value: st.Room, Required: true, MaxLength: 40}, csrf}},
		{ID: "extend-form", Action: base + "/extend", Submit: r.T.T("acc.extend"), Fields: []views.Field{
			{Name: "expected_departure", Label: r.T.T("acc.expected_departure"), Type: "date",
				Value: st.ExpectedDeparture.AddDate(0, 0, 1).Format("2006-01-02"), Required: true}, csrf}},
		correctionForm(r, base+"/correct", st, csrf),
		{ID: "cancel-form", Action: base + "/cancel", Submit: r.T.T("acc.cancel"), Fields: []views.Field{
			{Name: "cancel_reason", Label: r.T.T("acc.cancel_reason"), Type: "text", Required: true, MaxLength: stays.MaxReason}, csrf}},
	}
}

// correctionMax are the lengths the correction's text fields take.
var correctionMax = map[string]int{"full_name": 100, "document_number": 20, "nationality": 3, "address": stays.MaxAddress,
	"reason": stays.MaxReason}

// correctionForm offers every correctable field of the stay, filled with
// its value, each with its own input: dates as dates, the arrival as a
// date and time, the sex and the document type as choices.
func correctionForm(r *web.Request, action string, st Stay, csrf views.Field) views.Form {
	choice := func(prefix string, values ...string) []views.Option {
		out := make([]views.Option, len(values))
		for i, v := range values {
			out[i] = views.Option{Value: v, Label: r.T.T(prefix + strings.ToLower(v))}
		}
		return out
	}
	field := func(name, typ, value string) views.Field {
		return views.Field{Name: name, Label: r.T.T("field." + name), Type: typ, Value: value, Required: name != "address",
			MaxLength: correctionMax[name]}
	}
	docType := field("document_type", "select", st.DocType)
	docType.Options = choice("acc.doc_", "cccd", "passport", "id_card")
	sex := field("sex", "select", st.Sex)
	sex.Options = choice("acc.sex_", "M", "F")
	nationality := field("nationality", "text", st.Nationality)
	nationality.Hint = r.T.T("acc.nationality_hint")
	return views.Form{ID: "correct-form", Action: action, Submit: r.T.T("acc.correct"), Fields: []views.Field{
		field("full_name", "text", st.FullName), docType, field("document_number", "text", st.DocNumber),
		field("birth_date", "date", st.BirthDate.Format("2006-01-02")), sex, nationality,
		field("address", "text", st.Address), field("reason", "text", st.Reason),
		field("arrival", "datetime-local", st.ArrivalAt.In(zone).Format("2006-01-02T15:04")), csrf}}
}
