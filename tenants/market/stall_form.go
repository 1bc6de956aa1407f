package market

import (
	"errors"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"portal06/app/audit"
	"portal06/app/web"
	"portal06/tenants/market/vietqr"
	"portal06/views"
)

// stallForm builds the stall form with its values and errors.
func stallForm(r *web.Request, action string, in StallInput, ms []Market, errs map[string]string) views.Form {
	T := r.T.T
	e := func(f string) string {
		if id, ok := errs[f]; ok {
			return T(id)
		}
		return ""
	}
	banks := []views.Option{{Value: "", Label: T("market.no_bank")}}
	for _, b := range vietqr.Banks() {
		banks = append(banks, views.Option{Value: b.BIN, Label: b.BIN + " · " + b.Name})
	}
	site := ""
	if in.SiteID > 0 {
		site = itoa(in.SiteID)
	}
	classes := []views.Option{{Value: "1", Label: T("market.fee_class_n", "N", 1)}, {Value: "2", Label: T("market.fee_class_n", "N", 2)},
		{Value: "3", Label: T("market.fee_class_n", "N", 3)}}
	f := views.Form{ID: "stall-form", Action: action, Submit: T("market.save"), Fields: []views.Field{
		{Name: "site", Label: T("market.market"), Type: "select", Value: site, Options: marketOptions(r, ms, false), Error: e("site"), Required: true},
		{Name: "code", Label: T("market.code"), Value: in.Code, Error: e("code"), Hint: T("market.code_hint"), Required: true},
		{Name: "zone", Label: T("market.zone"), Value: in.Zone, Error: e("zone"), Required: true},
		{Name: "category", Label: T("market.category"), Type: "select", Value: in.Category, Options: categoryOptions(r, true), Error: e("category"), Required: true},
		{Name: "fee_class", Label: T("market.fee_class"), Type: "select", Value: strconv.Itoa(max(in.FeeClass, 1)), Options: classes, Error: e("fee_class")},
		{Name: "holder_name", Label: T("market.holder_name"), Value: in.HolderName, Error: e("holder_name"), Required: true},
		{Name: "holder_phone", Label: T("market.holder_phone"), Value: in.HolderPhone, Error: e("holder_phone"), Required: true, Autocomplete: "off"},
		{Name: "holder_id", Label: T("market.holder_id"), Value: in.HolderID, Error: e("holder_id"), Hint: T("market.holder_id_hint"), Autocomplete: "off"},
		{Name: "bank_bin", Label: T("market.bank"), Type: "select", Value: in.BankBIN, Options: banks, Error: e("bank_bin")},
		{Name: "account", Label: T("market.account"), Value: in.Account, Error: e("account"), Autocomplete: "off"},
		{Name: "card", Label: T("market.card"), Type: "checkbox", Checked: in.Card},
	}}
	if len(errs) > 0 {
		f.Error = T("market.form_errors")
	}
	return f
}

func readStallInput(c *fiber.Ctx) StallInput {
	in := StallInput{Code: web.Form(c, "code"), Zone: web.Form(c, "zone"), Category: web.Form(c, "category"),
		HolderName: web.Form(c, "holder_name"), HolderPhone: web.Form(c, "holder_phone"), HolderID: web.Form(c, "holder_id"),
		BankBIN: web.Form(c, "bank_bin"), Account: web.Form(c, "account"), Card: web.Form(c, "card") == "on"}
	in.SiteID, _ = strconv.ParseInt(web.Form(c, "site"), 10, 64)
	in.FeeClass, _ = strconv.Atoi(web.Form(c, "fee_class"))
	return in
}

// checkSite refuses a market the tenant does not run (or the user does not see).
func checkSite(ms []Market, in StallInput, errs map[string]string) {
	for _, m := range ms {
		if m.ID == in.SiteID {
			return
		}
	}
	errs["site"] = "market.err_site"
}

