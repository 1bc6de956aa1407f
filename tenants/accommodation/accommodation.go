// Package accommodation is the accommodation tenant kind: hotels,
// guesthouses, homestays, overnight cruise boats and long-distance buses,
// which register their guests and report every stay to the police.
package accommodation

import (
	"embed"
	"io/fs"
	"log/slog"
	"time"

	"gorm.io/gorm"

	"portal06/app/audit"
	"portal06/app/kind"
	"portal06/app/live"
	"portal06/app/web"
	"portal06/policies"
)

//go:embed locales/*.json
var messages embed.FS

// deps are what the kind uses of its host.
type deps struct {
	DB    *gorm.DB
	Log   *slog.Logger
	Now   func() time.Time
	Live  *live.Hub  // carries a phone's scans to its desk
	Audit *audit.Log // records police looks at guests
	Host  *kind.Host
}

// Kind is the accommodation tenant kind.
type Kind struct {
	d   deps
	svc *Service
	s   kind.Pages
}

// New returns the kind; it works once Attach has given it its host.
func New() *Kind { return &Kind{} }

// Attach takes what the kind needs from the host.
func (k *Kind) Attach(h *kind.Host) {
	log := h.Log
	if log == nil {
		log = slog.Default()
	}
	k.d = deps{DB: h.DB, Log: log, Now: h.Now, Live: h.Live, Audit: h.Audit, Host: h}
	k.svc = h.Stays
	k.s = h.Pages
}

// Name is the value of tenants.kind.
func (*Kind) Name() string { return "accommodation" }

// SiteKinds are the kinds of site this kind's tenants run.
func (*Kind) SiteKinds() []string {
	return []string{"hotel", "guesthouse", "homestay", "cruise", "bus"}
}

// Register adds the kind's routes under /t/{slug}/.
func (k *Kind) Register(r *web.Router) {
	r.Get("/checkin", "accommodation.checkin", k.checkinPick)
	r.Get("/sites/:site/checkin", "accommodation.checkin", k.checkinPage)
	r.Get("/sites/:site/checkin/manual", "accommodation.checkin", k.checkinManual)
	r.Post("/sites/:site/checkin/scan", "accommodation.checkin", k.checkinScan)
	r.Post("/sites/:site/checkin", "accommodation.checkin", k.checkinSave)
	r.Get("/sites/:site/pair", "accommodation.checkin", k.pairDesk)
	r.Get("/pair/:token", "accommodation.checkin", k.pairPhone)
	r.Post("/pair/:token/scan", "accommodation.checkin", k.pairScan)
	r.Get("/pair/:token/events", "accommodation.checkin", k.pairEvents)
	r.Get("/sites/:site/group", "accommodation.checkin", k.groupPage)
	r.Post("/sites/:site/group/add", "accommodation.checkin", k.groupAdd)
	r.Post("/sites/:site/group", "accommodation.checkin", k.groupSave)
	r.Get("/sites/:site/board", "accommodation.stays", k.board)
	r.Get("/sites/:site/trips", "accommodation.checkin", k.trips)
	r.Post("/sites/:site/trips", "accommodation.checkin", k.tripCreate)
	r.Get("/sites/:site/trips/:trip", "accommodation.checkin", k.manifest)
	r.Get("/sites/:site/register.xlsx", "accommodation.export", k.registerXLSX)
	r.Get("/notifications/pending.xlsx", "accommodation.export", k.pendingXLSX)
	r.Get("/stays", "accommodation.stays", k.stayList)
	r.Search("/stays", "accommodation.stays", k.staySearch)
	r.Get("/stays/:id", "accommodation.stays", k.stayShow)
	r.Post("/stays/:id/room", "accommodation.stays", k.stayRoom)
	r.Post("/stays/:id/extend", "accommodation.stays", k.stayExtend)
	r.Get("/stays/:id/checkout", "accommodation.stays", k.stayCheckoutConfirm)
	r.Post("/stays/:id/checkout", "accommodation.stays", k.stayCheckout)
	r.Post("/stays/:id/correct", "accommodation.stays", k.stayCorrect)
	r.Post("/stays/:id/cancel", "accommodation.stays", k.stayCancel)
	r.Post("/stays/:id/resend", "accommodation.stays", k.stayResend)
}

// Nav lists the kind's navigation entries.
func (*Kind) Nav(t *web.Tenant) []web.NavItem {
	return []web.NavItem{
		{Label: "acc.nav_checkin", Href: "checkin",
			Also: []string{"sites/*/checkin", "sites/*/group", "sites/*/pair", "sites/*/trips", "pair"}},
		{Label: "acc.nav_stays", Href: "stays", Also: []string{"sites/*/board", "notifications"}},
	}
}

// RegisterPolice adds the kind's police views under /police/{kind}/.
func (k *Kind) RegisterPolice(r *web.Router) {
	r.GetPlanned("", "police.accommodation", k.policeDashboard)
	r.Get("/sites/:id", "police.accommodation", k.policeSite)
	r.Get("/compliance", "police.accommodation", k.policeCompliance)
	r.Get("/compliance.xlsx", "police.accommodation", k.policeComplianceXLSX)
	r.Get("/suspicious", "police.accommodation", k.policeSuspicious)
	r.Search("/suspicious/:id", "police.accommodation", k.policeSuspiciousOpen)
	r.Post("/suspicious/:id/review", "police.suspicious", k.policeSuspiciousReview)
}

// PoliceNav lists the kind's police views.
func (*Kind) PoliceNav() []web.NavItem {
	return []web.NavItem{{Label: "police.acc_nav", Href: ""}, {Label: "police.compliance", Href: "compliance"},
		{Label: "police.suspicious_nav", Href: "suspicious"}}
}

// Policies are the kind's default Casbin rows.
func (*Kind) Policies() []policies.Rule {
	p := func(role, perm, act string) policies.Rule {
		return policies.Rule{Ptype: "p", V: []string{role, perm, act}}
	}
	return []policies.Rule{
		p("tenant_staff", "accommodation.checkin", "*"),
		p("tenant_staff", "accommodation.stays", "*"),
		p("api_client", "api.stays", "*"),
		p("tenant_staff", "accommodation.export", "read"),
		p("police_officer", "police.accommodation", "read"),
		p("police_officer", "police.suspicious", "write"),
	}
}

// Messages holds the kind's message files.
func (*Kind) Messages() fs.FS { return messages }
