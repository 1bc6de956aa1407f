// Package admin serves the system administrator's pages: tenants, sites,
// users and memberships, police units with their jurisdictions, and the
// Casbin policy rows.
package admin

import (
	"errors"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"portal06/app/auth"
	"portal06/app/kind"
	"portal06/app/store"
	"portal06/app/web"
	"portal06/views"
)

// Handlers serves the admin pages.
type Handlers struct {
	s        *web.Server
	kinds    kind.Registry
	sessions auth.Sessions
}

// New returns the admin handlers.
func New(s *web.Server, kinds kind.Registry, sessions auth.Sessions) *Handlers {
	return &Handlers{s: s, kinds: kinds, sessions: sessions}
}

// Register adds the admin routes.
func (h *Handlers) Register() {
	g := h.s.Group("/admin", web.AdminDomain, "")
	g.Get("", "admin.home", h.dashboard)

	g.Get("/tenants", "admin.tenants", h.tenantList)
	g.Get("/tenants/new", "admin.tenants", h.tenantNew)
	g.Post("/tenants/new", "admin.tenants", h.tenantCreate)
	g.Get("/tenants/:id", "admin.tenants", h.tenantEdit)
	g.Post("/tenants/:id", "admin.tenants", h.tenantSave)
	g.Get("/tenants/:id/sites/new", "admin.sites", h.siteNew)
	g.Post("/tenants/:id/sites/new", "admin.sites", h.siteCreate)
	g.Get("/tenants/:id/sites/:site", "admin.sites", h.siteEdit)
	g.Post("/tenants/:id/sites/:site", "admin.sites", h.siteSave)

	g.Get("/users", "admin.users", h.userList)
	g.Get("/users/new", "admin.users", h.userNew)
	g.Post("/users/new", "admin.users", h.userCreate)
	g.Get("/users/:id", "admin.users", h.userEdit)
	g.Post("/users/:id", "admin.users", h.userSave)
	g.Post("/users/:id/status", "admin.users", h.userStatus)
	g.Post("/users/:id/roles", "admin.memberships", h.roleAdd)
	g.Post("/users/:id/roles/remove", "admin.memberships", h.roleRemove)
	g.Post("/users/:id/tenants", "admin.memberships", h.memberAdd)
	g.Post("/users/:id/tenants/remove", "admin.memberships", h.memberRemove)

	g.Get("/units", "admin.units", h.unitList)
	g.Get("/units/new", "admin.units", h.unitNew)
	g.Post("/units/new", "admin.units", h.unitCreate)
	g.Get("/units/:id", "admin.units", h.unitEdit)
	g.Post("/units/:id", "admin.units", h.unitSave)
	g.Post("/units/:id/areas", "admin.units", h.areaGrant)
	g.Post("/units/:id/areas/remove", "admin.units", h.areaRevoke)

	g.Get("/policies", "admin.policies", h.policyList)
	g.Post("/policies", "admin.policies", h.policyAdd)
	g.Post("/policies/:id/delete", "admin.policies", h.policyDelete)
}

// idParam reads a positive id from the path; anything else is a 404.
func idParam(c *fiber.Ctx, name string) (int64, error) {
	id, err := strconv.ParseInt(c.Params(name), 10, 64)
	if err != nil || id <= 0 {
		return 0, fiber.ErrNotFound
	}
	return id, nil
}

// notFound turns store.ErrNotFound into a 404.
func notFound(err error) error {
	if errors.Is(err, store.ErrNotFound) {
		return fiber.ErrNotFound
	}
	return err
}

// withErrors puts the translated messages of a store.Invalid next to their
// fields; a field the form lacks becomes the form's error. Any other error
// is returned.
func withErrors(r *web.Request, f *views.Form, err error) error {
	var bad store.Invalid
	if !errors.As(err, &bad) {
		return err
	}
	for name, msg := range bad {
		placed := false
		for i := range f.Fields {
			if f.Fields[i].Name == name {
				f.Fields[i].Error = r.T.T(msg)
				placed = true
			}
		}
		if !placed {
			f.Error = r.T.T("field."+name) + ": " + r.T.T(msg)
		}
	}
	return nil
}

// formScreen renders a form page. An invalid htmx post gets the form alone,
// with status 422, so htmx swaps it in place.
func (h *Handlers) formScreen(c *fiber.Ctx, r *web.Request, status int, p views.Page, f views.Form, rest ...views.Section) error {
	if r.HTMX && status == fiber.StatusUnprocessableEntity {
		return web.Render(c, r, status, views.FormView(f))
	}
	secs := append([]views.Section{{ID: "form", Form: &f}}, rest...)
	return web.Render(c, r, status, views.ScreenView(p, views.Screen{Sections: secs}))
}

// saveFailed answers a failed save: field errors re-render the form (422),
// anything else is the error it is.
func (h *Handlers) saveFailed(c *fiber.Ctx, r *web.Request, err error, p views.Page, f views.Form, rest ...views.Section) error {
	if e := withErrors(r, &f, err); e != nil {
		return notFound(e)
	}
	return h.formScreen(c, r, fiber.StatusUnprocessableEntity, p, f, rest...)
}

func hidden(name, value string) views.Field {
	return views.Field{Name: name, Type: "hidden", Value: value}
}

func (h *Handlers) kindOptions(r *web.Request) []views.Option {
	var out []views.Option
	for _, k := range h.kinds.Names() {
		out = append(out, views.Option{Value: k, Label: r.T.T("kind." + k)})
	}
	return out
}
