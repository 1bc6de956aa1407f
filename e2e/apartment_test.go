package e2e

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// greenBayBoard opens the Green Bay manager's board.
func greenBayBoard(t *testing.T, width int) context.Context {
	t.Helper()
	ctx := browser(t, width)
	login(t, ctx, "cc-manager")
	if err := chromedp.Do(ctx, chromedp.Navigate(baseURL+"/t/chung-cu-green-bay/residents"), chromedp.WaitVisible(chromedp.CSS(`#occupancy`))); err != nil {
		t.Fatalf("open the board: %v", err)
	}
	return ctx
}

// follow clicks the board's action whose link ends with suffix.
func follow(t *testing.T, ctx context.Context, suffix, wait string) {
	t.Helper()
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`.actions-bar a[href$="`+suffix+`"]`)), chromedp.WaitVisible(chromedp.CSS(wait))); err != nil {
		t.Fatalf("follow %s: %v", suffix, err)
	}
}

// TestApartmentRegisterByScanAndMove: at 360 px, a manager registers a
// resident with a keyboard-wedge scanner, then moves them to another flat.
func TestApartmentRegisterByScanAndMove(t *testing.T) {
	ctx := greenBayBoard(t, 360)
	noHorizontalScroll(t, ctx, "apartment board")
	follow(t, ctx, "/register", `#id_qr`)
	if focused := eval[string](t, ctx, `document.activeElement.id`); focused != "id_qr" {
		t.Fatalf("the focus is on %q, not the scan box", focused)
	}
	qr := "022193007777||Phan Thị Mơ|03031993|Nữ|Xã Đông Hưng, Thái Bình|05052022"
	err := chromedp.Do(ctx,
		chromedp.SendKeys(chromedp.CSS(`#id_qr`), qr+"\r"),
		chromedp.WaitVisible(chromedp.CSS(`#confirm-form`)),
		chromedp.SendKeys(chromedp.CSS(`#f-unit`), "A-0808"),
		chromedp.SetValue(chromedp.CSS(`#f-relation`), "head"),
		chromedp.SetValue(chromedp.CSS(`#f-residence_type`), "temporary"),
	)
	if err != nil {
		t.Fatalf("scan: %v", err)
	}
	if v := attr(t, ctx, "#f-full_name", "value"); v != "Phan Thị Mơ" {
		t.Fatalf("name on the confirm form: %q", v)
	}
	noHorizontalScroll(t, ctx, "resident confirm")
	screenshot(t, ctx, "apartment-register-360")
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`#confirm-form button[type=submit]`)), chromedp.WaitVisible(chromedp.CSS(`#saved`))); err != nil {
		t.Fatalf("save: %v", err)
	}
	mustHave(t, text(t, ctx, "#saved"), "Phan Thị Mơ")
	if v := eval[string](t, ctx, `document.getElementById('id_qr').value`); v != "" {
		t.Fatalf("the scan box kept %q after saving", v)
	}
	// open the resident and move them to A-0909
	err = chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`#saved a`)),
		chromedp.WaitVisible(chromedp.CSS(`#move-form`)),
		chromedp.SendKeys(chromedp.CSS(`#move-form input[name=unit]`), "A-0909"),
		clickToPage(`#move-form button[type=submit]`, `#residences`),
	)
	if err != nil {
		t.Fatalf("move: %v", err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for !strings.Contains(text(t, ctx, "#residences"), "A-0909") {
		if time.Now().After(deadline) {
			t.Fatalf("no move in the history: %s", text(t, ctx, "main"))
		}
		time.Sleep(300 * time.Millisecond)
	}
	mustHave(t, text(t, ctx, "#residences"), "A-0808", "A-0909")
	mustHave(t, text(t, ctx, "#person"), "A-0909")
	noHorizontalScroll(t, ctx, "resident after the move")
}

// TestApartmentSelfRegistrationConfirmed: a resident registers from the
// poster on a phone, without an account; the manager confirms it.
func TestApartmentSelfRegistrationConfirmed(t *testing.T) {
	phone := browser(t, 360)
	qr := "022090008888||Lý Văn Tự|09091990|Nam|Phường Lê Chân, Hải Phòng|01012023"
	err := chromedp.Do(phone,
		chromedp.Navigate(baseURL+"/p/apartment/r/green-bay-poster-demo-0001"),
		chromedp.WaitVisible(chromedp.CSS(`#id_qr`)),
		chromedp.SendKeys(chromedp.CSS(`#id_qr`), qr+"\r"),
		chromedp.WaitVisible(chromedp.CSS(`#confirm-form`)),
		chromedp.SendKeys(chromedp.CSS(`#f-unit`), "B-0707"),
		chromedp.SetValue(chromedp.CSS(`#f-relation`), "head"),
		chromedp.SetValue(chromedp.CSS(`#f-residence_type`), "temporary"),
	)
	if err != nil {
		t.Fatalf("self-registration: %v", err)
	}
	noHorizontalScroll(t, phone, "self-registration")
	if err := chromedp.Do(phone, chromedp.Click(chromedp.CSS(`#confirm-form button[type=submit]`)), chromedp.WaitVisible(chromedp.CSS(`#request-received`))); err != nil {
		t.Fatalf("send: %v", err)
	}
	ctx := greenBayBoard(t, 1280)
	follow(t, ctx, "/requests", `#requests`)
	mustHave(t, text(t, ctx, "#requests"), "Lý Văn Tự")
	clicked := eval[bool](t, ctx, `(() => { for (const tr of document.querySelectorAll('#requests tr')) {
		if (tr.textContent.includes('Lý Văn Tự')) { tr.querySelector('form button').click(); return true } } return false })()`)
	if !clicked {
		t.Fatal("no confirm button")
	}
	deadline := time.Now().Add(10 * time.Second)
	for eval[bool](t, ctx, `!document.querySelector('#requests') || (document.querySelector('#requests').textContent.includes('Lý Văn Tự'))`) {
		if time.Now().After(deadline) {
			t.Fatal("the request stayed in the queue")
		}
		time.Sleep(300 * time.Millisecond)
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(baseURL+"/t/chung-cu-green-bay/residents"), chromedp.WaitVisible(chromedp.CSS(`#occupancy`))); err != nil {
		t.Fatal(err)
	}
	follow(t, ctx, "/residents", `#resident-list`)
	if err := chromedp.Do(ctx, chromedp.SendKeys(chromedp.CSS(`#filter-q`), "ly van tu\r"), chromedp.WaitVisible(chromedp.CSS(`#resident-list`))); err != nil {
		t.Fatal(err)
	}
	// the filter's Enter loads a new page: read the list only once it stands
	deadline = time.Now().Add(10 * time.Second)
	for {
		list, err := chromedp.Run(ctx, chromedp.Evaluate[string](`(document.querySelector('#resident-list') || {}).textContent || ''`))
		if err == nil && strings.Contains(list, "Lý Văn Tự") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the confirmed resident is not in the register: %s (%v)", list, err)
		}
		time.Sleep(300 * time.Millisecond)
	}
	mustHave(t, text(t, ctx, "#resident-list"), "B-0707", "•••")
}

