package police

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/gofiber/fiber/v2"

	"portal06/app/audit"
	"portal06/app/export"
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
	Purpose   string
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
	if err := q.Select("w.id, u.code AS unit_code, w.doc_number, w.purpose, w.note, w.created_at").Order("w.created_at DESC").Limit(1000).Scan(&rows).Error; err != nil {
		return fmt.Errorf("police: list watchlist: %w", err)
	}
	canWrite := h.s.Authz().Allow(r.Role, "police.watchlist", "write")
	t := &views.Table{ID: "watchlist", Empty: r.T.T("watch.none"), Headers: []string{r.T.T("field.document_number"), r.T.T("watch.purpose"),
		r.T.T("watch.note"), r.T.T("audit.unit"), r.T.T("common.created"), ""}}
	for _, w := range rows {
		action := views.Cell{}
		if canWrite && (isPC06(r) || w.UnitCode == r.User.Unit.Code) {
			action = views.Cell{Post: "/police/watchlist/" + strconv.FormatInt(w.ID, 10) + "/remove", CSRF: r.CSRF, Button: r.T.T("form.remove"), Danger: true}
		}
		t.Rows = append(t.Rows, []views.Cell{{Text: w.DocNumber}, {Text: w.Purpose}, {Text: w.Note}, {Text: w.UnitCode},
			{Text: r.T.DateTime(w.CreatedAt)}, action})
	}
	secs := []views.Section{}
	if len(problems) > 0 {
		secs = append(secs, views.Section{ID: "problems", Title: r.T.T("watch.upload_failed"), Text: strings.Join(problems, " · ")})
	}
	secs = append(secs, views.Section{ID: "list", Table: t})
	if canWrite {
		if add == nil {
			f := watchForm(r, watchInput{}, nil)
			add = &f
		}
		upload := views.Form{ID: "watch-upload", Action: "/police/watchlist/upload", Submit: r.T.T("watch.upload"), Multipart: true, Fields: []views.Field{
			{Name: "file", Label: r.T.T("watch.file"), Type: "file", Required: true, Hint: r.T.T("watch.file_hint")},
			{Name: "purpose", Label: r.T.T("watch.purpose"), Type: "text", Required: true, Hint: r.T.T("watch.purpose_hint")},
			{Name: "_csrf", Type: "hidden", Value: r.CSRF}}}
		secs = append(secs, views.Section{ID: "add", Title: r.T.T("watch.add"), Form: add}, views.Section{ID: "upload", Title: r.T.T("watch.upload"), Form: &upload})
	}
	if r.HTMX && status == fiber.StatusUnprocessableEntity && add != nil && len(problems) == 0 {
		return web.Render(c, r, status, views.FormView(*add))
	}
	return web.Render(c, r, status, views.ScreenView(h.s.Page(c, r, "watch.title"), views.Screen{Sections: secs}))
}

// watchInput is one entry to add: the number, why, and a note.
type watchInput struct{ Number, Purpose, Note string }

func watchForm(r *web.Request, in watchInput, errs map[string]string) views.Form {
	return views.Form{ID: "watch-form", Action: "/police/watchlist", Submit: r.T.T("form.add"), Fields: []views.Field{
		{Name: "doc_number", Label: r.T.T("field.document_number"), Type: "text", Value: in.Number, Required: true, Error: errs["doc_number"], MaxLength: 20},
		{Name: "purpose", Label: r.T.T("watch.purpose"), Type: "text", Value: in.Purpose, Required: true, Error: errs["purpose"], MaxLength: 200,
			Hint: r.T.T("watch.purpose_hint")},
		{Name: "note", Label: r.T.T("watch.note"), Type: "text", Value: in.Note, Error: errs["note"], MaxLength: 500},
		{Name: "_csrf", Type: "hidden", Value: r.CSRF}}}
}

