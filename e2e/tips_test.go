package e2e

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestAnonymousTipFromAPhoneAppearsLive: an anonymous tip with a photo,
// sent from a 360 px phone, appears on CA-BAICHAY's tip inbox without a
// reload; CA-MAOKHE never sees it.
func TestAnonymousTipFromAPhoneAppearsLive(t *testing.T) {
	bc, mk := browser(t, 1280), browser(t, 1280)
	for user, ctx := range map[string]context.Context{"ca-baichay": bc, "ca-maokhe": mk} {
		login(t, ctx, user)
		err := chromedp.Do(ctx,
			chromedp.Navigate(baseURL+"/police/tips"),
			chromedp.WaitVisible(chromedp.CSS(`#tip-inbox`)),
			chromedp.Poll[chromedp.Void](`document.getElementById('tip-inbox').getAttribute('data-live') === '1'`),
		)
		if err != nil {
			t.Fatalf("%s opens the tip inbox: %v", user, err)
		}
		eval[int](t, ctx, `window.__noReload = 1`)
	}

	img := image.NewRGBA(image.Rect(0, 0, 64, 48))
	for x := 0; x < 64; x++ {
		img.Set(x, x*48/64, color.RGBA{200, 30, 30, 255})
	}
	var buf bytes.Buffer
	png.Encode(&buf, img)
	photo := filepath.Join(t.TempDir(), "hien-truong.png")
	if err := os.WriteFile(photo, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	zone, _ := time.LoadLocation("Asia/Ho_Chi_Minh")
	when := time.Now().In(zone).Add(-30 * time.Minute).Format("2006-01-02T15:04")
	desc := "Thanh niên đi xe máy giật điện thoại của du khách e2e " + time.Now().Format("150405")

	phone := browser(t, 360)
	err := chromedp.Do(phone,
		chromedp.Navigate(baseURL+"/tip"),
		chromedp.WaitVisible(chromedp.CSS(`#tip-form`)),
	)
	if err != nil {
		t.Fatalf("open the tip form: %v", err)
	}
	noHorizontalScroll(t, phone, "tip form")
	screenshot(t, phone, "tip-form-360")
	err = chromedp.Do(phone,
		chromedp.SetValue(chromedp.CSS(`#f-category`), "robbery"),
		chromedp.SendKeys(chromedp.CSS(`#f-description`), desc),
		chromedp.SetValue(chromedp.CSS(`#f-area`), "06703"),
		chromedp.SendKeys(chromedp.CSS(`#f-address`), "Chợ đêm Bãi Cháy"),
		chromedp.SetValue(chromedp.CSS(`#f-occurred_at`), when),
		chromedp.SetUploadFiles(chromedp.CSS(`#f-photos`), []string{photo}),
		chromedp.Sleep(2500*time.Millisecond), // a person takes longer than the form token's minimum
		chromedp.Click(chromedp.CSS(`#tip-submit`)),
		chromedp.WaitVisible(chromedp.CSS(`#tip-code`)),
	)
	if err != nil {
		t.Fatalf("send the tip: %v (%s)", err, text(t, phone, "main"))
	}
	code := text(t, phone, "#tip-code")
	if len(code) != 24 {
		t.Fatalf("tracking code %q", code)
	}
	noHorizontalScroll(t, phone, "tip sent")
	screenshot(t, phone, "tip-sent-360")

	if err := chromedp.Do(bc, chromedp.Poll[chromedp.Void](`document.getElementById('tip-inbox').textContent.includes(`+jsString(desc)+`)`,
		chromedp.WithPollingTimeout(20*time.Second))); err != nil {
		t.Fatalf("the tip did not appear on CA-BAICHAY's inbox: %v", err)
	}
	if eval[int](t, bc, `window.__noReload || 0`) != 1 {
		t.Fatal("CA-BAICHAY's inbox reloaded")
	}
	screenshot(t, bc, "tip-inbox-police")
	time.Sleep(time.Second)
	if strings.Contains(text(t, mk, "#tip-inbox"), desc) {
		t.Fatal("CA-MAOKHE's inbox shows the tip")
	}
	if err := chromedp.Do(mk, chromedp.Reload(), chromedp.WaitVisible(chromedp.CSS(`#tip-inbox`))); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(text(t, mk, "main"), desc) {
		t.Fatal("CA-MAOKHE sees the tip after a reload")
	}

	// the unit opens it, with its photo; the reporter follows it by code
	err = chromedp.Do(bc,
		chromedp.Click(chromedp.CSS(`#tip-list a`)),
		chromedp.WaitVisible(chromedp.CSS(`#tip-description`)),
		chromedp.Poll[chromedp.Void](`(() => { const i = document.querySelector('#tip-photos img'); return i && i.complete && i.naturalWidth === 64 })()`),
	)
	if err != nil {
		t.Fatalf("open the tip with its photo: %v", err)
	}
	mustHave(t, text(t, bc, "#tip-description"), desc)
	screenshot(t, bc, "tip-detail-police")
	err = chromedp.Do(phone,
		chromedp.Navigate(baseURL+"/tip/status"),
		chromedp.SendKeys(chromedp.CSS(`#f-code`), strings.ToLower(code)),
		chromedp.Submit(chromedp.CSS(`#status-form`)),
		chromedp.WaitVisible(chromedp.CSS(`#tip-status-value`)),
	)
	if err != nil {
		t.Fatalf("follow the tip: %v", err)
	}
	mustHave(t, text(t, phone, "#tip-status-value"), "Đã tiếp nhận")
}

func jsString(s string) string {
	return "'" + strings.NewReplacer(`\`, `\\`, `'`, `\'`).Replace(s) + "'"
}
