package province

import (
	"fmt"
	"time"

	"gorm.io/gorm"
)

// Area is a place of the province: the province itself or one of its
// communes, wards and special zones.
type Area struct {
	ID       int64
	Code     string
	Name     string
	Kind     string
	ParentID *int64
}

// ProvinceArea is the province's own area, the root of the tree.
func ProvinceArea(tx *gorm.DB) (Area, error) {
	var a Area
	if err := tx.Raw(`SELECT id, code, name, kind, parent_id FROM areas WHERE parent_id IS NULL ORDER BY id LIMIT 1`).Scan(&a).Error; err != nil {
		return a, fmt.Errorf("province: the province's area: %w", err)
	}
	return a, nil
}

// GetArea returns the area with id.
func GetArea(tx *gorm.DB, id int64) (Area, bool, error) {
	var out []Area
	if err := tx.Raw(`SELECT id, code, name, kind, parent_id FROM areas WHERE id = ?`, id).Scan(&out).Error; err != nil {
		return Area{}, false, fmt.Errorf("province: area %d: %w", id, err)
	}
	if len(out) == 0 {
		return Area{}, false, nil
	}
	return out[0], true, nil
}

// Children lists the areas directly under parent, by name.
func Children(tx *gorm.DB, parent int64) ([]Area, error) {
	var out []Area
	if err := tx.Raw(`SELECT id, code, name, kind, parent_id FROM areas WHERE parent_id = ? ORDER BY name LIMIT 1000`, parent).Scan(&out).Error; err != nil {
		return nil, fmt.Errorf("province: areas under %d: %w", parent, err)
	}
	return out, nil
}

// Sum is the rollup of a place (area or site) over a period.
type Sum struct {
	ID       int64
	Name     string
	Num, Den float64
}

// span is the days a month's value covers: the month for a flow, every day
// up to the month's end for a stock.
func span(ind Indicator, m time.Time) (string, string) {
	to := m.AddDate(0, 1, 0).Format("2006-01-02")
	if ind.Stock {
		return "2000-01-01", to
	}
	return m.Format("2006-01-02"), to
}

// monthSpan is the months a month's value covers in figure_months: the
// month for a flow, every month up to it for a stock.
func monthSpan(ind Indicator, m time.Time) (string, string) {
	to := m.AddDate(0, 1, 0).Format("2006-01-02")
	if ind.Stock {
		return "2000-01-01", to
	}
	return m.Format("2006-01-02"), to
}

// LiveByArea sums a live indicator of month m for each area under parent,
// counting every area below it (area_closure), from the monthly rollups.
func LiveByArea(tx *gorm.DB, ind Indicator, m time.Time, parent int64) (map[int64]Sum, error) {
	all, err := LiveByAreaAll(tx, []Indicator{ind}, m, parent)
	if err != nil {
		return nil, err
	}
	if all[ind.Code] == nil {
		return map[int64]Sum{}, nil
	}
	return all[ind.Code], nil
}

// LiveTotal sums a live indicator of month m over every area under area,
// itself included, from the monthly rollups.
func LiveTotal(tx *gorm.DB, ind Indicator, m time.Time, area int64) (Sum, error) {
	all, err := LiveTotals(tx, []Indicator{ind}, m, area)
	if err != nil {
		return Sum{}, err
	}
	s := all[ind.Code]
	s.ID = area
	return s, nil
}

// LiveTotals sums every live indicator of inds for month m over every area
// under area, itself included, from the monthly rollups, in one statement
// (the overview shows them all): a flow's month, a stock's months up to
// m's end. Indicators without rows are absent from the map.
func LiveTotals(tx *gorm.DB, inds []Indicator, m time.Time, area int64) (map[string]Sum, error) {
	flows, stocks := liveCodes(inds)
	out := map[string]Sum{}
	if len(flows)+len(stocks) == 0 {
		return out, nil
	}
	from, to := monthSpan(Indicator{}, m)
	var rows []struct {
		Code     string
		Num, Den float64
	}
	err := tx.Raw(`SELECT f.indicator AS code, coalesce(sum(f.num), 0) AS num, coalesce(sum(f.den), 0) AS den
		FROM area_closure c JOIN figure_months f ON f.area_id = c.descendant_id
		WHERE c.ancestor_id = ? AND f.month < ?
		  AND ((f.indicator IN ? AND f.month >= ?) OR f.indicator IN ?)
		GROUP BY f.indicator`, area, to, append(flows, ""), from, append(stocks, "")).Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("province: live indicators of area %d: %w", area, err)
	}
	for _, r := range rows {
		out[r.Code] = Sum{ID: area, Num: r.Num, Den: r.Den}
	}
	return out, nil
}

