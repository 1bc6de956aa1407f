// Package notary is the notary-office tenant kind, which logs chip-card identity checks to stop impersonation.
package notary

import (
	"embed"
	"io/fs"

	"portal06/app/web"
	"portal06/policies"
)

//go:embed locales/*.json
var messages embed.FS

// Kind is the notary tenant kind.
type Kind struct{}

// New returns the notary kind.
func New() *Kind { return &Kind{} }

// Name is the value of tenants.kind.
func (*Kind) Name() string { return "notary" }

// SiteKinds are the kinds of site this kind's tenants run.
func (*Kind) SiteKinds() []string { return []string{"notary_office"} }

// Register adds the kind's routes under /t/{slug}/.
func (*Kind) Register(r *web.Router) {}

// Nav lists the kind's navigation entries.
func (*Kind) Nav(t *web.Tenant) []web.NavItem { return nil }

// RegisterPolice adds the kind's police views under /police/{kind}/.
func (*Kind) RegisterPolice(r *web.Router) {}

// PoliceNav lists the kind's police views.
func (*Kind) PoliceNav() []web.NavItem { return nil }

// Policies are the kind's default Casbin rows.
func (*Kind) Policies() []policies.Rule {
	return []policies.Rule{}
}

// Messages holds the kind's message files.
func (*Kind) Messages() fs.FS { return messages }
