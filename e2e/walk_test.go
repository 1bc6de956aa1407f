package e2e

import (
	"context"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// rawID is a message id shown instead of its text: a translation missing.
var rawID = regexp.MustCompile(`\b(acc|apt|market|notary|tips|tip|province|watch|search|field|validation|form|nav|layout|common|audit|admin|alert|api|stay|webapi)\.[a-z][a-z0-9_]*\b`)

// walkSkip are links a walk does not follow: downloads, streams, sign-out.
func walkSkip(href string) bool {
	for _, s := range []string{".xlsx", ".csv", ".png", ".svg", ".pdf", ".json", "/events", "/logout", "/static/", "/print", "/poster", "/qr"} {
		if strings.Contains(href, s) {
			return true
		}
	}
	return false
}

// TestEveryPageAUserCanReach walks, as each demo account on a 360 px
// phone, every page its menu offers and the links those pages hold (up to
// a budget): each answers below 400 (a link shown to a role is a page the
// role may open), fits the screen, and shows no raw message id. Some
// accounts walk again in English.
func TestEveryPageAUserCanReach(t *testing.T) {
	accounts := []struct {
		user string
		lang string
	}{
		{"admin", "vi"}, {"tinh", "vi"}, {"pc06", "vi"}, {"ca-baichay", "vi"}, {"ca-maokhe", "vi"}, {"ks-owner", "vi"},
		{"ks-letan", "vi"}, {"cc-manager", "vi"}, {"nt-owner", "vi"}, {"cho-board", "vi"}, {"cho-quay", "vi"}, {"congchung", "vi"}, {"ccv-halong", "vi"},
		{"tinh", "en"}, {"ca-baichay", "en"}, {"ks-letan", "en"}, {"cho-board", "en"},
	}
	for _, a := range accounts {
		t.Run(a.user+"-"+a.lang, func(t *testing.T) {
			ctx := browser(t, 360)
			login(t, ctx, a.user)
			if a.lang == "en" {
				if err := chromedp.Do(ctx, clickToPage(`#lang-en`, `#lang-vi`)); err != nil {
					t.Fatalf("switch to English: %v", err)
				}
			}
			walk(t, ctx, a.user, 24)
		})
	}
}

// walk visits the menu's pages, then the links they hold, breadth first,
// at most budget pages.
func walk(t *testing.T, ctx context.Context, user string, budget int) {
	t.Helper()
	links := func(sel string) []string {
		return eval[[]string](t, ctx, `[...document.querySelectorAll(`+"`"+sel+"`"+`)].map(a => a.getAttribute('href') || '')`)
	}
	queue := []string{}
	seen := map[string]bool{}
	add := func(hrefs []string, from string) {
		for _, h := range hrefs {
			u, err := url.Parse(h)
			if err != nil || u.Host != "" || u.Scheme != "" || !strings.HasPrefix(u.Path, "/") || walkSkip(h) {
				continue
			}
			u.Fragment = ""
			if k := u.String(); !seen[k] {
				seen[k] = true
				queue = append(queue, k)
			}
		}
	}
	add(links(`nav.menu a`), "menu")
	for n := 0; len(queue) > 0 && n < budget; n++ {
		page := queue[0]
		queue = queue[1:]
		res, err := chromedp.RunResponse(ctx, chromedp.Navigate(baseURL+page))
		if err != nil {
			t.Fatalf("%s opens %s: %v", user, page, err)
		}
		if res.Status >= 400 {
			t.Errorf("%s: %s answers %d", user, page, res.Status)
			continue
		}
		body := text(t, ctx, "body")
		// the rules page lists permission names, which look like message ids
		if m := rawID.FindString(body); m != "" && !strings.HasPrefix(page, "/admin/policies") {
			t.Errorf("%s: %s shows the raw message id %q", user, page, m)
		}
		noHorizontalScroll(t, ctx, user+" "+page)
		add(links(`nav.menu a, main a`), page)
	}
}
