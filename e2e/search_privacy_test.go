package e2e

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// storageAndURL is everything of the page a searched number could leak
// into: the address, the navigation entry, sessionStorage (where htmx keeps
// its history) and localStorage, keys and values.
const storageAndURL = `(() => {
	const all = [location.href, document.referrer];
	for (const e of performance.getEntriesByType('navigation')) { all.push(e.name); }
	for (const s of [sessionStorage, localStorage]) {
		for (let i = 0; i < s.length; i++) { const k = s.key(i); all.push(k, s.getItem(k)); }
	}
	return all.join('\n');
})()`

// submitAndWait submits form and waits for the page it posted to.
func submitAndWait(t *testing.T, ctx context.Context, form string) {
	t.Helper()
	eval[int](t, ctx, `window.__before = 1`)
	if err := chromedp.Do(ctx, chromedp.Submit(chromedp.CSS(form))); err != nil {
		t.Fatalf("submit %s: %v", form, err)
	}
	// while the page changes, evaluating may fail: ask again until the new page is there
	deadline := time.Now().Add(15 * time.Second)
	for time.Now().Before(deadline) {
		done, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`window.__before === undefined && document.readyState === 'complete'`))
		if err == nil && done {
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("submit %s: the answer did not load", form)
}

// TestSearchedNumbersStayOutOfURLAndStorage: a receptionist searching her
// stays, and PC06 filtering the audit log, by an ID number: the number
// shows in the results, but neither in the URL nor in the browser's storage.
func TestSearchedNumbersStayOutOfURLAndStorage(t *testing.T) {
	const number = "022090004444"
	apiCheckIn(t, "vinh-xanh-bai-chay", number+"|100200344|Đỗ Văn Tìm|04041990|Nam|Quảng Ninh|01012021")

	ctx := browser(t, 360)
	login(t, ctx, "ks-letan")
	err := chromedp.Do(ctx, chromedp.Navigate(baseURL+"/t/vinh-xanh/stays"), chromedp.WaitVisible(chromedp.CSS(`#q`)),
		chromedp.SendKeys(chromedp.CSS(`#q`), number))
	if err != nil {
		t.Fatal(err)
	}
	submitAndWait(t, ctx, `#stay-search`)
	mustHave(t, text(t, ctx, "main"), "Đỗ Văn Tìm")
	if got := eval[string](t, ctx, storageAndURL); strings.Contains(got, number) || strings.Contains(got, "q=") {
		t.Fatalf("the stay search left the number in the URL or the storage:\n%s", got)
	}
	noHorizontalScroll(t, ctx, "stay search")
	// The plain list is still a GET page.
	if err := chromedp.Do(ctx, chromedp.Navigate(baseURL+"/t/vinh-xanh/stays"), chromedp.WaitVisible(chromedp.CSS(`#stays`))); err != nil {
		t.Fatal(err)
	}

	police := browser(t, 360)
	login(t, police, "pc06")
	err = chromedp.Do(police, chromedp.Navigate(baseURL+"/police/audit"), chromedp.WaitVisible(chromedp.CSS(`#f-person`)),
		chromedp.SendKeys(chromedp.CSS(`#f-person`), number))
	if err != nil {
		t.Fatal(err)
	}
	submitAndWait(t, police, `#audit-filter`)
	if v := eval[string](t, police, `document.getElementById('f-person').value`); v != number {
		t.Fatalf("the audit page was not filtered by the number: %q", v)
	}
	if got := eval[string](t, police, storageAndURL); strings.Contains(got, number) || strings.Contains(got, "person=") {
		t.Fatalf("the audit filter left the number in the URL or the storage:\n%s", got)
	}
}
