package police

import (
	"bytes"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"
	"gorm.io/gorm"

	"portal06/app/export"
	"portal06/app/i18n"
	"portal06/app/store"
	"portal06/app/web"
	"portal06/views"
)

// auditRow is one audit entry as the page lists it.
type auditRow struct {
	ID       int64
	At       time.Time
	Username string
	UnitCode string
	Role     string
	Action   string
	Query    string
	Purpose  string
	Results  int
}

// auditFilter narrows the audit log.
type auditFilter struct {
	Officer, Unit, Person, From, To string
}

func (h *Handlers) auditQuery(tx *gorm.DB, f auditFilter) *gorm.DB {
	q := tx.Table("audit_log")
	if f.Officer != "" {
		q = q.Where("username = ?", strings.ToLower(f.Officer))
	}
	if f.Unit != "" {
		q = q.Where("unit_code = ?", strings.ToUpper(f.Unit))
	}
	if f.Person != "" {
		q = q.Where("subject_hmac = ?", h.audit.HMAC(f.Person))
	}
	if t, err := time.ParseInLocation("2006-01-02", f.From, i18n.Zone); err == nil {
		q = q.Where("at >= ?", t)
	}
	if t, err := time.ParseInLocation("2006-01-02", f.To, i18n.Zone); err == nil {
		q = q.Where("at < ?", t.AddDate(0, 0, 1))
	}
	return q
}

// auditFilterOf reads the filter: from the posted form, or from the query
// string without the person, so that an ID number never lands in a URL.
func auditFilterOf(c *fiber.Ctx) auditFilter {
	if c.Method() == fiber.MethodPost {
		return auditFilter{Officer: web.Form(c, "officer"), Unit: web.Form(c, "unit"), Person: web.Form(c, "person"),
			From: web.Form(c, "from"), To: web.Form(c, "to")}
	}
	return auditFilter{Officer: web.Query(c, "officer"), Unit: web.Query(c, "unit"), From: web.Query(c, "from"), To: web.Query(c, "to")}
}

// hidden are the filter's fields, to post again for another page or the export.
func (f auditFilter) hidden() []views.Hidden {
	return []views.Hidden{{Name: "officer", Value: f.Officer}, {Name: "unit", Value: f.Unit}, {Name: "person", Value: f.Person},
		{Name: "from", Value: f.From}, {Name: "to", Value: f.To}}
}

// auditPage lists the audit log for PC06 and the system admin, filtered by
// officer, unit, person (by the HMAC of the number typed) and dates. The
// filter is posted, and so are its pages and its export.
func (h *Handlers) auditPage(c *fiber.Ctx, r *web.Request) error {
	f := auditFilterOf(c)
	pg := web.PageNum(c)
	q := h.auditQuery(r.Tx, f)
	var total int64
	if err := q.Session(&gorm.Session{}).Count(&total).Error; err != nil {
		return fmt.Errorf("police: count audit entries: %w", err)
	}
	var rows []auditRow
	if err := q.Order("id DESC").Limit(store.PerPage).Offset(store.Offset(pg)).Scan(&rows).Error; err != nil {
		return fmt.Errorf("police: list audit entries: %w", err)
	}
	base := c.Path()
	t := &views.Table{ID: "audit", Empty: r.T.T("audit.none"), Headers: []string{"#", r.T.T("acc_history.when"), r.T.T("audit.officer"),
		r.T.T("audit.unit"), r.T.T("audit.action"), r.T.T("audit.query"), r.T.T("search.purpose"), r.T.T("audit.results")}}
	for _, a := range rows {
		t.Rows = append(t.Rows, []views.Cell{{Text: strconv.FormatInt(a.ID, 10)}, {Text: r.T.DateTime(a.At)}, {Text: a.Username},
			{Text: a.UnitCode}, {Text: r.T.T("audit.action_" + a.Action)}, {Text: a.Query}, {Text: a.Purpose}, {Text: strconv.Itoa(a.Results)}})
	}
	form := views.Form{ID: "audit-filter", Action: base, Plain: true, Submit: r.T.T("filter.apply"), Fields: []views.Field{
		{Name: "officer", Label: r.T.T("audit.officer"), Type: "text", Value: f.Officer},
		{Name: "unit", Label: r.T.T("audit.unit"), Type: "text", Value: f.Unit},
		{Name: "person", Label: r.T.T("audit.person"), Type: "text", Value: f.Person, Hint: r.T.T("audit.person_hint")},
		{Name: "from", Label: r.T.T("common.from"), Type: "date", Value: f.From},
		{Name: "to", Label: r.T.T("common.to"), Type: "date", Value: f.To},
		{Name: "_csrf", Type: "hidden", Value: r.CSRF},
	}}
	export := views.Form{ID: "audit-export", Action: base + ".xlsx", Plain: true, Submit: r.T.T("audit.export"),
		Fields: []views.Field{{Name: "_csrf", Type: "hidden", Value: r.CSRF}}}
	for _, hf := range f.hidden() {
		export.Fields = append(export.Fields, views.Field{Name: hf.Name, Type: "hidden", Value: hf.Value})
	}
	pager := &views.Pager{Page: pg, PerPage: store.PerPage, Total: total}
	if c.Method() == fiber.MethodPost {
		pager.Post, pager.Fields, pager.CSRF = base, f.hidden(), r.CSRF
	} else {
		pager.BaseHref = base + "?" + url.Values{"officer": {f.Officer}, "unit": {f.Unit}, "from": {f.From}, "to": {f.To}}.Encode() + "&"
	}
	scr := views.Screen{Sections: []views.Section{{ID: "filter", Form: &form}, {ID: "export", Form: &export},
		{ID: "list", Table: t, Pager: pager}}}
	return web.Render(c, r, fiber.StatusOK, views.ScreenView(h.s.Page(c, r, "audit.title"), scr))
}

// auditExport downloads the filtered audit log as XLSX, formula-safe.
func (h *Handlers) auditExport(c *fiber.Ctx, r *web.Request) error {
	var rows []auditRow
	if err := h.auditQuery(r.Tx, auditFilterOf(c)).Order("id").Limit(100000).Scan(&rows).Error; err != nil {
		return fmt.Errorf("police: export audit entries: %w", err)
	}
	sh := export.Sheet{Name: "audit", Headers: []string{"id", "at", "officer", "unit", "role", "action", "query", "purpose", "results"}}
	for _, a := range rows {
		sh.Rows = append(sh.Rows, []any{a.ID, a.At.In(i18n.Zone).Format("02/01/2006 15:04:05"), a.Username, a.UnitCode, a.Role, a.Action, a.Query, a.Purpose, a.Results})
	}
	var buf bytes.Buffer
	if err := export.Write(&buf, sh); err != nil {
		return err
	}
	c.Set(fiber.HeaderContentType, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	c.Set(fiber.HeaderContentDisposition, `attachment; filename="audit.xlsx"`)
	return c.Send(buf.Bytes())
}
