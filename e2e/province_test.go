package e2e

import (
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestProvinceOverviewDrillDownAndExport: the provincial official signs in
// and lands on the overview (33 of the 45 models deployed), follows a live
// indicator down to a ward and one of its sites, and downloads the month's
// report as XLSX, on a 360 px phone and on a desktop.
func TestProvinceOverviewDrillDownAndExport(t *testing.T) {
	for _, width := range []int{360, 1280} {
		t.Run(fmt.Sprintf("%dpx", width), func(t *testing.T) {
			ctx := browser(t, width)
			login(t, ctx, "tinh")
			if err := chromedp.Do(ctx, chromedp.Navigate(baseURL+"/"), chromedp.WaitVisible(chromedp.CSS(`#deployed-count`))); err != nil {
				t.Fatalf("the official does not land on the overview: %v", err)
			}
			if p := eval[string](t, ctx, `location.pathname`); p != "/province" {
				t.Fatalf("landed on %s, want /province", p)
			}
			mustHave(t, text(t, ctx, "#deployed-count"), "33/45")
			mustHave(t, text(t, ctx, "#models"), "Chợ 4.0")
			noHorizontalScroll(t, ctx, "/province")
			screenshot(t, ctx, fmt.Sprintf("province-overview-%d", width))

			// the province level of a live indicator, then a ward, then a site
			err := chromedp.Do(ctx,
				chromedp.Click(chromedp.CSS(`#indicators a[href="/province/indicators/acc.sites_reporting"]`)),
				chromedp.WaitVisible(chromedp.CSS(`#level-value`)),
				chromedp.WaitVisible(chromedp.CSS(`figure.chart svg`)),
			)
			if err != nil {
				t.Fatalf("open the indicator: %v", err)
			}
			noHorizontalScroll(t, ctx, "indicator, province level")
			href := eval[string](t, ctx, `[...document.querySelectorAll('#places a')].find(a => a.textContent.includes('Phường Tuần Châu')).getAttribute('href')`)
			if err := chromedp.Do(ctx, clickToPage(`#places a[href="`+href+`"]`, `#places a[href*="site="]`)); err != nil {
				t.Fatalf("drill down to Tuần Châu: %v", err)
			}
			mustHave(t, text(t, ctx, ".crumbs"), "Tỉnh Quảng Ninh", "Phường Tuần Châu")
			mustHave(t, text(t, ctx, "#places"), "Khách sạn Ngọc Trai Tuần Châu")
			noHorizontalScroll(t, ctx, "indicator, ward level")
			screenshot(t, ctx, fmt.Sprintf("province-ward-%d", width))
			siteHref := eval[string](t, ctx, `[...document.querySelectorAll('#places a')].find(a => a.textContent.includes('Ngọc Trai Tuần Châu')).getAttribute('href')`)
			if err := chromedp.Do(ctx, clickToPage(`#places a[href="`+siteHref+`"]`, `.crumbs [aria-current="page"]`)); err != nil {
				t.Fatalf("drill down to a site: %v", err)
			}
			mustHave(t, text(t, ctx, ".crumbs"), "Phường Tuần Châu", "Khách sạn Ngọc Trai Tuần Châu")
			if v := strings.TrimSpace(text(t, ctx, "#level-value")); v != "1" {
				t.Fatalf("the site reports %q, want 1", v)
			}

			// the printable report and its XLSX
			if err := chromedp.Do(ctx, chromedp.Navigate(baseURL+"/province/report"), chromedp.WaitVisible(chromedp.CSS(`#report`))); err != nil {
				t.Fatal(err)
			}
			mustHave(t, text(t, ctx, "#report"), "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "BÁO CÁO KẾT QUẢ TRIỂN KHAI ĐỀ ÁN 06")
			noHorizontalScroll(t, ctx, "/province/report")
			screenshot(t, ctx, fmt.Sprintf("province-report-%d", width))
			link := attr(t, ctx, "#xlsx", "href")
			if !strings.HasPrefix(link, "/province/report.xlsx?month=") {
				t.Fatalf("the report links %q", link)
			}
			got := eval[string](t, ctx, `(() => { const x = new XMLHttpRequest(); x.open('GET', `+"`"+link+"`"+`, false);
				x.overrideMimeType('text/plain; charset=x-user-defined'); x.send();
				return x.status + ' ' + x.getResponseHeader('Content-Type') + ' ' + x.getResponseHeader('Content-Disposition') + ' ' +
					(x.responseText.length > 2000) + ' ' + x.responseText.slice(0, 2); })()`)
			mustHave(t, got, "200 application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "attachment", ".xlsx", "true PK")

			// where to roll out next: the deployment matrix scrolls inside its frame
			if err := chromedp.Do(ctx, chromedp.Navigate(baseURL+"/province/matrix"), chromedp.WaitVisible(chromedp.CSS(`#matrix`))); err != nil {
				t.Fatal(err)
			}
			mustHave(t, text(t, ctx, "#matrix"), "Phường Bãi Cháy", "Đặc khu Cô Tô")
			noHorizontalScroll(t, ctx, "/province/matrix")
			screenshot(t, ctx, fmt.Sprintf("province-matrix-%d", width))
		})
	}
}
