package accommodation

import (
	"fmt"
	"net/url"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"portal06/app/audit"
	"portal06/app/iddoc"
	"portal06/app/store"
	"portal06/app/web"
	"portal06/views"
)

// policeDashboard shows the unit's accommodation sites with live figures,
// by area, a page of sites at a time (with a link to the next, the sites
// uncounted) and the totals over all of them; it refreshes itself every
// 30 seconds. Its route keeps the transaction's generic plans: the one
// large statement is planned once a connection.
func (k *Kind) policeDashboard(c *fiber.Ctx, r *web.Request) error {
	area := web.Query(c, "area")
	pg := web.PageNum(c)
	now := k.d.Now()
	// the route keeps generic plans (web.Router.GetPlanned)
	figs, tot, err := dashboardPage(r.Tx, r.Scope, area, now, pg)
	if err != nil {
		return err
	}
	var pager *views.Pager
	if next := len(figs) > sitesPerPage; next || pg > 1 {
		pager = &views.Pager{Page: pg, PerPage: sitesPerPage, Uncounted: true, Next: next,
			BaseHref: "/police/accommodation?" + url.Values{"area": {area}}.Encode() + "&"}
		figs = figs[:min(len(figs), sitesPerPage)]
	}
	t := &views.Table{ID: "police-sites", Empty: r.T.T("sites.none"), Headers: []string{r.T.T("sites.name"), r.T.T("sites.area"),
		r.T.T("sites.kind"), r.T.T("acc.guests_now"), r.T.T("police.today"), r.T.T("police.late"), r.T.T("acc.notify_refused"), r.T.T("police.suspicious_nav")}}
	for _, f := range figs {
		t.Rows = append(t.Rows, []views.Cell{{Text: f.Name + " (" + f.TenantName + ")", Href: "/police/accommodation/sites/" + itoa(f.ID)},
			{Text: f.AreaName, Href: "/police/accommodation?area=" + url.QueryEscape(f.AreaCode)}, {Text: r.T.T("site_kind." + f.Kind)},
			{Text: fmt.Sprint(f.Guests)}, {Text: fmt.Sprint(f.Today)}, {Text: fmt.Sprint(f.Late)}, {Text: fmt.Sprint(f.Refused)}, {Text: fmt.Sprint(f.Suspicious)}})
	}
	p := k.s.Page(c, r, "police.acc_title")
	if area != "" {
		if a, err := store.AreaByCode(r.Tx, area); err == nil {
			p.Section = a.Name
		}
	}
	scr := views.Screen{
		Actions: []views.NavLink{{Label: r.T.T("police.compliance"), Href: "/police/accommodation/compliance"},
			{Label: r.T.T("police.suspicious_nav"), Href: "/police/accommodation/suspicious"}},
		Sections: []views.Section{
			{ID: "figures", Table: &views.Table{ID: "totals", Headers: []string{r.T.T("acc.guests_now"), r.T.T("police.today"), r.T.T("police.late"),
				r.T.T("acc.notify_refused"), r.T.T("police.suspicious_nav")}, Rows: [][]views.Cell{{{Text: fmt.Sprint(tot.Guests)}, {Text: fmt.Sprint(tot.Today)},
				{Text: fmt.Sprint(tot.Late)}, {Text: fmt.Sprint(tot.Refused)}, {Text: fmt.Sprint(tot.Suspicious)}}}}},
			{ID: "sites", Title: r.T.T("police.sites"), Table: t, Pager: pager},
		},
	}
	return web.Render(c, r, fiber.StatusOK, views.ScreenView(p, scr))
}

// policeSite drills into one site: its guests now, names shown and numbers
// masked; opening a guest's history needs a stated purpose and is audited.
func (k *Kind) policeSite(c *fiber.Ctx, r *web.Request) error {
	id, err := strconv.ParseInt(c.Params("id"), 10, 64)
	if err != nil {
		return fiber.ErrNotFound
	}
	figs, err := siteFigures(r.Tx, r, "", id, k.d.Now())
	if err != nil {
		return err
	}
	if len(figs) == 0 {
		return fiber.ErrNotFound // outside the jurisdiction, or no such site
	}
	f := figs[0]
	stays, _, err := ListStays(r.Tx, f.TenantID, StayFilter{SiteID: f.ID, OpenOnly: true}, Cursor{}, 500)
	if err != nil {
		return err
	}
	if err := k.auditLook(r, "site_guests", f.Name, len(stays)); err != nil {
		return err
	}
	t := &views.Table{ID: "police-guests", Empty: r.T.T("acc.no_guests"), Headers: []string{r.T.T("acc.room"), r.T.T("field.full_name"),
		r.T.T("field.document_number"), r.T.T("acc.arrival"), r.T.T("acc.notification"), ""}}
	now := k.d.Now()
	for _, st := range stays {
		label, _, left := notifyState(r, st, now)
		t.Rows = append(t.Rows, []views.Cell{{Text: st.Room}, {Text: st.FullName}, {Text: iddoc.MaskNumber(st.DocNumber)},
			{Text: r.T.DateTime(st.ArrivalAt)}, {Text: label + " " + left},
			{Post: "/police/person", CSRF: r.CSRF, Button: r.T.T("search.open"), Fields: map[string]string{"doc_type": st.DocType,
				"doc_number": st.DocNumber}}})
	}
	p := k.s.Page(c, r, "police.site_title", "Site", f.Name)
	p.Section = f.AreaName + " · " + f.TenantName
	scr := views.Screen{Sections: []views.Section{{ID: "guests", Title: r.T.T("acc.guests_now"), Table: t}}}
	return web.Render(c, r, fiber.StatusOK, views.ScreenView(p, scr))
}

// auditLook records a police look at a list of guests.
func (k *Kind) auditLook(r *web.Request, action, what string, n int) error {
	return k.audit(r, audit.Entry{Action: action, Query: what, Results: n})
}

// audit records e as done by the request's user, in their unit and role.
func (k *Kind) audit(r *web.Request, e audit.Entry) error { return k.d.Host.AuditLook(r, e) }