// LiveByAreaAll is LiveByArea for every live indicator of inds at once,
// in one statement (the report shows them all): indicator code → area
// directly under parent → sums. Areas without rows are absent.
func LiveByAreaAll(tx *gorm.DB, inds []Indicator, m time.Time, parent int64) (map[string]map[int64]Sum, error) {
	flows, stocks := liveCodes(inds)
	out := map[string]map[int64]Sum{}
	if len(flows)+len(stocks) == 0 {
		return out, nil
	}
	from, to := monthSpan(Indicator{}, m)
	var rows []struct {
		Code     string
		ID       int64
		Num, Den float64
	}
	// flows and stocks read apart, each through figure_months_month
	// (indicator, month): with both in one OR the prepared statement's
	// generic plan read every row of each area through the primary key
	// (1.4 ms at 300,000 stays, growing with the months)
	err := tx.Raw(`SELECT f.indicator AS code, c.ancestor_id AS id, sum(f.num) AS num, sum(f.den) AS den
		FROM areas a JOIN area_closure c ON c.ancestor_id = a.id
		JOIN (SELECT indicator, area_id, num, den FROM figure_months WHERE indicator IN ? AND month >= ? AND month < ?
			UNION ALL
			SELECT indicator, area_id, num, den FROM figure_months WHERE indicator IN ? AND month < ?) f ON f.area_id = c.descendant_id
		WHERE a.parent_id = ? GROUP BY f.indicator, c.ancestor_id`, append(flows, ""), from, to, append(stocks, ""), to, parent).Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("province: live indicators by area under %d: %w", parent, err)
	}
	for _, r := range rows {
		if out[r.Code] == nil {
			out[r.Code] = map[int64]Sum{}
		}
		out[r.Code][r.ID] = Sum{ID: r.ID, Num: r.Num, Den: r.Den}
	}
	return out, nil
}

// liveCodes splits the live indicators of inds into flows and stocks.
func liveCodes(inds []Indicator) (flows, stocks []string) {
	for _, ind := range inds {
		switch {
		case !ind.Live:
		case ind.Stock:
			stocks = append(stocks, ind.Code)
		default:
			flows = append(flows, ind.Code)
		}
	}
	return flows, stocks
}

// LiveSites lists the sites of area with figures of a live indicator in
// month m, a page at a time, by name. Site names are businesses' names.
func LiveSites(tx *gorm.DB, ind Indicator, m time.Time, area int64, page, per int) ([]Sum, int64, error) {
	from, to := span(ind, m)
	var total int64
	err := tx.Raw(`SELECT count(DISTINCT (f.tenant_id, f.site_id)) FROM figure_days f
		WHERE f.site_id IS NOT NULL AND f.indicator = ? AND f.day >= ? AND f.day < ? AND f.area_id IN (SELECT descendant_id FROM area_closure WHERE ancestor_id = ?)`,
		ind.Code, from, to, area).Scan(&total).Error
	if err != nil {
		return nil, 0, fmt.Errorf("province: count sites of %s: %w", ind.Code, err)
	}
	var rows []Sum
	err = tx.Raw(`SELECT s.id, s.name, x.num, x.den FROM (
			SELECT f.tenant_id, f.site_id, sum(f.num) AS num, sum(f.den) AS den FROM figure_days f
			WHERE f.site_id IS NOT NULL AND f.indicator = ? AND f.day >= ? AND f.day < ?
				AND f.area_id IN (SELECT descendant_id FROM area_closure WHERE ancestor_id = ?)
			GROUP BY f.tenant_id, f.site_id) x
		JOIN sites s ON s.tenant_id = x.tenant_id AND s.id = x.site_id
		ORDER BY s.name, s.id LIMIT ? OFFSET ?`, ind.Code, from, to, area, per, (page-1)*per).Scan(&rows).Error
	if err != nil {
		return nil, 0, fmt.Errorf("province: sites of %s: %w", ind.Code, err)
	}
	return rows, total, nil
}

