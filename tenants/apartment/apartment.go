// Package apartment is the apartment-block and boarding-house tenant kind
// ("Quản lý số"): managers register residents by scanning their chip ID
// cards, keep each residence's history and tạm trú, take residents' own
// requests from a poster's QR, and the police see their jurisdiction.
package apartment

import (
	"embed"
	"io/fs"

	"portal06/app/kind"
	"portal06/app/web"
	"portal06/policies"
)

//go:embed locales/*.json
var messages embed.FS

//go:embed migrations/*.sql
var migrations embed.FS

// Kind is the apartment tenant kind.
type Kind struct{ kind.Basic }

// New returns the apartment kind; it works once Attach has given it its host.
func New() *Kind { return &Kind{} }

// Name is the value of tenants.kind.
func (*Kind) Name() string { return "apartment" }

// SiteKinds are the kinds of site this kind's tenants run.
func (*Kind) SiteKinds() []string { return []string{"apartment_block", "boarding_house"} }

// Messages holds the kind's message files.
func (*Kind) Messages() fs.FS { return messages }

// Migrations are the kind's tables (versions 20000–29999).
func (*Kind) Migrations() fs.FS {
	sub, err := fs.Sub(migrations, "migrations")
	if err != nil {
		panic(err)
	}
	return sub
}

// Register adds the kind's routes under /t/{slug}/.
func (k *Kind) Register(r *web.Router) {
	r.Get("/residents", "apartment.residents", k.sitePick)
	r.Get("/blocks/:site/board", "apartment.residents", k.board)
	r.Get("/blocks/:site/units", "apartment.residents", k.unitList)
	r.Post("/blocks/:site/units", "apartment.units", k.unitCreate)
	r.Post("/blocks/:site/units/import", "apartment.units", k.unitImport)
	r.Get("/units/:unit", "apartment.residents", k.unitShow)
	r.Get("/blocks/:site/residents", "apartment.residents", k.residentList)
	r.Get("/blocks/:site/register", "apartment.residents", k.registerPage)
	r.Get("/blocks/:site/register/manual", "apartment.residents", k.registerManual)
	r.Post("/blocks/:site/register/scan", "apartment.residents", k.registerScan)
	r.Post("/blocks/:site/register", "apartment.residents", k.registerSave)
	r.Get("/blocks/:site/register.xlsx", "apartment.export", k.registerXLSX)
	r.Get("/residents/:id", "apartment.residents", k.residentShow)
	r.Post("/residents/:id/move", "apartment.residents", k.residentMove)
	r.Post("/residents/:id/move-out", "apartment.residents", k.residentMoveOut)
	r.Post("/residents/:id/tamtru", "apartment.residents", k.residentTamtru)
	r.Get("/blocks/:site/visitors", "apartment.residents", k.visitsPage)
	r.Get("/blocks/:site/visitors/manual", "apartment.residents", k.visitsManual)
	r.Post("/blocks/:site/visitors/scan", "apartment.residents", k.visitsScan)
	r.Post("/blocks/:site/visitors", "apartment.residents", k.visitsSave)
	r.Get("/blocks/:site/requests", "apartment.residents", k.queue)
	r.Post("/requests/:id/confirm", "apartment.residents", k.queueConfirm)
	r.Post("/requests/:id/reject", "apartment.residents", k.queueReject)
	r.Post("/visit-requests/:id/confirm", "apartment.residents", k.visitRequestConfirm)
	r.Post("/visit-requests/:id/reject", "apartment.residents", k.visitRequestReject)
	r.Get("/blocks/:site/poster", "apartment.units", k.poster)
	r.Post("/blocks/:site/poster", "apartment.units", k.posterCreate)
}

// Nav lists the kind's navigation entries.
func (*Kind) Nav(*web.Tenant) []web.NavItem {
	return []web.NavItem{{Label: "apt.nav_residents", Href: "residents"}}
}

// RegisterPolice adds the kind's police views under /police/apartment/.
func (k *Kind) RegisterPolice(r *web.Router) {
	r.Get("", "police.apartment", k.policeDashboard)
	r.Get("/sites/:id", "police.apartment", k.policeSite)
}

// PoliceNav lists the kind's police views.
func (*Kind) PoliceNav() []web.NavItem {
	return []web.NavItem{{Label: "apt.police_nav", Href: ""}}
}

// Policies are the kind's default Casbin rows.
func (*Kind) Policies() []policies.Rule {
	p := func(role, perm, act string) policies.Rule {
		return policies.Rule{Ptype: "p", V: []string{role, perm, act}}
	}
	return []policies.Rule{
		p("tenant_staff", "apartment.residents", "*"),
		p("tenant_manager", "apartment.residents", "*"),
		p("tenant_owner", "apartment.residents", "*"),
		p("tenant_manager", "apartment.units", "*"),
		p("tenant_owner", "apartment.units", "*"),
		p("tenant_manager", "apartment.export", "read"),
		p("tenant_owner", "apartment.export", "read"),
		p("api_client", "api.residents", "*"),
		p("police_officer", "police.apartment", "read"),
		p("anonymous", "public.apartment", "*"),
	}
}