// check normalises the number and names every field that is wrong, by
// its message id.
func (in *watchInput) check() map[string]string {
	in.Number = strings.ToUpper(strings.ReplaceAll(strings.TrimSpace(in.Number), " ", ""))
	in.Purpose, in.Note = strings.TrimSpace(in.Purpose), strings.TrimSpace(in.Note)
	bad := map[string]string{}
	switch {
	case in.Number == "":
		bad["doc_number"] = "validation.required"
	case !watch.ValidNumber(in.Number):
		bad["doc_number"] = "watch.number"
	}
	if code := audit.CheckPurpose(in.Purpose); code != "" {
		bad["purpose"] = code
	}
	if utf8.RuneCountInString(in.Note) > 500 {
		bad["note"] = "validation.too_long"
	}
	return bad
}

// addWatch stores one entry and audits it; a number already on the unit's
// list is kept once. It returns the problems of a refusal by field.
func (h *Handlers) addWatch(r *web.Request, in watchInput) (map[string]string, error) {
	if bad := in.check(); len(bad) > 0 {
		return bad, nil
	}
	res := r.Tx.Exec(`INSERT INTO watchlist (unit_id, doc_number, purpose, note, created_by) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
		r.User.Unit.UnitID, in.Number, in.Purpose, in.Note, r.User.UserID)
	if res.Error != nil {
		return nil, fmt.Errorf("police: add to watchlist: %w", res.Error)
	}
	if res.RowsAffected == 0 {
		return nil, nil // on the list already
	}
	return nil, h.audit.Write(r.Tx, h.entry(r, "watch_add", in.Number, in.Note, in.Purpose, 1))
}

func (h *Handlers) watchAdd(c *fiber.Ctx, r *web.Request) error {
	in := watchInput{Number: web.Form(c, "doc_number"), Purpose: web.Form(c, "purpose"), Note: web.Form(c, "note")}
	bad, err := h.addWatch(r, in)
	if err != nil {
		return err
	}
	if len(bad) > 0 {
		msgs := map[string]string{}
		for field, code := range bad {
			msgs[field] = r.T.T(code)
		}
		f := watchForm(r, in, msgs)
		return h.renderWatchlist(c, r, fiber.StatusUnprocessableEntity, &f, nil)
	}
	return web.Redirect(c, r, "/police/watchlist")
}

// watchUpload adds the numbers of an XLSX file (column A: number, column B:
// note; a header row is skipped) for the purpose stated with the file, all
// of them or, on any bad row, none.
func (h *Handlers) watchUpload(c *fiber.Ctx, r *web.Request) error {
	purpose := web.Form(c, "purpose")
	if code := audit.CheckPurpose(purpose); code != "" {
		return h.renderWatchlist(c, r, fiber.StatusUnprocessableEntity, nil, []string{r.T.T("watch.purpose") + ": " + r.T.T(code)})
	}
	fh, err := c.FormFile("file")
	if err != nil {
		return h.renderWatchlist(c, r, fiber.StatusUnprocessableEntity, nil, []string{r.T.T("watch.file") + ": " + r.T.T("validation.required")})
	}
	rows, err := export.ReadUpload(fh, 8<<20)
	if errors.Is(err, export.ErrBadFile) {
		return h.renderWatchlist(c, r, fiber.StatusUnprocessableEntity, nil, []string{r.T.T("watch.file") + ": " + r.T.T("watch.not_xlsx")})
	} else if err != nil {
		return err
	}
	var problems []string
	added := 0
	for i, row := range rows {
		if len(row) == 0 || strings.TrimSpace(row[0]) == "" {
			continue
		}
		in := watchInput{Number: row[0], Purpose: purpose}
		if len(row) > 1 {
			in.Note = row[1]
		}
		bad, err := h.addWatch(r, in)
		if err != nil {
			return err
		}
		if len(bad) > 0 {
			if i == 0 && bad["doc_number"] != "" {
				continue // a header row
			}
			for _, field := range []string{"doc_number", "note"} {
				if code, ok := bad[field]; ok {
					problems = append(problems, r.T.T("watch.row", "Row", i+1, "Problem", r.T.T(watchFieldLabel[field])+": "+r.T.T(code)))
				}
			}
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

// watchFieldLabel are the labels of the entry's fields.
var watchFieldLabel = map[string]string{"doc_number": "field.document_number", "note": "watch.note"}

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
	var removed []struct{ DocNumber, Purpose string }
	if err := r.Tx.Raw(q+` RETURNING doc_number, purpose`, args...).Scan(&removed).Error; err != nil {
		return fmt.Errorf("police: remove watch %d: %w", id, err)
	}
	if len(removed) == 0 {
		return fiber.ErrNotFound
	}
	if err := h.audit.Write(r.Tx, h.entry(r, "watch_remove", removed[0].DocNumber, "", removed[0].Purpose, 1)); err != nil {
		return err
	}
	return web.Redirect(c, r, "/police/watchlist")
}

// alerts lists the unit's alerts not yet acknowledged, newest first: when,
// the number masked and whose entry it is; who and where only when the
// alert is opened, which is audited.
func (h *Handlers) alerts(c *fiber.Ctx, r *web.Request) error {
	var rows []struct {
		ID        int64
		CreatedAt time.Time
		DocNumber string
		Owner     string
		Details   bool
	}
	err := r.Tx.Raw(`SELECT a.id, a.created_at, a.doc_number, u.code AS owner, au.details
		FROM watch_alert_units au JOIN watch_alerts a ON a.tenant_id = au.tenant_id AND a.id = au.alert_id JOIN watchlist w ON w.id = a.watch_id
		JOIN police_units u ON u.id = w.unit_id
		WHERE au.unit_id = ? AND au.acknowledged_at IS NULL ORDER BY a.id DESC LIMIT 100`, r.User.Unit.UnitID).Scan(&rows).Error
	if err != nil {
		return fmt.Errorf("police: list alerts: %w", err)
	}
	t := views.Table{ID: "alert-list", Empty: r.T.T("watch.no_alerts"), Headers: []string{r.T.T("acc_history.when"),
		r.T.T("field.document_number"), r.T.T("watch.owner"), "", ""}}
	for _, a := range rows {
		id := strconv.FormatInt(a.ID, 10)
		t.Rows = append(t.Rows, []views.Cell{{Text: r.T.DateTime(a.CreatedAt)}, {Text: iddoc.MaskNumber(a.DocNumber)}, {Text: a.Owner},
			{Text: r.T.T("watch.open"), Href: "/police/alerts/" + id},
			{Post: "/police/alerts/" + id + "/ack", CSRF: r.CSRF, Button: r.T.T("watch.ack")}})
	}
	return web.Render(c, r, fiber.StatusOK, views.AlertList(t, len(rows)))
}

// alertShow opens one of the unit's alerts, audited. A unit of the site's
// jurisdiction, and PC06, see who checked in and where; a unit that
// watches the number from elsewhere sees that its entry matched and which
// local unit to ask.
func (h *Handlers) alertShow(c *fiber.Ctx, r *web.Request) error {
	id, err := strconv.ParseInt(c.Params("id"), 10, 64)
	if err != nil || id <= 0 {
		return fiber.ErrNotFound
	}
	var a struct {
		ID                                  int64
		TenantID, SiteID, RecordID, OwnerID int64
		Source                              string
		CreatedAt                           time.Time
		FullName, DocNumber, SiteName       string
		AreaName, Owner, Purpose, Note      string
		Contact                             *string
		Details                             bool
		Acknowledged                        *time.Time
	}
	err = r.Tx.Raw(`SELECT a.id, a.tenant_id, a.site_id, a.record_id, a.source, a.created_at, a.full_name, a.doc_number, a.site_name,
			a.area_name, w.unit_id AS owner_id, u.code AS owner, w.purpose, w.note, cu.name AS contact, au.details,
			au.acknowledged_at AS acknowledged
		FROM watch_alert_units au JOIN watch_alerts a ON a.tenant_id = au.tenant_id AND a.id = au.alert_id
		JOIN watchlist w ON w.id = a.watch_id JOIN police_units u ON u.id = w.unit_id
		LEFT JOIN police_units cu ON cu.id = a.contact_unit_id
		WHERE au.unit_id = ? AND a.id = ?`, r.User.Unit.UnitID, id).Scan(&a).Error
	if err != nil {
		return fmt.Errorf("police: open alert %d: %w", id, err)
	}
	if a.ID == 0 {
		return fiber.ErrNotFound // not addressed to this unit
	}
	own := a.OwnerID == r.User.Unit.UnitID || isPC06(r)
	results := 0
	if a.Details {
		results = 1
	}
	purpose := ""
	if own {
		purpose = a.Purpose
	}
	if err := h.audit.Write(r.Tx, h.entry(r, "alert_open", a.DocNumber, "", purpose, results)); err != nil {
		return err
	}
	fact := func(label, v string) views.Cell { return views.Cell{Text: r.T.T(label) + ": " + v} }
	var facts []views.Cell
	facts = append(facts, fact("acc_history.when", r.T.DateTime(a.CreatedAt)), fact("watch.owner", a.Owner))
	if own {
		facts = append(facts, fact("watch.purpose", a.Purpose))
		if a.Note != "" {
			facts = append(facts, fact("watch.note", a.Note))
		}
	}
	var text string
	var form *views.Form
	if a.Details {
		facts = append(facts, fact("field.full_name", a.FullName), fact("field.document_number", a.DocNumber),
			fact("sites.name", a.SiteName), fact("sites.area", a.AreaName))
		text = r.T.T("watch.matched_here")
		var docType string
		if err := r.Tx.Raw(`SELECT doc_type FROM identity_records WHERE tenant_id = ? AND source = ? AND record_id = ?`,
			a.TenantID, a.Source, a.RecordID).Scan(&docType).Error; err != nil {
			return fmt.Errorf("police: identity of alert %d: %w", id, err)
		}
		if docType != "" {
			form = &views.Form{ID: "alert-person", Action: "/police/person", Submit: r.T.T("search.open"), Fields: []views.Field{
				{Name: "purpose", Label: r.T.T("search.purpose"), Type: "text", Value: purpose, Required: true, Hint: r.T.T("search.purpose_hint")},
				{Name: "doc_type", Type: "hidden", Value: docType}, {Name: "doc_number", Type: "hidden", Value: a.DocNumber},
				{Name: "_csrf", Type: "hidden", Value: r.CSRF}}}
		}
	} else {
		facts = append(facts, fact("field.document_number", iddoc.MaskNumber(a.DocNumber)))
		contact := r.T.T("watch.contact_unknown")
		if a.Contact != nil {
			contact = *a.Contact
		}
		text = r.T.T("watch.matched_elsewhere", "Unit", contact)
	}
	rows := make([][]views.Cell, len(facts))
	for i, f := range facts {
		rows[i] = []views.Cell{f}
	}
	scr := views.Screen{Actions: []views.NavLink{{Label: r.T.T("nav.police"), Href: "/police"}},
		Sections: []views.Section{{ID: "alert", Text: text, Table: &views.Table{ID: "alert-facts", Headers: []string{r.T.T("watch.alert")}, Rows: rows}}}}
	if form != nil {
		scr.Sections = append(scr.Sections, views.Section{ID: "open-person", Title: r.T.T("search.open"), Form: form})
	}
	if a.Acknowledged == nil {
		ack := views.Form{ID: "alert-ack", Action: "/police/alerts/" + strconv.FormatInt(a.ID, 10) + "/ack", Submit: r.T.T("watch.ack"),
			Fields: []views.Field{{Name: "_csrf", Type: "hidden", Value: r.CSRF}}}
		scr.Sections = append(scr.Sections, views.Section{ID: "ack", Form: &ack})
	}
	return web.Render(c, r, fiber.StatusOK, views.ScreenView(h.s.Page(c, r, "watch.alert_title"), scr))
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
