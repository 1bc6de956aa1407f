package market

import (
	"fmt"
	"sort"
	"strconv"
	"time"

	"github.com/gofiber/fiber/v2"
	"gorm.io/gorm"

	"portal06/app/kind"
	"portal06/app/web"
	"portal06/tenants/market/ui"
)

// Indicators are the kind's figures of pilot model 44 (Chợ 4.0), kept in
// figure_days by the triggers on stalls and bills.
func (*Kind) Indicators() []kind.Indicator {
	return []kind.Indicator{
		{Code: "market.stalls_qr", Model: 44, Label: "market.ind_stalls_qr", Unit: "percent", HigherIsBetter: true, Stock: true},
		{Code: "market.stalls_cashless", Model: 44, Label: "market.ind_stalls_cashless", Unit: "percent", HigherIsBetter: true, Stock: true},
		{Code: "market.fees_cashless", Model: 44, Label: "market.ind_fees_cashless", Unit: "percent", HigherIsBetter: true},
	}
}

// RegisterProvince adds the province's market page under /province/.
func (k *Kind) RegisterProvince(r *web.Router) {
	r.Get("/markets", "province.markets", k.provinceMarkets)
	r.Post("/markets/target", "province.market_target", k.provinceTarget)
}

// ProvinceNav lists the province's market page.
func (*Kind) ProvinceNav() []web.NavItem {
	return []web.NavItem{{Label: "market.province_nav", Href: "markets"}}
}

// provinceData is what the province's page shows: rollups only.
type provinceData struct {
	Classes, Areas      []AdoptionCount
	FeesClass, FeesArea map[string][2]int64
	Trend               []TrendPoint
}

// loadProvince reads the province's figures of month from the rollups
// (market_stall_months and figure_days), never from stalls or bills: one
// row per market and month, grouped by class and by commune here.
func loadProvince(tx *gorm.DB, month time.Time) (provinceData, error) {
	pd := provinceData{FeesClass: map[string][2]int64{}, FeesArea: map[string][2]int64{}}
	end := month.AddDate(0, 1, 0).Format("2006-01-02")
	var sites []struct {
		SiteID   int64
		AreaID   int64
		AreaName string
		Class    int
	}
	err := tx.Raw(`SELECT s.id AS site_id, s.area_id, a.name AS area_name, coalesce(m.class, 1) AS class
		FROM sites s JOIN areas a ON a.id = s.area_id LEFT JOIN markets m ON m.tenant_id = s.tenant_id AND m.site_id = s.id
		WHERE s.kind = 'market'`).Scan(&sites).Error
	if err != nil {
		return pd, fmt.Errorf("market: markets of the province: %w", err)
	}
	var counts []struct {
		SiteID                  int64
		Stalls, WithQR, Accepts int64
	}
	err = tx.Raw(`SELECT site_id, sum(stalls) AS stalls, sum(with_qr) AS with_qr, sum(accepting) AS accepts
		FROM market_stall_months WHERE month < ?::date GROUP BY 1`, end).Scan(&counts).Error
	if err != nil {
		return pd, fmt.Errorf("market: adoption of the province: %w", err)
	}
	var fees []struct {
		SiteID   int64
		Num, Den int64
	}
	err = tx.Raw(`SELECT site_id, sum(num)::bigint AS num, sum(den)::bigint AS den FROM figure_days
		WHERE indicator = 'market.fees_cashless' AND day >= ?::date AND day < ?::date GROUP BY 1`, month.Format("2006-01-02"), end).Scan(&fees).Error
	if err != nil {
		return pd, fmt.Errorf("market: fees paid cashless: %w", err)
	}
	type where struct{ class, area, areaName string }
	at := map[int64]where{}
	for _, s := range sites {
		at[s.SiteID] = where{strconv.Itoa(s.Class), strconv.FormatInt(s.AreaID, 10), s.AreaName}
	}
	classes, areas := map[string]*AdoptionCount{}, map[string]*AdoptionCount{}
	add := func(m map[string]*AdoptionCount, key, label string, st, q, a int64) {
		c := m[key]
		if c == nil {
			c = &AdoptionCount{Key: key, Label: label}
			m[key] = c
		}
		c.Stalls, c.WithQR, c.Accepts = c.Stalls+st, c.WithQR+q, c.Accepts+a
	}
	for _, c := range counts {
		w, ok := at[c.SiteID]
		if !ok || c.Stalls <= 0 {
			continue
		}
		add(classes, w.class, w.class, c.Stalls, c.WithQR, c.Accepts)
		add(areas, w.area, w.areaName, c.Stalls, c.WithQR, c.Accepts)
	}
	for _, f := range fees {
		if w, ok := at[f.SiteID]; ok {
			pd.FeesClass[w.class] = [2]int64{pd.FeesClass[w.class][0] + f.Num, pd.FeesClass[w.class][1] + f.Den}
			pd.FeesArea[w.area] = [2]int64{pd.FeesArea[w.area][0] + f.Num, pd.FeesArea[w.area][1] + f.Den}
		}
	}
	sorted := func(m map[string]*AdoptionCount) []AdoptionCount {
		out := make([]AdoptionCount, 0, len(m))
		for _, c := range m {
			out = append(out, *c)
		}
		sort.Slice(out, func(i, j int) bool { return out[i].Label < out[j].Label })
		return out
	}
	pd.Classes, pd.Areas = sorted(classes), sorted(areas)
	pd.Trend, err = Trend(tx, AdoptionScope{}, month.AddDate(0, -11, 0), month)
	return pd, err
}

