package apartment

import (
	"errors"
	"fmt"

	"github.com/gofiber/fiber/v2"

	"portal06/app/store"
	"portal06/app/web"
)

// pendingRow is a request from the public pages that waits for the
// manager: a self-registration or a visitor report.
type pendingRow interface {
	pending() (id, siteID int64, status string)
}

func (q SelfReg) pending() (int64, int64, string)      { return q.ID, q.SiteID, q.Status }
func (q VisitRequest) pending() (int64, int64, string) { return q.ID, q.SiteID, q.Status }

// loadPending locks the tenant's row of table named by the route's id, with
// the site it is for, in the user's sites: 404 when there is none, 409 when
// it was decided already.
func loadPending[T pendingRow](c *fiber.Ctx, r *web.Request, table, columns string) (T, store.SiteRow, error) {
	var q T
	id, err := parseID(c.Params("id"))
	if err != nil {
		return q, store.SiteRow{}, err
	}
	if err := r.Tx.Raw(`SELECT `+columns+` FROM `+table+` WHERE tenant_id = ? AND id = ? FOR UPDATE`, r.Tenant.ID, id).Scan(&q).Error; err != nil {
		return q, store.SiteRow{}, fmt.Errorf("apartment: %s %d: %w", table, id, err)
	}
	got, siteID, status := q.pending()
	if got == 0 {
		return q, store.SiteRow{}, fiber.ErrNotFound
	}
	s, err := store.GetSite(r.Tx, r.Scope, r.Tenant.ID, siteID)
	if errors.Is(err, store.ErrNotFound) {
		return q, s, fiber.ErrNotFound
	}
	if err == nil && status != "pending" {
		return q, s, fiber.NewError(fiber.StatusConflict, r.T.T("apt.already_decided"))
	}
	return q, s, err
}
