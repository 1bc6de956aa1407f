package web

import (
	"fmt"
	"strings"

	"github.com/gofiber/fiber/v2"
)

// Domain says what a route is about, and so which role and scope apply.
type Domain int

// The domains of routes.
const (
	Public         Domain = iota // anyone, signed in or not
	Authenticated                // any signed-in user, no data scope
	TenantDomain                 // /t/{slug}/...: one tenant's data
	PoliceDomain                 // a police unit's jurisdiction
	ProvinceDomain               // aggregates across the province
	AdminDomain                  // system administration
	APIDomain                    // /api/v1: a tenant's software, by bearer token
)

func (d Domain) String() string {
	return [...]string{"public", "authenticated", "tenant", "police", "province", "admin", "api"}[d]
}

// Route is a registered route with the permission it needs.
type Route struct {
	Method string
	Path   string
	Domain Domain
	Perm   string // Casbin object, e.g. "admin.tenants"
	Kind   string // tenant kind the route belongs to, "" for the core
	Search bool   // a POST that only reads: a search whose terms stay out of the URL
	// GenericPlans: the transaction keeps its statements' generic plans
	// (plan_cache_mode = force_generic_plan), set with the scope
	GenericPlans bool
}

// Action is the Casbin action of an HTTP method: read for safe methods and
// searches, write otherwise.
func (r Route) Action() string {
	if r.Method == fiber.MethodGet || r.Method == fiber.MethodHead || r.Search {
		return "read"
	}
	return "write"
}

// Router registers routes together with their permission; there is no
// other way to add a route, so none can lack one.
type Router struct {
	s      *Server
	prefix string
	domain Domain
	kind   string
}

// Group returns a router for routes under prefix in domain, for tenant kind kind ("" for the core).
func (s *Server) Group(prefix string, domain Domain, kind string) *Router {
	return &Router{s: s, prefix: prefix, domain: domain, kind: kind}
}

// Get registers a GET route.
func (r *Router) Get(path, perm string, h HandlerFunc) { r.Handle(fiber.MethodGet, path, perm, h) }

// Post registers a POST route.
func (r *Router) Post(path, perm string, h HandlerFunc) { r.Handle(fiber.MethodPost, path, perm, h) }

// GetPlanned registers a GET route whose transaction keeps each prepared
// statement's generic plan from one execution to the next
// (plan_cache_mode = force_generic_plan), set in the statement that writes
// the scope rather than by a SET LOCAL of its own (one round trip less).
// It is for pages whose statements read bounded sets under row-level
// security: PostgreSQL otherwise plans them again for every request when
// their generic plan's estimate looks dearer, and planning the policies of
// five or six tables costs more (5-10 ms) than running them (1-3 ms).
func (r *Router) GetPlanned(path, perm string, h HandlerFunc) {
	r.add(fiber.MethodGet, path, perm, false, true, h)
}

// Search registers a POST that only reads, as a search whose terms (an ID
// number) must not land in the address bar, the history or a server log:
// Casbin decides it as a read, and CSRF still applies.
func (r *Router) Search(path, perm string, h HandlerFunc) {
	r.add(fiber.MethodPost, path, perm, true, false, h)
}

// Handle registers a route; it panics on a missing permission, which is a programming error.
func (r *Router) Handle(method, path, perm string, h HandlerFunc) {
	r.add(method, path, perm, false, false, h)
}

func (r *Router) add(method, path, perm string, search, generic bool, h HandlerFunc) {
	if perm == "" || strings.ContainsAny(perm, " ,") {
		panic(fmt.Sprintf("web: route %s %s%s needs a permission", method, r.prefix, path))
	}
	full := r.prefix + path
	if full != "/" {
		full = strings.TrimSuffix(full, "/")
		if strings.HasSuffix(path, "/") {
			full += "/"
		}
	}
	rt := &Route{Method: method, Path: full, Domain: r.domain, Perm: perm, Kind: r.kind, Search: search, GenericPlans: generic}
	key := method + " " + full
	if _, dup := r.s.routes[key]; dup {
		panic("web: route registered twice: " + key)
	}
	r.s.routes[key] = rt
	r.s.app.Add(method, full, r.s.pipeline(rt, h))
}

// Routes lists every registered route by "METHOD path".
func (s *Server) Routes() map[string]*Route { return s.routes }

// Fiber exposes the underlying Fiber app, for tests that walk its routes.
func (s *Server) Fiber() *fiber.App { return s.app }

// Raw registers a route that needs no session and no database transaction,
// such as static files or the health check. Casbin still decides it, for
// the anonymous role.
func (r *Router) Raw(method, path, perm string, h fiber.Handler) {
	if perm == "" {
		panic(fmt.Sprintf("web: route %s %s%s needs a permission", method, r.prefix, path))
	}
	full := r.prefix + path
	rt := &Route{Method: method, Path: full, Domain: Public, Perm: perm}
	r.s.routes[method+" "+full] = rt
	r.s.app.Add(method, full, func(c *fiber.Ctx) error {
		if !r.s.d.Authz.Allow("anonymous", rt.Perm, rt.Action()) {
			return fiber.ErrForbidden
		}
		return h(c)
	})
}