// LiveWithoutSite sums a live indicator of month m over the rows of area
// (and the areas under it) that belong to no site, such as a crime tip
// reported for a ward rather than from a site's poster; ok is false when
// there are none.
func LiveWithoutSite(tx *gorm.DB, ind Indicator, m time.Time, area int64) (Sum, bool, error) {
	from, to := span(ind, m)
	var rows []Sum
	err := tx.Raw(`SELECT sum(f.num) AS num, sum(f.den) AS den FROM figure_days f
		WHERE f.site_id IS NULL AND f.indicator = ? AND f.day >= ? AND f.day < ?
			AND f.area_id IN (SELECT descendant_id FROM area_closure WHERE ancestor_id = ?)
		HAVING count(*) > 0`, ind.Code, from, to, area).Scan(&rows).Error
	if err != nil {
		return Sum{}, false, fmt.Errorf("province: %s without a site in area %d: %w", ind.Code, area, err)
	}
	if len(rows) == 0 {
		return Sum{}, false, nil
	}
	return rows[0], true, nil
}

// Site is a site at the site level of the drill-down: a business's place,
// no personal data.
type Site struct {
	TenantID, ID int64
	Name         string
}

// SiteIn returns site if it lies in area; ok is false otherwise.
func SiteIn(tx *gorm.DB, site, area int64) (Site, bool, error) {
	var out []Site
	err := tx.Raw(`SELECT s.tenant_id, s.id, s.name FROM sites s WHERE s.id = ?
		AND s.area_id IN (SELECT descendant_id FROM area_closure WHERE ancestor_id = ?)`, site, area).Scan(&out).Error
	if err != nil {
		return Site{}, false, fmt.Errorf("province: site %d: %w", site, err)
	}
	if len(out) == 0 {
		return Site{}, false, nil
	}
	return out[0], true, nil
}

// LiveTrend sums a live indicator for each of the 12 months ending with
// end: for area (every area under it, from the monthly rollups) or, when
// site is set, for one site (from its days).
func LiveTrend(tx *gorm.DB, ind Indicator, end time.Time, area int64, site *Site) ([]Sum, error) {
	first := end.AddDate(0, -11, 0)
	to := end.AddDate(0, 1, 0).Format("2006-01-02")
	from := first.Format("2006-01-02")
	if ind.Stock {
		from = "2000-01-01"
	}
	var rows []struct {
		M        time.Time
		Num, Den float64
	}
	var err error
	if site != nil {
		err = tx.Raw(`SELECT greatest(date_trunc('month', f.day)::date, ?::date) AS m, sum(f.num) AS num, sum(f.den) AS den
			FROM figure_days f WHERE f.tenant_id = ? AND f.indicator = ? AND f.site_id = ? AND f.day >= ? AND f.day < ?
			GROUP BY 1 ORDER BY 1`, first.Format("2006-01-02"), site.TenantID, ind.Code, site.ID, from, to).Scan(&rows).Error
	} else {
		// the areas as an array: the generic plan joined each row of the
		// indicator's months to a scan of area_closure
		err = tx.Raw(`SELECT greatest(f.month, ?::date) AS m, sum(f.num) AS num, sum(f.den) AS den
			FROM figure_months f
			WHERE f.indicator = ? AND f.month >= ? AND f.month < ?
			  AND f.area_id = ANY (ARRAY(SELECT descendant_id FROM area_closure WHERE ancestor_id = ?))
			GROUP BY 1 ORDER BY 1`, first.Format("2006-01-02"), ind.Code, from, to, area).Scan(&rows).Error
	}
	if err != nil {
		return nil, fmt.Errorf("province: trend of %s: %w", ind.Code, err)
	}
	out := make([]Sum, 12)
	for _, r := range rows {
		i := (r.M.Year()-first.Year())*12 + int(r.M.Month()) - int(first.Month())
		if i >= 0 && i < 12 {
			out[i].Num += r.Num
			out[i].Den += r.Den
		}
	}
	if ind.Stock {
		for i := 1; i < 12; i++ {
			out[i].Num += out[i-1].Num
			out[i].Den += out[i-1].Den
		}
	}
	return out, nil
}
