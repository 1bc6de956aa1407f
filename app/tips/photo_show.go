package tips

import (
	"fmt"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"portal06/app/web"
)

// photoShow serves a tip's photo to a unit that can see the tip, never
// cached; for a tip naming a person, only after the officer opened it for
// a stated purpose (audited) within the last 12 hours.
func (h *Handlers) photoShow(c *fiber.Ctx, r *web.Request) error {
	d, err := loadTip(c, r)
	if err != nil {
		return err
	}
	if d.NamesPerson {
		// the photos of a tip naming a person follow its audited opening by this officer
		var opened bool
		err := r.Tx.Raw(`SELECT EXISTS (SELECT 1 FROM audit_log WHERE user_id = ? AND action = 'tip_open' AND query = ?
			AND at > now() - interval '12 hours')`, r.User.UserID, auditQuery(d.ID)).Scan(&opened).Error
		if err != nil {
			return fmt.Errorf("tips: was tip %d opened: %w", d.ID, err)
		}
		if !opened {
			return fiber.ErrForbidden
		}
	}
	n, err := strconv.Atoi(c.Params("n"))
	if err != nil || n < 1 || n > MaxPhotos {
		return fiber.ErrNotFound
	}
	var p []struct {
		ContentType string
		Data        []byte
	}
	if err := r.Tx.Raw(`SELECT content_type, data FROM tip_photos WHERE tip_id = ? AND n = ?`, d.ID, n).Scan(&p).Error; err != nil {
		return fmt.Errorf("tips: read photo %d of tip %d: %w", n, d.ID, err)
	}
	if len(p) == 0 {
		return fiber.ErrNotFound
	}
	c.Set(fiber.HeaderContentType, p[0].ContentType)
	c.Set(fiber.HeaderCacheControl, "no-store")
	c.Set(fiber.HeaderContentDisposition, "inline")
	return c.Send(p[0].Data)
}
