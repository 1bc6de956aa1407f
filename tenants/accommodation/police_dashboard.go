package accommodation

import (
	"fmt"
	"net/url"
	"strconv"
	"time"

	"github.com/gofiber/fiber/v2"
	"gorm.io/gorm"

	"portal06/app/audit"
	"portal06/app/i18n"
	"portal06/app/iddoc"
	"portal06/app/stays"
	"portal06/app/store"
	"portal06/app/web"
	"portal06/policies"
	"portal06/views"
)

// SiteFigures are one site's live figures for the police.
type SiteFigures struct {
	ID         int64
	TenantID   int64
	Name       string
	TenantName string
	Kind       string
	AreaCode   string
	AreaName   string
	Guests     int64 // staying now
	Today      int64 // checked in since midnight
	Late       int64 // check-ins past their deadline and not accepted
	Refused    int64
	Suspicious int64 // suspicious scans in the last 30 days
}

// FigureTotals are the sums of SiteFigures over every site in scope.
type FigureTotals struct {
	Guests, Today, Late, Refused, Suspicious int64
}

// sitesPerPage is how many sites a page of the police dashboard lists.
const sitesPerPage = 100

// siteFigures reads the figures of the accommodation sites in scope, a page
// of them (page from 1; 0 means every site), with the number of sites.
// Every figure comes from a counter or a bounded set, never from the
// history, and only for the sites of the page: guests now and refusals
// from site_stay_counts (kept by triggers), today's check-ins from
// figure_days (acc.stays_notified's denominator), the late check-ins from
// the partial index of notifications not accepted, and the suspicious
// scans of the last 30 days.
func siteFigures(tx *gorm.DB, r *web.Request, areaCode string, siteID int64, now time.Time, page int) ([]SiteFigures, int64, error) {
	// the page of sites first, from sites and areas alone (the kind of
	// site says it is an accommodation), then the tenants' names and the
	// figures of its rows only
	q := scopedSites(tx, r, areaCode).Joins("JOIN areas a ON a.id = s.area_id")
	if siteID > 0 {
		q = q.Where("s.id = ?", siteID)
	}
	q = q.Select(`s.id, s.tenant_id, s.name, s.kind, a.code AS area_code, a.name AS area_name, count(*) OVER () AS total_sites`).
		Order("a.name, s.name, s.id")
	if page > 0 {
		q = q.Limit(sitesPerPage).Offset((page - 1) * sitesPerPage)
	}
	today := stays.DayOf(now).In(i18n.Zone).Format(time.DateOnly)
	type row struct {
		SiteFigures
		TotalSites int64
	}
	var rows []row
	err := tx.Table("(?) p", q).Select(`p.*, coalesce(t.name, '') AS tenant_name, coalesce(k.guests, 0) AS guests, coalesce(f.den, 0)::bigint AS today,
			(SELECT count(*) FROM notifications n WHERE n.tenant_id = p.tenant_id AND n.site_id = p.id AND n.status <> 'accepted'
				AND n.status = 'pending' AND n.event = 'check_in' AND n.deadline_at < ?) AS late,
			coalesce(k.refused, 0) AS refused,
			(SELECT count(*) FROM suspicious_scans x WHERE x.tenant_id = p.tenant_id AND x.site_id = p.id AND x.scanned_at >= ?) AS suspicious`,
		now, now.AddDate(0, 0, -30)).
		Joins("LEFT JOIN tenants t ON t.id = p.tenant_id").
		Joins("LEFT JOIN site_stay_counts k ON k.tenant_id = p.tenant_id AND k.site_id = p.id").
		Joins(`LEFT JOIN (SELECT tenant_id, site_id, den FROM figure_days WHERE indicator = ? AND day = CAST(? AS date) OFFSET 0) f
			ON f.tenant_id = p.tenant_id AND f.site_id = p.id`, FigureStaysNotified, today). // today's rows, through the index by day
		Order("p.area_name, p.name, p.id").Scan(&rows).Error
	if err != nil {
		return nil, 0, fmt.Errorf("accommodation: police figures: %w", err)
	}
	out := make([]SiteFigures, len(rows))
	var total int64
	for i, x := range rows {
		out[i], total = x.SiteFigures, x.TotalSites
	}
	return out, total, nil
}

