package account

import (
	"strings"

	"github.com/gofiber/fiber/v2"

	"portal06/app/auth"
	"portal06/app/web"
)

func (h *Handlers) loginSubmit(c *fiber.Ctx, r *web.Request) error {
	username := strings.ToLower(web.Form(c, "username"))
	password := web.RawForm(c, "password")
	next := web.LocalPath(web.Form(c, "next"))
	if username == "" || password == "" {
		return h.renderLogin(c, r, fiber.StatusUnprocessableEntity, username, next, r.T.T("login.missing"))
	}
	att, err := auth.Login(r.Tx, username, password)
	if err != nil {
		return err
	}
	r.KeepChanges() // failures and lockouts must be kept
	switch att.Outcome {
	case auth.OK:
		need, err := auth.NeedsMFA(r.Tx, att.UserID)
		if err != nil {
			return err
		}
		if need {
			token, err := auth.StartChallenge(r.Tx, h.box, att.UserID, next)
			if err != nil {
				return err
			}
			h.s.SetCookie(c, mfaCookie, token, auth.ChallengeLife)
			return c.Redirect("/login/mfa", fiber.StatusSeeOther)
		}
		if err := h.s.StartSession(c, r, att.UserID); err != nil {
			return err
		}
		return c.Redirect(next, fiber.StatusSeeOther)
	case auth.Locked:
		return h.renderLogin(c, r, fiber.StatusTooManyRequests, username, next,
			r.T.T("login.locked", "Until", r.T.DateTime(att.LockedUntil)))
	default:
		return h.renderLogin(c, r, fiber.StatusUnauthorized, username, next, r.T.T("login.invalid"))
	}
}
