package e2e

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

func TestLoginAndTenantHomeOnPhone(t *testing.T) {
	ctx := browser(t, 360)
	if err := chromedp.Do(ctx, chromedp.Navigate(baseURL+"/login")); err != nil {
		t.Fatal(err)
	}
	if lang := attr(t, ctx, "html", "lang"); lang != "vi" {
		t.Fatalf("login page lang=%q", lang)
	}
	noHorizontalScroll(t, ctx, "/login")
	login(t, ctx, "ks-owner")
	mustHave(t, text(t, ctx, "h1"), "Công ty TNHH Khách sạn Vịnh Xanh")
	mustHave(t, text(t, ctx, "#sites"), "Khách sạn Vịnh Xanh Bãi Cháy", "Khách sạn Vịnh Xanh Hồng Gai")
	noHorizontalScroll(t, ctx, "/t/vinh-xanh/")
	screenshot(t, ctx, "tenant-home-360")
	// The menu opens on a phone.
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`label.menu-button`)), chromedp.WaitVisible(chromedp.CSS(`nav.menu`))); err != nil {
		t.Fatalf("open the menu: %v", err)
	}
	// A site opens from the list.
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`#sites a`)), chromedp.WaitVisible(chromedp.CSS(`dl.facts`))); err != nil {
		t.Fatal(err)
	}
	mustHave(t, text(t, ctx, "dl.facts"), "Khách sạn", "Phường")
}

func TestCrossTenantURLIsRefused(t *testing.T) {
	ctx := browser(t, 1280)
	login(t, ctx, "ks-owner")
	res, err := chromedp.RunResponse(ctx, chromedp.Navigate(baseURL+"/t/ngoc-trai/"))
	if err != nil {
		t.Fatal(err)
	}
	if res.Status != 404 {
		t.Fatalf("another tenant's page answered %d", res.Status)
	}
	mustHave(t, text(t, ctx, "main"), "Không tìm thấy")
	if strings.Contains(text(t, ctx, "body"), "Ngọc Trai") {
		t.Fatal("the refused page shows the other tenant's name")
	}
	// A guessed site id of another tenant under one's own tenant is refused too.
	res, err = chromedp.RunResponse(ctx, chromedp.Navigate(baseURL+"/t/vinh-xanh/sites/3"))
	if err != nil {
		t.Fatal(err)
	}
	if res.Status != 404 {
		t.Fatalf("a guessed site of another tenant answered %d", res.Status)
	}
}

