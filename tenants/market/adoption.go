package market

import (
	"strconv"
	"time"

	"github.com/gofiber/fiber/v2"

	"portal06/app/export"
	"portal06/app/i18n"
	"portal06/app/web"
	"portal06/tenants/market/ui"
)

// monthOf is the first day of t's month in Vietnam.
func monthOf(t time.Time) time.Time {
	t = t.In(i18n.Zone)
	return time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, time.UTC)
}

// queryMonth reads ?month=YYYY-MM, defaulting to now's month; months after now's are refused.
func queryMonth(c *fiber.Ctx, now time.Time) time.Time {
	cur := monthOf(now)
	if m, err := time.Parse("2006-01", c.Query("month")); err == nil && !m.After(cur) && m.Year() >= 2020 {
		return m
	}
	return cur
}

func share(num, den int64, target float64) ui.Share {
	s := ui.Share{Num: num, Den: den}
	if den > 0 {
		s.Percent = float64(num) * 100 / float64(den)
		s.Met = s.Percent+1e-9 >= target
	}
	return s
}

func rowsOf(cs []AdoptionCount, target float64, label func(AdoptionCount) string) []ui.AdoptionRow {
	out := make([]ui.AdoptionRow, 0, len(cs))
	for _, c := range cs {
		out = append(out, ui.AdoptionRow{Label: label(c), Stalls: c.Stalls, QR: share(c.WithQR, c.Stalls, target),
			Accepts: share(c.Accepts, c.Stalls, target), Paid: share(c.Paid, c.Stalls, target)})
	}
	return out
}

// trendChart draws the last months' shares against the target.
func trendChart(r *web.Request, pts []TrendPoint, target float64, paid bool) ui.Chart {
	T := r.T.T
	ch := ui.Chart{Title: T("market.trend_title"), Target: target, TargetLabel: T("market.target_key", "Target", strconv.FormatFloat(target, 'f', -1, 64))}
	qr := ui.Series{Label: T("market.share_qr"), Class: "s1"}
	acc := ui.Series{Label: T("market.share_accepts"), Class: "s2"}
	pd := ui.Series{Label: T("market.share_paid"), Class: "s3"}
	for _, p := range pts {
		ch.Months = append(ch.Months, p.Month.Format("01/06"))
		if p.Stalls <= 0 {
			qr.Values, acc.Values, pd.Values = append(qr.Values, -1), append(acc.Values, -1), append(pd.Values, -1)
			continue
		}
		qr.Values = append(qr.Values, float64(p.WithQR)*100/float64(p.Stalls))
		acc.Values = append(acc.Values, float64(p.Accepts)*100/float64(p.Stalls))
		pd.Values = append(pd.Values, float64(p.Paid)*100/float64(p.Stalls))
	}
	ch.Series = []ui.Series{qr, acc}
	if paid {
		ch.Series = append(ch.Series, pd)
	}
	return ch
}

// adoption is the board's page: per market, zone and goods category, the
// share of stalls with a QR, accepting cashless and paid cashless, against
// the province's target; the trend; the stalls still without QR.
func (k *Kind) adoption(c *fiber.Ctx, r *web.Request) error {
	now := k.now()
	month := queryMonth(c, now)
	target, err := Target(r.Tx, month.Year())
	if err != nil {
		return err
	}
	ms, err := ListMarkets(r.Tx, r.Tenant.ID)
	if err != nil {
		return err
	}
	sc := AdoptionScope{TenantID: r.Tenant.ID}
	if id, err := strconv.ParseInt(c.Query("site"), 10, 64); err == nil {
		for _, m := range ms {
			if m.ID == id {
				sc.SiteID = id
			}
		}
	}
	T := r.T.T
	d := ui.AdoptionPage{Target: target, Year: month.Year(), Month: month.Format("01/2006"), Filter: base(r) + "adoption",
		PaidHeading: T("market.share_paid")}
	d.Markets = append(d.Markets, ui.Opt{Value: "", Label: T("market.all_markets")})
	for _, m := range ms {
		d.Markets = append(d.Markets, ui.Opt{Value: itoa(m.ID), Label: m.Name})
	}
	if sc.SiteID > 0 {
		d.Site = itoa(sc.SiteID)
	}
	for _, g := range []struct{ group, title, first string }{
		{"site", "market.by_market", "market.market"}, {"zone", "market.by_zone", "market.zone"}, {"category", "market.by_category", "market.category"},
	} {
		cs, err := Adoption(r.Tx, sc, month, g.group)
		if err != nil {
			return err
		}
		label := func(c AdoptionCount) string { return c.Label }
		if g.group == "category" {
			label = func(c AdoptionCount) string { return T("market.cat_" + c.Label) }
		}
		d.Tables = append(d.Tables, ui.AdoptionTable{ID: "by-" + g.group, Title: T(g.title), First: T(g.first), Rows: rowsOf(cs, target, label)})
	}
	pts, err := Trend(r.Tx, sc, month.AddDate(0, -11, 0), month)
	if err != nil {
		return err
	}
	d.Chart = trendChart(r, pts, target, true)
	todo, n, err := ListStalls(r.Tx, r.Tenant.ID, StallFilter{SiteID: sc.SiteID, NoQR: true}, 1, 10)
	if err != nil {
		return err
	}
	d.TodoCount = n
	d.TodoHref = base(r) + "stalls?noqr=1"
	d.TodoXLSX = base(r) + "adoption/todo.xlsx"
	if sc.SiteID > 0 {
		d.TodoHref += "&site=" + d.Site
		d.TodoXLSX += "?site=" + d.Site
	}
	for _, s := range todo {
		d.Todo = append(d.Todo, ui.TodoRow{Code: s.Code, Market: s.SiteName, Zone: s.Zone, Category: T("market.cat_" + s.Category),
			Holder: s.HolderName, Href: stallHref(r, s.ID, "")})
	}
	return web.Render(c, r, fiber.StatusOK, ui.AdoptionView(k.Host.Pages.Page(c, r, "market.adoption_title"), d))
}

// todoXLSX exports the stalls still without a QR.
func (k *Kind) todoXLSX(c *fiber.Ctx, r *web.Request) error {
	site, _ := strconv.ParseInt(c.Query("site"), 10, 64)
	stalls, _, err := ListStalls(r.Tx, r.Tenant.ID, StallFilter{SiteID: max(site, 0), NoQR: true}, 1, 0)
	if err != nil {
		return err
	}
	T := r.T.T
	sh := export.Sheet{Name: T("market.todo_sheet"), Headers: []string{T("market.code"), T("market.market"), T("market.zone"),
		T("market.category"), T("market.holder_name"), T("market.holder_phone"), T("market.bank"), T("market.account")}}
	for _, s := range stalls {
		sh.Rows = append(sh.Rows, []any{s.Code, s.SiteName, s.Zone, T("market.cat_" + s.Category), s.HolderName, s.HolderPhone,
			s.BankName(), deref(s.Account)})
	}
	return sendXLSX(c, "stalls-without-qr.xlsx", sh)
}
