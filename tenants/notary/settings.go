package notary

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"portal06/app/web"
	"portal06/views"
)

// settings shows each office's face-match threshold, which a notary or a
// manager may change.
func (k *Kind) settings(c *fiber.Ctx, r *web.Request) error {
	return k.renderSettings(c, r, fiber.StatusOK, 0, "", "")
}

func (k *Kind) renderSettings(c *fiber.Ctx, r *web.Request, status int, site int64, value, problem string) error {
	sites, err := k.offices(r)
	if err != nil {
		return err
	}
	var secs []views.Section
	for _, s := range sites {
		th, err := Threshold(r.Tx, r.Tenant.ID, s.ID)
		if err != nil {
			return err
		}
		v, e := strconv.FormatFloat(th, 'f', 2, 64), ""
		if s.ID == site {
			v, e = value, problem
		}
		f := views.Form{ID: "threshold-" + strconv.FormatInt(s.ID, 10), Action: "/t/" + r.Tenant.Slug + "/settings/" + strconv.FormatInt(s.ID, 10),
			Submit: r.T.T("form.save"), Fields: []views.Field{{Name: "face_threshold", Label: r.T.T("notary.threshold"), Type: "text", Value: v,
				Required: true, Error: e, Hint: r.T.T("notary.threshold_hint")}, {Name: "_csrf", Type: "hidden", Value: r.CSRF}}}
		if r.HTMX && status == fiber.StatusUnprocessableEntity && s.ID == site {
			return web.Render(c, r, status, views.FormView(f))
		}
		secs = append(secs, views.Section{ID: "office-" + strconv.FormatInt(s.ID, 10), Title: s.Name, Form: &f})
	}
	return web.Render(c, r, status, views.ScreenView(k.Host.Pages.Page(c, r, "notary.settings_title"), views.Screen{Sections: secs}))
}

// settingsSave keeps an office's threshold (0.50–1.00).
func (k *Kind) settingsSave(c *fiber.Ctx, r *web.Request) error {
	id, err := idParam(c, "site")
	if err != nil {
		return err
	}
	sites, err := k.offices(r)
	if err != nil {
		return err
	}
	found := false
	for _, s := range sites {
		found = found || s.ID == id
	}
	if !found {
		return fiber.ErrNotFound
	}
	raw := web.Form(c, "face_threshold")
	v, perr := strconv.ParseFloat(strings.Replace(raw, ",", ".", 1), 64)
	if perr != nil || v < 0.5 || v > 1 || len(raw) > 10 {
		return k.renderSettings(c, r, fiber.StatusUnprocessableEntity, id, raw, r.T.T("notary.threshold_bad"))
	}
	err = r.Tx.Exec(`INSERT INTO notary_settings (tenant_id, site_id, face_threshold, updated_by) VALUES (?, ?, ?, ?)
		ON CONFLICT (tenant_id, site_id) DO UPDATE SET face_threshold = excluded.face_threshold, updated_by = excluded.updated_by, updated_at = now()`,
		r.Tenant.ID, id, v, r.User.UserID).Error
	if err != nil {
		return fmt.Errorf("notary: save threshold of site %d: %w", id, err)
	}
	return web.Redirect(c, r, "/t/"+r.Tenant.Slug+"/settings")
}
