// Package tips takes crime tips from anyone, on a phone, with or without an
// account: the tip reaches the police units whose jurisdiction holds the
// place, live, and the reporter follows it with a code shown once. It is a
// core capability, not a tenant kind.
package tips

import (
	"crypto/hmac"
	"crypto/sha256"
	"time"

	"portal06/app/audit"
	"portal06/app/config"
	"portal06/app/live"
	"portal06/app/web"
)

// Categories are the codes of what a tip reports, in the form's order.
var Categories = []string{"theft", "robbery", "drugs", "gambling", "fraud", "violence", "public_order", "traffic",
	"environment", "other"}

// Statuses are the states of a tip, as the reporter sees them too.
var Statuses = []string{"received", "verifying", "transferred", "closed"}

// Limits of the form's fields.
const (
	MaxDescription = 5000
	MaxAddress     = 300
	MaxName        = 100
	MaxPhotos      = 3
	MaxPhotoBytes  = 5 << 20
	MaxNote        = 2000
	MaxPublicNote  = 500
	MaxReason      = 500
)

// Handlers serves the public tip pages, the police triage and the posters.
type Handlers struct {
	s      *web.Server
	live   *live.Hub
	audit  *audit.Log
	cfg    config.Config
	now    func() time.Time
	token  FormToken
	limits Limits
	key    []byte // keys the hashes of IP addresses and device cookies
}

// New returns the tip handlers. auditKey is the portal's audit HMAC key,
// from which the form token's and the limits' keys are derived.
func New(s *web.Server, hub *live.Hub, log *audit.Log, auditKey []byte, cfg config.Config, clock func() time.Time) *Handlers {
	if clock == nil {
		clock = time.Now
	}
	return &Handlers{s: s, live: hub, audit: log, cfg: cfg, now: clock,
		token:  FormToken{Key: derive(auditKey, "tips form token"), MinAge: 2 * time.Second, MaxAge: 2 * time.Hour},
		limits: DefaultLimits, key: derive(auditKey, "tips throttle")}
}

// derive makes a key of its own for purpose from the server's key.
func derive(key []byte, purpose string) []byte {
	m := hmac.New(sha256.New, key)
	m.Write([]byte("portal06 " + purpose))
	return m.Sum(nil)
}

// Register adds the routes: the public form and status lookup, the police
// triage under /police/tips, and the tenants' site posters.
func (h *Handlers) Register() {
	pub := h.s.Group("/tip", web.Public, "")
	pub.Get("/status", "public.tip_status", h.statusShow)
	pub.Post("/status", "public.tip_status", h.statusLookup)
	pub.Get("", "public.tip", h.formShow)
	pub.Post("", "public.tip", h.formSubmit)
	pub.Get("/:site", "public.tip", h.formShow)

	pol := h.s.Group("/police/tips", web.PoliceDomain, "")
	pol.Get("", "police.tips", h.inbox)
	pol.Get("/events", "police.tips", h.inboxEvents)
	pol.Get("/figures", "police.tips", h.figuresShow)
	pol.Get("/:id", "police.tips", h.tipShow)
	pol.Post("/:id/open", "police.tips", h.tipOpen)
	pol.Post("/:id/assign", "police.tips", h.tipAssign)
	pol.Post("/:id/status", "police.tips", h.tipStatus)
	pol.Post("/:id/transfer", "police.tips", h.tipTransfer)
	pol.Post("/:id/link", "police.tips", h.tipLink)
	pol.Get("/:id/photos/:n", "police.tips", h.photoShow)
	h.s.AddPoliceNav("tips", []web.NavItem{{Label: "nav.tips", Href: ""}})

	h.s.Group("/t/:slug", web.TenantDomain, "").Get("/sites/:id/tip-poster", "tenant.sites", h.poster)
}
