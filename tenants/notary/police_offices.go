package notary

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"portal06/app/audit"
	"portal06/app/iddoc"
	"portal06/app/store"
	"portal06/app/web"
	"portal06/views"
)

// OfficeFigures are one notary office's figures for the police.
type OfficeFigures struct {
	ID          int64
	Name        string
	TenantName  string
	AreaName    string
	ChecksToday int64
	Checked30   int64 // checks with a chip result, last 30 days
	Mismatch30  int64
	Signals30   int64
}

func rate(num, den int64) string {
	if den == 0 {
		return "–"
	}
	return strconv.FormatFloat(float64(num)*100/float64(den), 'f', 1, 64) + " %"
}

func dayStart(t time.Time) time.Time {
	t = t.In(zone)
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, zone)
}

// policeOffices lists the notary offices of the unit's jurisdiction with
// their checks, mismatch rate and signals.
func (k *Kind) policeOffices(c *fiber.Ctx, r *web.Request) error {
	pg := web.PageNum(c)
	now := k.Host.Now()
	q := r.Scope.Where(r.Tx.Table("sites s").Joins("JOIN tenants t ON t.id = s.tenant_id").Joins("JOIN areas a ON a.id = s.area_id"), "s").
		Where("s.kind = 'notary_office'")
	var total int64
	if err := q.Session(&gormSession).Count(&total).Error; err != nil {
		return fmt.Errorf("notary: count offices: %w", err)
	}
	since := now.AddDate(0, 0, -30)
	var rows []OfficeFigures
	err := q.Select(`s.id, s.name, t.name AS tenant_name, a.name AS area_name,
		(SELECT count(*) FROM notary_checks c WHERE c.tenant_id = s.tenant_id AND c.site_id = s.id AND c.created_at >= ?) AS checks_today,
		(SELECT count(*) FROM notary_checks c WHERE c.tenant_id = s.tenant_id AND c.site_id = s.id AND c.created_at >= ? AND c.verdict <> 'unverified') AS checked30,
		(SELECT count(*) FROM notary_checks c WHERE c.tenant_id = s.tenant_id AND c.site_id = s.id AND c.created_at >= ? AND c.verdict = 'mismatch') AS mismatch30,
		(SELECT count(*) FROM notary_signals g WHERE g.tenant_id = s.tenant_id AND g.site_id = s.id AND g.created_at >= ?) AS signals30`,
		dayStart(now), since, since, since).Order("a.name, s.name, s.id").Limit(store.PerPage).Offset(store.Offset(pg)).Scan(&rows).Error
	if err != nil {
		return fmt.Errorf("notary: list offices: %w", err)
	}
	t := &views.Table{ID: "notary-offices", Empty: r.T.T("notary.no_offices"), Headers: []string{r.T.T("notary.office"), r.T.T("sites.area"),
		r.T.T("notary.checks_today"), r.T.T("notary.checks_30"), r.T.T("notary.mismatch_rate_30"), r.T.T("notary.signals_30")}}
	for _, o := range rows {
		t.Rows = append(t.Rows, []views.Cell{{Text: o.Name + " (" + o.TenantName + ")", Href: "/police/notary/offices/" + strconv.FormatInt(o.ID, 10)},
			{Text: o.AreaName}, {Text: strconv.FormatInt(o.ChecksToday, 10)}, {Text: strconv.FormatInt(o.Checked30, 10)},
			{Text: rate(o.Mismatch30, o.Checked30)}, {Text: strconv.FormatInt(o.Signals30, 10)}})
	}
	scr := views.Screen{Actions: []views.NavLink{{Label: r.T.T("notary.signals_title"), Href: "/police/notary/signals"}},
		Sections: []views.Section{{ID: "offices", Table: t, Pager: &views.Pager{Page: pg, PerPage: store.PerPage, Total: total, BaseHref: "/police/notary?"}}}}
	return web.Render(c, r, fiber.StatusOK, views.ScreenView(k.Host.Pages.Page(c, r, "notary.police_title"), scr))
}