// accommodationSiteKinds are the kinds of site an accommodation tenant runs.
var accommodationSiteKinds = (*Kind)(nil).SiteKinds()

// scopedSites are the accommodation sites in the request's scope, within
// the area of code areaCode when it is not empty, as "s".
func scopedSites(tx *gorm.DB, r *web.Request, areaCode string) *gorm.DB {
	q := r.Scope.Where(tx.Table("sites s"), "s").Where("s.kind IN ?", accommodationSiteKinds)
	if areaCode != "" {
		q = q.Where(policies.InAreas("s.area_id"), []string{areaCode})
	}
	return q
}

// figureTotals sums the figures over every accommodation site in scope,
// each from a rollup or a bounded set read once: the counters and today's
// rows of figure_days (one row a site, through the index by day), the
// notifications not accepted and the last 30 days of suspicious scans.
func figureTotals(tx *gorm.DB, r *web.Request, areaCode string, now time.Time) (FigureTotals, error) {
	in := scopedSites(tx, r, areaCode).Select("s.id")
	var t FigureTotals
	err := tx.Raw(`SELECT
			(SELECT coalesce(sum(guests), 0) FROM site_stay_counts WHERE site_id IN (@in)) AS guests,
			(SELECT coalesce(sum(refused), 0) FROM site_stay_counts WHERE site_id IN (@in)) AS refused,
			(SELECT coalesce(sum(f.den), 0)::bigint FROM (SELECT site_id, den FROM figure_days WHERE indicator = @indicator
				AND day = CAST(@today AS date) OFFSET 0) f WHERE f.site_id IN (@in)) AS today,
			(SELECT count(*) FROM notifications n WHERE n.status <> 'accepted' AND n.status = 'pending' AND n.event = 'check_in'
				AND n.deadline_at < @now AND n.site_id IN (@in)) AS late,
			(SELECT count(*) FROM suspicious_scans x WHERE x.scanned_at >= @since AND x.site_id IN (@in)) AS suspicious`,
		map[string]any{"indicator": FigureStaysNotified, "today": stays.DayOf(now).In(i18n.Zone).Format(time.DateOnly),
			"now": now, "since": now.AddDate(0, 0, -30), "in": in}).Scan(&t).Error
	if err != nil {
		return t, fmt.Errorf("accommodation: police totals: %w", err)
	}
	return t, nil
}

// policeDashboard shows the unit's accommodation sites with live figures,
// by area, a page of sites at a time with the totals over all of them; it
// refreshes itself every 30 seconds.
func (k *Kind) policeDashboard(c *fiber.Ctx, r *web.Request) error {
	area := web.Query(c, "area")
	pg := web.PageNum(c)
	now := k.d.Now()
	figs, sites, err := siteFigures(r.Tx, r, area, 0, now, pg)
	if err != nil {
		return err
	}
	tot, err := figureTotals(r.Tx, r, area, now)
	if err != nil {
		return err
	}
	t := &views.Table{ID: "police-sites", Empty: r.T.T("sites.none"), Headers: []string{r.T.T("sites.name"), r.T.T("sites.area"),
		r.T.T("sites.kind"), r.T.T("acc.guests_now"), r.T.T("police.today"), r.T.T("police.late"), r.T.T("acc.notify_refused"), r.T.T("police.suspicious_nav")}}
	for _, f := range figs {
		t.Rows = append(t.Rows, []views.Cell{{Text: f.Name + " (" + f.TenantName + ")", Href: "/police/accommodation/sites/" + itoa(f.ID)},
			{Text: f.AreaName, Href: "/police/accommodation?area=" + url.QueryEscape(f.AreaCode)}, {Text: r.T.T("site_kind." + f.Kind)},
			{Text: fmt.Sprint(f.Guests)}, {Text: fmt.Sprint(f.Today)}, {Text: fmt.Sprint(f.Late)}, {Text: fmt.Sprint(f.Refused)}, {Text: fmt.Sprint(f.Suspicious)}})
	}
	p := k.s.Page(c, r, "police.acc_title")
	if area != "" {
		if a, err := store.AreaByCode(r.Tx, area); err == nil {
			p.Section = a.Name
		}
	}
	var pager *views.Pager
	if sites > sitesPerPage {
		pager = &views.Pager{Page: pg, PerPage: sitesPerPage, Total: sites,
			BaseHref: "/police/accommodation?" + url.Values{"area": {area}}.Encode() + "&"}
	}
	scr := views.Screen{
		Actions: []views.NavLink{{Label: r.T.T("police.compliance"), Href: "/police/accommodation/compliance"},
			{Label: r.T.T("police.suspicious_nav"), Href: "/police/accommodation/suspicious"}},
		Sections: []views.Section{
			{ID: "figures", Table: &views.Table{ID: "totals", Headers: []string{r.T.T("acc.guests_now"), r.T.T("police.today"), r.T.T("police.late"),
				r.T.T("acc.notify_refused"), r.T.T("police.suspicious_nav")}, Rows: [][]views.Cell{{{Text: fmt.Sprint(tot.Guests)}, {Text: fmt.Sprint(tot.Today)},
				{Text: fmt.Sprint(tot.Late)}, {Text: fmt.Sprint(tot.Refused)}, {Text: fmt.Sprint(tot.Suspicious)}}}}},
			{ID: "sites", Title: r.T.T("police.sites"), Table: t, Pager: pager},
		},
	}
	return web.Render(c, r, fiber.StatusOK, views.ScreenView(p, scr))
}

