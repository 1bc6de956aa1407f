package e2e

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// siteCheckin opens the check-in page of Vịnh Xanh Bãi Cháy as the receptionist.
func siteCheckin(t *testing.T, width int) (confirm func() string, ctx context.Context) {
	t.Helper()
	c := browser(t, width)
	login(t, c, "ks-letan")
	err := chromedp.Do(c,
		chromedp.Navigate(baseURL+"/t/vinh-xanh/checkin"),
		chromedp.Click(chromedp.CSS(`#site-pick a`)), // the first site is Bãi Cháy
		chromedp.WaitVisible(chromedp.CSS(`#id_qr`)),
	)
	if err != nil {
		t.Fatalf("open check-in: %v", err)
	}
	return func() string { return text(t, c, "#confirm") }, c
}

func TestKeyboardWedgeScanAndCheckOut(t *testing.T) {
	confirm, ctx := siteCheckin(t, 360)
	mustHave(t, text(t, ctx, "h1"), "Khách sạn Vịnh Xanh")
	// The scan box has the focus; a USB scanner types the QR text and Enter.
	if focused := eval[string](t, ctx, `document.activeElement.id`); focused != "id_qr" {
		t.Fatalf("the focus is on %q, not the scan box", focused)
	}
	qr := "022095001234|100200300|Nguyễn Văn An|15031995|Nam|Tổ 5, Khu 3, Phường Bãi Cháy, Quảng Ninh|20042021"
	err := chromedp.Do(ctx,
		chromedp.SendKeys(chromedp.CSS(`#id_qr`), qr+"\r"),
		chromedp.WaitVisible(chromedp.CSS(`#confirm-form`)),
	)
	if err != nil {
		t.Fatalf("scan: %v", err)
	}
	if v := attr(t, ctx, "#f-full_name", "value"); v != "Nguyễn Văn An" {
		t.Fatalf("name on the confirm form: %q", v)
	}
	if v := attr(t, ctx, "#f-document_number", "value"); v != "022095001234" {
		t.Fatalf("number on the confirm form: %q", v)
	}
	noHorizontalScroll(t, ctx, "check-in confirm")
	screenshot(t, ctx, "checkin-confirm-360")
	// A hotel needs the room: the room box has the focus, and the room
	// typed with Enter saves.
	if focused := eval[string](t, ctx, `document.activeElement.id`); focused != "f-room" {
		t.Fatalf("the focus is on %q, not the room box", focused)
	}
	err = chromedp.Do(ctx, chromedp.SendKeys(chromedp.CSS(`#f-room`), "101\r"), chromedp.WaitVisible(chromedp.CSS(`#saved`)))
	if err != nil {
		t.Fatalf("save: %v", err)
	}
	mustHave(t, confirm(), "Nguyễn Văn An")
	if v := eval[string](t, ctx, `document.getElementById('id_qr').value + '|' + document.activeElement.id`); v != "|id_qr" {
		t.Fatalf("after saving, the scan box should be empty and focused: %q", v)
	}
	// The stay reaches the national receiver and keeps its receipt.
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`#saved a`)), chromedp.WaitVisible(chromedp.CSS(`#stay-facts`))); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(20 * time.Second)
	for !strings.Contains(text(t, ctx, "#notify-status"), "Đã tiếp nhận") {
		if time.Now().After(deadline) {
			t.Fatalf("not accepted: %s", text(t, ctx, "main"))
		}
		time.Sleep(500 * time.Millisecond)
		if err := chromedp.Do(ctx, chromedp.Reload(), chromedp.WaitVisible(chromedp.CSS(`#stay-facts`))); err != nil {
			t.Fatal(err)
		}
	}
	mustHave(t, text(t, ctx, "#stay-facts"), "LT-")
	// Check out: the button asks first, and the answer leads back to the
	// stay. Each step waits for an element only the next page has, so no
	// query runs against a node of the page being left.
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`#checkout`)), chromedp.WaitVisible(chromedp.CSS(`#checkout-confirm`))); err != nil {
		t.Fatal(err)
	}
	mustHave(t, text(t, ctx, "main"), "Xác nhận trả phòng")
	err = chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`#checkout-confirm button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`#stay-status[data-status="checked_out"]`)))
	if err != nil {
		t.Fatal(err)
	}
	mustHave(t, text(t, ctx, "#stay-status"), "Đã trả phòng")
	mustHave(t, text(t, ctx, "#revisions"), "Trả phòng")
}

func TestRefusedQRShowsWhy(t *testing.T) {
	_, ctx := siteCheckin(t, 1280)
	bad := "022095001234|100200300|Nguyá»…n VÄƒn An|15031995|Nam|QN|20042021"
	err := chromedp.Do(ctx, chromedp.SendKeys(chromedp.CSS(`#id_qr`), bad+"\r"), chromedp.WaitVisible(chromedp.CSS(`#scan-errors`)))
	if err != nil {
		t.Fatal(err)
	}
	mustHave(t, text(t, ctx, "#scan-errors"), "Họ và tên", "sai dấu")
	if n := eval[int](t, ctx, `document.querySelectorAll('#confirm-form').length`); n != 0 {
		t.Fatal("a refused card was offered for saving")
	}
}

func TestManualEntryOfAPassport(t *testing.T) {
	_, ctx := siteCheckin(t, 360)
	err := chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`#manual-entry`)),
		chromedp.WaitVisible(chromedp.CSS(`#confirm-form`)),
		chromedp.SetValue(chromedp.CSS(`#f-document_type`), "passport"),
		chromedp.SendKeys(chromedp.CSS(`#f-room`), "305"),
		chromedp.SendKeys(chromedp.CSS(`#f-document_number`), "M12345678"),
		chromedp.SendKeys(chromedp.CSS(`#f-full_name`), "KIM MIN JI"),
		chromedp.SetValue(chromedp.CSS(`#f-birth_date`), "1990-07-01"),
		chromedp.SetValue(chromedp.CSS(`#f-sex`), "F"),
	)
	if err != nil {
		t.Fatal(err)
	}
	// A wrong nationality is named next to its field, and nothing is saved.
	err = chromedp.Do(ctx,
		chromedp.SetValue(chromedp.CSS(`#f-nationality`), "KOREA"),
		chromedp.Click(chromedp.CSS(`#confirm-form button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`#e-nationality`)),
	)
	if err != nil {
		t.Fatal(err)
	}
	mustHave(t, text(t, ctx, "#e-nationality"), "Quốc tịch", "ISO")
	err = chromedp.Do(ctx,
		chromedp.SetValue(chromedp.CSS(`#f-nationality`), "KOR"),
		chromedp.Click(chromedp.CSS(`#confirm-form button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`#saved`)),
	)
	if err != nil {
		t.Fatal(err)
	}
	mustHave(t, text(t, ctx, "#saved"), "KIM MIN JI")
}