// TestApartmentVisitorReceipt: an overnight visitor is notified through the
// stays pipeline and the board shows the national system's receipt.
func TestApartmentVisitorReceipt(t *testing.T) {
	ctx := greenBayBoard(t, 360)
	follow(t, ctx, "/visitors", `#id_qr`)
	qr := "031088009999||Đoàn Văn Khách|10101988|Nam|Phường Lê Chân, Hải Phòng|01012022"
	err := chromedp.Do(ctx,
		chromedp.SendKeys(chromedp.CSS(`#id_qr`), qr+"\r"),
		chromedp.WaitVisible(chromedp.CSS(`#confirm-form`)),
		chromedp.SendKeys(chromedp.CSS(`#f-unit`), "A-0303"),
		chromedp.Click(chromedp.CSS(`#confirm-form button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`#saved`)),
	)
	if err != nil {
		t.Fatalf("record a visitor: %v", err)
	}
	noHorizontalScroll(t, ctx, "visitor saved")
	deadline := time.Now().Add(30 * time.Second)
	for {
		if err := chromedp.Do(ctx, chromedp.Navigate(baseURL+"/t/chung-cu-green-bay/residents"), chromedp.WaitVisible(chromedp.CSS(`#visitors-tonight`))); err != nil {
			t.Fatal(err)
		}
		row := eval[string](t, ctx, `(() => { for (const tr of document.querySelectorAll('#visitors-tonight tr')) {
			if (tr.textContent.includes('Đoàn Văn Khách')) return tr.textContent } return '' })()`)
		if strings.Contains(row, "Đã tiếp nhận") && strings.Contains(row, "LT-") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("no receipt: %q", row)
		}
		time.Sleep(time.Second)
	}
}

// TestApartmentResidentInPoliceSearch: Bãi Cháy police find a Green Bay
// resident by number; Mạo Khê police do not.
func TestApartmentResidentInPoliceSearch(t *testing.T) {
	req, _ := http.NewRequest(http.MethodGet, baseURL+"/api/v1/residents?site=green-bay&unit=A-0101", nil)
	req.Header.Set("Authorization", "Bearer demo-token-green-bay")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var list struct {
		Items []struct {
			FullName string `json:"full_name"`
			Document struct {
				Number string `json:"number"`
			} `json:"document"`
		} `json:"items"`
	}
	if err := json.NewDecoder(res.Body).Decode(&list); err != nil || len(list.Items) == 0 {
		t.Fatalf("residents of A-0101: %d %v", res.StatusCode, err)
	}
	who := list.Items[0]
	mustHave(t, policeSearch(t, "ca-baichay", who.Document.Number), who.FullName)
	if strings.Contains(policeSearch(t, "ca-maokhe", who.Document.Number), who.FullName) {
		t.Fatal("Mạo Khê police found a Green Bay resident")
	}
}