// policeSite drills into one site: its guests now, names shown and numbers
// masked; opening a guest's history needs a stated purpose and is audited.
func (k *Kind) policeSite(c *fiber.Ctx, r *web.Request) error {
	id, err := strconv.ParseInt(c.Params("id"), 10, 64)
	if err != nil {
		return fiber.ErrNotFound
	}
	figs, _, err := siteFigures(r.Tx, r, "", id, k.d.Now(), 0)
	if err != nil {
		return err
	}
	if len(figs) == 0 {
		return fiber.ErrNotFound // outside the jurisdiction, or no such site
	}
	f := figs[0]
	stays, _, err := ListStays(r.Tx, f.TenantID, StayFilter{SiteID: f.ID, OpenOnly: true}, Cursor{}, 500)
	if err != nil {
		return err
	}
	if err := k.auditLook(r, "site_guests", f.Name, len(stays)); err != nil {
		return err
	}
	t := &views.Table{ID: "police-guests", Empty: r.T.T("acc.no_guests"), Headers: []string{r.T.T("acc.room"), r.T.T("field.full_name"),
		r.T.T("field.document_number"), r.T.T("acc.arrival"), r.T.T("acc.notification"), ""}}
	now := k.d.Now()
	for _, st := range stays {
		label, _, left := notifyState(r, st, now)
		t.Rows = append(t.Rows, []views.Cell{{Text: st.Room}, {Text: st.FullName}, {Text: iddoc.MaskNumber(st.DocNumber)},
			{Text: r.T.DateTime(st.ArrivalAt)}, {Text: label + " " + left},
			{Post: "/police/person", CSRF: r.CSRF, Button: r.T.T("search.open"), Fields: map[string]string{"doc_type": st.DocType,
				"doc_number": st.DocNumber}}})
	}
	p := k.s.Page(c, r, "police.site_title", "Site", f.Name)
	p.Section = f.AreaName + " · " + f.TenantName
	scr := views.Screen{Sections: []views.Section{{ID: "guests", Title: r.T.T("acc.guests_now"), Table: t}}}
	return web.Render(c, r, fiber.StatusOK, views.ScreenView(p, scr))
}

// auditLook records a police look at a list of guests.
func (k *Kind) auditLook(r *web.Request, action, what string, n int) error {
	return k.audit(r, audit.Entry{Action: action, Query: what, Results: n})
}

// audit records e as done by the request's user, in their unit and role.
func (k *Kind) audit(r *web.Request, e audit.Entry) error { return k.d.Host.AuditLook(r, e) }
