// Package account serves signing in and out, the language switch and the
// home page that leads each user to their workspaces.
package account

import (
	"net/url"
	"strings"

	"portal06/app/auth"
	"portal06/app/web"
)

// Handlers serves the account pages.
type Handlers struct {
	s   *web.Server
	box *auth.SecretBox // seals and opens second-factor secrets
}

// New returns the account handlers.
func New(s *web.Server, box *auth.SecretBox) *Handlers { return &Handlers{s: s, box: box} }

// Register adds the account routes.
func (h *Handlers) Register() {
	pub := h.s.Group("", web.Public, "")
	pub.Get("/login", "public.login", h.loginShow)
	pub.Post("/login", "public.login", h.loginSubmit)
	pub.Post("/logout", "public.logout", h.logout)
	pub.Get("/login/mfa", "public.login", h.mfaShow)
	pub.Post("/login/mfa", "public.login", h.mfaSubmit)
	pub.Post("/lang", "public.lang", h.language)
	h.s.Group("", web.Authenticated, "").Get("/", "account.home", h.home)
}

// localPath accepts only a path on this site as a place to return to, and
// answers "/" for anything else.
func localPath(p string) string {
	if !onThisSite(p) {
		return "/"
	}
	return p
}

// origin stands for this site when resolving a path.
var origin = &url.URL{Scheme: "http", Host: "portal06.invalid", Path: "/"}

// onThisSite reports whether p is a path that a browser resolves on this
// site: it starts with a single slash, holds only printable ASCII (no
// control characters, which browsers drop, and no backslash, which they
// read as a slash), decoded once it still does, and it resolves to the same
// origin with a path that does not start with two slashes.
func onThisSite(p string) bool {
	if len(p) > 2000 || !strings.HasPrefix(p, "/") {
		return false
	}
	bad := func(s string) bool {
		return strings.ContainsFunc(s, func(r rune) bool { return r < 0x20 || r == 0x7f || r == '\\' })
	}
	for i := 0; i < len(p); i++ {
		if p[i] <= ' ' || p[i] >= 0x7f {
			return false
		}
	}
	dec, err := url.PathUnescape(p)
	if err != nil || bad(p) || bad(dec) || strings.HasPrefix(dec, "//") {
		return false
	}
	u, err := url.Parse(p)
	if err != nil || u.Scheme != "" || u.Host != "" || u.Opaque != "" || u.User != nil {
		return false
	}
	to := origin.ResolveReference(u)
	return to.Scheme == origin.Scheme && to.Host == origin.Host && !strings.HasPrefix(to.Path, "//") &&
		!strings.HasPrefix(to.EscapedPath(), "//")
}
