// Package account serves signing in and out, the language switch and the
// home page that leads each user to their workspaces.
package account

import (
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
