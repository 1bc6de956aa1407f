package accommodation

import (
	"errors"

	"github.com/gofiber/fiber/v2"

	"portal06/app/stays"
	"portal06/app/web"
	"portal06/views"
)

// act runs a change on the stay of the path and answers: back to the stay
// page, or the failed form again with its errors next to the fields.
func (k *Kind) act(c *fiber.Ctx, r *web.Request, formID string, do func(st Stay) error) error {
	st, err := k.loadStay(c, r)
	if err != nil {
		return err
	}
	err = do(st)
	if err == nil {
		return web.Redirect(c, r, stayHref(r, st.ID))
	}
	if errors.Is(err, stays.ErrNotOpen) {
		return fiber.NewError(fiber.StatusConflict, "the stay is not open")
	}
	msgs, lines, _ := fieldMessages(r, err)
	if msgs == nil {
		return err
	}
	var form views.Form
	for _, f := range k.actionForms(r, st) {
		if f.ID == formID {
			form = f
		}
	}
	placed := false
	for i := range form.Fields {
		if m, ok := msgs[form.Fields[i].Name]; ok {
			form.Fields[i].Error, placed = m, true
		}
		if v := web.Form(c, form.Fields[i].Name); v != "" && form.Fields[i].Name != "_csrf" {
			form.Fields[i].Value = v
		}
	}
	if !placed && len(lines) > 0 {
		form.Error = lines[0]
	}
	return k.renderStay(c, r, fiber.StatusUnprocessableEntity, st, &form)
}

func (k *Kind) stayRoom(c *fiber.Ctx, r *web.Request) error {
	return k.act(c, r, "room-form", func(st Stay) error {
		return k.svc.ChangeRoom(r.Ctx, r.Tx, r.Tenant.ID, st.ID, web.Form(c, "room"), r.User.UserID)
	})
}

func (k *Kind) stayExtend(c *fiber.Ctx, r *web.Request) error {
	return k.act(c, r, "extend-form", func(st Stay) error {
		return k.svc.Extend(r.Ctx, r.Tx, r.Tenant.ID, st.ID, web.Form(c, "expected_departure"), r.User.UserID)
	})
}

// stayCorrect saves the correction form: the fields posted that differ
// from the stay's values are changed, each old value kept.
func (k *Kind) stayCorrect(c *fiber.Ctx, r *web.Request) error {
	return k.act(c, r, "correct-form", func(st Stay) error {
		values := map[string]string{}
		for _, f := range stays.Correctable {
			if c.Request().PostArgs().Has(f) {
				values[f] = web.Form(c, f)
			}
		}
		return k.svc.Correct(r.Ctx, r.Tx, r.Tenant.ID, st.ID, values, r.User.UserID)
	})
}

func (k *Kind) stayCancel(c *fiber.Ctx, r *web.Request) error {
	return k.act(c, r, "cancel-form", func(st Stay) error {
		return k.svc.Cancel(r.Ctx, r.Tx, r.Tenant.ID, st.ID, web.Form(c, "cancel_reason"), r.User.UserID)
	})
}

// stayCheckoutConfirm asks before a guest is checked out: checking out
// notifies the police and cannot be undone.
func (k *Kind) stayCheckoutConfirm(c *fiber.Ctx, r *web.Request) error {
	st, err := k.loadStay(c, r)
	if err != nil {
		return err
	}
	if st.Status != "open" {
		return fiber.NewError(fiber.StatusConflict, "the stay is not open")
	}
	back := stayHref(r, st.ID)
	question := r.T.T("acc.checkout_confirm", "Name", st.FullName)
	if st.Room != "" {
		question = r.T.T("acc.checkout_confirm_room", "Name", st.FullName, "Room", st.Room)
	}
	f := views.Form{ID: "checkout-confirm", Action: back + "/checkout", Submit: r.T.T("acc.checkout_yes"), FocusSubmit: true,
		Fields: []views.Field{{Name: "confirm", Type: "hidden", Value: "yes"}, {Name: "_csrf", Type: "hidden", Value: r.CSRF}}}
	scr := views.Screen{Actions: []views.NavLink{{Label: r.T.T("acc.checkout_no"), Href: back}},
		Sections: []views.Section{{ID: "checkout", Text: question, Form: &f}}}
	return web.Render(c, r, fiber.StatusOK, views.ScreenView(k.s.Page(c, r, "acc.checkout_title", "Name", st.FullName), scr))
}

// stayCheckout checks the guest out once confirmed; a post without the
// confirmation asks first.
func (k *Kind) stayCheckout(c *fiber.Ctx, r *web.Request) error {
	if web.Form(c, "confirm") != "yes" {
		return k.stayCheckoutConfirm(c, r)
	}
	return k.act(c, r, "", func(st Stay) error { return k.svc.CheckOut(r.Ctx, r.Tx, r.Tenant.ID, st.ID, r.User.UserID) })
}

func (k *Kind) stayResend(c *fiber.Ctx, r *web.Request) error {
	st, err := k.loadStay(c, r)
	if err != nil {
		return err
	}
	if err := k.svc.Resend(r.Ctx, r.Tx, r.Tenant.ID, st.ID); err != nil {
		if _, lines, _ := fieldMessages(r, err); lines != nil {
			return fiber.NewError(fiber.StatusConflict, lines[0])
		}
		return err
	}
	return web.Redirect(c, r, stayHref(r, st.ID))
}
