package web

import (
	"context"
	"crypto/subtle"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"portal06/app/apitoken"
	"portal06/app/auth"
	"portal06/policies"
)

const (
	requestKey    = "portal06.request"
	sessionCookie = "p06_session"
	csrfCookie    = "p06_csrf"
	langCookie    = "p06_lang"
	requestBudget = 20 * time.Second
)

// pipeline wraps a handler in the request path: one transaction, session,
// locale, CSRF, tenant or unit, scope, Casbin, then the handler.
func (s *Server) pipeline(rt *Route, h HandlerFunc) fiber.Handler {
	return func(c *fiber.Ctx) error {
		ctx, cancel := context.WithTimeout(c.UserContext(), requestBudget)
		defer cancel()
		r := &Request{Ctx: ctx, Route: rt, HTMX: c.Get("HX-Request") == "true", T: s.translator(c)}
		c.Locals(requestKey, r)
		tx := s.d.DB.WithContext(ctx).Begin()
		if tx.Error != nil {
			return fiber.NewError(fiber.StatusServiceUnavailable, "database unavailable: "+tx.Error.Error())
		}
		r.Tx, r.db = tx, s.d.DB
		err := s.prepare(c, r)
		if err == nil {
			err = checkLengths(c)
		}
		if err == nil {
			err = h(c, r)
		}
		tx = r.Tx // Outside may have replaced it, or failed to
		if tx == nil {
			return err
		}
		status := c.Response().StatusCode()
		if err == nil && (status < 400 || r.keepOnError) {
			if cerr := tx.Commit().Error; cerr != nil {
				c.Response().ResetBody()
				return fmt.Errorf("web: commit request transaction: %w", cerr)
			}
			return nil
		}
		tx.Rollback()
		return err
	}
}

// prepare runs the pipeline's steps up to the Casbin decision.
func (s *Server) prepare(c *fiber.Ctx, r *Request) error {
	if r.Route.Domain == APIDomain {
		// the policy version is read with the token, in one statement
		if err := s.resolveAPI(c, r); err != nil {
			return err
		}
		return s.authorize(r, 0)
	}
	// the policy version, the session, the user and their memberships:
	// one statement
	if err := s.loadSession(c, r); err != nil {
		return err
	}
	if err := checkCSRF(c, r); err != nil {
		return err
	}
	if err := s.resolve(c, r); err != nil {
		return err
	}
	uid := int64(0)
	if r.User != nil {
		uid = r.User.UserID
	}
	return s.authorize(r, uid)
}

// authorize writes the scope into the transaction and asks Casbin.
func (s *Server) authorize(r *Request, uid int64) error {
	if !r.scopeApplied {
		if err := r.Scope.ApplyPlans(r.Tx, uid, r.Route.GenericPlans); err != nil {
			return err
		}
	}
	if !s.d.Authz.Allow(r.Role, r.Route.Perm, r.Route.Action()) {
		return fiber.NewError(fiber.StatusForbidden, fmt.Sprintf("%s may not %s %s", r.Role, r.Route.Action(), r.Route.Perm))
	}
	return nil
}

// resolveAPI finds the tenant of the bearer token. The API ignores cookies,
// so CSRF does not apply to it.
func (s *Server) resolveAPI(c *fiber.Ctx, r *Request) error {
	r.T = s.d.Messages.For(apiLanguage(c.Get(fiber.HeaderAcceptLanguage)))
	h := c.Get(fiber.HeaderAuthorization)
	token, ok := strings.CutPrefix(h, "Bearer ")
	if !ok || strings.TrimSpace(token) == "" {
		return fiber.NewError(fiber.StatusUnauthorized, "missing bearer token")
	}
	// the token, the policy version, the tenant and its scope: one statement
	res, err := apitoken.Resolve(r.Tx, strings.TrimSpace(token))
	if err != nil {
		return err
	}
	if err := s.d.Authz.Sync(r.Ctx, res.Version); err != nil {
		return err
	}
	if res.TenantID == 0 {
		return fiber.NewError(fiber.StatusUnauthorized, "unknown or revoked token")
	}
	tid := res.TenantID
	t := Tenant{ID: tid, Slug: res.Slug, Name: res.Name, Kind: res.Kind, TaxCode: res.TaxCode}
	if r.Route.Kind != "" && r.Route.Kind != t.Kind {
		return fiber.ErrNotFound
	}
	r.Tenant, r.Role, r.Subject = &t, "api_client", fmt.Sprintf("tenant:%d", tid)
	// api_request wrote exactly this scope into the transaction
	r.Scope, r.scopeApplied = policies.Scope{Tenants: []int64{tid}, Pin: tid}, true
	return nil
}

// apiLanguage picks Vietnamese unless the client asks for English first.
func apiLanguage(accept string) string {
	if strings.HasPrefix(strings.ToLower(strings.TrimSpace(accept)), "en") {
		return "en"
	}
	return "vi"
}

// loadSession reads the session of the cookie, with the policy version and
// the user's memberships, in one statement; without a live session the
// request goes on anonymous, with a CSRF token of its own cookie.
func (s *Server) loadSession(c *fiber.Ctx, r *Request) error {
	token := c.Cookies(sessionCookie)
	row, err := readSession(r.Tx, token, s.d.Sessions.Idle.Seconds())
	if err != nil {
		return err
	}
	if err := s.d.Authz.Sync(r.Ctx, row.Version); err != nil {
		return err
	}
	if row.Live {
		p, err := row.principal()
		if err != nil {
			return err
		}
		r.User, r.CSRF = p, row.CSRFToken
		return nil
	}
	if token != "" {
		s.clearCookie(c, sessionCookie)
	}
	r.CSRF = c.Cookies(csrfCookie)
	if len(r.CSRF) < 32 {
		r.CSRF = auth.NewToken()
		s.setCookie(c, csrfCookie, r.CSRF, 0)
	}
	return nil
}

