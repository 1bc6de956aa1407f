// Package market is the market-board tenant kind: each stall gets a VietQR payment code, and the board tracks cashless adoption (Chợ 4.0).
package market

import (
	"embed"
	"io/fs"

	"portal06/app/kind"
)

//go:embed locales/*.json
var messages embed.FS

// Kind is the market tenant kind. Its pages come with its own issue; until
// then it has tenants, sites and members through the core.
type Kind struct{ kind.Basic }

// New returns the market kind.
func New() *Kind { return &Kind{} }

// Name is the value of tenants.kind.
func (*Kind) Name() string { return "market" }

// SiteKinds are the kinds of site this kind's tenants run.
func (*Kind) SiteKinds() []string { return []string{"market"} }

// Messages holds the kind's message files.
func (*Kind) Messages() fs.FS { return messages }
