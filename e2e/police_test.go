package e2e

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// apiCheckIn checks a guest in through the demo tenant's API token.
func apiCheckIn(t *testing.T, site, qr string) {
	t.Helper()
	body := `{"site":"` + site + `","room":"9","id_qr":"` + qr + `","expected_departure":"` + time.Now().AddDate(0, 0, 1).Format("2006-01-02") + `","reason":"Du lịch"}`
	req, _ := http.NewRequest(http.MethodPost, baseURL+"/api/v1/stays", strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer demo-token-vinh-xanh")
	req.Header.Set("Content-Type", "application/json")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 201 && res.StatusCode != 200 {
		t.Fatalf("API check-in at %s: %d", site, res.StatusCode)
	}
}

func policeSearch(t *testing.T, user, q string) string {
	t.Helper()
	ctx := browser(t, 360)
	login(t, ctx, user)
	err := chromedp.Do(ctx,
		chromedp.Navigate(baseURL+"/police/search"),
		chromedp.SendKeys(chromedp.CSS(`#f-q`), q),
		chromedp.SendKeys(chromedp.CSS(`#f-purpose`), "Kiểm tra e2e "+user),
		chromedp.Submit(chromedp.CSS(`#person-search`)),
		chromedp.WaitVisible(chromedp.CSS(`main h2`)),
	)
	if err != nil {
		t.Fatalf("%s searches %q: %v", user, q, err)
	}
	if u := eval[string](t, ctx, `location.href`); strings.Contains(u, "q=") || strings.Contains(u, "0220") {
		t.Fatalf("the search went into the URL: %s", u)
	}
	noHorizontalScroll(t, ctx, "search results")
	return text(t, ctx, "main")
}

func TestPoliceSearchIsBoundedByJurisdiction(t *testing.T) {
	apiCheckIn(t, "vinh-xanh-bai-chay", "022094001111|100200311|Trịnh Văn Bãi|01011994|Nam|Quảng Ninh|01012021")
	apiCheckIn(t, "vinh-xanh-hong-gai", "022093002222|100200322|Trịnh Văn Hồng|02021993|Nam|Quảng Ninh|01012021")

	ward := policeSearch(t, "ca-baichay", "trinh van")
	mustHave(t, ward, "Trịnh Văn Bãi")
	if strings.Contains(ward, "Trịnh Văn Hồng") {
		t.Fatal("Bãi Cháy police found a guest of Hồng Gai")
	}
	mustHave(t, policeSearch(t, "pc06", "trinh van"), "Trịnh Văn Bãi", "Trịnh Văn Hồng")

	// The audit page shows both searches to PC06.
	ctx := browser(t, 1280)
	login(t, ctx, "pc06")
	if err := chromedp.Do(ctx, chromedp.Navigate(baseURL+"/police/audit"), chromedp.WaitVisible(chromedp.CSS(`#audit`))); err != nil {
		t.Fatal(err)
	}
	mustHave(t, text(t, ctx, "#audit"), "ca-baichay", "Kiểm tra e2e ca-baichay", "pc06", "Kiểm tra e2e pc06", "trinh van")
}

// TestWatchlistHitAppearsLive: PC06 watches a number; when a hotel checks
// that guest in, the alert appears on PC06's dashboard without a reload.
func TestWatchlistHitAppearsLive(t *testing.T) {
	ctx := browser(t, 1280)
	login(t, ctx, "pc06")
	err := chromedp.Do(ctx,
		chromedp.Navigate(baseURL+"/police/watchlist"),
		chromedp.SendKeys(chromedp.CSS(`#f-doc_number`), "022091003333"),
		chromedp.SendKeys(chromedp.CSS(`#f-purpose`), "Chuyên án e2e"),
		chromedp.SendKeys(chromedp.CSS(`#f-note`), "Đối tượng truy tìm e2e"),
		// #watchlist stands before the post too: wait for the new page,
		// or the next navigation aborts the post's own.
		clickToPage(`#watch-form button[type=submit]`, `#watchlist`),
		chromedp.Navigate(baseURL+"/police"),
		chromedp.WaitVisible(chromedp.CSS(`#alerts h2`)),
		chromedp.Poll[chromedp.Void](`document.getElementById('alerts').getAttribute('data-live') === '1'`),
	)
	if err != nil {
		t.Fatalf("watch a number: %v", err)
	}
	eval[int](t, ctx, `window.__noReload = 1`)
	apiCheckIn(t, "vinh-xanh-hong-gai", "022091003333|100200333|Vương Văn Truy|03031991|Nam|Quảng Ninh|01012021")
	// the demo's own alerts may be listed already: wait for this one
	if err := chromedp.Do(ctx, chromedp.Poll[chromedp.Void](`document.getElementById('alerts').textContent.includes('•••••••••333')`)); err != nil {
		t.Fatalf("the alert did not appear: %v", err)
	}
	mustHave(t, text(t, ctx, "#alert-banner"), "vừa đăng ký lưu trú")
	if eval[int](t, ctx, `window.__noReload || 0`) != 1 {
		t.Fatal("the dashboard reloaded")
	}
	// The list names nobody; opening the alert shows who and where.
	if strings.Contains(text(t, ctx, "#alerts"), "Vương Văn Truy") {
		t.Fatal("the alert list names the guest")
	}
	err = chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`#alert-list tbody tr:first-child a`)), chromedp.WaitVisible(chromedp.CSS(`#alert-facts`)))
	if err != nil {
		t.Fatal(err)
	}
	mustHave(t, text(t, ctx, "#alert-facts"), "Vương Văn Truy", "Khách sạn Vịnh Xanh Hồng Gai", "Chuyên án e2e", "Đối tượng truy tìm e2e")
}

// TestPoliceDashboardOnAPhone: PC06 opens the accommodation dashboard on a
// 360 px screen: the totals and the province's sites with their figures,
// names in Vietnamese, and no sideways scrolling; a site's row opens its
// guests.
func TestPoliceDashboardOnAPhone(t *testing.T) {
	ctx := browser(t, 360)
	login(t, ctx, "pc06")
	err := chromedp.Do(ctx,
		chromedp.Navigate(baseURL+"/police/accommodation"),
		chromedp.WaitVisible(chromedp.CSS(`#police-sites`)),
	)
	if err != nil {
		t.Fatal(err)
	}
	// each site named with its tenant (the sites' copy of the name)
	mustHave(t, text(t, ctx, "main"), "Khách sạn Vịnh Xanh Bãi Cháy (Công ty TNHH Khách sạn Vịnh Xanh)", "Khách sạn Vịnh Xanh Hồng Gai")
	if n := eval[int](t, ctx, `document.querySelectorAll('#totals tbody tr').length`); n != 1 {
		t.Fatalf("%d rows of totals", n)
	}
	if n := eval[int](t, ctx, `document.querySelectorAll('#police-sites tbody tr').length`); n < 2 || n > 25 {
		t.Fatalf("%d sites on the first page", n)
	}
	noHorizontalScroll(t, ctx, "police dashboard")
	err = chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`#police-sites tbody tr:first-child a[href^="/police/accommodation/sites/"]`)),
		chromedp.WaitVisible(chromedp.CSS(`section#guests`)),
	)
	if err != nil {
		t.Fatalf("open a site from the dashboard: %v", err)
	}
	if u := eval[string](t, ctx, `location.pathname`); !strings.HasPrefix(u, "/police/accommodation/sites/") {
		t.Fatalf("the site's row led to %s", u)
	}
	noHorizontalScroll(t, ctx, "a site's guests")
}
