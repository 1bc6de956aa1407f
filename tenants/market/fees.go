package market

import (
	"net/url"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"portal06/app/i18n"
	"portal06/app/web"
	"portal06/tenants/market/ui"
	"portal06/views"
)

func billHref(r *web.Request, id int64, rest string) string {
	return base(r) + "fees/" + itoa(id) + rest
}

// feeList lists the month's bills with what is paid, and the form that issues them.
func (k *Kind) feeList(c *fiber.Ctx, r *web.Request) error {
	notice := ""
	if n, err := strconv.Atoi(c.Query("issued")); err == nil && n >= 0 {
		notice = r.T.T("market.issued", "N", n)
	}
	return k.renderFees(c, r, fiber.StatusOK, nil, notice)
}

func (k *Kind) renderFees(c *fiber.Ctx, r *web.Request, status int, errs map[string]string, notice string) error {
	T := r.T.T
	month := queryMonth(c, k.now())
	f := BillFilter{Month: month, Status: web.Query(c, "status"), Q: strings.ToUpper(web.Query(c, "q"))}
	if len(f.Q) > 30 {
		f.Q = ""
	}
	f.SiteID, _ = strconv.ParseInt(c.Query("site"), 10, 64)
	ms, err := ListMarkets(r.Tx, r.Tenant.ID)
	if err != nil {
		return err
	}
	pg := web.PageNum(c)
	bills, total, sum, err := ListBills(r.Tx, r.Tenant.ID, f, pg, perPage)
	if err != nil {
		return err
	}
	t := &views.Table{ID: "bills", Empty: T("market.no_bills"), Headers: []string{T("market.bill_code"), T("market.code"), T("market.market"),
		T("market.amount"), T("market.status")}}
	for _, b := range bills {
		t.Rows = append(t.Rows, []views.Cell{{Text: b.Code, Href: billHref(r, b.ID, "")}, {Text: b.StallCode}, {Text: b.SiteName},
			{Text: formatVND(b.Amount)}, {Text: billStatus(r, b)}})
	}
	site := ""
	if f.SiteID > 0 {
		site = itoa(f.SiteID)
	}
	cashless := "–"
	if sum.Paid > 0 {
		cashless = strconv.FormatFloat(float64(sum.PaidQR)*100/float64(sum.Paid), 'f', 1, 64) + "%"
	}
	e := func(f string) string {
		if id := errs[f]; id != "" {
			return T(id)
		}
		return ""
	}
	issue := &views.Form{ID: "issue-form", Action: base(r) + "fees/issue?month=" + month.Format("2006-01"), Submit: T("market.issue_bills"), Target: "#issue",
		Fields: []views.Field{
			{Name: "site", Label: T("market.market"), Type: "select", Value: site, Options: marketOptions(r, ms, true)},
			{Name: "amount_1", Label: T("market.amount_class", "N", 1), Type: "number", Value: formOr(c, "amount_1", "300000"), Error: e("amount_1")},
			{Name: "amount_2", Label: T("market.amount_class", "N", 2), Type: "number", Value: formOr(c, "amount_2", "200000"), Error: e("amount_2")},
			{Name: "amount_3", Label: T("market.amount_class", "N", 3), Type: "number", Value: formOr(c, "amount_3", "100000"), Error: e("amount_3")},
		}}
	if r.HTMX && status != fiber.StatusOK {
		return web.Render(c, r, status, views.FormView(*issue))
	}
	q := url.Values{"month": {month.Format("2006-01")}, "site": {site}, "status": {f.Status}, "q": {f.Q}}
	statusOpts := []views.Option{{Value: "", Label: T("market.all_bills")}, {Value: "unpaid", Label: T("market.unpaid")}, {Value: "paid", Label: T("market.paid")}}
	scr := views.Screen{
		Actions: []views.NavLink{{Label: T("market.statement_title"), Href: base(r) + "statements"},
			{Label: T("market.prev_month"), Href: base(r) + "fees?month=" + month.AddDate(0, -1, 0).Format("2006-01")}},
		Filter: &views.Filter{Action: base(r) + "fees", Q: f.Q, Fields: []views.Field{
			{Name: "site", Label: T("market.market"), Value: site, Options: marketOptions(r, ms, true)},
			{Name: "status", Label: T("market.status"), Value: f.Status, Options: statusOpts},
		}},
		Sections: []views.Section{
			{ID: "fee-summary", Title: T("market.fees_month", "Month", month.Format("01/2006")), Text: T("market.fees_summary", "Bills", sum.Bills,
				"Paid", sum.Paid, "QR", sum.PaidQR, "Cashless", cashless, "Amount", formatVND(sum.Amount), "PaidAmount", formatVND(sum.PaidAmount))},
			{Table: t, Pager: &views.Pager{Page: pg, PerPage: perPage, Total: total, BaseHref: base(r) + "fees?" + q.Encode() + "&"}},
			{ID: "issue", Title: T("market.issue_title"), Text: notice, Form: issue},
		},
	}
	if month != monthOf(k.now()) {
		scr.Sections = scr.Sections[:2] // bills are issued for the current month only
	}
	return web.Render(c, r, status, views.ScreenView(k.Host.Pages.Page(c, r, "market.fees_title"), scr))
}

