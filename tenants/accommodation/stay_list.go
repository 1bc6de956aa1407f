package accommodation

import (
	"net/url"
	"strconv"
	"time"

	"github.com/gofiber/fiber/v2"

	"portal06/app/store"
	"portal06/app/web"
	"portal06/tenants/accommodation/ui"
	"portal06/views"
)

// stayList lists the tenant's stays by arrival date and search.
func (k *Kind) stayList(c *fiber.Ctx, r *web.Request) error {
	from, to := web.Query(c, "from"), web.Query(c, "to")
	f := StayFilter{Q: web.Query(c, "q")}
	f.SiteID, _ = strconv.ParseInt(c.Query("site"), 10, 64)
	if t, err := time.ParseInLocation("2006-01-02", from, zone); err == nil {
		f.From = t
	}
	if t, err := time.ParseInLocation("2006-01-02", to, zone); err == nil {
		f.To = t.AddDate(0, 0, 1)
	}
	pg := web.PageNum(c)
	stays, total, err := ListStays(r.Tx, r.Tenant.ID, f, pg, store.PerPage)
	if err != nil {
		return err
	}
	sites, _, err := store.ListSites(r.Tx, r.Scope, store.SiteFilter{TenantID: r.Tenant.ID}, 1)
	if err != nil {
		return err
	}
	opts := []views.Option{{Value: "", Label: r.T.T("acc.all_sites")}}
	for _, s := range sites {
		opts = append(opts, views.Option{Value: itoa(s.ID), Label: s.Name})
	}
	site := ""
	if f.SiteID > 0 {
		site = itoa(f.SiteID)
	}
	q := url.Values{"q": {f.Q}, "from": {from}, "to": {to}, "site": {site}}
	d := ui.ListData{
		Filter: views.Filter{Action: k.base(r) + "stays", Q: f.Q, Fields: []views.Field{{Name: "site", Label: r.T.T("sites.name"), Value: site, Options: opts}}},
		Rows:   k.rows(r, stays), From: from, To: to,
		Pager: views.Pager{Page: pg, PerPage: store.PerPage, Total: total, BaseHref: k.base(r) + "stays?" + q.Encode() + "&"},
	}
	return web.Render(c, r, fiber.StatusOK, ui.StayList(k.s.Page(c, r, "acc.stays_title"), d))
}
