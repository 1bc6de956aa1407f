package accommodation

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/gofiber/fiber/v2"

	"portal06/app/audit"
	"portal06/app/iddoc"
	"portal06/app/store"
	"portal06/app/web"
	"portal06/views"
)

const suspiciousBase = "/police/accommodation/suspicious"

// why lists a scan's reasons, translated.
func why(r *web.Request, reasons string) string {
	var out []string
	for _, reason := range strings.Split(reasons, ",") {
		if _, code, ok := strings.Cut(reason, ":"); ok && (code == "iddoc.cccd_century_sex" || code == "iddoc.cccd_year") {
			out = append(out, r.T.T(code+"_short"))
		}
	}
	return strings.Join(out, "; ")
}

// policeSuspicious lists the suspicious scans of the jurisdiction, newest
// first, numbers masked: by default those not reviewed yet; ?show=reviewed
// or ?show=all for the others. Opening one shows its number, for a stated
// purpose.
func (k *Kind) policeSuspicious(c *fiber.Ctx, r *web.Request) error {
	pg := web.PageNum(c)
	show := web.Query(c, "show")
	if show != "reviewed" && show != "all" {
		show = ""
	}
	rows, total, err := listSuspicious(r.Tx, r.Scope, show, pg)
	if err != nil {
		return err
	}
	if err := k.auditLook(r, "suspicious_scans", fmt.Sprintf("page %d %s", pg, show), len(rows)); err != nil {
		return err
	}
	t := &views.Table{ID: "suspicious", Empty: r.T.T("police.no_suspicious"), Headers: []string{r.T.T("acc.when"), r.T.T("sites.name"),
		r.T.T("sites.area"), r.T.T("field.full_name"), r.T.T("field.document_number"), r.T.T("field.birth_date"), r.T.T("police.why"),
		r.T.T("police.review"), ""}}
	for _, x := range rows {
		birth := ""
		if x.BirthDate != nil {
			birth = r.T.Date(*x.BirthDate)
		}
		review := r.T.T("police.not_reviewed")
		if x.Note != nil {
			review = r.T.T("police.reviewed_by", "Who", deref(x.Reviewer), "When", r.T.DateTime(*x.ReviewedAt)) + ": " + *x.Note
		}
		t.Rows = append(t.Rows, []views.Cell{{Text: r.T.DateTime(x.ScannedAt)}, {Text: x.SiteName + " (" + x.TenantName + ")"},
			{Text: x.AreaName}, {Text: x.FullName}, {Text: iddoc.MaskNumber(x.DocNumber)}, {Text: birth}, {Text: why(r, x.Reasons)},
			{Text: review}, {Post: suspiciousBase + "/" + itoa(x.ID), CSRF: r.CSRF, Button: r.T.T("search.open"),
				Fields: map[string]string{"tenant": itoa(x.TenantID)}}})
	}
	filter := func(label, value string) views.NavLink {
		href := suspiciousBase
		if value != "" {
			href += "?show=" + value
		}
		return views.NavLink{Label: r.T.T(label), Href: href, Active: show == value}
	}
	scr := views.Screen{
		Actions: []views.NavLink{filter("police.not_reviewed", ""), filter("police.reviewed", "reviewed"), filter("police.show_all", "all")},
		Sections: []views.Section{{ID: "list", Text: r.T.T("police.suspicious_help"), Table: t,
			Pager: &views.Pager{Page: pg, PerPage: store.PerPage, Total: total, BaseHref: suspiciousBase + "?show=" + show + "&"}}}}
	return web.Render(c, r, fiber.StatusOK, views.ScreenView(k.s.Page(c, r, "police.suspicious_title"), scr))
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// suspiciousScan finds one scan of the jurisdiction; any other is a 404.
func suspiciousScan(c *fiber.Ctx, r *web.Request) (SuspiciousScan, error) {
	id, err := strconv.ParseInt(c.Params("id"), 10, 64)
	tenant, terr := strconv.ParseInt(web.Form(c, "tenant"), 10, 64)
	if err != nil || terr != nil {
		return SuspiciousScan{}, fiber.ErrNotFound
	}
	return getSuspicious(r.Tx, r.Scope, tenant, id)
}

// policeSuspiciousOpen shows one suspicious scan with its full number, for
// a stated purpose, audited; it offers to mark the scan reviewed.
func (k *Kind) policeSuspiciousOpen(c *fiber.Ctx, r *web.Request) error {
	x, err := suspiciousScan(c, r)
	if err != nil {
		return err
	}
	purpose := web.Form(c, "purpose")
	if code := audit.CheckPurpose(purpose); code != "" {
		status, msg := fiber.StatusOK, ""
		if purpose != "" {
			status, msg = fiber.StatusUnprocessableEntity, r.T.T(code)
		}
		f := views.Form{ID: "purpose-form", Action: suspiciousBase + "/" + itoa(x.ID), Plain: true, Submit: r.T.T("search.open"), Fields: []views.Field{
			{Name: "purpose", Label: r.T.T("search.purpose"), Type: "text", Value: purpose, Required: true, Error: msg, Hint: r.T.T("search.purpose_hint")},
			{Name: "tenant", Type: "hidden", Value: itoa(x.TenantID)}, {Name: "_csrf", Type: "hidden", Value: r.CSRF}}}
		return web.Render(c, r, status, views.ScreenView(k.s.Page(c, r, "search.state_purpose"),
			views.Screen{Sections: []views.Section{{ID: "purpose", Form: &f}}}))
	}
	if err := k.audit(r, audit.Entry{Action: "suspicious_open", Subject: x.DocNumber, Purpose: purpose, Results: 1}); err != nil {
		return err
	}
	return k.renderSuspicious(c, r, fiber.StatusOK, x, "", nil)
}

func (k *Kind) renderSuspicious(c *fiber.Ctx, r *web.Request, status int, x SuspiciousScan, note string, errs map[string]string) error {
	birth := ""
	if x.BirthDate != nil {
		birth = r.T.Date(*x.BirthDate)
	}
	facts := &views.Table{ID: "suspicious-scan", Headers: []string{"", ""}, Rows: [][]views.Cell{
		{{Text: r.T.T("acc.when")}, {Text: r.T.DateTime(x.ScannedAt)}},
		{{Text: r.T.T("sites.name")}, {Text: x.SiteName + " (" + x.TenantName + ")"}},
		{{Text: r.T.T("sites.area")}, {Text: x.AreaName}},
		{{Text: r.T.T("field.full_name")}, {Text: x.FullName}},
		{{Text: r.T.T("field.document_number")}, {Text: x.DocNumber}},
		{{Text: r.T.T("field.birth_date")}, {Text: birth}},
		{{Text: r.T.T("police.why")}, {Text: why(r, x.Reasons)}},
	}}
	secs := []views.Section{{ID: "scan", Table: facts}}
	if x.Note != nil {
		secs = append(secs, views.Section{ID: "review", Title: r.T.T("police.review"),
			Text: r.T.T("police.reviewed_by", "Who", deref(x.Reviewer), "When", r.T.DateTime(*x.ReviewedAt)) + ": " + *x.Note})
	} else if k.s.Authz().Allow(r.Role, "police.suspicious", "write") {
		f := views.Form{ID: "review-form", Action: suspiciousBase + "/" + itoa(x.ID) + "/review", Plain: true, Submit: r.T.T("police.mark_reviewed"),
			Fields: []views.Field{
				{Name: "note", Label: r.T.T("police.review_note"), Type: "textarea", Value: note, Required: true, Error: errs["note"], Hint: r.T.T("police.review_hint")},
				{Name: "tenant", Type: "hidden", Value: itoa(x.TenantID)}, {Name: "_csrf", Type: "hidden", Value: r.CSRF}}}
		secs = append(secs, views.Section{ID: "review", Title: r.T.T("police.review"), Form: &f})
	}
	p := k.s.Page(c, r, "police.suspicious_scan_title", "Name", x.FullName)
	return web.Render(c, r, status, views.ScreenView(p, views.Screen{Actions: []views.NavLink{{Label: r.T.T("police.back_to_list"), Href: suspiciousBase}},
		Sections: secs}))
}

// policeSuspiciousReview marks a scan reviewed with a note, audited; the
// scan leaves the default list.
func (k *Kind) policeSuspiciousReview(c *fiber.Ctx, r *web.Request) error {
	x, err := suspiciousScan(c, r)
	if err != nil {
		return err
	}
	note := web.Form(c, "note")
	code := ""
	switch n := utf8.RuneCountInString(note); {
	case x.Note != nil:
		return fiber.NewError(fiber.StatusConflict, "already reviewed")
	case n == 0:
		code = "validation.required"
	case n > 500:
		code = "validation.too_long"
	}
	if code != "" {
		return k.renderSuspicious(c, r, fiber.StatusUnprocessableEntity, x, note, map[string]string{"note": r.T.T(code)})
	}
	var unit *int64
	if r.User.Unit != nil {
		unit = &r.User.Unit.UnitID
	}
	if err := reviewSuspicious(r.Tx, x, note, r.User.UserID, unit); err != nil {
		return err
	}
	if err := k.audit(r, audit.Entry{Action: "suspicious_review", Subject: x.DocNumber, Purpose: note, Results: 1}); err != nil {
		return err
	}
	return web.Redirect(c, r, suspiciousBase)
}
