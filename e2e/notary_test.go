package e2e

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// notaryAct creates an act and adds one party by scanning their card's QR,
// as the office's staff do; it leaves the browser on the act's page.
func notaryAct(t *testing.T, ctx context.Context, number, role, qr string) {
	t.Helper()
	err := chromedp.Do(ctx,
		chromedp.Navigate(baseURL+"/t/cong-chung-ha-long/acts"),
		chromedp.WaitVisible(chromedp.CSS(`#act-form`)),
		chromedp.SetValue(chromedp.CSS(`#f-act_type`), "authorisation"),
		chromedp.SendKeys(chromedp.CSS(`#f-number`), number),
		chromedp.Click(chromedp.CSS(`#act-form button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`#scan-form`)),
		chromedp.SetValue(chromedp.CSS(`#f-party_role`), role),
		chromedp.SendKeys(chromedp.CSS(`#id_qr`), qr+"\r"),
		chromedp.WaitVisible(chromedp.CSS(`#party-notice`)),
	)
	if err != nil {
		t.Fatalf("act %s with a party: %v", number, err)
	}
}

// TestNotaryMismatchShownInPlainWords: the chip says another number and the
// face is not close enough; the act page says so at once, in plain words.
func TestNotaryMismatchShownInPlainWords(t *testing.T) {
	ctx := browser(t, 360)
	login(t, ctx, "congchung")
	notaryAct(t, ctx, "E2E-1/2026/UQ", "authoriser", "022188007001||Hoàng Thị Thảo|07071988|Nữ|Phường Hạ Long, Quảng Ninh|01012022")
	err := chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`#parties a.button`)),
		chromedp.WaitVisible(chromedp.CSS(`#check-form`)),
		chromedp.SendKeys(chromedp.CSS(`#f-chip_number`), "022188009999"),
		chromedp.SendKeys(chromedp.CSS(`#f-chip_name`), "HOANG THI THAO"),
		chromedp.SetValue(chromedp.CSS(`#f-chip_birth_date`), "1988-07-07"),
		chromedp.SetValue(chromedp.CSS(`#f-chip_sex`), "F"),
		chromedp.SetValue(chromedp.CSS(`#f-chip_expiry`), "2033-07-07"),
		chromedp.SendKeys(chromedp.CSS(`#f-face_match`), "0,52"),
		chromedp.Click(chromedp.CSS(`#check-form button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`#check-result`)),
	)
	if err != nil {
		t.Fatalf("enter the chip result: %v", err)
	}
	got := text(t, ctx, "#check-result")
	mustHave(t, got, "Hoàng Thị Thảo", "KHÔNG KHỚP", "Số định danh trên chip khác số trên mã QR", "Khuôn mặt không đủ giống ảnh trong chip")
	if strings.Contains(got, "Họ tên trên chip khác") {
		t.Fatal("a name that differs only in accents and case was called different")
	}
	if v := attr(t, ctx, "#check-result", "data-verdict"); v != "mismatch" {
		t.Fatalf("verdict %q", v)
	}
	noHorizontalScroll(t, ctx, "act page")
	screenshot(t, ctx, "notary-mismatch")
	// staff cannot complete the act past the failed check
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`#complete-form button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`#complete-form .alert.error`))); err != nil {
		t.Fatalf("complete: %v", err)
	}
	mustHave(t, text(t, ctx, "#complete-form"), "Chưa hoàn thành được")
	if eval[bool](t, ctx, `!!document.getElementById('override-form')`) {
		t.Fatal("staff were offered the notary's override")
	}
}

// TestNotaryOverrideWithItsReason: a notary completes an act whose party
// could not be verified, with a written reason the act then shows.
func TestNotaryOverrideWithItsReason(t *testing.T) {
	ctx := browser(t, 1280)
	login(t, ctx, "ccv-halong")
	notaryAct(t, ctx, "E2E-2/2026/UQ", "authoriser", "022079007002||Đào Văn Bình|08081979|Nam|Phường Hạ Long, Quảng Ninh|01012022")
	reason := "Đầu đọc chip hỏng; đã xác minh danh tính qua VNeID trực tiếp"
	err := chromedp.Do(ctx,
		chromedp.WaitVisible(chromedp.CSS(`#override-form`)),
		chromedp.SendKeys(chromedp.CSS(`#f-reason`), reason),
		chromedp.Click(chromedp.CSS(`#override-form button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`#override-note`)),
	)
	if err != nil {
		t.Fatalf("override: %v", err)
	}
	mustHave(t, text(t, ctx, "#override-note"), "Phạm Thu Hà", reason)
	mustHave(t, text(t, ctx, "#act-facts"), "công chứng viên quyết định vượt")
}

// TestNotarySignalReachesPC06Live: a forged card at the Hạ Long office
// raises a signal that appears on PC06's list without a reload.
func TestNotarySignalReachesPC06Live(t *testing.T) {
	ctx := browser(t, 1280)
	login(t, ctx, "pc06")
	err := chromedp.Do(ctx,
		chromedp.Navigate(baseURL+"/police/notary/signals"),
		chromedp.WaitVisible(chromedp.CSS(`#alerts h2`)),
		chromedp.Poll[chromedp.Void](`document.getElementById('alerts').getAttribute('data-live') === '1'`),
	)
	if err != nil {
		t.Fatalf("open the signals: %v", err)
	}
	eval[int](t, ctx, `window.__noReload = 1`)
	body := `{"site":"cc-ha-long","act":{"type":"land_transfer","number":"E2E-LIVE/2026","land_certificate":"CY 555001","parcel":"77/9"},` +
		`"party_role":"seller","id_qr":"022185006789||Lê Thị Mạo Danh|04041985|Nữ|Quảng Ninh|01012022",` +
		`"chip":{"number":"022185006789","full_name":"Lê Thị Mạo Danh","birth_date":"1985-04-04","sex":"F","expiry":"2031-01-01","passive_auth":true,"chip_auth":true},` +
		`"face_match":0.9,"liveness":true}`
	req, _ := http.NewRequest(http.MethodPost, baseURL+"/api/v1/identity-checks", strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer demo-token-cong-chung-ha-long")
	req.Header.Set("Content-Type", "application/json")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusCreated {
		t.Fatalf("API check: %d", res.StatusCode)
	}
	if err := chromedp.Do(ctx, chromedp.Poll[chromedp.Void](`(document.getElementById('signal-list') || {textContent: ''}).textContent.includes('Lê Thị Mạo Danh')`)); err != nil {
		t.Fatalf("the signal did not appear: %v", err)
	}
	screenshot(t, ctx, "notary-signals")
	mustHave(t, text(t, ctx, "#signal-list"), "Lê Thị Mạo Danh", "Số định danh đã gặp với họ tên hoặc ngày sinh khác", "Văn phòng công chứng Hạ Long")
	if eval[int](t, ctx, `window.__noReload || 0`) != 1 {
		t.Fatal("the page reloaded")
	}
}