func (k *Kind) renderStallForm(c *fiber.Ctx, r *web.Request, status int, title string, f views.Form) error {
	if r.HTMX && status != fiber.StatusOK {
		return web.Render(c, r, status, views.FormView(f))
	}
	return web.Render(c, r, status, views.ScreenView(k.Host.Pages.Page(c, r, title), views.Screen{Sections: []views.Section{{Form: &f}}}))
}

// stallNew shows an empty stall form.
func (k *Kind) stallNew(c *fiber.Ctx, r *web.Request) error {
	ms, err := ListMarkets(r.Tx, r.Tenant.ID)
	if err != nil {
		return err
	}
	in := StallInput{FeeClass: 1}
	if len(ms) == 1 {
		in.SiteID = ms[0].ID
	}
	return k.renderStallForm(c, r, fiber.StatusOK, "market.new_stall", stallForm(r, base(r)+"stalls", in, ms, nil))
}

// stallCreate saves a new stall.
func (k *Kind) stallCreate(c *fiber.Ctx, r *web.Request) error {
	ms, err := ListMarkets(r.Tx, r.Tenant.ID)
	if err != nil {
		return err
	}
	in := readStallInput(c)
	errs := in.Check()
	checkSite(ms, in, errs)
	if len(errs) == 0 {
		if err := setDay(r.Tx, k.now()); err != nil {
			return err
		}
		id, err := CreateStall(r.Tx, r.Tenant.ID, in)
		if errors.Is(err, ErrDuplicateCode) {
			errs["code"] = "market.err_code_taken"
		} else if err != nil {
			return err
		} else {
			return web.Redirect(c, r, stallHref(r, id, ""))
		}
	}
	return k.renderStallForm(c, r, fiber.StatusUnprocessableEntity, "market.new_stall", stallForm(r, base(r)+"stalls", in, ms, errs))
}

// stallEdit shows the stall's form, with the holder's full ID number: a look
// at personal data, so it is audited.
func (k *Kind) stallEdit(c *fiber.Ctx, r *web.Request) error {
	s, err := k.stall(c, r)
	if err != nil {
		return err
	}
	ms, err := ListMarkets(r.Tx, r.Tenant.ID)
	if err != nil {
		return err
	}
	if s.HolderID != nil {
		if err := k.Host.AuditLook(r, audit.Entry{Action: "market_stall_holder_open", Subject: *s.HolderID, Purpose: "stall " + s.Code, Results: 1}); err != nil {
			return err
		}
	}
	in := StallInput{SiteID: s.SiteID, Code: s.Code, Zone: s.Zone, Category: s.Category, FeeClass: s.FeeClass, HolderName: s.HolderName,
		HolderPhone: s.HolderPhone, HolderID: deref(s.HolderID), BankBIN: deref(s.BankBIN), Account: deref(s.Account), Card: s.Card}
	return k.renderStallForm(c, r, fiber.StatusOK, "market.edit_stall", stallForm(r, stallHref(r, s.ID, ""), in, ms, nil))
}

// stallUpdate saves the stall's form.
func (k *Kind) stallUpdate(c *fiber.Ctx, r *web.Request) error {
	s, err := k.stall(c, r)
	if err != nil {
		return err
	}
	ms, err := ListMarkets(r.Tx, r.Tenant.ID)
	if err != nil {
		return err
	}
	in := readStallInput(c)
	errs := in.Check()
	checkSite(ms, in, errs)
	if len(errs) == 0 {
		if err := setDay(r.Tx, k.now()); err != nil {
			return err
		}
		err := UpdateStall(r.Tx, r.Tenant.ID, s.ID, in)
		if errors.Is(err, ErrDuplicateCode) {
			errs["code"] = "market.err_code_taken"
		} else if err != nil {
			return err
		} else {
			return web.Redirect(c, r, stallHref(r, s.ID, ""))
		}
	}
	return k.renderStallForm(c, r, fiber.StatusUnprocessableEntity, "market.edit_stall", stallForm(r, stallHref(r, s.ID, ""), in, ms, errs))
}
