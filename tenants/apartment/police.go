package apartment

import (
	"fmt"
	"net/url"
	"strconv"
	"time"

	"github.com/gofiber/fiber/v2"

	"portal06/app/audit"
	"portal06/app/iddoc"
	"portal06/app/store"
	"portal06/app/web"
	"portal06/policies"
	"portal06/views"
)

// SiteFigures are a block's or boarding house's figures for the police.
type SiteFigures struct {
	ID         int64
	TenantID   int64
	Name       string
	TenantName string
	Kind       string
	AreaCode   string
	AreaName   string
	Units      int64
	Residents  int64
	Backlog    int64 // tạm trú due (30 days or more) or past its end
	Visitors   int64 // staying tonight
}

// siteFigures computes the figures of the apartment sites in the police
// scope, in SQL; siteID narrows to one site.
func (k *Kind) siteFigures(r *web.Request, areaCode string, siteID int64, now time.Time) ([]SiteFigures, error) {
	today := Day(now).Format("2006-01-02")
	q := r.Scope.Where(r.Tx.Table("sites s").Joins("JOIN tenants t ON t.id = s.tenant_id").Joins("JOIN areas a ON a.id = s.area_id"), "s").
		Where("t.kind = 'apartment'")
	if areaCode != "" {
		q = q.Where(policies.InAreas("s.area_id"), []string{areaCode})
	}
	if siteID > 0 {
		q = q.Where("s.id = ?", siteID)
	}
	var out []SiteFigures
	err := q.Select(`s.id, s.tenant_id, s.name, t.name AS tenant_name, s.kind, a.code AS area_code, a.name AS area_name,
			(SELECT count(*) FROM apt_units u WHERE u.tenant_id = s.tenant_id AND u.site_id = s.id) AS units,
			(SELECT count(*) FROM apt_residents x WHERE x.tenant_id = s.tenant_id AND x.site_id = s.id AND x.move_out IS NULL) AS residents,
			(SELECT count(*) FROM apt_residents x WHERE x.tenant_id = s.tenant_id AND x.site_id = s.id AND x.move_out IS NULL
				AND x.residence_type <> 'permanent' AND ((x.tamtru_status = 'due' AND x.move_in <= ?::date - ?::int)
				OR (x.tamtru_status = 'registered' AND x.tamtru_until < ?::date))) AS backlog,
			(SELECT count(*) FROM apt_visits v JOIN stays st ON st.tenant_id = v.tenant_id AND st.id = v.stay_id
				WHERE v.tenant_id = s.tenant_id AND v.site_id = s.id AND st.status = 'open') AS visitors`,
		today, TamtruAfterDays, today).Order("a.name, s.name").Limit(2000).Scan(&out).Error
	if err != nil {
		return nil, fmt.Errorf("apartment: police figures: %w", err)
	}
	return out, nil
}

// policeDashboard lists the blocks and boarding houses of the unit's
// jurisdiction with their figures.
func (k *Kind) policeDashboard(c *fiber.Ctx, r *web.Request) error {
	area := web.Query(c, "area")
	figs, err := k.siteFigures(r, area, 0, k.Host.Now())
	if err != nil {
		return err
	}
	var units, residents, backlog, visitors int64
	t := &views.Table{ID: "police-apartments", Empty: r.T.T("sites.none"), Headers: []string{r.T.T("sites.name"), r.T.T("sites.area"),
		r.T.T("sites.kind"), r.T.T("apt.units"), r.T.T("apt.residents_now"), r.T.T("apt.backlog"), r.T.T("apt.visitors_tonight")}}
	for _, f := range figs {
		units, residents, backlog, visitors = units+f.Units, residents+f.Residents, backlog+f.Backlog, visitors+f.Visitors
		t.Rows = append(t.Rows, []views.Cell{{Text: f.Name + " (" + f.TenantName + ")", Href: "/police/apartment/sites/" + itoa(f.ID)},
			{Text: f.AreaName, Href: "/police/apartment?area=" + url.QueryEscape(f.AreaCode)}, {Text: r.T.T("site_kind." + f.Kind)},
			{Text: fmt.Sprint(f.Units)}, {Text: fmt.Sprint(f.Residents)}, {Text: fmt.Sprint(f.Backlog)}, {Text: fmt.Sprint(f.Visitors)}})
	}
	p := k.Host.Pages.Page(c, r, "apt.police_title")
	if area != "" {
		if a, err := store.AreaByCode(r.Tx, area); err == nil {
			p.Section = a.Name
		}
	}
	scr := views.Screen{Sections: []views.Section{
		{ID: "totals", Table: &views.Table{ID: "apt-totals", Headers: []string{r.T.T("apt.sites_count"), r.T.T("apt.units"), r.T.T("apt.residents_now"),
			r.T.T("apt.backlog"), r.T.T("apt.visitors_tonight")}, Rows: [][]views.Cell{{{Text: fmt.Sprint(len(figs))}, {Text: fmt.Sprint(units)},
			{Text: fmt.Sprint(residents)}, {Text: fmt.Sprint(backlog)}, {Text: fmt.Sprint(visitors)}}}}},
		{ID: "sites", Title: r.T.T("apt.police_sites"), Table: t},
	}}
	return web.Render(c, r, fiber.StatusOK, views.ScreenView(p, scr))
}