func formOr(c *fiber.Ctx, name, def string) string {
	if v := web.Form(c, name); v != "" {
		return v
	}
	return def
}

func billStatus(r *web.Request, b Bill) string {
	if b.PaidMethod == nil {
		return r.T.T("market.unpaid")
	}
	return r.T.T("market.paid_"+*b.PaidMethod, "Date", r.T.Date(*b.PaidOn))
}

// feeIssue issues the current month's bills of the stalls that have none.
func (k *Kind) feeIssue(c *fiber.Ctx, r *web.Request) error {
	errs := map[string]string{}
	var amounts [3]int64
	for i := range amounts {
		n, err := strconv.ParseInt(strings.ReplaceAll(web.Form(c, "amount_"+strconv.Itoa(i+1)), ".", ""), 10, 64)
		if err != nil || n <= 0 || n >= 1000000000 {
			errs["amount_"+strconv.Itoa(i+1)] = "market.err_amount"
		}
		amounts[i] = n
	}
	site, _ := strconv.ParseInt(web.Form(c, "site"), 10, 64)
	if site > 0 {
		ms, err := ListMarkets(r.Tx, r.Tenant.ID)
		if err != nil {
			return err
		}
		checkSite(ms, StallInput{SiteID: site}, errs)
	}
	if len(errs) > 0 {
		return k.renderFees(c, r, fiber.StatusUnprocessableEntity, errs, "")
	}
	n, err := IssueBills(r.Tx, r.Tenant.ID, max(site, 0), monthOf(k.now()), amounts)
	if err != nil {
		return err
	}
	return web.Redirect(c, r, base(r)+"fees?issued="+strconv.FormatInt(n, 10))
}

func (k *Kind) bill(c *fiber.Ctx, r *web.Request) (Bill, error) {
	id, err := pathID(c, "id")
	if err != nil {
		return Bill{}, err
	}
	b, err := GetBill(r.Tx, r.Tenant.ID, id)
	if err == ErrNotFound {
		return b, fiber.ErrNotFound
	}
	return b, err
}

// billShow shows a bill with its dynamic VietQR, to print or to send as a
// link (built from PORTAL06_PUBLIC_URL, never from the request's Host).
func (k *Kind) billShow(c *fiber.Ctx, r *web.Request) error {
	b, err := k.bill(c, r)
	if err != nil {
		return err
	}
	d := ui.BillPage{Code: b.Code, Stall: b.StallCode, Market: b.SiteName, Month: b.Month.Format("01/2006"), Amount: formatVND(b.Amount),
		Holder: b.HolderName, Status: billStatus(r, b), Paid: b.PaidMethod != nil, Payload: b.Payload(), QRImage: billHref(r, b.ID, "/qr.png"),
		Link: strings.TrimSuffix(k.Host.Config.PublicURL, "/") + "/p/market/bills/" + b.LinkToken, PayAction: billHref(r, b.ID, "/pay"), CSRF: r.CSRF, BackHref: base(r) + "fees?month=" + b.Month.Format("2006-01")}
	return web.Render(c, r, fiber.StatusOK, ui.BillView(k.Host.Pages.Page(c, r, "market.bill_title", "Code", b.Code), d))
}

// billQRImage serves the bill's dynamic VietQR as a PNG.
func (k *Kind) billQRImage(c *fiber.Ctx, r *web.Request) error {
	b, err := k.bill(c, r)
	if err != nil {
		return err
	}
	p := b.Payload()
	if p == "" {
		return fiber.ErrNotFound
	}
	return sendQR(c, p, 512)
}

// billPay marks a bill paid in cash or by QR, by hand; a bill is never paid twice.
func (k *Kind) billPay(c *fiber.Ctx, r *web.Request) error {
	b, err := k.bill(c, r)
	if err != nil {
		return err
	}
	method := web.Form(c, "method")
	if method != "cash" && method != "qr" {
		return fiber.ErrUnprocessableEntity
	}
	ok, err := PayBill(r.Tx, r.Tenant.ID, b.ID, method, k.now().In(i18n.Zone), r.User.FullName)
	if err != nil {
		return err
	}
	if !ok {
		return fiber.NewError(fiber.StatusConflict)
	}
	return web.Redirect(c, r, billHref(r, b.ID, ""))
}
