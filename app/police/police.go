// Package police serves the police console: a unit sees the sites of its
// own jurisdiction, and nothing else.
package police

import (
	"net/url"

	"github.com/gofiber/fiber/v2"

	"portal06/app/audit"
	"portal06/app/kind"
	"portal06/app/live"
	"portal06/app/store"
	"portal06/app/web"
	"portal06/views"
)

// Handlers serves the police pages.
type Handlers struct {
	s         *web.Server
	siteKinds []string
	people    []kind.PersonSource
	audit     *audit.Log
	live      *live.Hub
}

// New returns the police handlers; siteKinds are every kind's site kinds,
// for the filter, and people the kinds whose records the person search covers.
func New(s *web.Server, siteKinds []string, people []kind.PersonSource, log *audit.Log, hub *live.Hub) *Handlers {
	return &Handlers{s: s, siteKinds: siteKinds, people: people, audit: log, live: hub}
}

// Register adds the police routes.
func (h *Handlers) Register() {
	g := h.s.Group("/police", web.PoliceDomain, "")
	g.GetPlanned("", "police.home", h.home)
	g.Get("/search", "police.search", h.searchForm)
	g.Post("/search", "police.search", h.search)
	g.Post("/person", "police.search", h.person)
	g.Get("/watchlist", "police.watchlist", h.watchlist)
	g.Post("/watchlist", "police.watchlist", h.watchAdd)
	g.Post("/watchlist/upload", "police.watchlist", h.watchUpload)
	g.Post("/watchlist/:id/remove", "police.watchlist", h.watchRemove)
	g.Get("/alerts", "police.alerts", h.alerts)
	g.Post("/alerts/:id/ack", "police.alerts", h.alertAck)
	g.Get("/alerts/events", "police.alerts", h.alertEvents)
	g.Get("/alerts/:id", "police.alerts", h.alertShow) // after /alerts/events, which it would match
	g.Get("/audit", "police.audit", h.auditPage)
	g.Search("/audit", "police.audit", h.auditPage)
	g.Get("/audit.xlsx", "police.audit", h.auditExport)
	g.Search("/audit.xlsx", "police.audit", h.auditExport)
	a := h.s.Group("/admin", web.AdminDomain, "")
	a.Get("/audit", "admin.audit", h.auditPage)
	a.Search("/audit", "admin.audit", h.auditPage)
	a.Get("/audit.xlsx", "admin.audit", h.auditExport)
	a.Search("/audit.xlsx", "admin.audit", h.auditExport)
}

func (h *Handlers) home(c *fiber.Ctx, r *web.Request) error {
	areas, err := store.Jurisdiction(r.Tx, r.User.Unit.Code)
	if err != nil {
		return err
	}
	f := store.SiteFilter{Q: web.Query(c, "q"), Kind: web.Query(c, "kind"), AreaCode: web.Query(c, "area")}
	pg := web.PageNum(c)
	counts, err := store.CountSitesByKind(r.Tx, r.Scope)
	if err != nil {
		return err
	}
	var all int64
	for _, k := range counts {
		all += k.Count
	}
	// unfiltered, the list holds every site in scope, which the figures
	// above have counted
	total := all
	if f != (store.SiteFilter{}) {
		if total, err = store.CountSites(r.Tx, r.Scope, f); err != nil {
			return err
		}
	}
	rows, err := store.SitesPage(r.Tx, r.Scope, f, pg)
	if err != nil {
		return err
	}
	d := views.PoliceHomeData{UnitName: r.User.Unit.Name, AlertsURL: "/police/alerts", EventsURL: "/police/alerts/events"}
	for _, a := range areas {
		d.Jurisdiction = append(d.Jurisdiction, a.Name)
	}
	for _, k := range counts {
		d.Figures = append(d.Figures, views.Figure{Label: r.T.T("site_kind." + k.Kind), Value: k.Count,
			Href: "/police?kind=" + url.QueryEscape(k.Kind)})
	}
	d.Figures = append([]views.Figure{{Label: r.T.T("police.all_sites"), Value: all, Href: "/police"}}, d.Figures...)
	kindOpts := []views.Option{{Value: "", Label: r.T.T("filter.all_kinds")}}
	for _, k := range h.siteKinds {
		kindOpts = append(kindOpts, views.Option{Value: k, Label: r.T.T("site_kind." + k)})
	}
	areaOpts := []views.Option{{Value: "", Label: r.T.T("filter.all_areas")}}
	under, err := store.AreasUnder(r.Tx, r.Scope)
	if err != nil {
		return err
	}
	for _, a := range under {
		areaOpts = append(areaOpts, views.Option{Value: a.Code, Label: a.Name})
	}
	d.Filter = views.Filter{Action: "/police", Q: f.Q, Fields: []views.Field{
		{Name: "kind", Label: r.T.T("sites.kind"), Value: f.Kind, Options: kindOpts},
		{Name: "area", Label: r.T.T("sites.area"), Value: f.AreaCode, Options: areaOpts},
	}}
	for _, s := range rows {
		d.Sites = append(d.Sites, views.SiteItem{Name: s.Name, Kind: r.T.T("site_kind." + s.Kind), Tenant: s.TenantName,
			Area: s.AreaName, Address: s.Address})
	}
	q := url.Values{"q": {f.Q}, "kind": {f.Kind}, "area": {f.AreaCode}}
	d.Pager = views.Pager{Page: pg, PerPage: store.PerPage, Total: total, BaseHref: "/police?" + q.Encode() + "&"}
	return web.Render(c, r, fiber.StatusOK, views.PoliceHome(h.s.Page(c, r, "police.title", "Unit", r.User.Unit.Name), d))
}
