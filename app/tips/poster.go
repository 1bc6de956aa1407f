package tips

import (
	"encoding/base64"
	"fmt"
	"net/url"
	"strconv"

	"github.com/gofiber/fiber/v2"
	qrcode "github.com/skip2/go-qrcode"

	"portal06/app/tips/ui"
	"portal06/app/web"
)

// PublicBase is the absolute address the posters' QR codes lead to:
// PORTAL06_PUBLIC_URL, never the request's Host, which the client chooses.
func (h *Handlers) PublicBase() string { return h.cfg.BaseURL() }

// PosterURL is the address of a site's tip form; tenantSlug is added only
// when another tenant has a site with the same slug.
func (h *Handlers) PosterURL(siteSlug, tenantSlug string, ambiguous bool) string {
	u := h.PublicBase() + "/tip/" + url.PathEscape(siteSlug)
	if ambiguous {
		u += "?t=" + url.QueryEscape(tenantSlug)
	}
	return u
}

// poster is a site's printable tip poster, for the site's tenant.
func (h *Handlers) poster(c *fiber.Ctx, r *web.Request) error {
	id, err := strconv.ParseInt(c.Params("id"), 10, 64)
	if err != nil {
		return fiber.ErrNotFound
	}
	var s struct {
		Slug, Name, Address string
	}
	if err := r.Tx.Raw(`SELECT slug, name, address FROM sites WHERE tenant_id = ? AND id = ?`, r.Tenant.ID, id).Scan(&s).Error; err != nil {
		return fmt.Errorf("tips: site %d of the poster: %w", id, err)
	}
	if s.Slug == "" {
		return fiber.ErrNotFound
	}
	var same int
	if err := r.Tx.Raw(`SELECT count(*) FROM tip_site(?)`, s.Slug).Scan(&same).Error; err != nil {
		return fmt.Errorf("tips: sites named %q: %w", s.Slug, err)
	}
	link := h.PosterURL(s.Slug, r.Tenant.Slug, same > 1)
	png, err := qrcode.Encode(link, qrcode.Medium, 480)
	if err != nil {
		return fmt.Errorf("tips: QR of %s: %w", link, err)
	}
	d := ui.PosterData{SiteName: s.Name, Address: s.Address, URL: link, QR: "data:image/png;base64," + base64.StdEncoding.EncodeToString(png)}
	return web.Render(c, r, fiber.StatusOK, ui.Poster(h.s.Page(c, r, "tips.poster_title", "Name", s.Name), d))
}
