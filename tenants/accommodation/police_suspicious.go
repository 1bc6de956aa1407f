package accommodation

import (
	"fmt"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"portal06/app/store"
	"portal06/app/web"
	"portal06/views"
)

// SuspiciousScan is a refused card that contradicted itself.
type SuspiciousScan struct {
	ID         int64
	SiteName   string
	TenantName string
	AreaName   string
	DocNumber  string
	FullName   string
	BirthDate  *time.Time
	Sex        string
	Reasons    string
	ScannedAt  time.Time
}

// policeSuspicious lists the suspicious scans at the sites of the unit's
// jurisdiction, newest first; row-level security keeps out every other site.
func (k *Kind) policeSuspicious(c *fiber.Ctx, r *web.Request) error {
	pg := web.PageNum(c)
	q := r.Scope.Where(r.Tx.Table("suspicious_scans x").
		Joins("JOIN sites s ON s.tenant_id = x.tenant_id AND s.id = x.site_id").
		Joins("JOIN tenants t ON t.id = x.tenant_id").Joins("JOIN areas a ON a.id = s.area_id"), "s")
	var total int64
	if err := q.Session(&gormSession).Count(&total).Error; err != nil {
		return fmt.Errorf("accommodation: count suspicious scans: %w", err)
	}
	var rows []SuspiciousScan
	err := q.Select(`x.id, s.name AS site_name, t.name AS tenant_name, a.name AS area_name, x.doc_number, x.full_name, x.birth_date,
			x.sex, array_to_string(x.reasons, ',') AS reasons, x.scanned_at`).
		Order("x.scanned_at DESC, x.id DESC").Limit(store.PerPage).Offset(store.Offset(pg)).Scan(&rows).Error
	if err != nil {
		return fmt.Errorf("accommodation: list suspicious scans: %w", err)
	}
	if err := k.auditLook(r, "suspicious_scans", fmt.Sprintf("page %d", pg), len(rows)); err != nil {
		return err
	}
	t := &views.Table{ID: "suspicious", Empty: r.T.T("police.no_suspicious"), Headers: []string{r.T.T("acc.when"), r.T.T("sites.name"),
		r.T.T("sites.area"), r.T.T("field.full_name"), r.T.T("field.document_number"), r.T.T("field.birth_date"), r.T.T("police.why")}}
	for _, x := range rows {
		birth := ""
		if x.BirthDate != nil {
			birth = r.T.Date(*x.BirthDate)
		}
		var why []string
		for _, reason := range strings.Split(x.Reasons, ",") {
			if _, code, ok := strings.Cut(reason, ":"); ok && (code == "iddoc.cccd_century_sex" || code == "iddoc.cccd_year") {
				why = append(why, r.T.T(code+"_short"))
			}
		}
		t.Rows = append(t.Rows, []views.Cell{{Text: r.T.DateTime(x.ScannedAt)}, {Text: x.SiteName + " (" + x.TenantName + ")"},
			{Text: x.AreaName}, {Text: x.FullName}, {Text: x.DocNumber}, {Text: birth}, {Text: strings.Join(why, "; ")}})
	}
	scr := views.Screen{Sections: []views.Section{{ID: "list", Text: r.T.T("police.suspicious_help"), Table: t,
		Pager: &views.Pager{Page: pg, PerPage: store.PerPage, Total: total, BaseHref: "/police/accommodation/suspicious?"}}}}
	return web.Render(c, r, fiber.StatusOK, views.ScreenView(k.s.Page(c, r, "police.suspicious_title"), scr))
}
