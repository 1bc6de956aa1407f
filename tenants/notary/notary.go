// Package notary is the notary-office tenant kind: each party to a notarial
// act has their chip ID card checked, and what no single office can see
// (one number with two names, repeated failures, one property sold twice,
// a watched person) is signalled to the police.
package notary

import (
	"embed"
	"io/fs"
	"log/slog"

	"portal06/app/kind"
	"portal06/app/web"
	"portal06/policies"
)

//go:embed locales/*.json
var messages embed.FS

//go:embed migrations/*.sql
var migrations embed.FS

// Kind is the notary tenant kind.
type Kind struct {
	kind.Basic
	log *slog.Logger
}

// New returns the notary kind; it works once Attach has given it its host.
func New() *Kind { return &Kind{} }

// Attach keeps the host.
func (k *Kind) Attach(h *kind.Host) {
	k.Host = h
	k.log = h.Log
	if k.log == nil {
		k.log = slog.Default()
	}
}

// Name is the value of tenants.kind.
func (*Kind) Name() string { return "notary" }

// SiteKinds are the kinds of site this kind's tenants run.
func (*Kind) SiteKinds() []string { return []string{"notary_office"} }

// Messages holds the kind's message files.
func (*Kind) Messages() fs.FS { return messages }

// Migrations are the kind's tables (versions 40000–49999).
func (*Kind) Migrations() fs.FS {
	sub, err := fs.Sub(migrations, "migrations")
	if err != nil {
		panic(err)
	}
	return sub
}

// Register adds the office's pages under /t/{slug}/.
func (k *Kind) Register(r *web.Router) {
	r.Get("/acts", "notary.acts", k.actList)
	r.Post("/acts", "notary.acts", k.actCreate)
	r.Get("/acts/:act", "notary.acts", k.actShow)
	r.Post("/acts/:act/parties", "notary.acts", k.partyAdd)
	r.Get("/acts/:act/parties/:party/check", "notary.acts", k.checkForm)
	r.Post("/acts/:act/parties/:party/check", "notary.acts", k.checkSave)
	r.Post("/acts/:act/complete", "notary.acts", k.actComplete)
	r.Post("/acts/:act/override", "notary.override", k.actOverride)
	r.Get("/board", "notary.board", k.board)
	r.Get("/register.xlsx", "notary.export", k.registerXLSX)
	r.Get("/settings", "notary.settings", k.settings)
	r.Post("/settings/:site", "notary.settings", k.settingsSave)
}

// Nav lists the office's navigation entries.
func (*Kind) Nav(*web.Tenant) []web.NavItem {
	return []web.NavItem{{Label: "notary.nav_acts", Href: "acts"}, {Label: "notary.nav_board", Href: "board"}}
}

// RegisterPolice adds the police views under /police/notary/.
func (k *Kind) RegisterPolice(r *web.Router) {
	r.Get("", "police.notary", k.policeOffices)
	r.Get("/offices/:site", "police.notary", k.policeOffice)
	r.Get("/signals", "police.notary", k.policeSignals)
	r.Get("/signals/list", "police.notary", k.policeSignalList)
	r.Get("/signals/events", "police.notary", k.policeSignalEvents)
	r.Post("/signals/:id/ack", "police.notary", k.policeSignalAck)
	r.Post("/checks/:id", "police.notary", k.policeCheckOpen)
}

// PoliceNav lists the police views.
func (*Kind) PoliceNav() []web.NavItem {
	return []web.NavItem{{Label: "notary.police_nav", Href: ""}, {Label: "notary.signals_nav", Href: "signals"}}
}

// RegisterAPI adds the API for the offices' chip-reader software.
func (k *Kind) RegisterAPI(r *web.Router) {
	r.Post("/identity-checks", "api.identity_checks", k.apiCheck)
}

// Policies are the kind's default Casbin rows. A notary (role notary) is
// staff who may also complete an act over a failed check.
func (*Kind) Policies() []policies.Rule {
	p := func(role, perm, act string) policies.Rule {
		return policies.Rule{Ptype: "p", V: []string{role, perm, act}}
	}
	return []policies.Rule{
		{Ptype: "g", V: []string{"tenant_notary", "tenant_staff"}},
		p("tenant_staff", "notary.acts", "*"),
		p("tenant_staff", "notary.board", "read"),
		p("tenant_staff", "notary.export", "read"),
		p("tenant_notary", "notary.override", "write"),
		p("tenant_notary", "notary.settings", "*"),
		p("tenant_manager", "notary.settings", "*"),
		p("api_client", "api.identity_checks", "*"),
		p("police_officer", "police.notary", "*"),
	}
}
