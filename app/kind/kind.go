// Package kind is the small interface through which a tenant kind
// (accommodation, apartment, market, notary) plugs into the core.
package kind

import (
	"fmt"
	"io/fs"
	"log/slog"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/riverqueue/river"
	"gorm.io/gorm"

	"portal06/app/audit"
	"portal06/app/config"
	"portal06/app/jobs"
	"portal06/app/live"
	"portal06/app/stays"
	"portal06/app/web"
	"portal06/policies"
	"portal06/views"
)

// Pages is what a kind's handlers use of the web server: the layout data of
// a page, server-sent event streams, and the authorizer's verdict.
type Pages interface {
	Page(c *fiber.Ctx, r *web.Request, titleID string, args ...any) views.Page
	// StreamEvents sends events as server-sent events while the session
	// lasts, the server runs and life has not passed.
	StreamEvents(c *fiber.Ctx, events <-chan string, stop func(), name string, life time.Duration) error
	Authz() *policies.Authorizer
}

// Host is everything the core lends a kind: its pages, the database, the
// job queue, the stay notification pipeline, the audit log, the clock, live
// events and the settings. A kind
// never gets the whole server. Fields may be nil where the portal runs
// without them (seeding has no queue and no pages).
type Host struct {
	DB     *gorm.DB // the runtime role's pool, for work outside a request (jobs)
	Pages  Pages
	Queue  *jobs.Queue
	Stays  *stays.Service // stays and their notification to the national system
	Audit  *audit.Log
	Clock  func() time.Time
	Live   *live.Hub
	Log    *slog.Logger
	Config config.Config
}

// Now is the host's clock.
func (h *Host) Now() time.Time {
	if h == nil || h.Clock == nil {
		return time.Now()
	}
	return h.Clock()
}

// Kind is one kind of tenant. Adding a kind means writing one package that
// implements it and listing it in app/portal's Kinds; no other kind changes.
type Kind interface {
	// Name is the value of tenants.kind, e.g. "accommodation".
	Name() string
	// SiteKinds are the kinds of site its tenants run, e.g. "hotel".
	SiteKinds() []string
	// Attach hands the kind its host before any route is registered.
	Attach(h *Host)
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

// Basic gives a kind the empty parts of Kind and keeps its host; a kind
// embeds it and adds its name, site kinds, messages and whatever it serves.
type Basic struct {
	Host *Host
}

// Attach keeps the host.
func (b *Basic) Attach(h *Host) { b.Host = h }

// Register adds no routes.
func (*Basic) Register(*web.Router) {}

// Nav has no entries.
func (*Basic) Nav(*web.Tenant) []web.NavItem { return nil }

// RegisterPolice adds no police views.
func (*Basic) RegisterPolice(*web.Router) {}

// PoliceNav has no entries.
func (*Basic) PoliceNav() []web.NavItem { return nil }

// Policies adds no rows.
func (*Basic) Policies() []policies.Rule { return nil }

// APIProvider is a kind that also serves a JSON API under /api/v1 to its
// tenants' software, authenticated by the tenant's API tokens.
type APIProvider interface {
	RegisterAPI(r *web.Router)
}

// PublicProvider is a kind with pages anyone may open without an account,
// such as a self-registration poster's page; r serves /p/{kind}/.
type PublicProvider interface {
	RegisterPublic(r *web.Router)
}

// ProvinceProvider is a kind with pages of its own for provincial
// officials, aggregates without personal data; r serves /province/.
type ProvinceProvider interface {
	RegisterProvince(r *web.Router)
	// ProvinceNav lists those pages, relative to /province/.
	ProvinceNav() []web.NavItem
}

// Migrator is a kind with tables of its own: a folder of goose SQL files,
// applied with the core's in one order of versions. Each kind keeps to its
// own range of version numbers (see README), and a test checks that no two
// files share a version.
type Migrator interface {
	Migrations() fs.FS
}

// WorkerProvider is a kind with River workers of its own.
type WorkerProvider interface {
	AddWorkers(w *river.Workers)
}

// DemoSeeder is a kind with demo data of its own. SeedDemo runs as the
// schema owner in the transaction that loaded the core's demo data (areas,
// police units, the demo tenants and accounts), after it. DemoLines are
// printed when the demo starts (tokens, accounts, where to look).
type DemoSeeder interface {
	SeedDemo(tx *gorm.DB) error
	DemoLines() []string
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

// implementing is the kinds of r that implement T, in the registry's order.
func implementing[T any](r Registry) []T {
	var out []T
	for _, k := range r {
		if t, ok := k.(T); ok {
			out = append(out, t)
		}
	}
	return out
}

// PersonSources are the kinds the person search covers.
func (r Registry) PersonSources() []PersonSource { return implementing[PersonSource](r) }

// FigureSources are the kinds that feed the province's indicators.
func (r Registry) FigureSources() []FigureSource { return implementing[FigureSource](r) }

// Migrations are the kinds' migration folders, in the registry's order.
func (r Registry) Migrations() []fs.FS {
	var out []fs.FS
	for _, k := range r {
		if m, ok := k.(Migrator); ok {
			out = append(out, m.Migrations())
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

// AllSiteKinds lists every kind's site kinds.
func (r Registry) AllSiteKinds() []string {
	var out []string
	for _, k := range r {
		out = append(out, k.SiteKinds()...)
	}
	return out
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

// Attach hands every kind the host.
func (r Registry) Attach(h *Host) {
	for _, k := range r {
		k.Attach(h)
	}
}

// AddWorkers registers every kind's River workers.
func (r Registry) AddWorkers(w *river.Workers) {
	for _, k := range r {
		if p, ok := k.(WorkerProvider); ok {
			p.AddWorkers(w)
		}
	}
}

// SeedDemo runs every kind's demo seeder in tx.
func (r Registry) SeedDemo(tx *gorm.DB) error {
	for _, k := range r {
		if d, ok := k.(DemoSeeder); ok {
			if err := d.SeedDemo(tx); err != nil {
				return err
			}
		}
	}
	return nil
}

// DemoLines gathers what the kinds print when the demo starts.
func (r Registry) DemoLines() []string {
	var out []string
	for _, k := range r {
		if d, ok := k.(DemoSeeder); ok {
			out = append(out, d.DemoLines()...)
		}
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
		if p, ok := k.(ProvinceProvider); ok {
			p.RegisterProvince(s.Group("/province", web.ProvinceDomain, ""))
			s.AddProvinceNav(p.ProvinceNav())
		}
		if p, ok := k.(PublicProvider); ok {
			p.RegisterPublic(s.Group("/p/"+k.Name(), web.Public, k.Name()))
		}
	}
	r.mountOpenAPI(s)
}

// AuditLook writes an audit entry for a look at personal data, in the
// request's transaction, naming who looked (see web.Request.Who).
func (h *Host) AuditLook(r *web.Request, e audit.Entry) error {
	if h.Audit == nil {
		return fmt.Errorf("kind: no audit log")
	}
	if err := h.Audit.Write(r.Tx, r.Who(e)); err != nil {
		return fmt.Errorf("kind: audit %s: %w", e.Action, err)
	}
	return nil
}
