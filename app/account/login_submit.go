package account

import (
	"errors"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"
	"gorm.io/gorm"

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
	// the hash (tens of milliseconds) runs with no transaction open and no
	// row locked; only its outcome is written in the request's transaction
	var check auth.Check
	if err := r.Outside(func(db *gorm.DB) error {
		var err error
		check, err = auth.Verify(r.Ctx, db, username, password)
		return err
	}); errors.Is(err, auth.ErrBusy) {
		// more sign-ins at once than hashes may run: try again shortly
		c.Set(fiber.HeaderRetryAfter, strconv.Itoa(retryAfter()))
		return h.renderLogin(c, r, fiber.StatusServiceUnavailable, username, next, r.T.T("login.busy"))
	} else if err != nil {
		return err
	}
	att, err := check.Record(r.Tx)
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

// retryAfter is the seconds a sign-in refused as busy is told to wait: the
// hashing wait, at least a second.
func retryAfter() int { return max(1, int(auth.HashWait().Seconds())) }