// policeOffice shows one office's checks per day and its latest checks;
// opening a check needs a stated purpose.
func (k *Kind) policeOffice(c *fiber.Ctx, r *web.Request) error {
	id, err := idParam(c, "site")
	if err != nil {
		return err
	}
	var s struct {
		ID                         int64
		TenantID                   int64
		Name, TenantName, AreaName string
	}
	err = r.Scope.Where(r.Tx.Table("sites s").Joins("JOIN tenants t ON t.id = s.tenant_id").Joins("JOIN areas a ON a.id = s.area_id"), "s").
		Where("s.id = ? AND s.kind = 'notary_office'", id).Select("s.id, s.tenant_id, s.name, t.name AS tenant_name, a.name AS area_name").Scan(&s).Error
	if err != nil {
		return fmt.Errorf("notary: office %d: %w", id, err)
	}
	if s.ID == 0 {
		return fiber.ErrNotFound
	}
	now := k.Host.Now()
	var days []struct {
		Day                 time.Time
		Checks, Checked, Mm int64
	}
	err = r.Tx.Raw(`SELECT (c.created_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date AS day, count(*) AS checks,
			count(*) FILTER (WHERE c.verdict <> 'unverified') AS checked, count(*) FILTER (WHERE c.verdict = 'mismatch') AS mm
		FROM notary_checks c WHERE c.tenant_id = ? AND c.site_id = ? AND c.created_at >= ?
		GROUP BY 1 ORDER BY 1 DESC`, s.TenantID, s.ID, dayStart(now).AddDate(0, 0, -13)).Scan(&days).Error
	if err != nil {
		return fmt.Errorf("notary: checks per day of office %d: %w", id, err)
	}
	perDay := &views.Table{ID: "per-day", Empty: r.T.T("notary.no_checks"), Headers: []string{r.T.T("notary.day"), r.T.T("notary.checks"),
		r.T.T("notary.mismatches"), r.T.T("notary.mismatch_rate")}}
	for _, d := range days {
		perDay.Rows = append(perDay.Rows, []views.Cell{{Text: d.Day.Format("02/01/2006")}, {Text: strconv.FormatInt(d.Checks, 10)},
			{Text: strconv.FormatInt(d.Mm, 10)}, {Text: rate(d.Mm, d.Checked)}})
	}
	pg := web.PageNum(c)
	var total int64
	if err := r.Tx.Raw(`SELECT count(*) FROM notary_checks WHERE tenant_id = ? AND site_id = ?`, s.TenantID, s.ID).Scan(&total).Error; err != nil {
		return fmt.Errorf("notary: count checks: %w", err)
	}
	var checks []struct {
		ID                          int64
		CreatedAt                   time.Time
		QrName, QrNumber, Verdict   string
		Reasons, ActNumber, ActType string
	}
	err = r.Tx.Raw(`SELECT c.id, c.created_at, c.qr_name, c.qr_number, c.verdict, array_to_string(c.reasons, ',') AS reasons,
			a.number AS act_number, a.act_type
		FROM notary_checks c JOIN notary_acts a ON a.tenant_id = c.tenant_id AND a.id = c.act_id
		WHERE c.tenant_id = ? AND c.site_id = ? ORDER BY c.id DESC LIMIT ? OFFSET ?`, s.TenantID, s.ID, store.PerPage, store.Offset(pg)).Scan(&checks).Error
	if err != nil {
		return fmt.Errorf("notary: checks of office %d: %w", id, err)
	}
	if err := k.Host.AuditLook(r, audit.Entry{Action: "notary_office_checks", Query: s.Name, Results: len(checks)}); err != nil {
		return err
	}
	list := &views.Table{ID: "office-checks", Empty: r.T.T("notary.no_checks"), Headers: []string{r.T.T("notary.when"), r.T.T("notary.act_number"),
		r.T.T("field.full_name"), r.T.T("field.document_number"), r.T.T("notary.verdict"), r.T.T("notary.check_id")}}
	for _, x := range checks {
		v := r.T.T("notary.verdict_" + x.Verdict)
		var why []string
		for _, re := range splitList(x.Reasons) {
			why = append(why, r.T.T("notary.reason_"+re))
		}
		if len(why) > 0 {
			v += ": " + strings.Join(why, "; ")
		}
		list.Rows = append(list.Rows, []views.Cell{{Text: r.T.DateTime(x.CreatedAt)}, {Text: x.ActNumber + " · " + r.T.T("notary.type_"+x.ActType)},
			{Text: x.QrName}, {Text: iddoc.MaskNumber(x.QrNumber)}, {Text: v}, {Text: "#" + strconv.FormatInt(x.ID, 10)}})
	}
	open := views.Form{ID: "open-check", Action: "/police/notary/checks/open", Submit: r.T.T("notary.open_check"), Fields: []views.Field{
		{Name: "check_id", Label: r.T.T("notary.check_id"), Type: "number", Required: true},
		{Name: "purpose", Label: r.T.T("notary.purpose"), Type: "text", Required: true, Hint: r.T.T("notary.purpose_hint")},
		{Name: "_csrf", Type: "hidden", Value: r.CSRF}}}
	p := k.Host.Pages.Page(c, r, "notary.office_title", "Office", s.Name)
	p.Section = s.AreaName + " · " + s.TenantName
	scr := views.Screen{Actions: []views.NavLink{{Label: r.T.T("notary.police_title"), Href: "/police/notary"}},
		Sections: []views.Section{{ID: "days", Title: r.T.T("notary.per_day"), Table: perDay},
			{ID: "checks", Title: r.T.T("notary.latest_checks"), Table: list,
				Pager: &views.Pager{Page: pg, PerPage: store.PerPage, Total: total, BaseHref: "/police/notary/offices/" + strconv.FormatInt(s.ID, 10) + "?"}},
			{ID: "open", Title: r.T.T("notary.open_check"), Text: r.T.T("notary.open_help"), Form: &open}}}
	return web.Render(c, r, fiber.StatusOK, views.ScreenView(p, scr))
}