// policeSite shows one block's residents, names shown and numbers masked,
// a page at a time; opening a resident asks for a purpose and is audited
// by the core's person page. The look at the list is audited too.
func (k *Kind) policeSite(c *fiber.Ctx, r *web.Request) error {
	id, err := strconv.ParseInt(c.Params("id"), 10, 64)
	if err != nil {
		return fiber.ErrNotFound
	}
	now := k.Host.Now()
	figs, err := k.siteFigures(r, "", id, now)
	if err != nil {
		return err
	}
	if len(figs) == 0 {
		return fiber.ErrNotFound // outside the jurisdiction, or no such site
	}
	f := figs[0]
	page := web.PageNum(c)
	tamtru := web.Query(c, "tamtru")
	rows, total, err := ListResidents(r.Tx, f.TenantID, ResidentFilter{SiteID: f.ID, Tamtru: tamtru, Today: now}, page, store.PerPage)
	if err != nil {
		return err
	}
	if err := k.Host.AuditLook(r, audit.Entry{Action: "site_residents", Query: f.Name, Results: len(rows)}); err != nil {
		return err
	}
	t := &views.Table{ID: "police-residents", Empty: r.T.T("apt.no_residents"), Headers: []string{label(r, "unit"), label(r, "full_name"),
		label(r, "document_number"), label(r, "residence_type"), label(r, "move_in"), r.T.T("apt.tamtru"), ""}}
	for _, x := range rows {
		t.Rows = append(t.Rows, []views.Cell{{Text: x.UnitCode}, {Text: x.FullName}, {Text: iddoc.MaskNumber(x.DocNumber)},
			{Text: r.T.T("apt.type_" + x.ResidenceType)}, {Text: r.T.Date(x.MoveIn)}, {Text: stateLabel(r, x, now)},
			{Post: "/police/person", CSRF: r.CSRF, Button: r.T.T("search.open"), Fields: map[string]string{"doc_type": x.DocType, "doc_number": x.DocNumber}}})
	}
	p := k.Host.Pages.Page(c, r, "apt.police_site_title", "Site", f.Name)
	p.Section = f.AreaName + " · " + f.TenantName
	base := "/police/apartment/sites/" + itoa(f.ID)
	scr := views.Screen{
		Actions: []views.NavLink{{Label: r.T.T("apt.all_residents"), Href: base}, {Label: r.T.T("apt.state_due"), Href: base + "?tamtru=due"},
			{Label: r.T.T("apt.state_overdue"), Href: base + "?tamtru=overdue"}},
		Sections: []views.Section{
			{ID: "facts", Text: r.T.T("apt.police_facts", "Units", f.Units, "Residents", f.Residents, "Backlog", f.Backlog, "Visitors", f.Visitors)},
			{ID: "residents", Title: r.T.T("apt.residents_now"), Table: t,
				Pager: &views.Pager{Page: page, PerPage: store.PerPage, Total: total, BaseHref: base + "?tamtru=" + url.QueryEscape(tamtru) + "&"}}},
	}
	return web.Render(c, r, fiber.StatusOK, views.ScreenView(p, scr))
}
