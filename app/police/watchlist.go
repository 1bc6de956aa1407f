package police

import (
	"bytes"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/xuri/excelize/v2"

	"portal06/app/iddoc"
	"portal06/app/watch"
	"portal06/app/web"
	"portal06/views"
)

// isPC06 reports whether the officer's unit sees every unit's watchlist.
func isPC06(r *web.Request) bool { return strings.HasPrefix(r.Role, "pc06_") }

type watchEntry struct {
	ID        int64
	UnitCode  string
	DocNumber string
	Note      string
	CreatedAt time.Time
}

// watchlist lists the unit's entries (PC06: every unit's) and offers to add more.
func (h *Handlers) watchlist(c *fiber.Ctx, r *web.Request) error {
	return h.renderWatchlist(c, r, fiber.StatusOK, nil, nil)
}

func (h *Handlers) renderWatchlist(c *fiber.Ctx, r *web.Request, status int, add *views.Form, problems []string) error {
	q := r.Tx.Table("watchlist w").Joins("JOIN police_units u ON u.id = w.unit_id").Where("w.removed_at IS NULL")
	if !isPC06(r) {
		q = q.Where("w.unit_id = ?", r.User.Unit.UnitID)
	}
	var rows []watchEntry
	if err := q.Select("w.id, u.code AS unit_code, w.doc_number, w.note, w.created_at").Order("w.created_at DESC").Limit(1000).Scan(&rows).Error; err != nil {
		return fmt.Errorf("police: list watchlist: %w", err)
	}
	canWrite := h.s.Authz().Allow(r.Role, "police.watchlist", "write")
	t := &views.Table{ID: "watchlist", Empty: r.T.T("watch.none"), Headers: []string{r.T.T("field.document_number"), r.T.T("watch.note"),
		r.T.T("audit.unit"), r.T.T("common.created"), ""}}
	for _, w := range rows {
		action := views.Cell{}
		if canWrite && (isPC06(r) || w.UnitCode == r.User.Unit.Code) {
			action = views.Cell{Post: "/police/watchlist/" + strconv.FormatInt(w.ID, 10) + "/remove", CSRF: r.CSRF, Button: r.T.T("form.remove"), Danger: true}
		}
		t.Rows = append(t.Rows, []views.Cell{{Text: w.DocNumber}, {Text: w.Note}, {Text: w.UnitCode}, {Text: r.T.DateTime(w.CreatedAt)}, action})
	}
	secs := []views.Section{}
	if len(problems) > 0 {
		secs = append(secs, views.Section{ID: "problems", Title: r.T.T("watch.upload_failed"), Text: strings.Join(problems, " · ")})
	}
	secs = append(secs, views.Section{ID: "list", Table: t})
	if canWrite {
		if add == nil {
			f := watchForm(r, "", "", nil)
			add = &f
		}
		upload := views.Form{ID: "watch-upload", Action: "/police/watchlist/upload", Submit: r.T.T("watch.upload"), Multipart: true, Fields: []views.Field{
			{Name: "file", Label: r.T.T("watch.file"), Type: "file", Required: true, Hint: r.T.T("watch.file_hint")},
			{Name: "_csrf", Type: "hidden", Value: r.CSRF}}}
		secs = append(secs, views.Section{ID: "add", Title: r.T.T("watch.add"), Form: add}, views.Section{ID: "upload", Title: r.T.T("watch.upload"), Form: &upload})
	}
	if r.HTMX && status == fiber.StatusUnprocessableEntity && add != nil && len(problems) == 0 {
		return web.Render(c, r, status, views.FormView(*add))
	}
	return web.Render(c, r, status, views.ScreenView(h.s.Page(c, r, "watch.title"), views.Screen{Sections: secs}))
}

