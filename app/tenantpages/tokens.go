package tenantpages

import (
	"errors"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"portal06/app/apitoken"
	"portal06/app/store"
	"portal06/app/web"
	"portal06/views"
)

// tokens lists the tenant's API tokens and offers a new one.
func (h *Handlers) tokens(c *fiber.Ctx, r *web.Request) error {
	return h.renderTokens(c, r, fiber.StatusOK, "", "")
}

func (h *Handlers) renderTokens(c *fiber.Ctx, r *web.Request, status int, created, nameErr string) error {
	list, err := apitoken.List(r.Tx, r.Tenant.ID)
	if err != nil {
		return err
	}
	base := "/t/" + r.Tenant.Slug + "/tokens"
	t := &views.Table{ID: "tokens", Empty: r.T.T("tokens.none"), Headers: []string{r.T.T("field.name"), r.T.T("tokens.ends_with"),
		r.T.T("tokens.created"), r.T.T("tokens.last_used"), ""}}
	for _, tk := range list {
		used := ""
		if tk.LastUsedAt != nil {
			used = r.T.DateTime(*tk.LastUsedAt)
		}
		action := views.Cell{Post: base + "/" + strconv.FormatInt(tk.ID, 10) + "/revoke", CSRF: r.CSRF, Button: r.T.T("tokens.revoke"), Danger: true}
		if tk.RevokedAt != nil {
			action = views.Cell{Text: r.T.T("tokens.revoked", "At", r.T.DateTime(*tk.RevokedAt))}
		}
		t.Rows = append(t.Rows, []views.Cell{{Text: tk.Name}, {Text: "…" + tk.Hint}, {Text: r.T.DateTime(tk.CreatedAt)}, {Text: used}, action})
	}
	f := views.Form{ID: "token-form", Action: base, Submit: r.T.T("tokens.create"), Fields: []views.Field{
		{Name: "name", Label: r.T.T("tokens.name"), Type: "text", Required: true, Error: nameErr, Hint: kindText(r, "tokens.name_hint"),
			MaxLength: 100},
		{Name: "_csrf", Type: "hidden", Value: r.CSRF},
	}}
	secs := []views.Section{}
	if created != "" {
		secs = append(secs, views.Section{ID: "new-token", Title: r.T.T("tokens.copy_now"), Text: created})
	}
	secs = append(secs, views.Section{ID: "list", Table: t}, views.Section{ID: "create", Title: r.T.T("tokens.create"), Form: &f,
		Text: kindText(r, "tokens.help")})
	p := h.s.Page(c, r, "tokens.title")
	p.Title = kindText(r, "tokens.title")
	return web.Render(c, r, status, views.ScreenView(p, views.Screen{Sections: secs}))
}

// kindText is the message id.<tenant kind> when the kind brings one (a
// hotel's software is a PMS, a market's is not), or the generic id.
func kindText(r *web.Request, id string) string {
	if r.Tenant != nil {
		if s := r.T.T(id + "." + r.Tenant.Kind); s != id+"."+r.Tenant.Kind {
			return s
		}
	}
	return r.T.T(id)
}

func (h *Handlers) tokenCreate(c *fiber.Ctx, r *web.Request) error {
	token, err := apitoken.Create(r.Tx, r.Tenant.ID, web.Form(c, "name"), r.User.UserID)
	var bad store.Invalid
	if errors.As(err, &bad) {
		return h.renderTokens(c, r, fiber.StatusUnprocessableEntity, "", r.T.T(bad["name"]))
	}
	if err != nil {
		return err
	}
	// The token is shown this once, on this answer, and never stored in clear.
	return h.renderTokens(c, r, fiber.StatusCreated, token, "")
}

func (h *Handlers) tokenRevoke(c *fiber.Ctx, r *web.Request) error {
	id, err := strconv.ParseInt(c.Params("id"), 10, 64)
	if err != nil {
		return fiber.ErrNotFound
	}
	if err := apitoken.Revoke(r.Tx, r.Tenant.ID, id); errors.Is(err, store.ErrNotFound) {
		return fiber.ErrNotFound
	} else if err != nil {
		return err
	}
	return web.Redirect(c, r, "/t/"+r.Tenant.Slug+"/tokens")
}