// CheckDetail is everything a check recorded, for the police.
type CheckDetail struct {
	ID                                  int64
	CreatedAt                           time.Time
	SiteName, AreaName, TenantName      string
	ActNumber, ActType, LandCertificate string
	Parcel, MapSheet, PartyRole         string
	QrNumber, QrName, QrSex             string
	QrBirthDate                         time.Time
	ChipRead                            bool
	ChipNumber, ChipName, ChipSex       string
	ChipBirthDate, ChipExpiry           *time.Time
	PassiveAuth, ChipAuth, Liveness     bool
	FaceMatch                           *float64
	FaceThreshold                       float64
	ManualVerified                      bool
	ManualStaffName, VneidCode, Verdict string
	Reasons, Source, CheckedByName      string
}

// policeCheckOpen shows one check in full, once the officer stated why;
// the look is audited with its purpose.
func (k *Kind) policeCheckOpen(c *fiber.Ctx, r *web.Request) error {
	raw := c.Params("id")
	if raw == "open" {
		raw = web.Form(c, "check_id")
	}
	id, err := strconv.ParseInt(raw, 10, 64)
	if err != nil || id <= 0 {
		return fiber.ErrNotFound
	}
	purpose := web.Form(c, "purpose")
	if code := audit.CheckPurpose(purpose); code != "" {
		return fiber.NewError(fiber.StatusUnprocessableEntity, r.T.T("notary.purpose")+": "+r.T.T(code))
	}
	var d CheckDetail
	err = r.Scope.Where(r.Tx.Table("notary_checks c").Joins("JOIN sites s ON s.tenant_id = c.tenant_id AND s.id = c.site_id").
		Joins("JOIN areas ar ON ar.id = s.area_id").Joins("JOIN tenants t ON t.id = c.tenant_id").
		Joins("JOIN notary_acts a ON a.tenant_id = c.tenant_id AND a.id = c.act_id").
		Joins("JOIN notary_parties p ON p.tenant_id = c.tenant_id AND p.id = c.party_id").
		Joins("LEFT JOIN users u ON u.id = c.checked_by"), "s").Where("c.id = ?", id).
		Select(`c.id, c.created_at, s.name AS site_name, ar.name AS area_name, t.name AS tenant_name, a.number AS act_number, a.act_type,
			a.land_certificate, a.parcel, a.map_sheet, p.role AS party_role, c.qr_number, c.qr_name, c.qr_sex, c.qr_birth_date, c.chip_read,
			c.chip_number, c.chip_name, c.chip_sex, c.chip_birth_date, c.chip_expiry, c.passive_auth, c.chip_auth, c.liveness, c.face_match,
			c.face_threshold, c.manual_verified, c.manual_staff_name, c.vneid_code, c.verdict, array_to_string(c.reasons, ',') AS reasons,
			c.source, coalesce(u.full_name, '') AS checked_by_name`).Scan(&d).Error
	if err != nil {
		return fmt.Errorf("notary: open check %d: %w", id, err)
	}
	if d.ID == 0 {
		return fiber.ErrNotFound
	}
	if err := k.Host.AuditLook(r, audit.Entry{Action: "notary_check_open", Subject: d.QrNumber, Query: "check " + strconv.FormatInt(d.ID, 10), Purpose: purpose, Results: 1}); err != nil {
		return err
	}
	yes := func(b bool) string {
		if b {
			return r.T.T("notary.yes")
		}
		return r.T.T("notary.no")
	}
	date := func(t *time.Time) string {
		if t == nil {
			return ""
		}
		return t.Format("02/01/2006")
	}
	face := ""
	if d.FaceMatch != nil {
		face = strconv.FormatFloat(*d.FaceMatch, 'f', 3, 64)
	}
	var why []string
	for _, re := range splitList(d.Reasons) {
		why = append(why, r.T.T("notary.reason_"+re))
	}
	row := func(label, value string) []views.Cell { return []views.Cell{{Text: label}, {Text: value}} }
	t := &views.Table{ID: "check-detail", Headers: []string{"", ""}, Rows: [][]views.Cell{
		row(r.T.T("notary.verdict"), r.T.T("notary.verdict_"+d.Verdict)+" "+strings.Join(why, "; ")),
		row(r.T.T("notary.when"), r.T.DateTime(d.CreatedAt)),
		row(r.T.T("notary.office"), d.SiteName+" · "+d.AreaName+" ("+d.TenantName+")"),
		row(r.T.T("notary.act_number"), d.ActNumber+" · "+r.T.T("notary.type_"+d.ActType)),
		row(r.T.T("notary.property"), propertyText(r, Act{LandCertificate: d.LandCertificate, Parcel: d.Parcel, MapSheet: d.MapSheet})),
		row(r.T.T("notary.party_role"), r.T.T("notary.role_"+d.PartyRole)),
		row(r.T.T("notary.qr_says"), d.QrName+" · "+d.QrNumber+" · "+d.QrBirthDate.Format("02/01/2006")+" · "+d.QrSex),
		row(r.T.T("notary.chip_says"), strings.Join([]string{d.ChipName, d.ChipNumber, date(d.ChipBirthDate), d.ChipSex}, " · ")),
		row(r.T.T("notary.chip_expiry"), date(d.ChipExpiry)),
		row(r.T.T("notary.passive_auth"), yes(d.PassiveAuth)),
		row(r.T.T("notary.chip_auth"), yes(d.ChipAuth)),
		row(r.T.T("notary.face_match"), face+" / "+strconv.FormatFloat(d.FaceThreshold, 'f', 2, 64)),
		row(r.T.T("notary.liveness"), yes(d.Liveness)),
		row(r.T.T("notary.manual_verified"), yes(d.ManualVerified)+" "+d.ManualStaffName),
		row(r.T.T("notary.vneid_code"), d.VneidCode),
		row(r.T.T("notary.checked_by"), d.CheckedByName+" ("+r.T.T("notary.source_"+d.Source)+")"),
	}}
	scr := views.Screen{Actions: []views.NavLink{{Label: r.T.T("notary.signals_title"), Href: "/police/notary/signals"}},
		Sections: []views.Section{{ID: "check", Table: t}}}
	return web.Render(c, r, fiber.StatusOK, views.ScreenView(k.Host.Pages.Page(c, r, "notary.check_detail", "Name", d.QrName), scr))
}