func watchForm(r *web.Request, number, note string, errs map[string]string) views.Form {
	return views.Form{ID: "watch-form", Action: "/police/watchlist", Submit: r.T.T("form.add"), Fields: []views.Field{
		{Name: "doc_number", Label: r.T.T("field.document_number"), Type: "text", Value: number, Required: true, Error: errs["doc_number"]},
		{Name: "note", Label: r.T.T("watch.note"), Type: "text", Value: note, Error: errs["note"]},
		{Name: "_csrf", Type: "hidden", Value: r.CSRF}}}
}

// addWatch stores one entry; a number already on the unit's list is kept
// once. A refusal names its field (doc_number or note) and its message id.
func addWatch(r *web.Request, number, note string) (field, code string, err error) {
	number = strings.ToUpper(strings.ReplaceAll(strings.TrimSpace(number), " ", ""))
	switch {
	case number == "":
		return "doc_number", "validation.required", nil
	case !watch.ValidNumber(number):
		return "doc_number", "watch.number", nil
	case len([]rune(note)) > 500:
		return "note", "validation.too_long", nil
	}
	err = r.Tx.Exec(`INSERT INTO watchlist (unit_id, doc_number, note, created_by) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING`,
		r.User.Unit.UnitID, number, strings.TrimSpace(note), r.User.UserID).Error
	if err != nil {
		return "", "", fmt.Errorf("police: add to watchlist: %w", err)
	}
	return "", "", nil
}

func (h *Handlers) watchAdd(c *fiber.Ctx, r *web.Request) error {
	number, note := web.Form(c, "doc_number"), web.Form(c, "note")
	field, code, err := addWatch(r, number, note)
	if err != nil {
		return err
	}
	if code != "" {
		f := watchForm(r, number, note, map[string]string{field: r.T.T(code)})
		return h.renderWatchlist(c, r, fiber.StatusUnprocessableEntity, &f, nil)
	}
	return web.Redirect(c, r, "/police/watchlist")
}

// watchUpload adds the numbers of an XLSX file (column A: number, column B:
// note; a header row is skipped), all of them or, on any bad row, none.
func (h *Handlers) watchUpload(c *fiber.Ctx, r *web.Request) error {
	fh, err := c.FormFile("file")
	if err != nil {
		return h.renderWatchlist(c, r, fiber.StatusUnprocessableEntity, nil, []string{r.T.T("watch.file") + ": " + r.T.T("validation.required")})
	}
	f, err := fh.Open()
	if err != nil {
		return err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, 8<<20))
	if err != nil {
		return err
	}
	book, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		return h.renderWatchlist(c, r, fiber.StatusUnprocessableEntity, nil, []string{r.T.T("watch.file") + ": " + r.T.T("watch.not_xlsx")})
	}
	defer book.Close()
	rows, err := book.GetRows(book.GetSheetName(0))
	if err != nil {
		return err
	}
	var problems []string
	added := 0
	for i, row := range rows {
		if len(row) == 0 || strings.TrimSpace(row[0]) == "" {
			continue
		}
		note := ""
		if len(row) > 1 {
			note = row[1]
		}
		field, code, err := addWatch(r, row[0], note)
		if err != nil {
			return err
		}
		if code != "" {
			if i == 0 && field == "doc_number" {
				continue // a header row
			}
			label := r.T.T("field.document_number")
			if field == "note" {
				label = r.T.T("watch.note")
			}
			problems = append(problems, r.T.T("watch.row", "Row", i+1, "Problem", label+": "+r.T.T(code)))
			continue
		}
		added++
	}
	if len(problems) > 0 || added == 0 {
		if added == 0 && len(problems) == 0 {
			problems = append(problems, r.T.T("watch.empty_file"))
		}
		return h.renderWatchlist(c, r, fiber.StatusUnprocessableEntity, nil, problems) // the transaction rolls back: none is kept
	}
	return web.Redirect(c, r, "/police/watchlist")
}

