package province

import (
	"errors"

	"github.com/gofiber/fiber/v2"

	"portal06/app/store"
	"portal06/app/web"
)

// reportedSave saves the month's typed values; a wrong field re-renders the
// form with its message (422) and saves nothing.
func (h *Handlers) reportedSave(c *fiber.Ctx, r *web.Request) error {
	m, ok := h.parseMonth(web.Form(c, "month"))
	if !ok {
		return fiber.NewError(fiber.StatusBadRequest, "month")
	}
	area, ok, err := h.entryArea(r, web.Form(c, "area"))
	if err != nil {
		return err
	}
	if !ok {
		return fiber.ErrNotFound
	}
	inds, err := Indicators(r.Tx, h.kinds, r.T)
	if err != nil {
		return err
	}
	typed := map[string]string{}
	var entries []Entry
	for _, ind := range inds {
		if ind.Live {
			continue
		}
		v := web.Form(c, "v_"+ind.Code)
		typed["v_"+ind.Code] = v
		entries = append(entries, Entry{Indicator: ind, Text: v})
	}
	_, err = SaveReported(r.Tx, m, area.ID, entries, r.User.UserID)
	var bad store.Invalid
	if errors.As(err, &bad) {
		return h.reportedScreen(c, r, fiber.StatusUnprocessableEntity, m, area, typed, bad)
	}
	if err != nil {
		return err
	}
	to := "/province/reported?month=" + monthKey(m)
	if prov, err := ProvinceArea(r.Tx); err == nil && prov.ID != area.ID {
		to += "&area=" + itoa64(area.ID)
	}
	return web.Redirect(c, r, to)
}
