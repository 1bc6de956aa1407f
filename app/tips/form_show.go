package tips

import (
	"crypto/rand"
	"encoding/hex"
	"time"

	"github.com/gofiber/fiber/v2"

	"portal06/app/i18n"
	"portal06/app/tips/ui"
	"portal06/app/web"
	"portal06/views"
)

// deviceCookie marks a browser for the per-device limits and binds the form token.
const deviceCookie = "p06_device"

// device returns the browser's device id, giving it one when it has none.
func (h *Handlers) device(c *fiber.Ctx) string {
	if d := c.Cookies(deviceCookie); len(d) == 48 {
		if _, err := hex.DecodeString(d); err == nil {
			return d
		}
	}
	b := make([]byte, 24)
	if _, err := rand.Read(b); err != nil {
		panic(err)
	}
	d := hex.EncodeToString(b)
	h.s.SetCookie(c, deviceCookie, d, 365*24*time.Hour)
	return d
}

// formValues are what the reporter typed, to show again with the errors.
type formValues struct {
	Category, Description, Area, Address, OccurredAt, Name, Phone string
	Keep                                                          bool
}

// formShow shows the tip form; /tip/{site-slug} fills in the place.
func (h *Handlers) formShow(c *fiber.Ctx, r *web.Request) error {
	var site *Site
	if slug := web.Param(c, "site"); slug != "" {
		var err error
		if site, err = siteBySlug(r.Tx, slug, web.Query(c, "t")); err != nil {
			return err
		}
		if site == nil {
			return fiber.ErrNotFound
		}
	}
	v := formValues{OccurredAt: h.now().In(i18n.Zone).Format("2006-01-02T15:04")}
	if site != nil {
		v.Address = site.Address
	}
	return h.renderForm(c, r, fiber.StatusOK, site, v, nil, "", "")
}

// renderForm renders the form with a fresh token for this device.
func (h *Handlers) renderForm(c *fiber.Ctx, r *web.Request, status int, site *Site, v formValues, errs map[string]string, formErr, photoErr string) error {
	areas, err := listAreas(r.Tx)
	if err != nil {
		return err
	}
	t := r.T
	cats := []views.Option{{Value: "", Label: t.T("tips.choose")}}
	for _, k := range Categories {
		cats = append(cats, views.Option{Value: k, Label: t.T("tips.category." + k)})
	}
	d := ui.FormData{CSRF: r.CSRF, Token: h.token.Issue(h.device(c), h.now()), Error: formErr, PhotoError: photoErr, Keep: v.Keep}
	d.Fields = []views.Field{
		{Name: "category", Label: t.T("tips.category"), Type: "select", Value: v.Category, Options: cats, Required: true, Error: errs["category"]},
		{Name: "description", Label: t.T("tips.description"), Type: "textarea", Value: v.Description, Required: true,
			Hint: t.T("tips.description_hint", "Max", MaxDescription), Error: errs["description"], MaxLength: MaxDescription},
	}
	if site != nil {
		d.SiteSlug, d.TenantSlug, d.SiteName, d.SiteArea = site.Slug, site.TenantSlug, site.SiteName, site.AreaName
		d.Fields = append(d.Fields, views.Field{Name: "area", Type: "hidden", Value: site.AreaCode})
	} else {
		opts := []views.Option{{Value: "", Label: t.T("tips.choose")}}
		for _, a := range areas {
			opts = append(opts, views.Option{Value: a.Code, Label: a.Name})
		}
		d.Fields = append(d.Fields, views.Field{Name: "area", Label: t.T("tips.area"), Type: "select", Value: v.Area, Options: opts,
			Required: true, Error: errs["area"]})
	}
	d.Fields = append(d.Fields,
		views.Field{Name: "address", Label: t.T("tips.address"), Type: "text", Value: v.Address, Hint: t.T("tips.address_hint"), Error: errs["address"]},
		views.Field{Name: "occurred_at", Label: t.T("tips.occurred_at"), Type: "datetime-local", Value: v.OccurredAt, Required: true, Error: errs["occurred_at"]},
		views.Field{Name: "reporter_name", Label: t.T("tips.reporter_name"), Type: "text", Value: v.Name, Autocomplete: "name",
			Hint: t.T("tips.anonymous_hint"), Error: errs["reporter_name"]},
		views.Field{Name: "reporter_phone", Label: t.T("tips.reporter_phone"), Type: "tel", Value: v.Phone, Autocomplete: "tel", Error: errs["reporter_phone"]},
	)
	return web.Render(c, r, status, ui.TipForm(h.s.Page(c, r, "tips.title"), d))
}
