package tips

import (
	"fmt"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"portal06/app/web"
)

// photoShow serves a tip's photo to a unit that can see the tip, never cached.
func (h *Handlers) photoShow(c *fiber.Ctx, r *web.Request) error {
	d, err := loadTip(c, r)
	if err != nil {
		return err
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
