// Package web is the HTTP core: the Fiber server, the request pipeline
// (transaction, session, locale, CSRF, tenant or unit, scope, Casbin), the
// route registry and rendering.
package web

import (
	"errors"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/gofiber/fiber/v2"
	"gorm.io/gorm"

	"portal06/app/auth"
	"portal06/app/config"
	"portal06/app/i18n"
	"portal06/policies"
)

// Deps are the server's dependencies, built once in main.
type Deps struct {
	DB       *gorm.DB // runtime role
	Authz    *policies.Authorizer
	Messages *i18n.Bundle
	Sessions auth.Sessions
	Config   config.Config
	Log      *slog.Logger
	Metrics  *Metrics
}

// NavFunc returns a tenant kind's navigation entries for a tenant.
type NavFunc func(t *Tenant) []NavItem

// NavItem is one entry of the navigation: a message id and a link.
type NavItem struct {
	Label string // message id
	Href  string
	// Also are further pages the entry stands for, written like Href; a
	// "*" stands for one path segment ("sites/*/board"). The entry whose
	// link or page matches most segments of the current path is marked.
	Also []string
}

// Server is the portal's HTTP server.
type Server struct {
	app     *fiber.App
	routes  map[string]*Route
	d       Deps
	kindNav map[string]NavFunc
	// policeNav are the kinds' police views, with hrefs under /police/{kind}/.
	policeNav []NavItem
	// provinceNav are the kinds' pages for provincial officials, under /province/.
	provinceNav []NavItem
	// closing is closed when the server shuts down, to end the event streams.
	closing   chan struct{}
	closeOnce sync.Once
}

// NewServer builds the Fiber app with its global middleware; routes are added by Group.
func NewServer(d Deps) *Server {
	s := &Server{routes: map[string]*Route{}, d: d, kindNav: map[string]NavFunc{}, closing: make(chan struct{})}
	s.app = fiber.New(fiber.Config{
		ErrorHandler:          s.handleError,
		DisableStartupMessage: true,
		ReadTimeout:           30 * time.Second,
		WriteTimeout:          60 * time.Second,
		IdleTimeout:           120 * time.Second,
		BodyLimit:             16 << 20,
		ProxyHeader:           "",
	})
	s.app.Use(s.observe, securityHeaders)
	return s
}

// AddPoliceNav registers a tenant kind's police views in the police navigation.
func (s *Server) AddPoliceNav(kind string, items []NavItem) {
	for _, it := range items {
		s.policeNav = append(s.policeNav, NavItem{Label: it.Label, Href: "/police/" + kind + "/" + it.Href, Also: prefixed("/police/"+kind+"/", it.Also)})
	}
}

// AddProvinceNav registers a tenant kind's province pages in the navigation.
func (s *Server) AddProvinceNav(items []NavItem) {
	for _, it := range items {
		s.provinceNav = append(s.provinceNav, NavItem{Label: it.Label, Href: "/province/" + it.Href, Also: prefixed("/province/", it.Also)})
	}
}

// prefixed puts base before each of a kind's relative paths.
func prefixed(base string, paths []string) []string {
	out := make([]string, len(paths))
	for i, p := range paths {
		out[i] = base + strings.TrimPrefix(p, "/")
	}
	return out
}

// ProvinceNav lists the tenant kinds' province pages.
func (s *Server) ProvinceNav() []NavItem { return s.provinceNav }

// PublicURL is the portal's public address, without a trailing slash, for
// absolute URLs (a QR code a phone scans); never the request's Host header.
func (s *Server) PublicURL() string { return s.d.Config.BaseURL() }

// Authz is the server's authorizer.
func (s *Server) Authz() *policies.Authorizer { return s.d.Authz }

// SetKindNav registers the navigation of a tenant kind.
func (s *Server) SetKindNav(kind string, f NavFunc) { s.kindNav[kind] = f }

// Listen serves on addr until Shutdown.
func (s *Server) Listen(addr string) error { return s.app.Listen(addr) }

// Shutdown ends the event streams, stops accepting requests and waits for
// the running ones.
func (s *Server) Shutdown(timeout time.Duration) error {
	s.closeOnce.Do(func() { close(s.closing) })
	return s.app.ShutdownWithTimeout(timeout)
}

// Translator returns the translator for a request's language cookie.
func (s *Server) translator(c *fiber.Ctx) *i18n.Translator {
	return s.d.Messages.For(c.Cookies(langCookie))
}

// securityHeaders sets the headers every response carries.
func securityHeaders(c *fiber.Ctx) error {
	h := func(k, v string) { c.Set(k, v) }
	h("Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "+
		"media-src 'self' blob:; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; "+
		"frame-ancestors 'none'; form-action 'self'")
	h("X-Content-Type-Options", "nosniff")
	h("Referrer-Policy", "same-origin")
	h("X-Frame-Options", "DENY")
	h("Cross-Origin-Opener-Policy", "same-origin")
	h("Permissions-Policy", "camera=(self), microphone=(), geolocation=(), payment=()")
	if c.Protocol() == "https" {
		h("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
	}
	err := c.Next()
	if !strings.HasPrefix(c.Path(), "/static/") {
		h("Cache-Control", "no-store")
	}
	return err
}

// redirectError sends the browser elsewhere instead of rendering an error.
type redirectError struct{ to string }

func (e redirectError) Error() string { return "redirect to " + e.to }

// handleError is the one place errors become responses: 5xx are logged as
// errors, 4xx as warnings, and the error page is rendered once.
func (s *Server) handleError(c *fiber.Ctx, err error) error {
	var re redirectError
	if errors.As(err, &re) {
		if c.Get("HX-Request") == "true" {
			c.Set("HX-Redirect", re.to)
			return c.SendStatus(fiber.StatusUnauthorized)
		}
		return c.Redirect(re.to, fiber.StatusSeeOther)
	}
	code := statusOf(err)
	var fe *fiber.Error
	errors.As(err, &fe)
	rid := RequestID(c)
	if code >= 500 {
		s.d.Log.Error("request failed", "request_id", rid, "method", c.Method(), "path", c.Path(), "status", code, "err", err)
	} else if code != fiber.StatusNotFound {
		s.d.Log.Warn("request refused", "request_id", rid, "method", c.Method(), "path", c.Path(), "status", code, "err", err)
	}
	if code == fiber.StatusServiceUnavailable {
		c.Set(fiber.HeaderRetryAfter, "5")
	}
	c.Response().ResetBody()
	r, _ := c.Locals(requestKey).(*Request)
	if r != nil && r.Route != nil && r.Route.Domain == APIDomain || strings.HasPrefix(c.Path(), "/api/") {
		msg := http.StatusText(code)
		if fe != nil && code < 500 {
			msg = fe.Message
		}
		return c.Status(code).JSON(fiber.Map{"error": msg})
	}
	if r == nil {
		r = &Request{T: s.translator(c), HTMX: c.Get("HX-Request") == "true"}
	}
	r.Ctx = c.UserContext() // the request's own context ended with its transaction
	return s.renderError(c, r, code, err)
}
