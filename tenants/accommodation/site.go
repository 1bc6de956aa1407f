package accommodation

import (
	"errors"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"portal06/app/store"
	"portal06/app/web"
)

// site loads the :site of the path within the request's scope; a site of
// another tenant, outside a staff member's sites or unknown is a 404.
func (k *Kind) site(c *fiber.Ctx, r *web.Request) (store.SiteRow, error) {
	id, err := strconv.ParseInt(c.Params("site"), 10, 64)
	if err != nil || id <= 0 {
		return store.SiteRow{}, fiber.ErrNotFound
	}
	s, err := store.GetSite(r.Tx, r.Scope, r.Tenant.ID, id)
	if errors.Is(err, store.ErrNotFound) {
		return s, fiber.ErrNotFound
	}
	return s, err
}

func (k *Kind) base(r *web.Request) string { return "/t/" + r.Tenant.Slug + "/" }

func siteHref(r *web.Request, siteID int64, rest string) string {
	return "/t/" + r.Tenant.Slug + "/sites/" + strconv.FormatInt(siteID, 10) + rest
}

func stayHref(r *web.Request, stayID int64) string {
	return "/t/" + r.Tenant.Slug + "/stays/" + strconv.FormatInt(stayID, 10)
}
