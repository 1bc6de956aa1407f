package market

import (
	"fmt"
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

// feesCashless is the share of fees paid cashless in a month, by key
// ("class" or "area"), from figure_days; "" is the whole province.
func feesCashless(tx *gorm.DB, month time.Time, group string) (map[string][2]int64, error) {
	key := "''"
	switch group {
	case "class":
		key = "coalesce(m.class, 1)::text"
	case "area":
		key = "f.area_id::text"
	}
	var rows []struct {
		Key      string
		Num, Den int64
	}
	err := tx.Raw(`SELECT `+key+` AS key, sum(f.num)::bigint AS num, sum(f.den)::bigint AS den FROM figure_days f
		LEFT JOIN markets m ON m.tenant_id = f.tenant_id AND m.site_id = f.site_id
		WHERE f.indicator = 'market.fees_cashless' AND f.day >= ?::date AND f.day < ?::date GROUP BY 1`,
		month.Format("2006-01-02"), month.AddDate(0, 1, 0).Format("2006-01-02")).Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("market: fees paid cashless: %w", err)
	}
	out := map[string][2]int64{}
	for _, r := range rows {
		out[r.Key] = [2]int64{r.Num, r.Den}
	}
	return out, nil
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
	sc := AdoptionScope{}
	for _, g := range []struct{ group, title, first string }{
		{"class", "market.by_class", "market.class"}, {"area", "market.by_area", "market.ward"},
	} {
		cs, err := Adoption(r.Tx, sc, month, g.group)
		if err != nil {
			return err
		}
		fees, err := feesCashless(r.Tx, month, g.group)
		if err != nil {
			return err
		}
		rows := rowsOf(cs, target, func(c AdoptionCount) string {
			if g.group == "class" {
				n, _ := strconv.Atoi(c.Label)
				return T("market.class_n", "N", n)
			}
			return c.Label
		})
		for i, c := range cs {
			f := fees[c.Key]
			rows[i].Paid = share(f[0], f[1], target)
		}
		d.Tables = append(d.Tables, ui.AdoptionTable{ID: "by-" + g.group, Title: T(g.title), First: T(g.first), Rows: rows})
	}
	pts, err := Trend(r.Tx, sc, month.AddDate(0, -11, 0), month)
	if err != nil {
		return err
	}
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
