package apartment

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/gofiber/fiber/v2"

	"portal06/app/iddoc"
	"portal06/app/store"
	"portal06/app/web"
	"portal06/views"
)

// SelfReg is a resident's own request, waiting in the manager's queue.
type SelfReg struct {
	ID            int64
	SiteID        int64
	UnitCode      string
	DocType       string
	DocNumber     string
	OldNumber     string
	FullName      string
	BirthDate     time.Time
	Sex           string
	Nationality   string
	Address       string
	Relation      string
	ResidenceType string
	MoveIn        time.Time
	Status        string
	CreatedAt     time.Time
}

const selfRegColumns = `id, site_id, unit_code, doc_type, doc_number, old_number, full_name, birth_date, sex, nationality, address,
	relation, residence_type, move_in, status, created_at`

// queue lists a site's pending self-registrations, numbers masked.
func (k *Kind) queue(c *fiber.Ctx, r *web.Request) error {
	s, err := k.site(c, r)
	if err != nil {
		return err
	}
	return k.renderQueue(c, r, fiber.StatusOK, s.ID, s.Name, "")
}

func (k *Kind) renderQueue(c *fiber.Ctx, r *web.Request, status int, siteID int64, siteName, problem string) error {
	page := web.PageNum(c)
	var total int64
	if err := r.Tx.Raw(`SELECT count(*) FROM apt_selfregs WHERE tenant_id = ? AND site_id = ? AND status = 'pending'`,
		r.Tenant.ID, siteID).Scan(&total).Error; err != nil {
		return fmt.Errorf("apartment: count requests: %w", err)
	}
	var rows []SelfReg
	if err := r.Tx.Raw(`SELECT `+selfRegColumns+` FROM apt_selfregs WHERE tenant_id = ? AND site_id = ? AND status = 'pending'
		ORDER BY created_at, id OFFSET ? LIMIT ?`, r.Tenant.ID, siteID, store.Offset(page), store.PerPage).Scan(&rows).Error; err != nil {
		return fmt.Errorf("apartment: list requests: %w", err)
	}
	t := &views.Table{ID: "requests", Empty: r.T.T("apt.no_requests"), Headers: []string{r.T.T("apt.when"), label(r, "unit"),
		label(r, "full_name"), label(r, "document_number"), label(r, "birth_date"), label(r, "relation"), label(r, "residence_type"),
		label(r, "move_in"), "", ""}}
	base := "/t/" + r.Tenant.Slug + "/requests/"
	for _, q := range rows {
		t.Rows = append(t.Rows, []views.Cell{{Text: r.T.DateTime(q.CreatedAt)}, {Text: q.UnitCode}, {Text: q.FullName},
			{Text: iddoc.MaskNumber(q.DocNumber)}, {Text: r.T.Date(q.BirthDate)}, {Text: r.T.T("apt.relation_" + q.Relation)},
			{Text: r.T.T("apt.type_" + q.ResidenceType)}, {Text: r.T.Date(q.MoveIn)},
			{Post: base + itoa(q.ID) + "/confirm", CSRF: r.CSRF, Button: r.T.T("apt.confirm")},
			{Post: base + itoa(q.ID) + "/reject", CSRF: r.CSRF, Button: r.T.T("apt.reject"), Danger: true}})
	}
	sec := views.Section{ID: "queue", Table: t, Pager: &views.Pager{Page: page, PerPage: store.PerPage, Total: total,
		BaseHref: siteHref(r, siteID, "/requests") + "?"}}
	if problem != "" {
		sec.Text = problem
	}
	visits, err := k.visitRequestTable(r, siteID)
	if err != nil {
		return err
	}
	scr := views.Screen{Actions: []views.NavLink{{Label: r.T.T("apt.poster_link"), Href: siteHref(r, siteID, "/poster")},
		{Label: r.T.T("apt.board_link"), Href: siteHref(r, siteID, "/board")}},
		Sections: []views.Section{sec, {ID: "visit-queue", Title: r.T.T("apt.visit_requests_title"), Table: visits}}}
	return web.Render(c, r, status, views.ScreenView(k.Host.Pages.Page(c, r, "apt.requests_title", "Site", siteName), scr))
}

