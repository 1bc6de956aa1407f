package apartment

import (
	"crypto/rand"
	"encoding/base64"
	"fmt"

	"github.com/gofiber/fiber/v2"
	qrcode "github.com/skip2/go-qrcode"

	"portal06/app/web"
	"portal06/tenants/apartment/ui"
	"portal06/views"
)

// publicBase is the portal's absolute address for printed links:
// PORTAL06_PUBLIC_URL (app/config), never the request's Host header.
func (k *Kind) publicBase() string { return k.Host.Config.BaseURL() }

// posterPath is the public page of a poster's token.
func posterPath(token string) string { return "/p/apartment/r/" + token }

func newToken() string {
	b := make([]byte, 24)
	if _, err := rand.Read(b); err != nil {
		panic(err)
	}
	return base64.RawURLEncoding.EncodeToString(b)
}

// poster shows the site's live poster with its QR, ready to print.
func (k *Kind) poster(c *fiber.Ctx, r *web.Request) error {
	s, err := k.site(c, r)
	if err != nil {
		return err
	}
	var token string
	if err := r.Tx.Raw(`SELECT token FROM apt_posters WHERE tenant_id = ? AND site_id = ? AND revoked_at IS NULL ORDER BY id DESC LIMIT 1`,
		r.Tenant.ID, s.ID).Scan(&token).Error; err != nil {
		return fmt.Errorf("apartment: poster of site %d: %w", s.ID, err)
	}
	d := ui.PosterData{SiteName: s.Name, Address: s.Address}
	if token != "" {
		d.URL = k.publicBase() + posterPath(token)
		png, err := qrcode.Encode(d.URL, qrcode.Medium, 320)
		if err != nil {
			return fmt.Errorf("apartment: poster QR: %w", err)
		}
		d.QR = "data:image/png;base64," + base64.StdEncoding.EncodeToString(png)
	}
	submit := "apt.poster_create"
	if token != "" {
		submit = "apt.poster_renew"
	}
	d.NewForm = &views.Form{ID: "poster-form", Action: siteHref(r, s.ID, "/poster"), Submit: r.T.T(submit),
		Fields: []views.Field{{Name: "_csrf", Type: "hidden", Value: r.CSRF}}}
	return web.Render(c, r, fiber.StatusOK, ui.PosterPage(k.Host.Pages.Page(c, r, "apt.poster_title", "Site", s.Name), d))
}

// posterCreate makes a new poster token; older posters of the site stop working.
func (k *Kind) posterCreate(c *fiber.Ctx, r *web.Request) error {
	s, err := k.site(c, r)
	if err != nil {
		return err
	}
	if err := r.Tx.Exec(`UPDATE apt_posters SET revoked_at = now() WHERE tenant_id = ? AND site_id = ? AND revoked_at IS NULL`,
		r.Tenant.ID, s.ID).Error; err != nil {
		return fmt.Errorf("apartment: revoke posters: %w", err)
	}
	if err := r.Tx.Exec(`INSERT INTO apt_posters (tenant_id, site_id, token) VALUES (?, ?, ?)`, r.Tenant.ID, s.ID, newToken()).Error; err != nil {
		return fmt.Errorf("apartment: create poster: %w", err)
	}
	return web.Redirect(c, r, siteHref(r, s.ID, "/poster"))
}
