package accommodation

import (
	"fmt"
	"time"

	"gorm.io/gorm"

	"portal06/app/i18n"
	"portal06/app/stays"
	"portal06/app/web"
	"portal06/policies"
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

// FigureTotals are the sums of SiteFigures over every site in scope, and
// the number of those sites.
type FigureTotals struct {
	Sites                                    int64
	Guests, Today, Late, Refused, Suspicious int64
}

// sitesPerPage is how many sites a page of the police dashboard lists.
const sitesPerPage = 100

// siteFigures reads the figures of the accommodation sites in scope, a page
// of them (page from 1; 0 means every site); figureTotals counts them.
// Every figure comes from a counter or a bounded set, never from the
// history, and only for the sites of the page: guests now and refusals
// from site_stay_counts (kept by triggers), today's check-ins from
// figure_days (acc.stays_notified's denominator), the late check-ins from
// the partial index of notifications not accepted, and the suspicious
// scans of the last 30 days.
func siteFigures(tx *gorm.DB, r *web.Request, areaCode string, siteID int64, now time.Time, page int) ([]SiteFigures, error) {
	// the page of sites first, from sites and areas alone (the kind of
	// site says it is an accommodation), then the tenants' names and the
	// figures of its rows only
	q := scopedSites(tx, r, areaCode).Joins("JOIN areas a ON a.id = s.area_id")
	if siteID > 0 {
		q = q.Where("s.id = ?", siteID)
	}
	q = q.Select(`s.id, s.tenant_id, s.name, s.kind, a.code AS area_code, a.name AS area_name`).
		Order("a.name, s.name, s.id")
	if page > 0 {
		q = q.Limit(sitesPerPage).Offset((page - 1) * sitesPerPage)
	}
	today := stays.DayOf(now).In(i18n.Zone).Format(time.DateOnly)
	var rows []SiteFigures
	err := tx.Table("(?) p", q).Select(`p.*, coalesce(t.name, '') AS tenant_name, coalesce(k.guests, 0) AS guests, coalesce(f.den, 0)::bigint AS today,
			(SELECT count(*) FROM notifications n WHERE n.tenant_id = p.tenant_id AND n.site_id = p.id AND n.status <> 'accepted'
				AND n.status = 'pending' AND n.event = 'check_in' AND n.deadline_at < ?) AS late,
			coalesce(k.refused, 0) AS refused,
			(SELECT count(*) FROM suspicious_scans x WHERE x.tenant_id = p.tenant_id AND x.site_id = p.id AND x.scanned_at >= ?) AS suspicious`,
		now, now.AddDate(0, 0, -30)).
		Joins("LEFT JOIN tenants t ON t.id = p.tenant_id").
		Joins("LEFT JOIN site_stay_counts k ON k.tenant_id = p.tenant_id AND k.site_id = p.id").
		// today's row of each site of the page, by figure_days' key: a
		// subquery of the day's rows (its index by day) was read again for
		// every site of the page
		Joins(`LEFT JOIN figure_days f ON f.tenant_id = p.tenant_id AND f.indicator = ? AND f.site_id = p.id AND f.day = CAST(? AS date)`,
			FigureStaysNotified, today).
		Order("p.area_name, p.name, p.id").Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("accommodation: police figures: %w", err)
	}
	return rows, nil
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
// notifications not accepted and the last 30 days of suspicious scans. The
// sites in scope are read once (a materialized CTE), not once a figure, and
// each bounded set is read first (OFFSET 0) and then matched to them: the
// planner, thinking the scope holds one site, used to probe the pending
// notifications once for each of the province's 1,500 sites.
func figureTotals(tx *gorm.DB, r *web.Request, areaCode string, now time.Time) (FigureTotals, error) {
	in := scopedSites(tx, r, areaCode).Select("s.id")
	var t FigureTotals
	err := tx.Raw(`WITH s AS MATERIALIZED (@in)
		SELECT (SELECT count(*) FROM s) AS sites, k.guests, k.refused,
			(SELECT coalesce(sum(f.den), 0)::bigint FROM (SELECT site_id, den FROM figure_days WHERE indicator = @indicator
				AND day = CAST(@today AS date) OFFSET 0) f WHERE f.site_id IN (SELECT id FROM s)) AS today,
			(SELECT count(*) FROM (SELECT n.site_id FROM notifications n WHERE n.status <> 'accepted' AND n.status = 'pending'
				AND n.event = 'check_in' AND n.deadline_at < @now OFFSET 0) n WHERE n.site_id IN (SELECT id FROM s)) AS late,
			(SELECT count(*) FROM (SELECT x.site_id FROM suspicious_scans x WHERE x.scanned_at >= @since OFFSET 0) x
				WHERE x.site_id IN (SELECT id FROM s)) AS suspicious
		FROM (SELECT coalesce(sum(k.guests), 0) AS guests, coalesce(sum(k.refused), 0) AS refused
			FROM (SELECT site_id, guests, refused FROM site_stay_counts OFFSET 0) k WHERE k.site_id IN (SELECT id FROM s)) k`,
		map[string]any{"indicator": FigureStaysNotified, "today": stays.DayOf(now).In(i18n.Zone).Format(time.DateOnly),
			"now": now, "since": now.AddDate(0, 0, -30), "in": in}).Scan(&t).Error
	if err != nil {
		return t, fmt.Errorf("accommodation: police totals: %w", err)
	}
	return t, nil
}
