package notary

import (
	"fmt"
	"strconv"
	"time"

	"github.com/gofiber/fiber/v2"

	"portal06/app/iddoc"
	"portal06/app/web"
	"portal06/views"
)

// board is the office's day: today's acts and checks, the mismatch rate of
// each staff member, and the acts completed over a failed check.
func (k *Kind) board(c *fiber.Ctx, r *web.Request) error {
	now := k.Host.Now()
	today := dayStart(now)
	acts, _, err := ListActs(r.Tx, r.Scope, r.Tenant.ID, ActFilter{From: today}, 1, 100)
	if err != nil {
		return err
	}
	at := &views.Table{ID: "today-acts", Empty: r.T.T("notary.no_acts_today"), Headers: []string{r.T.T("notary.created"), r.T.T("notary.act_number"),
		r.T.T("notary.act_type"), r.T.T("notary.office"), r.T.T("field.status")}}
	for _, a := range acts {
		at.Rows = append(at.Rows, []views.Cell{{Text: r.T.DateTime(a.CreatedAt)}, {Text: a.Number, Href: actHref(r, a.ID)},
			{Text: r.T.T("notary.type_" + a.ActType)}, {Text: a.SiteName}, {Text: actStatus(r, a)}})
	}
	var checks []struct {
		CreatedAt                            time.Time
		ActID                                int64
		ActNumber, QrName, QrNumber, Verdict string
	}
	err = r.Scope.Where(r.Tx.Table("notary_checks c").Joins("JOIN sites s ON s.tenant_id = c.tenant_id AND s.id = c.site_id").
		Joins("JOIN notary_acts a ON a.tenant_id = c.tenant_id AND a.id = c.act_id"), "s").
		Where("c.tenant_id = ? AND c.created_at >= ?", r.Tenant.ID, today).
		Select("c.created_at, c.act_id, a.number AS act_number, c.qr_name, c.qr_number, c.verdict").Order("c.id DESC").Limit(100).Scan(&checks).Error
	if err != nil {
		return fmt.Errorf("notary: today's checks: %w", err)
	}
	ct := &views.Table{ID: "today-checks", Empty: r.T.T("notary.no_checks_today"), Headers: []string{r.T.T("notary.when"), r.T.T("notary.act_number"),
		r.T.T("field.full_name"), r.T.T("field.document_number"), r.T.T("notary.verdict")}}
	for _, x := range checks {
		ct.Rows = append(ct.Rows, []views.Cell{{Text: r.T.DateTime(x.CreatedAt)}, {Text: x.ActNumber, Href: actHref(r, x.ActID)},
			{Text: x.QrName}, {Text: iddoc.MaskNumber(x.QrNumber)}, {Text: r.T.T("notary.verdict_" + x.Verdict)}})
	}
	var staff []struct {
		Name              string
		Checked, Mismatch int64
	}
	err = r.Scope.Where(r.Tx.Table("notary_checks c").Joins("JOIN sites s ON s.tenant_id = c.tenant_id AND s.id = c.site_id").
		Joins("LEFT JOIN users u ON u.id = c.checked_by"), "s").
		Where("c.tenant_id = ? AND c.created_at >= ? AND c.verdict <> 'unverified'", r.Tenant.ID, today.AddDate(0, 0, -30)).
		Select("coalesce(u.full_name, '') AS name, count(*) AS checked, count(*) FILTER (WHERE c.verdict = 'mismatch') AS mismatch").
		Group("u.full_name").Order("mismatch DESC, name").Limit(100).Scan(&staff).Error
	if err != nil {
		return fmt.Errorf("notary: mismatch rate by staff: %w", err)
	}
	st := &views.Table{ID: "by-staff", Empty: r.T.T("notary.no_checks"), Headers: []string{r.T.T("notary.staff"), r.T.T("notary.checks_30"),
		r.T.T("notary.mismatches"), r.T.T("notary.mismatch_rate")}}
	for _, x := range staff {
		name := x.Name
		if name == "" {
			name = r.T.T("notary.reader_software")
		}
		st.Rows = append(st.Rows, []views.Cell{{Text: name}, {Text: strconv.FormatInt(x.Checked, 10)}, {Text: strconv.FormatInt(x.Mismatch, 10)},
			{Text: rate(x.Mismatch, x.Checked)}})
	}
	overrides, _, err := ListActs(r.Tx, r.Scope, r.Tenant.ID, ActFilter{Override: true, From: today.AddDate(0, 0, -90)}, 1, 100)
	if err != nil {
		return err
	}
	ot := &views.Table{ID: "overrides", Empty: r.T.T("notary.no_overrides"), Headers: []string{r.T.T("notary.completed"), r.T.T("notary.act_number"),
		r.T.T("notary.notary"), r.T.T("notary.override_reason"), r.T.T("notary.not_matched")}}
	for _, a := range overrides {
		done := ""
		if a.CompletedAt != nil {
			done = r.T.DateTime(*a.CompletedAt)
		}
		ot.Rows = append(ot.Rows, []views.Cell{{Text: done}, {Text: a.Number, Href: actHref(r, a.ID)}, {Text: a.CompletedByName},
			{Text: a.OverrideReason}, {Text: strconv.Itoa(a.NotMatched)}})
	}
	base := "/t/" + r.Tenant.Slug
	actions := []views.NavLink{{Label: r.T.T("notary.nav_acts"), Href: base + "/acts"},
		{Label: r.T.T("notary.register_export"), Href: base + "/register.xlsx"}}
	if k.may(r, "notary.settings", "read") {
		actions = append(actions, views.NavLink{Label: r.T.T("notary.settings_link"), Href: base + "/settings"})
	}
	scr := views.Screen{Actions: actions,
		Sections: []views.Section{{ID: "acts-today", Title: r.T.T("notary.acts_today", "Count", len(acts)), Table: at},
			{ID: "checks-today", Title: r.T.T("notary.checks_today_title", "Count", len(checks)), Table: ct},
			{ID: "staff", Title: r.T.T("notary.by_staff"), Table: st},
			{ID: "open-overrides", Title: r.T.T("notary.open_overrides"), Text: r.T.T("notary.open_overrides_help"), Table: ot}}}
	return web.Render(c, r, fiber.StatusOK, views.ScreenView(k.Host.Pages.Page(c, r, "notary.board_title"), scr))
}
