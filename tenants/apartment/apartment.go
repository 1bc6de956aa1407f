// Package apartment is the apartment-block and boarding-house tenant kind, whose managers register their residents.
package apartment

import (
	"embed"
	"io/fs"

	"portal06/app/kind"
)

//go:embed locales/*.json
var messages embed.FS

// Kind is the apartment tenant kind. Its pages come with its own issue; until
// then it has tenants, sites and members through the core.
type Kind struct{ kind.Basic }

// New returns the apartment kind.
func New() *Kind { return &Kind{} }

// Name is the value of tenants.kind.
func (*Kind) Name() string { return "apartment" }

// SiteKinds are the kinds of site this kind's tenants run.
func (*Kind) SiteKinds() []string { return []string{"apartment_block", "boarding_house"} }

// Messages holds the kind's message files.
func (*Kind) Messages() fs.FS { return messages }
