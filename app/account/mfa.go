package account

import (
	"encoding/base64"
	"fmt"
	"time"

	"github.com/gofiber/fiber/v2"
	qrcode "github.com/skip2/go-qrcode"

	"portal06/app/auth"
	"portal06/app/web"
	"portal06/views"
)

const mfaCookie = "p06_mfa"

func (h *Handlers) challenge(c *fiber.Ctx, r *web.Request) (string, auth.Challenge, bool, error) {
	token := c.Cookies(mfaCookie)
	if token == "" {
		return "", auth.Challenge{}, false, nil
	}
	ch, ok, err := auth.GetChallenge(r.Tx, h.box, token)
	return token, ch, ok, err
}

// mfaShow asks for the second factor; the first time, it shows the code
// to enroll in an authenticator app.
func (h *Handlers) mfaShow(c *fiber.Ctx, r *web.Request) error {
	_, ch, ok, err := h.challenge(c, r)
	if err != nil {
		return err
	}
	if !ok {
		return c.Redirect("/login", fiber.StatusSeeOther)
	}
	return h.renderMFA(c, r, fiber.StatusOK, ch, "")
}

func (h *Handlers) renderMFA(c *fiber.Ctx, r *web.Request, status int, ch auth.Challenge, errMsg string) error {
	d := views.MFAData{CSRF: r.CSRF, Error: errMsg, Username: ch.Username}
	if ch.Enroll {
		png, err := qrcode.Encode(ch.OTPAuthURL(), qrcode.Medium, 240)
		if err != nil {
			return fmt.Errorf("account: draw enrolment code: %w", err)
		}
		d.QR = "data:image/png;base64," + base64.StdEncoding.EncodeToString(png)
		d.Secret = ch.Secret
	}
	return web.Render(c, r, status, views.MFA(h.s.Page(c, r, "mfa.title"), d))
}

// mfaSubmit checks the code; a right one signs in (and completes an enrolment).
func (h *Handlers) mfaSubmit(c *fiber.Ctx, r *web.Request) error {
	token, ch, ok, err := h.challenge(c, r)
	if err != nil {
		return err
	}
	if !ok {
		return c.Redirect("/login", fiber.StatusSeeOther)
	}
	att, err := auth.CheckCode(r.Tx, h.box, token, ch, web.Form(c, "code"), time.Now())
	if err != nil {
		return err
	}
	r.KeepChanges() // failures count toward the lockout
	switch att.Outcome {
	case auth.OK:
		if err := h.s.StartSession(c, r, ch.UserID); err != nil {
			return err
		}
		h.s.ClearCookie(c, mfaCookie)
		return c.Redirect(web.LocalPath(ch.Next), fiber.StatusSeeOther)
	case auth.Locked:
		return h.renderMFA(c, r, fiber.StatusTooManyRequests, ch, r.T.T("login.locked", "Until", r.T.DateTime(att.LockedUntil)))
	case auth.Reused:
		return h.renderMFA(c, r, fiber.StatusUnauthorized, ch, r.T.T("mfa.reused"))
	}
	return h.renderMFA(c, r, fiber.StatusUnauthorized, ch, r.T.T("mfa.wrong"))
}
