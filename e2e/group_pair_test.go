package e2e

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

func TestGroupCheckInInTheBrowser(t *testing.T) {
	_, ctx := siteCheckin(t, 360)
	err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`#group-link`)), chromedp.WaitVisible(chromedp.CSS(`#group-form`)))
	if err != nil {
		t.Fatal(err)
	}
	cards := []string{
		"022190004411|100200301|Lê Thị Hoa|02021990|Nữ|Hà Nội|01012021",
		"022088005522||Phạm Văn Bình|03031988|Nam|Hải Phòng|01012021",
	}
	for i, qr := range cards {
		err := chromedp.Do(ctx,
			chromedp.SendKeys(chromedp.CSS(`#id_qr`), qr+"\r"),
			chromedp.Poll[chromedp.Void]("document.querySelectorAll('#group-rows tr').length === "+itoa(i+1)),
		)
		if err != nil {
			screenshot(t, ctx, "group-fail")
			t.Fatalf("card %d: %v\n%s", i+1, err, text(t, ctx, "main"))
		}
	}
	// The same card again is refused, and the list keeps two guests.
	err = chromedp.Do(ctx, chromedp.SendKeys(chromedp.CSS(`#id_qr`), cards[0]+"\r"), chromedp.WaitVisible(chromedp.CSS(`#scan-errors`)))
	if err != nil {
		t.Fatal(err)
	}
	mustHave(t, text(t, ctx, "#scan-errors"), "Lê Thị Hoa")
	if n := eval[int](t, ctx, `document.querySelectorAll('#group-rows tr').length`); n != 2 {
		t.Fatalf("%d rows after a duplicate", n)
	}
	noHorizontalScroll(t, ctx, "group list")
	screenshot(t, ctx, "group-360")
	err = chromedp.Do(ctx,
		chromedp.SendKeys(chromedp.CSS(`#group-rows tr:nth-child(1) input.room`), "401"),
		chromedp.SendKeys(chromedp.CSS(`#group-rows tr:nth-child(2) input.room`), "402"),
		chromedp.Click(chromedp.CSS(`#group-save`)),
		chromedp.WaitVisible(chromedp.CSS(`#board-stays`)),
	)
	if err != nil {
		t.Fatalf("save the group: %v", err)
	}
	board := text(t, ctx, "#board-stays")
	mustHave(t, board, "Lê Thị Hoa", "401", "Phạm Văn Bình", "402")
}

// TestPairedPhoneFillsTheDesk: the desk shows a pairing code; the phone,
// signed in as the same receptionist, sends a card; it appears on the desk
// for confirmation without a reload.
func TestPairedPhoneFillsTheDesk(t *testing.T) {
	_, desk := siteCheckin(t, 1280)
	if err := chromedp.Do(desk, chromedp.Click(chromedp.CSS(`#pair-link`)), chromedp.WaitVisible(chromedp.CSS(`#pair-qr`))); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(desk, chromedp.Poll[chromedp.Void](`document.getElementById('pair-box').getAttribute('data-ready') === '1'`)); err != nil {
		t.Fatalf("the desk did not connect its event stream: %v", err)
	}
	phoneURL := text(t, desk, "#pair-url")
	if !strings.Contains(phoneURL, "/t/vinh-xanh/pair/") {
		t.Fatalf("pairing URL %q", phoneURL)
	}
	eval[int](t, desk, `window.__noReload = 1`)

	phone := browser(t, 360)
	login(t, phone, "ks-letan")
	qr := "022192006633|100200302|Hoàng Thị Mai|05051992|Nữ|Quảng Ninh|01012021"
	if err := chromedp.Do(phone, chromedp.Navigate(phoneURL), chromedp.WaitVisible(chromedp.CSS(`#id_qr`))); err != nil {
		t.Fatalf("phone page: %v", err)
	}
	start := time.Now()
	err := chromedp.Do(phone,
		chromedp.SetValue(chromedp.CSS(`#id_qr`), qr),
		chromedp.Click(chromedp.CSS(`#phone-send`)),
		chromedp.WaitVisible(chromedp.CSS(`#phone-result`)),
	)
	if err != nil {
		t.Fatalf("phone: %v", err)
	}
	screenshot(t, phone, "phone-360")
	if err := chromedp.Do(desk, chromedp.WaitVisible(chromedp.CSS(`#confirm-form`))); err != nil {
		t.Fatalf("the desk did not show the card: %v", err)
	}
	t.Logf("phone to desk confirm form in %s", time.Since(start))
	if v := attr(t, desk, "#f-full_name", "value"); v != "Hoàng Thị Mai" {
		t.Fatalf("desk shows %q", v)
	}
	if eval[int](t, desk, `window.__noReload || 0`) != 1 {
		t.Fatal("the desk page reloaded")
	}
}

func itoa(n int) string { return strconv.Itoa(n) }
