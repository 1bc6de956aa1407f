package notary

import (
	"errors"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"portal06/app/iddoc"
	"portal06/app/store"
	"portal06/app/web"
	"portal06/tenants/notary/ui"
	"portal06/views"
)

// actShow shows an act with its parties; after a check it says the verdict
// at once (?check=<id>, an id, never a document number).
func (k *Kind) actShow(c *fiber.Ctx, r *web.Request) error {
	a, err := loadAct(c, r)
	if err != nil {
		return err
	}
	d, err := k.actData(c, r, a)
	if err != nil {
		return err
	}
	if id, _ := strconv.ParseInt(web.Query(c, "check"), 10, 64); id > 0 {
		res, err := lastResult(r, a.ID, id)
		if err != nil {
			return err
		}
		d.Result = res
	}
	if web.Query(c, "added") == "1" {
		d.Notice = r.T.T("notary.party_added")
	}
	return k.renderAct(c, r, fiber.StatusOK, a, d)
}

func (k *Kind) renderAct(c *fiber.Ctx, r *web.Request, status int, a Act, d ui.ActData) error {
	p := k.Host.Pages.Page(c, r, "notary.act_title", "Number", a.Number)
	p.Section = a.SiteName
	return web.Render(c, r, status, ui.ActPage(p, d))
}

// lastResult is the verdict of one check of the act, in plain words.
func lastResult(r *web.Request, actID, checkID int64) (*ui.Verdict, error) {
	var row struct {
		Verdict, Reasons, QrName string
		PartyID                  int64
	}
	err := r.Tx.Raw(`SELECT verdict, array_to_string(reasons, ',') AS reasons, qr_name, party_id FROM notary_checks
		WHERE tenant_id = ? AND act_id = ? AND id = ?`, r.Tenant.ID, actID, checkID).Scan(&row).Error
	if err != nil || row.PartyID == 0 {
		return nil, err
	}
	var kinds []string
	if err := r.Tx.Raw(`SELECT DISTINCT kind FROM notary_signals WHERE tenant_id = ? AND check_id = ? ORDER BY kind`, r.Tenant.ID, checkID).
		Scan(&kinds).Error; err != nil {
		return nil, err
	}
	v := verdictOf(r, row.Verdict, splitList(row.Reasons), kinds, row.QrName)
	return &v, nil
}

func (k *Kind) actData(c *fiber.Ctx, r *web.Request, a Act) (ui.ActData, error) {
	parties, err := ListParties(r.Tx, r.Tenant.ID, a.ID)
	if err != nil {
		return ui.ActData{}, err
	}
	d := ui.ActData{Open: a.Status == "open", ScanAction: actHref(r, a.ID) + "/parties", CSRF: r.CSRF,
		Roles: options(r, "notary.role_", PartyRoles), BackHref: "/t/" + r.Tenant.Slug + "/acts", Status: actStatus(r, a)}
	fact := func(label, value string) ui.Fact { return ui.Fact{Label: label, Value: value} }
	d.Facts = []ui.Fact{fact(r.T.T("notary.act_type"), r.T.T("notary.type_"+a.ActType)), fact(r.T.T("notary.act_number"), a.Number),
		fact(r.T.T("notary.office"), a.SiteName), fact(r.T.T("notary.created"), r.T.DateTime(a.CreatedAt)), fact(r.T.T("field.status"), d.Status)}
	if prop := propertyText(r, a); prop != "" {
		d.Facts = append(d.Facts, ui.Fact{Label: r.T.T("notary.property"), Value: prop})
	}
	for _, p := range parties {
		row := ui.PartyRow{Role: r.T.T("notary.role_" + p.Role), Name: p.FullName, Number: iddoc.MaskNumber(p.DocNumber),
			Verdict: verdictOf(r, p.Verdict, p.ReasonList(), p.SignalList(), p.FullName)}
		if d.Open {
			row.CheckHref = actHref(r, a.ID) + "/parties/" + strconv.FormatInt(p.ID, 10) + "/check"
		}
		d.Parties = append(d.Parties, row)
	}
	if a.Status == "completed" && a.OverrideReason != "" {
		d.OverrideNote = r.T.T("notary.overridden_note", "Name", a.CompletedByName, "Reason", a.OverrideReason)
	}
	if d.Open && len(parties) > 0 {
		d.Complete = &views.Form{ID: "complete-form", Action: actHref(r, a.ID) + "/complete", Submit: r.T.T("notary.complete"),
			Fields: []views.Field{{Name: "_csrf", Type: "hidden", Value: r.CSRF}}}
		if a.NotMatched > 0 && k.may(r, "notary.override", "write") {
			f := overrideForm(r, a, "", "")
			d.Override = &f
		}
	}
	return d, nil
}

func overrideForm(r *web.Request, a Act, reason, problem string) views.Form {
	return views.Form{ID: "override-form", Action: actHref(r, a.ID) + "/override", Submit: r.T.T("notary.override_submit"),
		Fields: []views.Field{{Name: "reason", Label: r.T.T("notary.override_reason"), Type: "textarea", Value: reason, Required: true,
			Error: problem, Hint: r.T.T("notary.override_reason_hint")}, {Name: "_csrf", Type: "hidden", Value: r.CSRF}}}
}

// partyAdd reads the scanned QR and adds its holder to the act.
func (k *Kind) partyAdd(c *fiber.Ctx, r *web.Request) error {
	a, err := loadAct(c, r)
	if err != nil {
		return err
	}
	role, qr := web.Form(c, "party_role"), web.RawForm(c, "id_qr")
	refuse := func(lines ...string) error {
		d, err := k.actData(c, r, a)
		if err != nil {
			return err
		}
		d.ScanErrors, d.Role = lines, role
		return k.renderAct(c, r, fiber.StatusUnprocessableEntity, a, d)
	}
	if a.Status != "open" {
		return refuse(r.T.T("notary.act_completed"))
	}
	var lines []string
	if role == "" {
		lines = append(lines, r.T.T("notary.party_role")+": "+r.T.T("validation.required"))
	} else if !oneOf(role, PartyRoles) {
		lines = append(lines, r.T.T("notary.party_role")+": "+r.T.T("notary.bad_role"))
	}
	if len(qr) > 2000 {
		return refuse(append(lines, r.T.T("field.id_qr")+": "+r.T.T("validation.too_long"))...)
	}
	if qr == "" {
		return refuse(append(lines, r.T.T("field.id_qr")+": "+r.T.T("notary.scan_empty"))...)
	}
	id, err := iddoc.ParseCCCD(qr, k.Host.Now())
	if err != nil {
		var e *iddoc.Errors
		if !errors.As(err, &e) {
			return err
		}
		for _, f := range e.List {
			lines = append(lines, r.T.T("field."+f.Field)+": "+r.T.T(f.Code, f.Args...))
		}
	}
	if len(lines) > 0 {
		return refuse(lines...)
	}
	_, err = AddParty(r.Tx, r.Tenant.ID, a, r.User.UserID, role, id, k.Host.Now())
	if errors.Is(err, errPartyExists) {
		return refuse(r.T.T("notary.party_exists", "Name", id.FullName))
	}
	var bad store.Invalid
	if errors.As(err, &bad) {
		var out []string
		for f, code := range bad {
			out = append(out, r.T.T("field."+f)+": "+r.T.T(code, "Name", id.FullName))
		}
		return refuse(out...)
	}
	if err != nil {
		return err
	}
	return web.Redirect(c, r, actHref(r, a.ID)+"?added=1")
}