func TestAdminCreatesTenantAndSite(t *testing.T) {
	ctx := browser(t, 360)
	login(t, ctx, "admin")
	slug := "e2e-" + time.Now().Format("150405")
	// An invalid tax code: the error appears next to the field, with no page load.
	err := chromedp.Do(ctx,
		chromedp.Navigate(baseURL+"/admin/tenants/new"),
		chromedp.WaitVisible(chromedp.CSS(`#tenant-form`)),
		chromedp.SetValue(chromedp.CSS(`#f-kind`), "accommodation"),
		chromedp.SendKeys(chromedp.CSS(`#f-name`), "Khách sạn Hải Âu"),
		chromedp.SendKeys(chromedp.CSS(`#f-slug`), slug),
		chromedp.SendKeys(chromedp.CSS(`#f-tax_code`), "12345"),
	)
	if err != nil {
		t.Fatalf("fill the tenant form: %v", err)
	}
	eval[int](t, ctx, `window.__noReload = 1`)
	err = chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`#tenant-form button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`#e-tax_code`)),
	)
	if err != nil {
		t.Fatalf("invalid tenant: %v", err)
	}
	mustHave(t, text(t, ctx, "#e-tax_code"), "Mã số thuế", "10 chữ số")
	if eval[int](t, ctx, `window.__noReload || 0`) != 1 {
		t.Fatal("the page reloaded to show a field error")
	}
	if v := attr(t, ctx, "#f-name", "value"); v != "Khách sạn Hải Âu" {
		t.Fatalf("the form lost what was typed: %q", v)
	}
	noHorizontalScroll(t, ctx, "tenant form with errors")
	screenshot(t, ctx, "tenant-form-error-360")

	// Corrected, it saves and shows the tenant's page.
	err = chromedp.Do(ctx,
		chromedp.SetValue(chromedp.CSS(`#f-tax_code`), "5799988877"),
		clickToPage(`#tenant-form button[type=submit]`, `#members`),
	)
	if err != nil {
		t.Fatalf("save the tenant: %v", err)
	}
	mustHave(t, text(t, ctx, "h1"), "Khách sạn Hải Âu")

	// Add a site.
	err = chromedp.Do(ctx,
		clickToPage(`.actions-bar a[href$="/sites/new"]`, `#site-form`),
		chromedp.SendKeys(chromedp.CSS(`#f-name`), "Khách sạn Hải Âu Bãi Cháy"),
		chromedp.SendKeys(chromedp.CSS(`#f-slug`), slug+"-bai-chay"),
		chromedp.SetValue(chromedp.CSS(`#f-kind`), "hotel"),
		chromedp.SendKeys(chromedp.CSS(`#f-address`), "Số 88 đường Hạ Long"),
	)
	if err != nil {
		t.Fatalf("fill the site form: %v", err)
	}
	areaID := eval[string](t, ctx, `[...document.querySelectorAll('#f-area_id option')].find(o => o.textContent.includes('Bãi Cháy')).value`)
	err = chromedp.Do(ctx,
		chromedp.SetValue(chromedp.CSS(`#f-area_id`), areaID),
		clickToPage(`#site-form button[type=submit]`, `#tenant-sites`),
	)
	if err != nil {
		t.Fatalf("save the site: %v", err)
	}
	mustHave(t, text(t, ctx, "#tenant-sites"), "Khách sạn Hải Âu Bãi Cháy", "Phường Bãi Cháy", "Khách sạn")
	noHorizontalScroll(t, ctx, "tenant page")
}

func TestLanguageSwitchIsRemembered(t *testing.T) {
	ctx := browser(t, 1280)
	login(t, ctx, "tinh")
	mustHave(t, text(t, ctx, "h1"), "Tổng quan Đề án 06")
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`#lang-en`)), chromedp.WaitVisible(chromedp.CSS(`#lang-vi`))); err != nil {
		t.Fatal(err)
	}
	mustHave(t, text(t, ctx, "h1"), "Project 06 overview")
	if lang := attr(t, ctx, "html", "lang"); lang != "en" {
		t.Fatalf("lang=%q after switching to English", lang)
	}
	// Another page, loaded fresh, is still in English.
	if err := chromedp.Do(ctx, chromedp.Navigate(baseURL+"/province")); err != nil {
		t.Fatal(err)
	}
	mustHave(t, text(t, ctx, "#areas"), "Phường Bãi Cháy")
	mustHave(t, text(t, ctx, "main"), "Sites by area")
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`#lang-vi`)), chromedp.WaitVisible(chromedp.CSS(`#lang-en`))); err != nil {
		t.Fatal(err)
	}
	mustHave(t, text(t, ctx, "h1"), "Tổng quan")
}

// TestEveryPageFitsAPhone opens each role's pages at 360 px.
func TestEveryPageFitsAPhone(t *testing.T) {
	pages := map[string][]string{
		"admin":      {"/admin", "/admin/tenants", "/admin/tenants/1", "/admin/tenants/1/sites/new", "/admin/users", "/admin/users/1", "/admin/units", "/admin/units/1", "/admin/policies", "/province"},
		"pc06":       {"/police", "/police?area=06703"},
		"ca-baichay": {"/police"},
		"tinh":       {"/province"},
		"cc-manager": {"/t/chung-cu-green-bay/"},
	}
	for user, paths := range pages {
		t.Run(user, func(t *testing.T) {
			ctx := browser(t, 360)
			login(t, ctx, user)
			for _, p := range paths {
				if err := chromedp.Do(ctx, chromedp.Navigate(baseURL+p), chromedp.WaitVisible(chromedp.CSS("h1"))); err != nil {
					t.Fatalf("%s: %v", p, err)
				}
				noHorizontalScroll(t, ctx, p)
			}
			screenshot(t, ctx, "phone-"+user)
		})
	}
}