// provinceMarkets shows adoption across every market, by class and by
// commune, month by month against the target: counts only, no holder.
func (k *Kind) provinceMarkets(c *fiber.Ctx, r *web.Request) error {
	return k.renderProvince(c, r, fiber.StatusOK, "")
}

func (k *Kind) renderProvince(c *fiber.Ctx, r *web.Request, status int, targetErr string) error {
	T := r.T.T
	month := queryMonth(c, k.now())
	target, err := Target(r.Tx, month.Year())
	if err != nil {
		return err
	}
	d := ui.AdoptionPage{Target: target, Year: month.Year(), Month: month.Format("01/2006"), Note: T("market.province_note"), CSRF: r.CSRF,
		TargetError: targetErr}
	d.TargetAction = "/province/markets/target" // Casbin decides the post
	d.PaidHeading = T("market.share_fees_cashless")
	pd, err := loadProvince(r.Tx, month)
	if err != nil {
		return err
	}
	for _, g := range []struct {
		group, title, first string
		cs                  []AdoptionCount
		fees                map[string][2]int64
	}{
		{"class", "market.by_class", "market.class", pd.Classes, pd.FeesClass}, {"area", "market.by_area", "market.ward", pd.Areas, pd.FeesArea},
	} {
		rows := rowsOf(g.cs, target, func(c AdoptionCount) string {
			if g.group == "class" {
				n, _ := strconv.Atoi(c.Label)
				return T("market.class_n", "N", n)
			}
			return c.Label
		})
		for i, c := range g.cs {
			f := g.fees[c.Key]
			rows[i].Paid = share(f[0], f[1], target)
		}
		d.Tables = append(d.Tables, ui.AdoptionTable{ID: "by-" + g.group, Title: T(g.title), First: T(g.first), Rows: rows})
	}
	pts := pd.Trend
	d.Chart = trendChart(r, pts, target, false)
	return web.Render(c, r, status, ui.AdoptionView(k.Host.Pages.Page(c, r, "market.province_title"), d))
}

// provinceTarget sets the year's target share.
func (k *Kind) provinceTarget(c *fiber.Ctx, r *web.Request) error {
	year, err1 := strconv.Atoi(web.Form(c, "year"))
	pct, err2 := strconv.ParseFloat(web.Form(c, "percent"), 64)
	if err1 != nil || year < 2020 || year > 2100 || err2 != nil || pct <= 0 || pct > 100 {
		return k.renderProvince(c, r, fiber.StatusUnprocessableEntity, r.T.T("market.err_target"))
	}
	if err := SetTarget(r.Tx, year, pct); err != nil {
		return err
	}
	return web.Redirect(c, r, "/province/markets")
}
