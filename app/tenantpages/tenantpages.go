// Package tenantpages serves the pages every tenant has, whatever its kind:
// its home and its sites.
package tenantpages

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"portal06/app/kind"
	"portal06/app/store"
	"portal06/app/web"
	"portal06/views"
)

// Handlers serves the tenant pages.
type Handlers struct {
	s     *web.Server
	kinds kind.Registry
}

// New returns the tenant page handlers.
func New(s *web.Server, kinds kind.Registry) *Handlers { return &Handlers{s: s, kinds: kinds} }

// Register adds the routes under /t/{slug}/.
func (h *Handlers) Register() {
	g := h.s.Group("/t/:slug", web.TenantDomain, "")
	g.Get("/", "tenant.home", h.home)
	g.Get("/sites/:id", "tenant.sites", h.site)
	g.Get("/tokens", "tenant.tokens", h.tokens)
	g.Post("/tokens", "tenant.tokens", h.tokenCreate)
	g.Post("/tokens/:id/revoke", "tenant.tokens", h.tokenRevoke)
}

func (h *Handlers) links(r *web.Request) []views.NavLink {
	var out []views.NavLink
	if k := h.kinds.Get(r.Tenant.Kind); k != nil {
		for _, it := range k.Nav(r.Tenant) {
			if !h.s.MayOpen(r, "/t/:slug/"+strings.TrimPrefix(it.Href, "/")) {
				continue
			}
			out = append(out, views.NavLink{Label: r.T.T(it.Label), Href: "/t/" + r.Tenant.Slug + "/" + it.Href})
		}
	}
	return out
}

func siteItems(r *web.Request, rows []store.SiteRow, href func(store.SiteRow) string) []views.SiteItem {
	out := make([]views.SiteItem, len(rows))
	for i, s := range rows {
		out[i] = views.SiteItem{Name: s.Name, Href: href(s), Kind: r.T.T("site_kind." + s.Kind),
			Tenant: s.TenantName, Area: s.AreaName, Address: s.Address}
	}
	return out
}

func (h *Handlers) home(c *fiber.Ctx, r *web.Request) error {
	pg := web.PageNum(c)
	rows, total, err := store.ListSites(r.Tx, r.Scope, store.SiteFilter{TenantID: r.Tenant.ID}, pg)
	if err != nil {
		return err
	}
	base := "/t/" + r.Tenant.Slug + "/"
	d := views.TenantHomeData{
		KindLabel: r.T.T("kind." + r.Tenant.Kind),
		TaxCode:   r.Tenant.TaxCode,
		Role:      r.T.T("role." + r.Role),
		Figures:   []views.Figure{{Label: r.T.T("tenant.site_count"), Value: total}},
		Links:     h.links(r),
		Sites: siteItems(r, rows, func(s store.SiteRow) string {
			return fmt.Sprintf("%ssites/%d", base, s.ID)
		}),
		Pager: views.Pager{Page: pg, PerPage: store.PerPage, Total: total, BaseHref: base + "?"},
	}
	return web.Render(c, r, fiber.StatusOK, views.TenantHome(h.s.Page(c, r, "tenant.title", "Name", r.Tenant.Name), d))
}

func (h *Handlers) site(c *fiber.Ctx, r *web.Request) error {
	id, err := strconv.ParseInt(c.Params("id"), 10, 64)
	if err != nil {
		return fiber.ErrNotFound
	}
	s, err := store.GetSite(r.Tx, r.Scope, r.Tenant.ID, id)
	if err == store.ErrNotFound {
		return fiber.ErrNotFound
	}
	if err != nil {
		return err
	}
	d := views.SiteDetailData{Kind: r.T.T("site_kind." + s.Kind), Area: s.AreaName, Address: s.Address,
		Links: []views.NavLink{{Label: r.T.T("tips.poster_link"), Href: fmt.Sprintf("/t/%s/sites/%d/tip-poster", r.Tenant.Slug, s.ID)}}}
	p := h.s.Page(c, r, "site.title", "Name", s.Name)
	return web.Render(c, r, fiber.StatusOK, views.SiteDetail(p, d))
}
