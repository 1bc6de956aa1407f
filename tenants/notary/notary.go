// Package notary is the notary-office tenant kind, which logs chip-card identity checks to stop impersonation.
package notary

import (
	"embed"
	"io/fs"

	"portal06/app/kind"
)

//go:embed locales/*.json
var messages embed.FS

// Kind is the notary tenant kind. Its pages come with its own issue; until
// then it has tenants, sites and members through the core.
type Kind struct{ kind.Basic }

// New returns the notary kind.
func New() *Kind { return &Kind{} }

// Name is the value of tenants.kind.
func (*Kind) Name() string { return "notary" }

// SiteKinds are the kinds of site this kind's tenants run.
func (*Kind) SiteKinds() []string { return []string{"notary_office"} }

// Messages holds the kind's message files.
func (*Kind) Messages() fs.FS { return messages }
