package market

import (
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"portal06/app/web"
	"portal06/tenants/market/vietqr"
	"portal06/views"
)

// marketList shows the tenant's markets with their class, ward and the
// board's fee account, each with its form.
func (k *Kind) marketList(c *fiber.Ctx, r *web.Request) error {
	return k.renderMarkets(c, r, fiber.StatusOK, 0, nil)
}

func (k *Kind) renderMarkets(c *fiber.Ctx, r *web.Request, status int, bad int64, errs map[string]string) error {
	ms, err := ListMarkets(r.Tx, r.Tenant.ID)
	if err != nil {
		return err
	}
	T := r.T.T
	t := &views.Table{ID: "markets", Headers: []string{T("market.market"), T("market.ward"), T("market.stalls"), T("market.class"),
		T("market.fee_account")}, Empty: T("market.no_markets")}
	scr := views.Screen{Sections: []views.Section{{Table: t}}}
	banks := []views.Option{{Value: "", Label: T("market.no_bank")}}
	for _, b := range vietqr.Banks() {
		banks = append(banks, views.Option{Value: b.BIN, Label: b.BIN + " · " + b.Name})
	}
	for _, m := range ms {
		acct := ""
		if m.FeeBIN != nil && m.FeeAccount != nil {
			acct = vietqr.BankName(*m.FeeBIN) + " · " + *m.FeeAccount
		}
		t.Rows = append(t.Rows, []views.Cell{{Text: m.Name, Href: base(r) + "stalls?site=" + itoa(m.ID)}, {Text: m.AreaName},
			{Text: itoa(m.Stalls)}, {Text: T("market.class_n", "N", m.Class)}, {Text: acct}})
		e := func(f string) string {
			if m.ID == bad && errs[f] != "" {
				return T(errs[f])
			}
			return ""
		}
		classes := []views.Option{{Value: "1", Label: T("market.class_n", "N", 1)}, {Value: "2", Label: T("market.class_n", "N", 2)},
			{Value: "3", Label: T("market.class_n", "N", 3)}}
		f := &views.Form{ID: "market-" + itoa(m.ID), Action: base(r) + "markets/" + itoa(m.ID) + "/class", Submit: T("market.save"),
			Fields: []views.Field{
				{Name: "class", Label: T("market.class"), Type: "select", Value: strconv.Itoa(m.Class), Options: classes, Error: e("class")},
				{Name: "fee_bin", Label: T("market.fee_bank"), Type: "select", Value: deref(m.FeeBIN), Options: banks, Error: e("fee_bin")},
				{Name: "fee_account", Label: T("market.fee_account"), Value: deref(m.FeeAccount), Error: e("fee_account")},
			}}
		if r.HTMX && m.ID == bad {
			return web.Render(c, r, status, views.FormView(*f))
		}
		scr.Sections = append(scr.Sections, views.Section{ID: "edit-" + itoa(m.ID), Title: m.Name, Form: f})
	}
	return web.Render(c, r, status, views.ScreenView(k.Host.Pages.Page(c, r, "market.markets_title"), scr))
}

// marketClass saves a market's class and the board's fee account.
func (k *Kind) marketClass(c *fiber.Ctx, r *web.Request) error {
	id, err := pathID(c, "site")
	if err != nil {
		return err
	}
	ms, err := ListMarkets(r.Tx, r.Tenant.ID)
	if err != nil {
		return err
	}
	found := false
	for _, m := range ms {
		found = found || m.ID == id
	}
	if !found {
		return fiber.ErrNotFound
	}
	errs := map[string]string{}
	class, err := strconv.Atoi(web.Form(c, "class"))
	if err != nil || class < 1 || class > 3 {
		errs["class"] = "market.err_class"
	}
	bin, acct := web.Form(c, "fee_bin"), strings.ReplaceAll(web.Form(c, "fee_account"), " ", "")
	if bin != "" || acct != "" {
		if vietqr.BankName(bin) == "" {
			errs["fee_bin"] = "market.err_bank"
		}
		if (vietqr.Code{BIN: "000000", Account: acct}).Validate() != nil {
			errs["fee_account"] = "market.err_account"
		}
	}
	if len(errs) > 0 {
		return k.renderMarkets(c, r, fiber.StatusUnprocessableEntity, id, errs)
	}
	if err := SetMarket(r.Tx, r.Tenant.ID, id, class, bin, acct); err != nil {
		return err
	}
	return web.Redirect(c, r, base(r)+"markets")
}
