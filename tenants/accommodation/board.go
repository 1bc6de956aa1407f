package accommodation

import (
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"portal06/app/web"
	"portal06/tenants/accommodation/ui"
	"portal06/views"
)

// board is a site's occupancy board: the guests staying now and how their
// notifications stand against the deadline, refreshed every 30 seconds.
func (k *Kind) board(c *fiber.Ctx, r *web.Request) error {
	s, err := k.site(c, r)
	if err != nil {
		return err
	}
	stays, more, err := ListStays(r.Tx, r.Tenant.ID, StayFilter{SiteID: s.ID, OpenOnly: true}, Cursor{}, 500)
	if err != nil {
		return err
	}
	total := int64(len(stays))
	if more {
		if total, err = CountOpenStays(r.Tx, r.Tenant.ID, s.ID); err != nil {
			return err
		}
	}
	now := k.d.Now()
	ot, err := OnTimeSince(r.Tx, r.Tenant.ID, now.AddDate(0, 0, -30), now)
	if err != nil {
		return err
	}
	d := ui.BoardData{Rows: k.rows(r, stays), Fragment: siteHref(r, s.ID, "/board"), CheckinURL: siteHref(r, s.ID, "/checkin"),
		RegisterURL: siteHref(r, s.ID, "/register.xlsx"), PendingURL: k.base(r) + "notifications/pending.xlsx"}
	var late, soon int64
	for _, row := range d.Rows {
		switch row.NotifyClass {
		case "late", "refused":
			late++
		case "warn":
			soon++
		}
	}
	d.Warn = late+soon > 0
	d.Figures = []views.Figure{
		{Label: r.T.T("acc.guests_now"), Value: total},
		{Label: r.T.T("acc.due_soon"), Value: soon},
		{Label: r.T.T("acc.late_or_refused"), Value: late},
	}
	if rate := ot.Rate(); rate >= 0 {
		d.RateText = r.T.T("acc.on_time_rate", "Rate", rate, "OnTime", ot.OnTime, "Due", ot.Due)
	} else {
		d.RateText = r.T.T("acc.on_time_none")
	}
	if r.HTMX {
		return web.Render(c, r, fiber.StatusOK, ui.BoardBody(d))
	}
	d.Saved = groupSaved(c, r)
	return web.Render(c, r, fiber.StatusOK, ui.Board(k.s.Page(c, r, "acc.board_title", "Site", s.Name), d))
}

// groupSaved confirms a group check-in that redirected here with
// ?saved=N&existing=M; it is empty on any other visit.
func groupSaved(c *fiber.Ctx, r *web.Request) string {
	count := func(name string) int {
		n, err := strconv.Atoi(web.Query(c, name))
		if err != nil || n < 0 || n > 1000 {
			return 0
		}
		return n
	}
	var parts []string
	if n := count("saved"); n > 0 {
		parts = append(parts, r.T.T("group.saved", "Count", n))
	}
	if n := count("existing"); n > 0 {
		parts = append(parts, r.T.T("group.saved_existing", "Count", n))
	}
	return strings.Join(parts, " ")
}
