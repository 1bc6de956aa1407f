// Package kind is the small interface through which a tenant kind
// (accommodation, apartment, market, notary) plugs into the core.
package kind

import (
	"io/fs"
	"time"

	"portal06/app/web"
	"portal06/policies"
)

// Kind is one kind of tenant. Adding a kind means writing one package that
// implements it and listing it in main.go; no other kind changes.
type Kind interface {
	// Name is the value of tenants.kind, e.g. "accommodation".
	Name() string
	// SiteKinds are the kinds of site its tenants run, e.g. "hotel".
	SiteKinds() []string
	// Register adds the kind's routes; r serves /t/{slug}/ for tenants of this kind only.
	Register(r *web.Router)
	// Nav lists the kind's navigation entries, relative to /t/{slug}/.
	Nav(t *web.Tenant) []web.NavItem
	// RegisterPolice adds the kind's police views; r serves /police/{kind}/
	// to police units, scoped to their jurisdiction.
	RegisterPolice(r *web.Router)
	// PoliceNav lists the kind's police views, relative to /police/{kind}/.
	PoliceNav() []web.NavItem
	// Policies are the kind's default Casbin rows.
	Policies() []policies.Rule
	// Messages holds the kind's locales/vi.json and locales/en.json.
	Messages() fs.FS
}

// Basic gives a kind that has no pages of its own yet the empty parts of
// Kind; a kind embeds it and adds its name, site kinds and messages.
type Basic struct{}

// Register adds no routes.
func (Basic) Register(*web.Router) {}

// Nav has no entries.
func (Basic) Nav(*web.Tenant) []web.NavItem { return nil }

// RegisterPolice adds no police views.
func (Basic) RegisterPolice(*web.Router) {}

// PoliceNav has no entries.
func (Basic) PoliceNav() []web.NavItem { return nil }

// Policies adds no rows.
func (Basic) Policies() []policies.Rule { return nil }

// APIProvider is a kind that also serves a JSON API under /api/v1 to its
// tenants' software, authenticated by the tenant's API tokens.
type APIProvider interface {
	RegisterAPI(r *web.Router)
}

// PersonQuery is what a police officer searches for: a document number
// (exact), a name (accent-insensitive) or a date of birth.
type PersonQuery struct {
	Number    string
	NameFold  string
	BirthDate string // YYYY-MM-DD
}

// PersonHit is one person a kind's records hold, as a search lists them.
type PersonHit struct {
	DocType     string
	DocNumber   string
	FullName    string
	BirthDate   time.Time
	Nationality string
	LastSeen    time.Time
	LastPlace   string
	Records     int
}

// PersonEvent is one record of a person's history.
type PersonEvent struct {
	At     time.Time
	Place  string // site, with its area
	Tenant string
	What   string // translated
	Detail string
	Href   string // where a tenant member would open it; empty for the police
}

// PersonSource is a kind whose records the police person search covers.
// Both calls run in the request's transaction and scope.
type PersonSource interface {
	SearchPeople(r *web.Request, q PersonQuery, limit int) ([]PersonHit, error)
	PersonHistory(r *web.Request, docType, number string) ([]PersonEvent, error)
}

// Registry is the ordered set of kinds the portal runs.
type Registry []Kind

// Get returns the kind named name, or nil.
func (r Registry) Get(name string) Kind {
	for _, k := range r {
		if k.Name() == name {
			return k
		}
	}
	return nil
}

// PersonSources are the kinds the person search covers.
func (r Registry) PersonSources() []PersonSource {
	var out []PersonSource
	for _, k := range r {
		if p, ok := k.(PersonSource); ok {
			out = append(out, p)
		}
	}
	return out
}

// Names lists the kinds' names in order.
func (r Registry) Names() []string {
	out := make([]string, len(r))
	for i, k := range r {
		out[i] = k.Name()
	}
	return out
}

// SiteKinds lists the site kinds of the kind named name.
func (r Registry) SiteKinds(name string) []string {
	if k := r.Get(name); k != nil {
		return k.SiteKinds()
	}
	return nil
}

// Policies gathers every kind's default rows.
func (r Registry) Policies() []policies.Rule {
	var out []policies.Rule
	for _, k := range r {
		out = append(out, k.Policies()...)
	}
	return out
}

// Messages gathers every kind's message files.
func (r Registry) Messages() []fs.FS {
	out := make([]fs.FS, len(r))
	for i, k := range r {
		out[i] = k.Messages()
	}
	return out
}

// Mount registers every kind's routes and navigation on the server.
func (r Registry) Mount(s *web.Server) {
	for _, k := range r {
		k.Register(s.Group("/t/:slug", web.TenantDomain, k.Name()))
		s.SetKindNav(k.Name(), k.Nav)
		k.RegisterPolice(s.Group("/police/"+k.Name(), web.PoliceDomain, ""))
		s.AddPoliceNav(k.Name(), k.PoliceNav())
		if a, ok := k.(APIProvider); ok {
			a.RegisterAPI(s.Group("/api/v1", web.APIDomain, k.Name()))
		}
	}
}
