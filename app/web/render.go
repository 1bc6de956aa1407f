package web

import (
	"errors"
	"net/http"
	"net/url"
	"strings"

	"github.com/a-h/templ"
	"github.com/gofiber/fiber/v2"

	"portal06/views"
)

// Render writes a templ component as the response, with status.
func Render(c *fiber.Ctx, r *Request, status int, comp templ.Component) error {
	c.Status(status)
	c.Set(fiber.HeaderContentType, "text/html; charset=utf-8")
	return comp.Render(views.WithTranslator(r.Ctx, r.T), c.Response().BodyWriter())
}

// Page builds the layout's data for a page titled with message titleID.
func (s *Server) Page(c *fiber.Ctx, r *Request, titleID string, args ...any) views.Page {
	p := views.Page{
		Title: r.T.T(titleID, args...),
		Lang:  r.T.Lang(),
		CSRF:  r.CSRF,
		Path:  string([]byte(c.OriginalURL())),
	}
	if r.User != nil {
		p.UserName = r.User.FullName
		p.Nav = s.nav(c, r)
	}
	if r.Tenant != nil {
		p.Section = r.Tenant.Name
	}
	return p
}

// nav lists the places the user can go, by role, and marks the one the
// current page belongs to.
func (s *Server) nav(c *fiber.Ctx, r *Request) []views.NavLink {
	u := r.User
	var out []views.NavLink
	var pages [][]string // per entry, its link and the further pages it stands for
	add := func(label, href string, also ...string) {
		out = append(out, views.NavLink{Label: label, Href: href})
		pages = append(pages, append([]string{href}, also...))
	}
	if r.Tenant != nil {
		base := "/t/" + r.Tenant.Slug + "/"
		add(r.T.T("nav.tenant_home"), base)
		if f := s.kindNav[r.Tenant.Kind]; f != nil {
			for _, it := range f(r.Tenant) {
				if !s.MayOpen(r, "/t/:slug/"+strings.TrimPrefix(it.Href, "/")) {
					continue
				}
				add(r.T.T(it.Label), base+strings.TrimPrefix(it.Href, "/"), prefixed(base, it.Also)...)
			}
		}
		if s.d.Authz.Allow(r.Role, "tenant.tokens", "read") {
			add(r.T.T("nav.tokens"), base+"tokens")
		}
	}
	for _, m := range u.Tenants {
		if r.Tenant == nil || m.TenantID != r.Tenant.ID {
			add(m.Name, "/t/"+m.Slug+"/")
		}
	}
	if u.Unit != nil {
		add(r.T.T("nav.police"), "/police")
		add(r.T.T("nav.search"), "/police/search", "/police/person")
		add(r.T.T("nav.watchlist"), "/police/watchlist")
		if s.d.Authz.Allow(u.Unit.Role, "police.audit", "read") {
			add(r.T.T("nav.audit"), "/police/audit")
		}
		for _, it := range s.policeNav {
			add(r.T.T(it.Label), it.Href, it.Also...)
		}
	}
	if u.Province || u.Admin {
		add(r.T.T("nav.province"), "/province")
		for _, it := range s.provinceNav {
			add(r.T.T(it.Label), it.Href, it.Also...)
		}
	}
	if u.Admin {
		add(r.T.T("nav.admin"), "/admin")
		add(r.T.T("nav.admin_tenants"), "/admin/tenants")
		add(r.T.T("nav.admin_users"), "/admin/users")
		add(r.T.T("nav.admin_units"), "/admin/units")
		add(r.T.T("nav.admin_policies"), "/admin/policies")
		add(r.T.T("nav.audit"), "/admin/audit")
	}
	if best := BestNav(c.Path(), pages); best >= 0 {
		out[best].Active = true
	}
	return out
}

// MayOpen says whether the request's role may open the GET route
// registered as path (e.g. "/t/:slug/fees"), as the pipeline would decide
// it: menus show only the pages the user may open. A path with no route of
// its own (a page under a parameter) is left to its page to decide.
func (s *Server) MayOpen(r *Request, path string) bool {
	rt, ok := s.routes[fiber.MethodGet+" "+strings.TrimSuffix(path, "/")]
	if !ok {
		return true
	}
	return s.d.Authz.Allow(r.Role, rt.Perm, rt.Action())
}

// BestNav is the index of the entry whose pages match most segments of
// path, the first of equals, or -1 when none matches. A page matches a
// path that starts with its segments, "*" matching any one segment.
func BestNav(path string, pages [][]string) int {
	segs := strings.Split(strings.Trim(path, "/"), "/")
	best, bestLen := -1, -1
	for i, ps := range pages {
		for _, p := range ps {
			want := strings.Split(strings.Trim(p, "/"), "/")
			if len(want) == 1 && want[0] == "" {
				want = nil
			}
			if len(want) > len(segs) || len(want) <= bestLen {
				continue
			}
			ok := true
			for j, w := range want {
				if w != "*" && w != segs[j] {
					ok = false
					break
				}
			}
			if ok {
				best, bestLen = i, len(want)
			}
		}
	}
	return best
}

// renderError renders the error page, or for htmx requests only an alert,
// swapped into the page's alert area whatever the request's target was.
// A 5xx names the request id that the log repeats; a 422 lists the fields;
// an expired form offers to reload it.
func (s *Server) renderError(c *fiber.Ctx, r *Request, code int, err error) error {
	lines := fieldLines(r, err)
	id := "error.generic"
	switch code {
	case fiber.StatusForbidden, fiber.StatusNotFound, fiber.StatusServiceUnavailable,
		fiber.StatusRequestEntityTooLarge, fiber.StatusMethodNotAllowed, fiber.StatusTooManyRequests,
		fiber.StatusUnprocessableEntity:
		id = "error." + strings.ToLower(strings.ReplaceAll(http.StatusText(code), " ", "_"))
	}
	again := ""
	if errors.Is(err, errCSRF) {
		id, again = "error.csrf", reloadTarget(c)
	}
	msg := r.T.T(id)
	if len(lines) > 0 {
		msg += " " + strings.Join(lines, " · ")
	}
	if code >= 500 {
		msg += " " + r.T.T("error.request_id", "ID", RequestID(c))
	}
	if r.HTMX {
		c.Set("HX-Retarget", "#flash")
		c.Set("HX-Reswap", "innerHTML")
		return Render(c, r, code, views.ErrorFragment(code, msg, again))
	}
	p := views.Page{Title: r.T.T("error.title", "Code", code), Lang: r.T.Lang(), CSRF: r.CSRF, Path: "/"}
	if r.User != nil {
		p.UserName = r.User.FullName
		p.Nav = s.nav(c, r)
	}
	return Render(c, r, code, views.ErrorPage(p, code, msg, again))
}

// reloadTarget is the page whose form expired: the Referer's path when it
// is one of this site's, else the path the form was posted to.
func reloadTarget(c *fiber.Ctx) string {
	if u, err := url.Parse(c.Get(fiber.HeaderReferer)); err == nil && u.Path != "" {
		if p := LocalPath(u.RequestURI()); p != "/" || u.Path == "/" {
			return p
		}
	}
	return LocalPath(string([]byte(c.Path())))
}

// Redirect answers a successful form post: 303 to the target, or for htmx an
// HX-Redirect so the whole page changes.
func Redirect(c *fiber.Ctx, r *Request, to string) error {
	if r.HTMX {
		c.Set("HX-Redirect", to)
		return c.SendStatus(fiber.StatusNoContent)
	}
	return c.Redirect(to, fiber.StatusSeeOther)
}