// queueConfirm registers the person of a request as a resident.
func (k *Kind) queueConfirm(c *fiber.Ctx, r *web.Request) error {
	q, s, err := loadPending[SelfReg](c, r, "apt_selfregs", selfRegColumns)
	if err != nil {
		return err
	}
	v := residentValues{DocType: q.DocType, Number: q.DocNumber, FullName: q.FullName, BirthDate: q.BirthDate.Format("2006-01-02"),
		Sex: q.Sex, Nationality: q.Nationality, Address: q.Address, OldNumber: q.OldNumber, Unit: q.UnitCode, Relation: q.Relation,
		ResidenceType: q.ResidenceType, MoveIn: q.MoveIn.Format("2006-01-02")}
	res, err := k.register(r, s, v, "self", r.User.UserID)
	if err != nil {
		_, lines, ok := fieldMessages(r, err)
		if !ok {
			return err
		}
		return k.renderQueue(c, r, fiber.StatusUnprocessableEntity, s.ID, s.Name, q.FullName+": "+strings.Join(lines, "; "))
	}
	if err := r.Tx.Exec(`UPDATE apt_selfregs SET status = 'confirmed', resident_id = ?, decided_by = ?, decided_at = now()
		WHERE tenant_id = ? AND id = ?`, res.ID, r.User.UserID, r.Tenant.ID, q.ID).Error; err != nil {
		return fmt.Errorf("apartment: confirm request %d: %w", q.ID, err)
	}
	if err := addEvent(r.Tx, res, "confirm", "", r.User.UserID); err != nil {
		return err
	}
	return web.Redirect(c, r, siteHref(r, s.ID, "/requests"))
}

// queueReject rejects a request with a reason; without one it asks for it.
func (k *Kind) queueReject(c *fiber.Ctx, r *web.Request) error {
	q, s, err := loadPending[SelfReg](c, r, "apt_selfregs", selfRegColumns)
	if err != nil {
		return err
	}
	reason := web.Form(c, "reason")
	if reason == "" || utf8.RuneCountInString(reason) > 500 {
		return k.askReason(c, r, "/t/"+r.Tenant.Slug+"/requests/"+itoa(q.ID)+"/reject", q.FullName, reason)
	}
	if err := r.Tx.Exec(`UPDATE apt_selfregs SET status = 'rejected', reject_reason = ?, decided_by = ?, decided_at = now()
		WHERE tenant_id = ? AND id = ?`, reason, r.User.UserID, r.Tenant.ID, q.ID).Error; err != nil {
		return fmt.Errorf("apartment: reject request %d: %w", q.ID, err)
	}
	return web.Redirect(c, r, siteHref(r, s.ID, "/requests"))
}

// askReason asks for the reason of a rejection; a second try without one is refused.
func (k *Kind) askReason(c *fiber.Ctx, r *web.Request, action, name, reason string) error {
	msg := ""
	status := fiber.StatusOK
	if c.FormValue("asked") != "" {
		msg, status = r.T.T("validation.required"), fiber.StatusUnprocessableEntity
		if reason != "" {
			msg = r.T.T("validation.too_long")
		}
	}
	f := views.Form{ID: "reject-form", Action: action, Submit: r.T.T("apt.reject"),
		Fields: []views.Field{{Name: "reason", Label: label(r, "reason"), Type: "text", Required: true, Value: reason, Error: msg},
			{Name: "asked", Type: "hidden", Value: "1"}, {Name: "_csrf", Type: "hidden", Value: r.CSRF}}}
	p := k.Host.Pages.Page(c, r, "apt.reject_title", "Name", name)
	return web.Render(c, r, status, views.ScreenView(p, views.Screen{Sections: []views.Section{{ID: "reject", Form: &f}}}))
}
