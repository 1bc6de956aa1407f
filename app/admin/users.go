package admin

import (
	"fmt"
	"net/url"
	"strings"

	"github.com/gofiber/fiber/v2"

	"portal06/app/auth"
	"portal06/app/store"
	"portal06/app/web"
	"portal06/views"
)

func (h *Handlers) userList(c *fiber.Ctx, r *web.Request) error {
	q, pg := web.Query(c, "q"), web.PageNum(c)
	rows, total, err := store.ListUsers(r.Tx, q, pg)
	if err != nil {
		return err
	}
	t := &views.Table{ID: "users", Empty: r.T.T("admin.users_none"), Headers: []string{
		r.T.T("field.username"), r.T.T("field.full_name"), r.T.T("field.status")}}
	for _, u := range rows {
		t.Rows = append(t.Rows, []views.Cell{{Text: u.Username, Href: fmt.Sprintf("/admin/users/%d", u.ID)},
			{Text: u.FullName}, {Text: userStatus(r, u)}})
	}
	s := views.Screen{
		Actions: []views.NavLink{{Label: r.T.T("admin.user_new"), Href: "/admin/users/new"}},
		Filter:  &views.Filter{Action: "/admin/users", Q: q},
		Sections: []views.Section{{ID: "list", Table: t, Pager: &views.Pager{Page: pg, PerPage: store.PerPage, Total: total,
			BaseHref: "/admin/users?" + url.Values{"q": {q}}.Encode() + "&"}}},
	}
	return web.Render(c, r, fiber.StatusOK, views.ScreenView(h.s.Page(c, r, "nav.admin_users"), s))
}

func userStatus(r *web.Request, u store.UserRow) string {
	switch {
	case u.Disabled:
		return r.T.T("user.disabled")
	case u.LockedUntil != nil:
		return r.T.T("user.locked", "Until", r.T.DateTime(*u.LockedUntil))
	}
	return r.T.T("user.active")
}

func userForm(r *web.Request, action string, in store.UserInput, creating bool) views.Form {
	f := views.Form{ID: "user-form", Action: action, Submit: r.T.T("form.save")}
	if creating {
		f.Fields = append(f.Fields, views.Field{Name: "username", Label: r.T.T("field.username"), Type: "text",
			Value: in.Username, Required: true, MaxLength: 63, Hint: r.T.T("hint.username"), Autocomplete: "off"})
	}
	pw := views.Field{Name: "password", Label: r.T.T("field.password"), Type: "password", Required: creating,
		Autocomplete: "new-password", Hint: r.T.T("hint.password")}
	if !creating {
		pw.Hint = r.T.T("hint.password_keep")
	}
	f.Fields = append(f.Fields,
		views.Field{Name: "full_name", Label: r.T.T("field.full_name"), Type: "text", Value: in.FullName, Required: true, MaxLength: 200},
		pw, hidden("_csrf", r.CSRF))
	return f
}

func userInput(c *fiber.Ctx) store.UserInput {
	return store.UserInput{Username: web.Form(c, "username"), FullName: web.Form(c, "full_name"),
		Password: web.RawForm(c, "password")}
}

func (h *Handlers) userNew(c *fiber.Ctx, r *web.Request) error {
	return h.formScreen(c, r, fiber.StatusOK, h.s.Page(c, r, "admin.user_new"), userForm(r, c.Path(), store.UserInput{}, true))
}

func (h *Handlers) userCreate(c *fiber.Ctx, r *web.Request) error {
	in := userInput(c)
	id, err := store.CreateUser(r.Tx, in)
	if err != nil {
		in.Password = ""
		return h.saveFailed(c, r, err, h.s.Page(c, r, "admin.user_new"), userForm(r, c.Path(), in, true))
	}
	return web.Redirect(c, r, fmt.Sprintf("/admin/users/%d", id))
}

