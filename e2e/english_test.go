package e2e

import (
	"testing"

	"github.com/chromedp/chromedp"
)

// TestCheckInInEnglishOnAPhone: a receptionist who reads English switches
// language, gets a refused card explained in English, then saves a guest.
func TestCheckInInEnglishOnAPhone(t *testing.T) {
	_, ctx := siteCheckin(t, 360)
	err := chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`#lang-en`)),
		chromedp.WaitVisible(chromedp.CSS(`#lang-vi`)),
		chromedp.WaitVisible(chromedp.CSS(`#id_qr`)),
	)
	if err != nil {
		t.Fatal(err)
	}
	if lang := attr(t, ctx, "html", "lang"); lang != "en" {
		t.Fatalf("lang=%q", lang)
	}
	mustHave(t, text(t, ctx, "h1"), "Check in")
	err = chromedp.Do(ctx,
		chromedp.SendKeys(chromedp.CSS(`#id_qr`), "02209500123|x|Nguyễn Văn An|15031995|Nam|QN|20042021\r"),
		chromedp.WaitVisible(chromedp.CSS(`#scan-errors`)),
	)
	if err != nil {
		t.Fatal(err)
	}
	mustHave(t, text(t, ctx, "#scan-errors"), "Document number", "exactly 12 digits")
	eval[string](t, ctx, `document.getElementById('id_qr').value = ''`)
	err = chromedp.Do(ctx,
		chromedp.SendKeys(chromedp.CSS(`#id_qr`), "022190009090||Lý Thị Thu|09091990|Nữ|Quảng Ninh|01012021\r"),
		chromedp.WaitVisible(chromedp.CSS(`#confirm-form`)),
	)
	if err != nil {
		t.Fatal(err)
	}
	mustHave(t, text(t, ctx, "#confirm"), "Check, then save", "Date of birth", "Expected departure")
	noHorizontalScroll(t, ctx, "English confirm form")
	err = chromedp.Do(ctx, chromedp.SendKeys(chromedp.CSS(`#f-room`), "204"), chromedp.Click(chromedp.CSS(`#confirm-form button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`#saved`)))
	if err != nil {
		t.Fatal(err)
	}
	mustHave(t, text(t, ctx, "#saved"), "Saved the stay of Lý Thị Thu")
	screenshot(t, ctx, "checkin-english-360")
}
