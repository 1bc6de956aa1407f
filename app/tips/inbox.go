package tips

import (
	"fmt"
	"net/url"
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/gofiber/fiber/v2"
	"gorm.io/gorm"

	"portal06/app/iddoc"
	"portal06/app/tips/ui"
	"portal06/app/web"
	"portal06/views"
)

// listLength is how much of a description the inbox shows.
const listLength = 280

// inbox lists the tips the unit holds or held, with their descriptions
// (ID and phone numbers masked), filtered by status, category and area.
// With HX-Request it answers only the list, which the live refresh swaps in.
func (h *Handlers) inbox(c *fiber.Ctx, r *web.Request) error {
	unit := r.User.Unit
	f := Filter{Status: web.Query(c, "status"), Category: web.Query(c, "category"), AreaCode: web.Query(c, "area"), Q: web.Query(c, "q")}
	if !contains(Statuses, f.Status) {
		f.Status = ""
	}
	if !contains(Categories, f.Category) {
		f.Category = ""
	}
	if utf8.RuneCountInString(f.Q) > 100 || personRe.MatchString(f.Q) {
		f.Q = "" // ID and phone numbers never travel in a URL: the search ignores them
	}
	pg := web.PageNum(c)
	rows, total, err := listTips(r.Tx, unit.UnitID, f, pg)
	if err != nil {
		return err
	}
	q := url.Values{"status": {f.Status}, "category": {f.Category}, "area": {f.AreaCode}, "q": {f.Q}}
	d := ui.InboxData{ListURL: "/police/tips?" + q.Encode(), EventsURL: "/police/tips/events",
		Pager: views.Pager{Page: pg, PerPage: PerPage, Total: total, BaseHref: "/police/tips?" + q.Encode() + "&"}}
	d.List = views.Table{ID: "tip-list", Empty: r.T.T("tips.none"), Headers: []string{r.T.T("tips.received_on"), r.T.T("tips.category"),
		r.T.T("tips.place"), r.T.T("tips.description"), r.T.T("tips.status"), r.T.T("tips.assignee"), ""}}
	for _, t := range rows {
		place := t.AreaName
		if t.SiteName != "" {
			place = t.SiteName + " · " + t.AreaName
		}
		status := r.T.T("tips.status." + t.Status)
		if !t.Held {
			status += " · " + r.T.T("tips.history_only")
		}
		d.List.Rows = append(d.List.Rows, []views.Cell{{Text: r.T.DateTime(t.CreatedAt)}, {Text: r.T.T("tips.category." + t.Category)},
			{Text: place}, {Text: shorten(maskNumbers(t.Description), listLength)}, {Text: status}, {Text: t.Assignee},
			{Text: r.T.T("tips.open"), Href: "/police/tips/" + strconv.FormatInt(t.ID, 10)}})
	}
	if r.HTMX {
		return web.Render(c, r, fiber.StatusOK, ui.InboxList(d))
	}
	figs, err := inboxFigures(r.Tx, unit.UnitID)
	if err != nil {
		return err
	}
	for _, s := range Statuses {
		d.Figures = append(d.Figures, views.Figure{Label: r.T.T("tips.status." + s), Value: figs[s], Href: "/police/tips?status=" + s})
	}
	d.Filter = h.filter(r, f)
	return web.Render(c, r, fiber.StatusOK, ui.Inbox(h.s.Page(c, r, "tips.inbox_title", "Unit", unit.Name), d))
}

func (h *Handlers) filter(r *web.Request, f Filter) views.Filter {
	st := []views.Option{{Value: "", Label: r.T.T("tips.all_statuses")}}
	for _, s := range Statuses {
		st = append(st, views.Option{Value: s, Label: r.T.T("tips.status." + s)})
	}
	cats := []views.Option{{Value: "", Label: r.T.T("tips.all_categories")}}
	for _, k := range Categories {
		cats = append(cats, views.Option{Value: k, Label: r.T.T("tips.category." + k)})
	}
	areas := []views.Option{{Value: "", Label: r.T.T("filter.all_areas")}}
	if list, err := listAreas(r.Tx); err == nil {
		for _, a := range list {
			areas = append(areas, views.Option{Value: a.Code, Label: a.Name})
		}
	}
	return views.Filter{Action: "/police/tips", Q: f.Q, Fields: []views.Field{
		{Name: "status", Label: r.T.T("tips.status"), Value: f.Status, Options: st},
		{Name: "category", Label: r.T.T("tips.category"), Value: f.Category, Options: cats},
		{Name: "area", Label: r.T.T("tips.area"), Value: f.AreaCode, Options: areas},
	}}
}

// inboxFigures counts the unit's tips by status.
func inboxFigures(tx *gorm.DB, unitID int64) (map[string]int64, error) {
	var rows []struct {
		Status string
		N      int64
	}
	err := tx.Raw(`SELECT t.status, count(*) AS n FROM tips t
		WHERE EXISTS (SELECT 1 FROM tip_units tu WHERE tu.tip_id = t.id AND tu.unit_id = ?) GROUP BY t.status`, unitID).Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("tips: count by status: %w", err)
	}
	out := map[string]int64{}
	for _, r := range rows {
		out[r.Status] = r.N
	}
	return out, nil
}

// maskNumbers masks ID and phone numbers in a text shown in a list.
func maskNumbers(s string) string {
	return personRe.ReplaceAllStringFunc(s, iddoc.MaskNumber)
}

func shorten(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n]) + "…"
}

// inboxEvents streams the unit's new tips as server-sent events.
func (h *Handlers) inboxEvents(c *fiber.Ctx, r *web.Request) error {
	if h.live == nil {
		return fiber.ErrServiceUnavailable
	}
	events, cancel := h.live.Subscribe(Topic(r.User.Unit.UnitID))
	return h.s.StreamEvents(c, events, cancel, "tip", 12*time.Hour)
}
