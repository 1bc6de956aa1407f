package notary

import (
	"errors"
	"fmt"

	"github.com/gofiber/fiber/v2"

	"portal06/app/audit"
	"portal06/app/web"
	"portal06/views"
)

// actComplete marks the act completed; it is refused while a party is not
// a match (a notary may override that, with a reason).
func (k *Kind) actComplete(c *fiber.Ctx, r *web.Request) error {
	a, err := loadAct(c, r)
	if err != nil {
		return err
	}
	err = CompleteAct(r.Tx, r.Scope, r.Tenant.ID, a.ID, r.User.UserID, "", k.Host.Now())
	if err != nil {
		return k.refuseCompletion(c, r, a, err, "")
	}
	return web.Redirect(c, r, actHref(r, a.ID))
}

// refuseCompletion shows the act again with why it was not completed.
func (k *Kind) refuseCompletion(c *fiber.Ctx, r *web.Request, a Act, err error, reason string) error {
	var msg string
	switch {
	case errors.Is(err, ErrNotMatched):
		msg = r.T.T("notary.complete_refused", "Count", a.NotMatched)
	case errors.Is(err, ErrNoParties):
		msg = r.T.T("notary.complete_no_parties")
	case errors.Is(err, ErrCompleted):
		msg = r.T.T("notary.act_completed")
	default:
		return err
	}
	d, derr := k.actData(c, r, a)
	if derr != nil {
		return derr
	}
	if d.Complete != nil {
		d.Complete.Error = msg
		if r.HTMX { // htmx swaps 422 answers only: the form again, with why
			return web.Render(c, r, fiber.StatusUnprocessableEntity, views.FormView(*d.Complete))
		}
	} else {
		d.ScanErrors = []string{msg}
	}
	if d.Override != nil && reason != "" {
		f := overrideForm(r, a, reason, "")
		d.Override = &f
	}
	return k.renderAct(c, r, fiber.StatusConflict, a, d)
}

// actOverride lets a notary complete an act over a party that is not a
// match, with a written reason; the override is audited.
func (k *Kind) actOverride(c *fiber.Ctx, r *web.Request) error {
	a, err := loadAct(c, r)
	if err != nil {
		return err
	}
	reason := web.Form(c, "reason")
	problem := ""
	switch {
	case reason == "":
		problem = r.T.T("notary.override_reason_required")
	case len([]rune(reason)) > 1000:
		problem = r.T.T("validation.too_long")
	case len([]rune(reason)) < 10:
		problem = r.T.T("notary.override_reason_short")
	}
	if problem != "" {
		d, err := k.actData(c, r, a)
		if err != nil {
			return err
		}
		f := overrideForm(r, a, reason, problem)
		if r.HTMX {
			return web.Render(c, r, fiber.StatusUnprocessableEntity, views.FormView(f))
		}
		d.Override = &f
		return k.renderAct(c, r, fiber.StatusUnprocessableEntity, a, d)
	}
	if a.NotMatched == 0 {
		return k.actComplete(c, r)
	}
	if err := CompleteAct(r.Tx, r.Scope, r.Tenant.ID, a.ID, r.User.UserID, reason, k.Host.Now()); err != nil {
		return k.refuseCompletion(c, r, a, err, reason)
	}
	if err := k.Host.AuditLook(r, audit.Entry{Action: "notary_override", Query: fmt.Sprintf("%s act %d %s", r.Tenant.Slug, a.ID, a.Number), Purpose: reason,
		Results: a.NotMatched}); err != nil {
		return err
	}
	return web.Redirect(c, r, actHref(r, a.ID))
}
