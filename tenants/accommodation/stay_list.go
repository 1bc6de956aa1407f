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

// stayQuery is what a list of stays is asked for.
type stayQuery struct {
	Q, From, To, Site string
}

// stayList lists the tenant's stays by arrival date and site; it never
// searches: a search is posted (staySearch), so that an ID number typed
// stays out of the address bar, the history and the server's logs.
func (k *Kind) stayList(c *fiber.Ctx, r *web.Request) error {
	return k.renderStays(c, r, stayQuery{From: web.Query(c, "from"), To: web.Query(c, "to"), Site: web.Query(c, "site")}, false)
}

// staySearch is the list searched by name or document number, posted; its
// pages are posted too.
func (k *Kind) staySearch(c *fiber.Ctx, r *web.Request) error {
	return k.renderStays(c, r, stayQuery{Q: web.Form(c, "q"), From: web.Form(c, "from"), To: web.Form(c, "to"), Site: web.Form(c, "site")}, true)
}

func (k *Kind) renderStays(c *fiber.Ctx, r *web.Request, in stayQuery, posted bool) error {
	f := StayFilter{Q: in.Q}
	f.SiteID, _ = strconv.ParseInt(in.Site, 10, 64)
	if t, err := time.ParseInLocation("2006-01-02", in.From, zone); err == nil {
		f.From = t
	}
	if t, err := time.ParseInLocation("2006-01-02", in.To, zone); err == nil {
		f.To = t.AddDate(0, 0, 1)
	}
	after := ParseCursor(web.Query(c, "after"))
	if posted {
		after = ParseCursor(web.Form(c, "after"))
	}
	stays, more, err := ListStays(r.Tx, r.Tenant.ID, f, after, store.PerPage)
	if err != nil {
		return err
	}
	sites, err := store.SiteOptions(r.Tx, r.Scope, r.Tenant.ID)
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
	action := k.base(r) + "stays"
	pager := ui.Keyset{First: after.IsZero()}
	if more && len(stays) > 0 {
		last := stays[len(stays)-1]
		pager.After = Cursor{At: last.ArrivalAt, ID: last.ID}.String()
	}
	if posted {
		pager.Post, pager.CSRF = action, r.CSRF
		pager.Fields = []views.Hidden{{Name: "q", Value: f.Q}, {Name: "from", Value: in.From}, {Name: "to", Value: in.To}, {Name: "site", Value: site}}
	} else {
		pager.BaseHref = action + "?" + url.Values{"from": {in.From}, "to": {in.To}, "site": {site}}.Encode()
	}
	d := ui.ListData{
		Filter: views.Filter{Action: action, Q: f.Q, Fields: []views.Field{{Name: "site", Label: r.T.T("sites.name"), Value: site, Options: opts}}},
		Rows:   k.rows(r, stays), From: in.From, To: in.To, Pager: pager, CSRF: r.CSRF,
	}
	return web.Render(c, r, fiber.StatusOK, ui.StayList(k.s.Page(c, r, "acc.stays_title"), d))
}
