// Package market is the market-board tenant kind: each stall gets a VietQR payment code, and the board tracks cashless adoption (Chợ 4.0).
package market

import (
	"embed"
	"io/fs"
	"log/slog"
	"time"

	"portal06/app/kind"
	"portal06/app/web"
	"portal06/policies"
)

//go:embed locales/*.json
var messages embed.FS

//go:embed migrations/*.sql
var migrations embed.FS

// Kind is the market tenant kind.
type Kind struct {
	kind.Basic
	log *slog.Logger
}

// New returns the market kind.
func New() *Kind { return &Kind{} }

// Attach keeps the host.
func (k *Kind) Attach(h *kind.Host) {
	k.Basic.Attach(h)
	k.log = h.Log
	if k.log == nil {
		k.log = slog.Default()
	}
}

// Name is the value of tenants.kind.
func (*Kind) Name() string { return "market" }

// SiteKinds are the kinds of site this kind's tenants run.
func (*Kind) SiteKinds() []string { return []string{"market"} }

// Messages holds the kind's message files.
func (*Kind) Messages() fs.FS { return messages }

// Migrations are the kind's tables (versions 30000–39999).
func (*Kind) Migrations() fs.FS {
	sub, err := fs.Sub(migrations, "migrations")
	if err != nil {
		panic(err)
	}
	return sub
}

// now is the host's clock.
func (k *Kind) now() time.Time { return k.Host.Now() }

// Register adds the board's routes under /t/{slug}/.
func (k *Kind) Register(r *web.Router) {
	r.Get("/markets", "market.stalls", k.marketList)
	r.Post("/markets/:site/class", "market.stalls", k.marketClass)
	r.Get("/stalls", "market.stalls", k.stallList)
	r.Get("/stalls/new", "market.stalls", k.stallNew)
	r.Post("/stalls", "market.stalls", k.stallCreate)
	r.Get("/stalls/import", "market.stalls", k.importPage)
	r.Post("/stalls/import", "market.stalls", k.importSave)
	r.Get("/stalls/posters", "market.stalls", k.zonePosters)
	r.Get("/stalls/:id", "market.stalls", k.stallShow)
	r.Get("/stalls/:id/edit", "market.stalls", k.stallEdit)
	r.Post("/stalls/:id", "market.stalls", k.stallUpdate)
	r.Post("/stalls/:id/qr", "market.stalls", k.stallGenerateQR)
	r.Post("/stalls/:id/register", "market.stalls", k.stallRegisterQR)
	r.Post("/stalls/:id/inspect", "market.stalls", k.stallInspect)
	r.Get("/stalls/:id/qr.png", "market.stalls", k.stallQRImage)
	r.Get("/stalls/:id/poster", "market.stalls", k.stallPoster)
	r.Get("/adoption", "market.adoption", k.adoption)
	r.Get("/adoption/todo.xlsx", "market.adoption", k.todoXLSX)
	r.Get("/fees", "market.fees", k.feeList)
	r.Post("/fees/issue", "market.fees", k.feeIssue)
	r.Get("/fees/:id", "market.fees", k.billShow)
	r.Get("/fees/:id/qr.png", "market.fees", k.billQRImage)
	r.Post("/fees/:id/pay", "market.fees", k.billPay)
	r.Get("/statements", "market.fees", k.statementPage)
	r.Post("/statements", "market.fees", k.statementImport)
}

// Nav lists the board's pages.
func (*Kind) Nav(*web.Tenant) []web.NavItem {
	return []web.NavItem{
		{Label: "market.nav_stalls", Href: "stalls"},
		{Label: "market.nav_adoption", Href: "adoption"},
		{Label: "market.nav_fees", Href: "fees"},
		{Label: "market.nav_markets", Href: "markets"},
	}
}

// Policies are the kind's default Casbin rows.
func (*Kind) Policies() []policies.Rule {
	p := func(role, perm, act string) policies.Rule {
		return policies.Rule{Ptype: "p", V: []string{role, perm, act}}
	}
	return []policies.Rule{
		p("tenant_staff", "market.stalls", "*"),
		p("tenant_staff", "market.adoption", "read"),
		p("tenant_manager", "market.fees", "*"),
		p("province_official", "province.market_target", "*"),
		p("admin", "province.market_target", "*"),
	}
}
