package market

import (
	"net/url"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"portal06/app/web"
	"portal06/views"
)

const perPage = 50

// stallList lists the stalls by market and zone, searchable by code or holder.
func (k *Kind) stallList(c *fiber.Ctx, r *web.Request) error {
	f := StallFilter{Q: web.Query(c, "q"), Zone: web.Query(c, "zone"), NoQR: c.Query("noqr") == "1"}
	f.SiteID, _ = strconv.ParseInt(c.Query("site"), 10, 64)
	if len([]rune(f.Q)) > 100 || len([]rune(f.Zone)) > 40 {
		f.Q, f.Zone = "", ""
	}
	ms, err := ListMarkets(r.Tx, r.Tenant.ID)
	if err != nil {
		return err
	}
	pg := web.PageNum(c)
	stalls, total, err := ListStalls(r.Tx, r.Tenant.ID, f, pg, perPage)
	if err != nil {
		return err
	}
	T := r.T.T
	t := &views.Table{ID: "stalls", Empty: T("market.no_stalls"), Headers: []string{T("market.code"), T("market.market"), T("market.zone"),
		T("market.category"), T("market.holder_name"), T("market.holder_phone"), T("market.holder_id"), T("market.bank"), T("market.qr"),
		T("market.accepts")}}
	for _, s := range stalls {
		qr := T("market.qr_none")
		if s.HasQR() {
			qr = T("market.qr_" + deref(s.QRSource))
		}
		acc := T("market.no")
		if s.AcceptsCashless {
			acc = T("market.yes")
		}
		t.Rows = append(t.Rows, []views.Cell{{Text: s.Code, Href: stallHref(r, s.ID, "")}, {Text: s.SiteName}, {Text: s.Zone},
			{Text: T("market.cat_" + s.Category)}, {Text: s.HolderName}, {Text: s.HolderPhone}, {Text: s.MaskedID()},
			{Text: s.BankName()}, {Text: qr}, {Text: acc}})
	}
	site := ""
	if f.SiteID > 0 {
		site = itoa(f.SiteID)
	}
	q := url.Values{"q": {f.Q}, "site": {site}, "zone": {f.Zone}}
	if f.NoQR {
		q.Set("noqr", "1")
	}
	actions := []views.NavLink{{Label: T("market.new_stall"), Href: base(r) + "stalls/new"},
		{Label: T("market.import_title"), Href: base(r) + "stalls/import"}}
	if f.SiteID > 0 && f.Zone != "" {
		actions = append(actions, views.NavLink{Label: T("market.zone_posters"), Href: base(r) + "stalls/posters?" + url.Values{"site": {site}, "zone": {f.Zone}}.Encode()})
	}
	scr := views.Screen{
		Actions: actions,
		Filter: &views.Filter{Action: base(r) + "stalls", Q: f.Q, Fields: []views.Field{
			{Name: "site", Label: T("market.market"), Value: site, Options: marketOptions(r, ms, true)},
		}},
		Sections: []views.Section{{Table: t, Text: T("market.zone_hint"),
			Pager: &views.Pager{Page: pg, PerPage: perPage, Total: total, BaseHref: base(r) + "stalls?" + q.Encode() + "&"}}},
	}
	if n, err := strconv.Atoi(c.Query("imported")); err == nil && n > 0 {
		scr.Sections = append([]views.Section{{ID: "import-done", Text: T("market.imported", "N", n)}}, scr.Sections...)
	}
	if zs, err := Zones(r.Tx, r.Tenant.ID, f.SiteID); err == nil && len(zs) > 0 {
		opts := []views.Option{{Value: "", Label: T("market.all_zones")}}
		for _, z := range zs {
			opts = append(opts, views.Option{Value: z, Label: z})
		}
		scr.Filter.Fields = append(scr.Filter.Fields, views.Field{Name: "zone", Label: T("market.zone"), Value: f.Zone, Options: opts})
	} else if err != nil {
		return err
	}
	return web.Render(c, r, fiber.StatusOK, views.ScreenView(k.Host.Pages.Page(c, r, "market.stalls_title"), scr))
}