func (h *Handlers) watchRemove(c *fiber.Ctx, r *web.Request) error {
	id, err := strconv.ParseInt(c.Params("id"), 10, 64)
	if err != nil {
		return fiber.ErrNotFound
	}
	q := `UPDATE watchlist SET removed_at = now() WHERE id = ? AND removed_at IS NULL`
	args := []any{id}
	if !isPC06(r) {
		q += ` AND unit_id = ?`
		args = append(args, r.User.Unit.UnitID)
	}
	res := r.Tx.Exec(q, args...)
	if res.Error != nil {
		return fmt.Errorf("police: remove watch %d: %w", id, res.Error)
	}
	if res.RowsAffected == 0 {
		return fiber.ErrNotFound
	}
	return web.Redirect(c, r, "/police/watchlist")
}

// alerts lists the unit's alerts not yet acknowledged, newest first.
func (h *Handlers) alerts(c *fiber.Ctx, r *web.Request) error {
	var rows []struct {
		ID                                  int64
		CreatedAt                           time.Time
		FullName, DocNumber, SiteName, Note string
		AreaName, Owner                     string
	}
	err := r.Tx.Raw(`SELECT a.id, a.created_at, a.full_name, a.doc_number, a.site_name, a.area_name,
			CASE WHEN w.unit_id = ? OR ? THEN w.note ELSE '' END AS note, u.code AS owner
		FROM watch_alert_units au JOIN watch_alerts a ON a.tenant_id = au.tenant_id AND a.id = au.alert_id JOIN watchlist w ON w.id = a.watch_id
		JOIN police_units u ON u.id = w.unit_id
		WHERE au.unit_id = ? AND au.acknowledged_at IS NULL ORDER BY a.id DESC LIMIT 100`,
		r.User.Unit.UnitID, isPC06(r), r.User.Unit.UnitID).Scan(&rows).Error
	if err != nil {
		return fmt.Errorf("police: list alerts: %w", err)
	}
	t := views.Table{ID: "alert-list", Empty: r.T.T("watch.no_alerts"), Headers: []string{r.T.T("acc_history.when"), r.T.T("field.full_name"),
		r.T.T("field.document_number"), r.T.T("sites.name"), r.T.T("watch.note"), ""}}
	for _, a := range rows {
		t.Rows = append(t.Rows, []views.Cell{{Text: r.T.DateTime(a.CreatedAt)}, {Text: a.FullName}, {Text: iddoc.MaskNumber(a.DocNumber)},
			{Text: a.SiteName + " · " + a.AreaName}, {Text: a.Note},
			{Post: "/police/alerts/" + strconv.FormatInt(a.ID, 10) + "/ack", CSRF: r.CSRF, Button: r.T.T("watch.ack")}})
	}
	return web.Render(c, r, fiber.StatusOK, views.AlertList(t, len(rows)))
}

func (h *Handlers) alertAck(c *fiber.Ctx, r *web.Request) error {
	id, err := strconv.ParseInt(c.Params("id"), 10, 64)
	if err != nil {
		return fiber.ErrNotFound
	}
	res := r.Tx.Exec(`UPDATE watch_alert_units SET acknowledged_at = now(), acknowledged_by = ?
		WHERE alert_id = ? AND unit_id = ? AND acknowledged_at IS NULL`, r.User.UserID, id, r.User.Unit.UnitID)
	if res.Error != nil {
		return fmt.Errorf("police: acknowledge alert %d: %w", id, res.Error)
	}
	if res.RowsAffected == 0 {
		return fiber.ErrNotFound
	}
	return web.Redirect(c, r, "/police")
}

// alertEvents streams the unit's new alerts as server-sent events.
func (h *Handlers) alertEvents(c *fiber.Ctx, r *web.Request) error {
	if h.live == nil {
		return fiber.ErrServiceUnavailable
	}
	events, cancel := h.live.Subscribe(watch.Topic(r.User.Unit.UnitID))
	return h.s.StreamEvents(c, events, cancel, "alert", 12*time.Hour)
}
