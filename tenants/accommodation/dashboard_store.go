package accommodation

import (
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"

	"portal06/app/i18n"
	"portal06/app/stays"
	"portal06/app/store"
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

// FigureTotals are the sums of SiteFigures over every site in scope.
type FigureTotals struct {
	Guests, Today, Late, Refused, Suspicious int64
}

// sitesPerPage is how many sites a page of the police dashboard lists, as
// many as every other list (store.PerPage): a phone shows them at once.
const sitesPerPage = store.PerPage

// siteFigures reads the figures of one accommodation site in scope (siteID),
// or of every one (siteID 0), within the area of code areaCode when it is
// not empty.
func siteFigures(tx *gorm.DB, r *web.Request, areaCode string, siteID int64, now time.Time) ([]SiteFigures, error) {
	q := scopedSites(tx, r, areaCode).Joins("JOIN areas a ON a.id = s.area_id").
		Select(`s.id, s.tenant_id, s.name, s.kind, a.code AS area_code, a.name AS area_name, s.tenant_name`).Order("a.name, a.code, s.name, s.id")
	if siteID > 0 {
		q = q.Where("s.id = ?", siteID)
	}
	sql, args := figuresSQL("?", []any{q}, now, false)
	rows, err := tx.Raw(sql+" ORDER BY p.area_name, p.area_code, p.name, p.id", args...).Rows()
	if err != nil {
		return nil, fmt.Errorf("accommodation: police figures: %w", err)
	}
	defer rows.Close()
	var out []SiteFigures
	for rows.Next() {
		var f SiteFigures
		if err := rows.Scan(f.fields()...); err != nil {
			return nil, fmt.Errorf("accommodation: read police figures: %w", err)
		}
		out = append(out, f)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("accommodation: read police figures: %w", err)
	}
	return out, nil
}

// fields are where a row of figuresSQL is scanned, in its columns' order:
// by hand, as gorm's scan by reflection was a tenth of the page.
func (f *SiteFigures) fields() []any {
	return []any{&f.ID, &f.TenantID, &f.Name, &f.Kind, &f.AreaCode, &f.AreaName, &f.TenantName,
		&f.Guests, &f.Today, &f.Late, &f.Refused, &f.Suspicious}
}

// figuresSQL is the figures of the sites the SQL sites selects with args
// (id, tenant_id, name, kind, area_code, area_name, tenant_name), as "p",
// in the columns of SiteFigures.fields, with its arguments. Every figure
// comes from a counter or a bounded set, never from the history, and only
// for those sites: guests now and refusals from site_stay_counts (kept by
// triggers), today's check-ins from figure_days (acc.stays_notified's
// denominator), the late check-ins from the partial index of notifications
// not accepted, and the suspicious scans of the last 30 days. With shared,
// the late check-ins and the scans are the statement's lateScansWith,
// counted by site; otherwise each site's are read by key. Written out
// rather than built by gorm, whose nested builders were a sixth of the
// dashboard's time in Go. The tenant's name is the site's copy of it
// (migration 00759): joining tenants ran their policy for every row.
func figuresSQL(sites string, args []any, now time.Time, shared bool) (string, []any) {
	today := stays.DayOf(now).In(i18n.Zone).Format(time.DateOnly)
	late := `(SELECT count(*) FROM notifications n WHERE n.tenant_id = p.tenant_id AND n.site_id = p.id AND ` + lateNotification + `)`
	scans := `(SELECT count(*) FROM suspicious_scans x WHERE x.tenant_id = p.tenant_id AND x.site_id = p.id AND ` + recentScan + `)`
	head, joins := lateScanArgs(now), ""
	if shared {
		late, scans, head = "coalesce(l.n, 0)", "coalesce(x.n, 0)", nil
		joins = `
		LEFT JOIN (SELECT n.tenant_id, n.site_id, count(*) AS n FROM late n GROUP BY 1, 2) l ON l.tenant_id = p.tenant_id AND l.site_id = p.id
		LEFT JOIN (SELECT x.tenant_id, x.site_id, count(*) AS n FROM scans x GROUP BY 1, 2) x ON x.tenant_id = p.tenant_id AND x.site_id = p.id`
	}
	return `SELECT p.id, p.tenant_id, p.name, p.kind, p.area_code, p.area_name, p.tenant_name,
			coalesce(k.guests, 0) AS guests, coalesce(f.den, 0)::bigint AS today, ` + late + ` AS late,
			coalesce(k.refused, 0) AS refused, ` + scans + ` AS suspicious
		FROM (` + sites + `) p
		LEFT JOIN site_stay_counts k ON k.tenant_id = p.tenant_id AND k.site_id = p.id
		LEFT JOIN figure_days f ON f.tenant_id = p.tenant_id AND f.indicator = ? AND f.site_id = p.id AND f.day = CAST(? AS date)` + joins,
		// today's row of each site is read by figure_days' key: a subquery of
		// the day's rows (its index by day) was read again for every site
		append(append(head, args...), FigureStaysNotified, today)
}

// lateNotification is the condition, on the notifications aliased n, of a
// check-in's notification still pending past its deadline (the argument),
// written so that the planner matches the partial index of notifications
// not accepted; recentScan, on the suspicious scans aliased x, of a scan
// since the argument. lateScanArgs are their arguments, in that order.
const (
	lateNotification = `n.status <> 'accepted' AND n.status = 'pending' AND n.event = 'check_in' AND n.deadline_at < ?`
	recentScan       = `x.scanned_at >= ?`
)

// lateScanArgs are the arguments of lateNotification and recentScan at
// now: the deadline passed, and the 30 days of suspicious scans counted.
func lateScanArgs(now time.Time) []any { return []any{now, now.AddDate(0, 0, -30)} }

// lateScansWith is the common table expressions late (the pending check-in
// notifications past their deadline) and scans (the suspicious scans of
// the last 30 days), as row-level security shows them, with their
// arguments: read once for both the totals and the page's sites (each
// read twice, their policies' InitPlans were started twice).
func lateScansWith(now time.Time) (string, []any) {
	return `late AS MATERIALIZED (SELECT n.tenant_id, n.site_id FROM notifications n WHERE ` + lateNotification + `),
			scans AS MATERIALIZED (SELECT x.tenant_id, x.site_id FROM suspicious_scans x WHERE ` + recentScan + `)`, lateScanArgs(now)
}

// dashboardWith is the common table expressions that the dashboard's
// statement reads, with their arguments: lateScansWith, and for a scope
// of areas alone (byAreas) scopeAreasWith and lateScanSites before and
// after it.
func dashboardWith(scope policies.Scope, areaCode string, now time.Time) (string, []any) {
	with, args := lateScansWith(now)
	if !byAreas(scope) {
		return with, args
	}
	areas, areaArgs := scopeAreasWith(scope, areaCode)
	return areas + ",\n\t\t\t" + with + ",\n\t\t\t" + lateScanSites, append(append(areaArgs, args...), accommodationSiteKinds)
}

// lateScanSites is, for a scope of areas alone, the common table
// expression ls: the sites of the statement's late and scans that are in
// its ar and of accommodation's kinds, read by key in one reading of sites
// for both (each reading runs the sites' policy, with its six InitPlans).
const lateScanSites = `ls AS MATERIALIZED (SELECT s.tenant_id, s.id FROM sites s
				WHERE s.id = ANY (ARRAY(SELECT site_id FROM late UNION SELECT site_id FROM scans)) AND s.area_id IN (SELECT id FROM ar) AND s.kind IN ?)`

// dashboardPage reads a page (from 1) of the accommodation sites in scope
// with their figures, and the totals over every one of them, within the
// area of code areaCode when it is not empty, in one statement. The page
// has one site more than it shows when another follows: the sites in scope
// are not counted.
func dashboardPage(tx *gorm.DB, scope policies.Scope, areaCode string, now time.Time, page int) ([]SiteFigures, FigureTotals, error) {
	var t FigureTotals
	with, args := dashboardWith(scope, areaCode, now)
	totals, totalArgs := totalsSQL(scope, areaCode, now)
	sites, siteArgs := pageOfSites(tx, scope, areaCode, page)
	figures, figureArgs := figuresSQL(sites, siteArgs, now, true)
	args = append(append(args, totalArgs...), figureArgs...)
	rows, err := tx.Raw(`WITH `+with+`
		SELECT t.guests, t.today, t.late, t.refused, t.suspicious,
			coalesce(p.id, 0), coalesce(p.tenant_id, 0), coalesce(p.name, ''), coalesce(p.kind, ''), coalesce(p.area_code, ''),
			coalesce(p.area_name, ''), coalesce(p.tenant_name, ''), coalesce(p.guests, 0), coalesce(p.today, 0), coalesce(p.late, 0),
			coalesce(p.refused, 0), coalesce(p.suspicious, 0)
		FROM (`+totals+`) t LEFT JOIN (`+figures+`) p ON true ORDER BY p.area_name, p.area_code, p.name, p.id`, args...).Rows()
	if err != nil {
		return nil, t, fmt.Errorf("accommodation: police dashboard: %w", err)
	}
	defer rows.Close()
	var out []SiteFigures
	for rows.Next() {
		var f SiteFigures
		if err := rows.Scan(append([]any{&t.Guests, &t.Today, &t.Late, &t.Refused, &t.Suspicious}, f.fields()...)...); err != nil {
			return nil, t, fmt.Errorf("accommodation: read police dashboard: %w", err)
		}
		if f.ID != 0 { // a page with no site still has the totals' row
			out = append(out, f)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, t, fmt.Errorf("accommodation: read police dashboard: %w", err)
	}
	return out, t, nil
}

// byAreas tells whether the scope is one of areas alone (a police unit),
// every site of whose areas is in it: its dashboard reads per-area rollups
// (scopeAreasWith, areaTotals and pageOfSites' first way).
func byAreas(scope policies.Scope) bool { return scope.AreasOnly() && scope.Pin == 0 }

// scopeAreasWith is, for a scope of areas alone, the common table
// expressions ar (the ids of the scope's areas and their descendants,
// within the area of code areaCode when it is not empty) and oth (the
// sites of those areas that are of other kinds than accommodation's, found
// through the partial index sites_not_lodging of migration 10111), with
// their arguments: the areas are worked out once a statement instead of
// once for each of its seven conditions on them.
func scopeAreasWith(scope policies.Scope, areaCode string) (string, []any) {
	areas, args := policies.InAreas("c.id"), []any{scope.Areas}
	if areaCode != "" {
		areas += " AND " + policies.InAreas("c.id")
		args = append(args, []string{areaCode})
	}
	return `ar AS MATERIALIZED (SELECT c.id FROM areas c WHERE ` + areas + `),
			oth AS MATERIALIZED (SELECT o.tenant_id, o.id FROM sites o WHERE ` + notLodging + ` AND o.area_id IN (SELECT id FROM ar))`, args
}

// pageOfSites is the SQL, with its arguments, of the page (from 1) of the
// accommodation sites in scope (as figuresSQL reads them), in the order of
// their area's name and then theirs, and one site more when another page
// follows. Read whole, every site in scope (1,500 for the
// province) was filtered and sorted for a page of 25.
//
// For a scope of areas alone (byAreas), every site of its areas is in it,
// so the page is found from area_site_counts (kept by triggers with the
// sites): the areas in order with the number of sites before each, and
// only the areas the page spans read, each from the page's first site in
// it by sites_area_name. That SQL reads the statement's ar
// (scopeAreasWith). Otherwise each area's sites are read in order as far
// as the page needs, and only those sorted. The areas walked are those of
// the filter, within the scope's.
func pageOfSites(tx *gorm.DB, scope policies.Scope, areaCode string, page int) (string, []any) {
	offset, limit := (page-1)*sitesPerPage, sitesPerPage+1
	if byAreas(scope) {
		// the areas with the sites before each in the page's order
		return `SELECT s.id, s.tenant_id, s.name, s.kind, a.code AS area_code, a.name AS area_name, s.tenant_name
			FROM (SELECT a.id, a.code, a.name, c.n, (sum(c.n) OVER (ORDER BY a.name, a.code) - c.n)::bigint AS before
				FROM areas a JOIN (SELECT c.area_id, sum(c.sites)::bigint AS n FROM area_site_counts c WHERE c.kind IN ? AND c.area_id IN (SELECT id FROM ar)
					GROUP BY c.area_id) c ON c.area_id = a.id) a
			CROSS JOIN LATERAL (SELECT s.id, s.tenant_id, s.name, s.kind, s.tenant_name FROM sites s WHERE s.area_id = a.id AND s.kind IN ?
				ORDER BY s.name, s.id OFFSET greatest(0, ? - a.before) LIMIT ?) s
			WHERE a.before < ? AND a.before + a.n > ?
			ORDER BY a.name, a.code, s.name, s.id LIMIT ?`,
			[]any{accommodationSiteKinds, accommodationSiteKinds, offset, limit, offset + limit, offset, limit}
	}
	areas := tx.Table("areas a").Select("a.id, a.code, a.name")
	if areaCode != "" {
		areas = areas.Where(policies.InAreas("a.id"), []string{areaCode})
	}
	inArea := scope.Where(tx.Table("sites s").Where("s.area_id = a.id AND s.kind IN ?", accommodationSiteKinds), "s").
		Select("s.id, s.tenant_id, s.name, s.kind, s.tenant_name").Order("s.name, s.id").Limit(page*sitesPerPage + 1)
	return "?", []any{tx.Table("(?) a CROSS JOIN LATERAL (?) s", areas, inArea).
		Select(`s.id, s.tenant_id, s.name, s.kind, a.code AS area_code, a.name AS area_name, s.tenant_name`).
		Order("a.name, a.code, s.name, s.id").Limit(limit).Offset(offset)}
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

// totalsSQL sums the figures over every accommodation site in scope,
// within the area of code areaCode when it is not empty, reading neither
// the history nor the sites in scope as a whole. Guests now and refusals
// are site_stay_counts' rows (one a site that ever had a guest), today's
// check-ins the day's rows of figure_days (one a site that had any): both
// carry their site's area and are narrowed to the scope by their own
// columns, leaving out the few sites of other kinds (an apartment block
// may lodge guests) by a hashed list of them. The late check-ins and the
// suspicious scans are the statement's late and scans (lateAndScans). For
// a scope of areas alone, areaTotals. Its one row has guests, refused,
// today, late and suspicious.
func totalsSQL(scope policies.Scope, areaCode string, now time.Time) (string, []any) {
	if byAreas(scope) {
		return areaTotals(scope, now)
	}
	row := func(alias string) (string, []any) {
		cond, args := scope.SiteRowCondition(alias)
		cond += " AND " + alias + ".site_id NOT IN (SELECT o.id FROM sites o WHERE o.kind NOT IN ?)"
		args = append(args, accommodationSiteKinds)
		if areaCode != "" {
			cond += " AND " + policies.InAreas(alias+".area_id")
			args = append(args, []string{areaCode})
		}
		return cond, args
	}
	days, dayArgs := row("f")
	lateScans, lateScanArgs := lateAndScans(scope, areaCode)
	counts, countArgs := row("k")
	// the arguments in the order of their places in the statement
	args := append([]any{FigureStaysNotified, stays.DayOf(now).In(i18n.Zone).Format(time.DateOnly)}, dayArgs...)
	args = append(append(args, lateScanArgs...), countArgs...)
	return `SELECT k.guests, k.refused,
			(SELECT coalesce(sum(f.den), 0)::bigint FROM figure_days f
				WHERE f.indicator = ? AND f.day = CAST(? AS date) AND f.site_id IS NOT NULL AND ` + days + `) AS today,
			` + lateScans + `
		FROM (SELECT coalesce(sum(k.guests), 0) AS guests, coalesce(sum(k.refused), 0) AS refused
			FROM site_stay_counts k WHERE ` + counts + `) k`, args
}

// lateAndScans are the totals' columns late and suspicious, with their
// arguments: the statement's late and scans (lateScansWith), each checked
// against its site by key, the site in scope (within the area of code
// areaCode when it is not empty) and of accommodation's kinds: for a scope
// of areas alone, one of the statement's ls (lateScanSites). The check is
// kept apart by OFFSET 0, so that it is not made a join: joined, the
// planner, thinking the scope holds one site, walked the 1,500 sites in
// scope.
func lateAndScans(scope policies.Scope, areaCode string) (string, []any) {
	site := func(alias string) (string, []any) {
		if byAreas(scope) {
			return "(" + alias + ".tenant_id, " + alias + ".site_id) IN (SELECT tenant_id, id FROM ls)", nil
		}
		cond, args := scope.SiteCondition("s")
		if areaCode != "" {
			cond += " AND " + policies.InAreas("s.area_id")
			args = append(args, []string{areaCode})
		}
		return "EXISTS (SELECT 1 FROM sites s WHERE s.tenant_id = " + alias + ".tenant_id AND s.id = " + alias + ".site_id AND " + cond +
			" AND s.kind IN ? OFFSET 0)", append(args, accommodationSiteKinds)
	}
	late, lateArgs := site("n")
	scans, scanArgs := site("x")
	return `(SELECT count(*) FROM late n WHERE ` + late + `) AS late,
			(SELECT count(*) FROM scans x WHERE ` + scans + `) AS suspicious`, append(lateArgs, scanArgs...)
}

// notLodging is the condition, on the sites aliased o, of the kinds that
// are not accommodation's, written out so that the planner can match it to
// the partial index sites_not_lodging (migration 10111) that lists them.
var notLodging = "o.kind NOT IN ('" + strings.Join(accommodationSiteKinds, "', '") + "')"

// areaTotals is totalsSQL for a scope of areas alone (byAreas), read from
// the statement's ar and oth (scopeAreasWith): guests now and refusals
// from area_stay_counts, today's check-ins from acc_area_days (both kept
// by triggers, a row per area and slot), less those of the sites of other
// kinds, read by key; the late check-ins and suspicious scans as for every
// scope (lateAndScans).
func areaTotals(scope policies.Scope, now time.Time) (string, []any) {
	day := stays.DayOf(now).In(i18n.Zone).Format(time.DateOnly)
	lateScans, lateScanArgs := lateAndScans(scope, "")
	return `SELECT (a.guests - o.guests)::bigint AS guests, (a.refused - o.refused)::bigint AS refused,
			((SELECT coalesce(sum(d.checkins), 0) FROM acc_area_days d WHERE d.day = CAST(? AS date) AND d.area_id IN (SELECT id FROM ar))
			- (SELECT coalesce(sum(f.den), 0) FROM oth o JOIN figure_days f ON f.tenant_id = o.tenant_id AND f.indicator = ? AND f.site_id = o.id
				AND f.day = CAST(? AS date)))::bigint AS today,
			` + lateScans + `
		FROM (SELECT coalesce(sum(a.guests), 0) AS guests, coalesce(sum(a.refused), 0) AS refused FROM area_stay_counts a WHERE a.area_id IN (SELECT id FROM ar)) a,
			(SELECT coalesce(sum(k.guests), 0) AS guests, coalesce(sum(k.refused), 0) AS refused
				FROM oth o JOIN site_stay_counts k ON k.tenant_id = o.tenant_id AND k.site_id = o.id) o`,
		append([]any{day, FigureStaysNotified, day}, lateScanArgs...)
}