// errCSRF refuses a form whose token is missing or stale: the page is
// told the form expired and offered to reload it.
var errCSRF = fiber.NewError(fiber.StatusForbidden, "missing or wrong CSRF token")

// checkCSRF refuses a state-changing request whose token, from the _csrf
// field or the X-CSRF-Token header, does not match the session's.
func checkCSRF(c *fiber.Ctx, r *Request) error {
	switch c.Method() {
	case fiber.MethodGet, fiber.MethodHead, fiber.MethodOptions:
		return nil
	}
	got := c.Get("X-CSRF-Token")
	if got == "" {
		got = c.FormValue("_csrf")
	}
	if got == "" || subtle.ConstantTimeCompare([]byte(got), []byte(r.CSRF)) != 1 {
		return errCSRF
	}
	return nil
}

// resolve picks the role, the subject and the scope for the route's domain.
func (s *Server) resolve(c *fiber.Ctx, r *Request) error {
	rt := r.Route
	if rt.Domain == Public {
		r.Role = "anonymous"
		return nil
	}
	u := r.User
	if u == nil {
		return redirectError{to: "/login?next=" + url.QueryEscape(c.OriginalURL())}
	}
	switch rt.Domain {
	case Authenticated:
		r.Role = "user"
	case AdminDomain:
		if !u.Admin {
			return fiber.NewError(fiber.StatusForbidden, "not a system admin")
		}
		r.Role, r.Subject = "admin", "role:admin"
	case ProvinceDomain:
		switch {
		case u.Province:
			r.Role = "province_official"
		case u.Admin:
			r.Role = "admin"
		default:
			return fiber.NewError(fiber.StatusForbidden, "not a provincial official")
		}
		r.Subject = "role:" + r.Role
	case PoliceDomain:
		if u.Unit == nil {
			return fiber.NewError(fiber.StatusForbidden, "not in a police unit")
		}
		r.Role, r.Subject = u.Unit.Role, "unit:"+u.Unit.Code
	case TenantDomain:
		return s.resolveTenant(c, r)
	}
	r.Scope = s.d.Authz.ScopeFor(r.Subject)
	return nil
}

// resolveTenant finds the tenant of /t/{slug}/ among those the user may
// see; any other tenant is answered 404, as if it did not exist.
func (s *Server) resolveTenant(c *fiber.Ctx, r *Request) error {
	u := r.User
	slug := Param(c, "slug")
	t, err := s.findTenant(r, slug)
	if err != nil {
		return err
	}
	if t.ID == 0 || (r.Route.Kind != "" && r.Route.Kind != t.Kind) {
		return fiber.ErrNotFound
	}
	r.Tenant = &t
	for _, m := range u.Tenants {
		if m.TenantID != t.ID {
			continue
		}
		r.Role = "tenant_" + m.Role
		if m.AllSites {
			r.Subject = fmt.Sprintf("tenant:%d", t.ID)
		} else {
			r.Subject = fmt.Sprintf("member:%d:%d", t.ID, u.UserID)
		}
		r.Scope = s.d.Authz.ScopeFor(r.Subject)
		r.Scope.Pin = t.ID
		return nil
	}
	if u.Admin {
		r.Role, r.Subject = "admin", "role:admin"
		r.Scope = policies.Scope{Tenants: []int64{t.ID}, Pin: t.ID}
		return nil
	}
	return fiber.ErrNotFound
}

// findTenant is the tenant of slug as the user sees it. A member's tenant
// comes from the memberships loadPrincipal read under the user's own scope,
// the one this lookup would run under: no statement. Anyone else (a system
// admin, or a slug the user is no member of) is looked up.
func (s *Server) findTenant(r *Request, slug string) (Tenant, error) {
	u := r.User
	if !u.Admin {
		for _, m := range u.Tenants {
			if m.Slug == slug {
				return Tenant{ID: m.TenantID, Slug: m.Slug, Name: m.Name, Kind: m.Kind, TaxCode: m.TaxCode}, nil
			}
		}
	}
	var t Tenant
	if err := (policies.Scope{All: u.Admin}).Apply(r.Tx, u.UserID); err != nil {
		return t, err
	}
	err := r.Tx.Raw(`SELECT id, slug, name, kind, tax_code FROM tenants WHERE slug = ?`, slug).Scan(&t).Error
	if err != nil {
		return t, fmt.Errorf("web: look up tenant %q: %w", slug, err)
	}
	return t, nil
}

func (s *Server) setCookie(c *fiber.Ctx, name, value string, maxAge time.Duration) {
	ck := &fiber.Cookie{Name: name, Value: value, Path: "/", HTTPOnly: true, SameSite: fiber.CookieSameSiteLaxMode,
		Secure: s.d.Config.SecureCookies(c.Protocol() == "https")}
	if maxAge > 0 {
		ck.MaxAge = int(maxAge.Seconds())
	}
	c.Cookie(ck)
}

func (s *Server) clearCookie(c *fiber.Ctx, name string) {
	c.Cookie(&fiber.Cookie{Name: name, Value: "", Path: "/", HTTPOnly: true, SameSite: fiber.CookieSameSiteLaxMode,
		MaxAge: -1, Expires: time.Unix(1, 0), Secure: s.d.Config.SecureCookies(c.Protocol() == "https")})
}

func trim(s string) string { return strings.TrimSpace(s) }