// userSections are the status buttons and the memberships under a user's form.
func (h *Handlers) userSections(r *web.Request, u store.UserRow) ([]views.Section, error) {
	base := fmt.Sprintf("/admin/users/%d", u.ID)
	status := &views.Table{ID: "user-status", Headers: []string{r.T.T("field.status"), ""}}
	action := views.Cell{Post: base + "/status", CSRF: r.CSRF, Fields: map[string]string{"do": "disable"},
		Button: r.T.T("user.disable"), Danger: true}
	if u.Disabled {
		action = views.Cell{Post: base + "/status", CSRF: r.CSRF, Fields: map[string]string{"do": "enable"}, Button: r.T.T("user.enable")}
	}
	row := []views.Cell{{Text: userStatus(r, u)}, action}
	if u.LockedUntil != nil {
		row = append(row, views.Cell{Post: base + "/status", CSRF: r.CSRF, Fields: map[string]string{"do": "unlock"}, Button: r.T.T("user.unlock")})
	}
	row = append(row, views.Cell{Post: base + "/status", CSRF: r.CSRF, Fields: map[string]string{"do": "reset_mfa"}, Button: r.T.T("user.reset_mfa")})
	status.Rows = [][]views.Cell{row}

	ms, err := store.Memberships(r.Tx, u.ID)
	if err != nil {
		return nil, err
	}
	mt := &views.Table{ID: "memberships", Empty: r.T.T("admin.memberships_none"), Headers: []string{
		r.T.T("field.role"), r.T.T("admin.where"), r.T.T("admin.sites_limit"), ""}}
	for _, m := range ms {
		if m.TenantID != nil {
			limit := r.T.T("admin.all_sites")
			if !m.AllSites {
				limit = strings.Join(m.SiteNames, ", ")
			}
			mt.Rows = append(mt.Rows, []views.Cell{{Text: r.T.T("role.tenant_" + m.Role)},
				{Text: *m.TenantName, Href: fmt.Sprintf("/admin/tenants/%d", *m.TenantID)}, {Text: limit},
				{Post: base + "/tenants/remove", CSRF: r.CSRF, Button: r.T.T("form.remove"), Danger: true,
					Fields: map[string]string{"tenant_id": fmt.Sprint(*m.TenantID)}}})
			continue
		}
		where := r.T.T("admin.province_wide")
		if m.UnitName != nil {
			where = *m.UnitName
		}
		mt.Rows = append(mt.Rows, []views.Cell{{Text: r.T.T("role." + m.Role)}, {Text: where}, {Text: ""},
			{Post: base + "/roles/remove", CSRF: r.CSRF, Button: r.T.T("form.remove"), Danger: true,
				Fields: map[string]string{"role": m.Role}}})
	}
	roleForm, err := h.roleForm(r, u.ID, "", 0)
	if err != nil {
		return nil, err
	}
	memberForm := memberForm(r, u.ID, "", "", "")
	return []views.Section{
		{ID: "status", Title: r.T.T("field.status"), Table: status},
		{ID: "roles", Title: r.T.T("admin.memberships"), Table: mt},
		{ID: "add-role", Title: r.T.T("admin.add_staff_role"), Form: &roleForm},
		{ID: "add-member", Title: r.T.T("admin.add_tenant_member"), Form: &memberForm},
	}, nil
}

func (h *Handlers) userPage(c *fiber.Ctx, r *web.Request, status int, u store.UserRow, f views.Form) error {
	if r.HTMX && status == fiber.StatusUnprocessableEntity {
		return web.Render(c, r, status, views.FormView(f))
	}
	secs, err := h.userSections(r, u)
	if err != nil {
		return err
	}
	p := h.s.Page(c, r, "admin.user_edit", "Name", u.Username)
	s := views.Screen{Sections: append([]views.Section{{ID: "form", Form: &f}}, secs...)}
	return web.Render(c, r, status, views.ScreenView(p, s))
}

func (h *Handlers) loadUser(c *fiber.Ctx, r *web.Request) (store.UserRow, error) {
	id, err := idParam(c, "id")
	if err != nil {
		return store.UserRow{}, err
	}
	u, err := store.GetUser(r.Tx, id)
	return u, notFound(err)
}

func (h *Handlers) userEdit(c *fiber.Ctx, r *web.Request) error {
	u, err := h.loadUser(c, r)
	if err != nil {
		return err
	}
	return h.userPage(c, r, fiber.StatusOK, u, userForm(r, c.Path(), store.UserInput{FullName: u.FullName}, false))
}

func (h *Handlers) userSave(c *fiber.Ctx, r *web.Request) error {
	u, err := h.loadUser(c, r)
	if err != nil {
		return err
	}
	in := userInput(c)
	if err := store.UpdateUser(r.Tx, u.ID, in, h.sessions); err != nil {
		in.Password = ""
		f := userForm(r, c.Path(), in, false)
		if e := withErrors(r, &f, err); e != nil {
			return notFound(e)
		}
		return h.userPage(c, r, fiber.StatusUnprocessableEntity, u, f)
	}
	return web.Redirect(c, r, c.Path())
}

func (h *Handlers) userStatus(c *fiber.Ctx, r *web.Request) error {
	u, err := h.loadUser(c, r)
	if err != nil {
		return err
	}
	switch web.Form(c, "do") {
	case "disable":
		if u.ID == r.User.UserID {
			return fiber.NewError(fiber.StatusUnprocessableEntity, "an admin cannot disable themselves")
		}
		err = store.SetUserDisabled(r.Tx, u.ID, true, h.sessions)
	case "enable":
		err = store.SetUserDisabled(r.Tx, u.ID, false, h.sessions)
	case "unlock":
		err = store.Unlock(r.Tx, u.ID)
	case "reset_mfa":
		err = auth.ResetMFA(r.Tx, u.ID)
	default:
		return fiber.NewError(fiber.StatusUnprocessableEntity, "unknown status action")
	}
	if err != nil {
		return notFound(err)
	}
	return web.Redirect(c, r, fmt.Sprintf("/admin/users/%d", u.ID))
}
