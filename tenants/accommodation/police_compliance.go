package accommodation

import (
	"bytes"
	"fmt"
	"net/url"
	"time"

	"github.com/gofiber/fiber/v2"

	"portal06/app/export"
	"portal06/app/stays"
	"portal06/app/web"
	"portal06/views"
)

func (k *Kind) compliancePeriod(c *fiber.Ctx) (time.Time, time.Time, string, string) {
	now := k.d.Now()
	fromS, toS := web.Query(c, "from"), web.Query(c, "to")
	from, err := time.ParseInLocation("2006-01-02", fromS, zone)
	if err != nil {
		from = stays.DayOf(now).AddDate(0, 0, -30)
		fromS = from.Format("2006-01-02")
	}
	to, err := time.ParseInLocation("2006-01-02", toS, zone)
	if err != nil {
		to = stays.DayOf(now)
		toS = to.Format("2006-01-02")
	}
	return from, to.AddDate(0, 0, 1), fromS, toS
}

// policeCompliance lists, for the chosen period, each site's share of stays
// accepted before the deadline, the sites with late or missing ones first.
func (k *Kind) policeCompliance(c *fiber.Ctx, r *web.Request) error {
	from, to, fromS, toS := k.compliancePeriod(c)
	rows, err := complianceBySite(r.Tx, r.Scope, from, to)
	if err != nil {
		return err
	}
	t := &views.Table{ID: "compliance", Empty: r.T.T("sites.none"), Headers: []string{r.T.T("sites.name"), r.T.T("sites.area"),
		r.T.T("police.due"), r.T.T("police.on_time"), r.T.T("police.late_accepted"), r.T.T("police.missing"), r.T.T("police.rate")}}
	for _, x := range rows {
		rate := "—"
		if x.Rate() >= 0 {
			rate = fmt.Sprintf("%d%%", x.Rate())
		}
		t.Rows = append(t.Rows, []views.Cell{{Text: x.SiteName + " (" + x.TenantName + ")"}, {Text: x.AreaName}, {Text: fmt.Sprint(x.Due)},
			{Text: fmt.Sprint(x.OnTime)}, {Text: fmt.Sprint(x.Late)}, {Text: fmt.Sprint(x.Missing)}, {Text: rate}})
	}
	q := url.Values{"from": {fromS}, "to": {toS}}
	form := views.Form{ID: "period", Action: "/police/accommodation/compliance", Method: "get", Submit: r.T.T("filter.apply"), Fields: []views.Field{
		{Name: "from", Label: r.T.T("acc.from"), Type: "date", Value: fromS}, {Name: "to", Label: r.T.T("acc.to"), Type: "date", Value: toS}}}
	scr := views.Screen{Actions: []views.NavLink{{Label: r.T.T("audit.export"), Href: "/police/accommodation/compliance.xlsx?" + q.Encode()}},
		Sections: []views.Section{{ID: "period", Form: &form}, {ID: "sites", Text: r.T.T("police.compliance_help"), Table: t}}}
	return web.Render(c, r, fiber.StatusOK, views.ScreenView(k.s.Page(c, r, "police.compliance"), scr))
}

// policeComplianceXLSX exports the same report; cells are formula-safe.
func (k *Kind) policeComplianceXLSX(c *fiber.Ctx, r *web.Request) error {
	from, to, fromS, toS := k.compliancePeriod(c)
	rows, err := complianceBySite(r.Tx, r.Scope, from, to)
	if err != nil {
		return err
	}
	sh := export.Sheet{Name: "compliance", Headers: []string{"site", "tenant", "area", "due", "on_time", "late", "missing", "rate_percent"}}
	for _, x := range rows {
		var rate any = ""
		if x.Rate() >= 0 {
			rate = x.Rate()
		}
		sh.Rows = append(sh.Rows, []any{x.SiteName, x.TenantName, x.AreaName, x.Due, x.OnTime, x.Late, x.Missing, rate})
	}
	var buf bytes.Buffer
	if err := export.Write(&buf, sh); err != nil {
		return err
	}
	c.Set(fiber.HeaderContentType, xlsxType)
	c.Set(fiber.HeaderContentDisposition, `attachment; filename="compliance-`+fromS+`-`+toS+`.xlsx"`)
	return c.Send(buf.Bytes())
}
