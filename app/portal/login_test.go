package portal_test

import (
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"gorm.io/gorm"

	"portal06/app/config"
)

func TestLoginFormAndSession(t *testing.T) {
	e := newEnv(t)
	c := e.client()
	res := c.get("/login")
	wantStatus(t, res, http.StatusOK)
	mustContain(t, res, `name="username"`, `name="password"`, `name="_csrf"`, `<html lang="vi">`, "Đăng nhập")

	res = c.post("/login", url.Values{"username": {"ks-owner"}, "password": {"demo06"}, "next": {"/t/vinh-xanh/"}})
	wantStatus(t, res, http.StatusSeeOther)
	if loc := res.Header.Get("Location"); loc != "/t/vinh-xanh/" {
		t.Fatalf("redirected to %q", loc)
	}
	var session string
	for _, ck := range res.Header.Values("Set-Cookie") {
		if strings.HasPrefix(ck, "p06_session=") {
			session = ck
		}
	}
	lower := strings.ToLower(session)
	if session == "" || !strings.Contains(lower, "httponly") || !strings.Contains(lower, "samesite=lax") || strings.Contains(lower, "secure") {
		t.Fatalf("session cookie %q: want HttpOnly, SameSite=Lax and, over plain HTTP, not Secure", session)
	}
	res = c.get("/t/vinh-xanh/")
	wantStatus(t, res, http.StatusOK)
	mustContain(t, res, "Khách sạn Vịnh Xanh Bãi Cháy", "Nguyễn Thị Hương")

	// An open redirect through next is refused.
	c2 := e.client()
	c2.get("/login")
	res = c2.post("/login", url.Values{"username": {"ks-owner"}, "password": {"demo06"}, "next": {"//evil.example/"}})
	if loc := res.Header.Get("Location"); loc != "/" {
		t.Fatalf("next=//evil.example/ redirected to %q", loc)
	}
}

func TestLoginRotatesSession(t *testing.T) {
	e := newEnv(t)
	c := e.login("ks-owner")
	old := cookie(c, "p06_session")
	oldCSRF := c.CSRF
	c.get("/login") // signed in: redirected, the form is not shown
	res := c.post("/login", url.Values{"username": {"ks-owner"}, "password": {"demo06"}, "_csrf": {oldCSRF}})
	wantStatus(t, res, http.StatusSeeOther)
	now := cookie(c, "p06_session")
	if now == "" || now == old {
		t.Fatal("the session id was not rotated at login")
	}
	// The old session is gone from the server.
	stale := e.client()
	stale.Jar.SetCookies(base, []*http.Cookie{{Name: "p06_session", Value: old}})
	res = stale.get("/t/vinh-xanh/")
	wantStatus(t, res, http.StatusSeeOther)
}

func cookie(c *client, name string) string {
	for _, ck := range c.Jar.Cookies(base) {
		if ck.Name == name {
			return ck.Value
		}
	}
	return ""
}

func TestLockoutAfterFiveFailures(t *testing.T) {
	e := newEnv(t)
	c := e.client()
	c.get("/login")
	for i := 0; i < 4; i++ {
		res := c.post("/login", url.Values{"username": {"ks-letan"}, "password": {"wrong"}})
		wantStatus(t, res, http.StatusUnauthorized)
		mustContain(t, res, "Tên đăng nhập hoặc mật khẩu không đúng.")
	}
	res := c.post("/login", url.Values{"username": {"ks-letan"}, "password": {"wrong"}})
	wantStatus(t, res, http.StatusTooManyRequests)
	mustContain(t, res, "Tài khoản tạm khóa")
	// Even the right password is refused while locked.
	res = c.post("/login", url.Values{"username": {"ks-letan"}, "password": {"demo06"}})
	wantStatus(t, res, http.StatusTooManyRequests)
	mustContain(t, res, "Tài khoản tạm khóa")
	// Another account is not affected.
	e.login("ks-owner")
	// When the lock has run out, the right password works again.
	if err := e.asOwner(func(tx *gorm.DB) error {
		return tx.Exec(`UPDATE users SET locked_until = now() - interval '1 second' WHERE username = 'ks-letan'`).Error
	}); err != nil {
		t.Fatal(err)
	}
	e.login("ks-letan")
}

func TestUnknownUserAndEmptyFields(t *testing.T) {
	e := newEnv(t)
	c := e.client()
	c.get("/login")
	res := c.post("/login", url.Values{"username": {"nobody"}, "password": {"demo06"}})
	wantStatus(t, res, http.StatusUnauthorized)
	mustContain(t, res, "Tên đăng nhập hoặc mật khẩu không đúng.")
	res = c.post("/login", url.Values{"username": {""}, "password": {""}})
	wantStatus(t, res, http.StatusUnprocessableEntity)
	mustContain(t, res, "Vui lòng nhập tên đăng nhập và mật khẩu.")
}

func TestDisablingUserEndsSessions(t *testing.T) {
	e := newEnv(t)
	letan := e.login("ks-letan")
	wantStatus(t, letan.get("/t/vinh-xanh/"), http.StatusOK)
	admin := e.login("admin")
	uid := e.id(`SELECT id FROM users WHERE username = 'ks-letan'`)
	res := admin.post("/admin/users/"+itoa(uid)+"/status", url.Values{"do": {"disable"}})
	wantStatus(t, res, http.StatusSeeOther)
	res = letan.get("/t/vinh-xanh/")
	wantStatus(t, res, http.StatusSeeOther)
	if !strings.HasPrefix(res.Header.Get("Location"), "/login") {
		t.Fatalf("disabled user sent to %q", res.Header.Get("Location"))
	}
	c := e.client()
	c.get("/login")
	wantStatus(t, c.post("/login", url.Values{"username": {"ks-letan"}, "password": {"demo06"}}), http.StatusUnauthorized)
	// Enabled again, the user can sign in.
	wantStatus(t, admin.post("/admin/users/"+itoa(uid)+"/status", url.Values{"do": {"enable"}}), http.StatusSeeOther)
	e.login("ks-letan")
}

func TestSessionIdleAndAbsoluteTimeouts(t *testing.T) {
	e := newEnv(t, func(c *config.Config) { c.SessionIdle = 2 * time.Second })
	c := e.login("ks-owner")
	wantStatus(t, c.get("/t/vinh-xanh/"), http.StatusOK)
	time.Sleep(2500 * time.Millisecond)
	wantStatus(t, c.get("/t/vinh-xanh/"), http.StatusSeeOther)

	e2 := newEnv(t, func(c *config.Config) { c.SessionMax = 2 * time.Second })
	c = e2.login("ks-owner")
	for i := 0; i < 2; i++ { // activity does not extend the absolute timeout
		wantStatus(t, c.get("/t/vinh-xanh/"), http.StatusOK)
		time.Sleep(800 * time.Millisecond)
	}
	time.Sleep(800 * time.Millisecond)
	wantStatus(t, c.get("/t/vinh-xanh/"), http.StatusSeeOther)
}

func TestLogout(t *testing.T) {
	e := newEnv(t)
	c := e.login("ks-owner")
	token := cookie(c, "p06_session")
	wantStatus(t, c.post("/logout", nil), http.StatusSeeOther)
	wantStatus(t, c.get("/t/vinh-xanh/"), http.StatusSeeOther)
	if n := e.id(`SELECT count(*) FROM sessions`); n != 0 && token != "" {
		// only this user's session existed; it must be gone
		t.Fatalf("%d sessions left after logout", n)
	}
}

func TestCSRFRefusesAndChangesNothing(t *testing.T) {
	e := newEnv(t)
	admin := e.login("admin")
	before := e.id(`SELECT count(*) FROM tenants`)
	form := url.Values{"kind": {"market"}, "slug": {"cho-moi"}, "name": {"Chợ Mới"}, "tax_code": {"5799999999"}}
	for _, token := range []string{"", "forged-token-of-the-right-length-000000000"} {
		f := url.Values{}
		for k, v := range form {
			f[k] = v
		}
		f.Set("_csrf", token)
		wantStatus(t, admin.post("/admin/tenants/new", f), http.StatusForbidden)
	}
	if after := e.id(`SELECT count(*) FROM tenants`); after != before {
		t.Fatalf("a refused POST created a tenant: %d -> %d", before, after)
	}
	// The header works as the field does, for htmx.
	req, _ := http.NewRequest(http.MethodPost, "http://portal.test/admin/tenants/new", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("X-CSRF-Token", admin.CSRF)
	wantStatus(t, admin.do(req), http.StatusSeeOther)
	if after := e.id(`SELECT count(*) FROM tenants`); after != before+1 {
		t.Fatalf("tenants %d -> %d", before, after)
	}
	// The login form is protected too.
	anon := e.client()
	anon.get("/login")
	wantStatus(t, anon.post("/login", url.Values{"username": {"admin"}, "password": {"demo06"}, "_csrf": {"x"}}), http.StatusForbidden)
}

func TestSecurityHeaders(t *testing.T) {
	e := newEnv(t)
	c := e.login("ks-owner")
	for _, path := range []string{"/login", "/t/vinh-xanh/", "/no-such-page", "/static/app.css"} {
		res := c.get(path)
		csp := res.Header.Get("Content-Security-Policy")
		for _, want := range []string{"object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'", "script-src 'self'"} {
			if !strings.Contains(csp, want) {
				t.Errorf("%s: CSP %q lacks %q", path, csp, want)
			}
		}
		if strings.Contains(csp, "unsafe-inline") || strings.Contains(csp, "unsafe-eval") {
			t.Errorf("%s: CSP allows inline code: %q", path, csp)
		}
		if res.Header.Get("X-Content-Type-Options") != "nosniff" || res.Header.Get("Referrer-Policy") == "" {
			t.Errorf("%s: missing nosniff or Referrer-Policy", path)
		}
		if path != "/static/app.css" && res.Header.Get("Cache-Control") != "no-store" {
			t.Errorf("%s: Cache-Control %q, want no-store", path, res.Header.Get("Cache-Control"))
		}
	}
	res := c.get("/t/vinh-xanh/")
	mustContain(t, res, `hx-history="false"`, `historyCacheSize&#34;:0`)
	mustNotContain(t, res, "<script>", " onclick=", "localStorage")
}

func TestHealthz(t *testing.T) {
	e := newEnv(t)
	c := e.client()
	res := c.get("/healthz")
	wantStatus(t, res, http.StatusOK)
	// With the pool closed, the database does not answer.
	s, _ := e.DB.App.DB()
	s.Close()
	wantStatus(t, c.get("/healthz"), http.StatusServiceUnavailable)
}

func TestSecureCookieBehindHTTPS(t *testing.T) {
	e := newEnv(t)
	c := e.client()
	c.get("/login")
	form := url.Values{"username": {"ks-owner"}, "password": {"demo06"}, "_csrf": {c.CSRF}}
	req, _ := http.NewRequest(http.MethodPost, "http://portal.test/login", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("X-Forwarded-Proto", "https")
	res := c.do(req)
	wantStatus(t, res, http.StatusSeeOther)
	for _, ck := range res.Header.Values("Set-Cookie") {
		if strings.HasPrefix(ck, "p06_session=") && !strings.Contains(strings.ToLower(ck), "secure") {
			t.Fatalf("session cookie over HTTPS is not Secure: %q", ck)
		}
	}
	if res.Header.Get("Strict-Transport-Security") == "" {
		t.Fatal("no HSTS over HTTPS")
	}
}

// TestLockoutDoesNotRevealUsers: a username that exists and one that does
// not get the same answers, status and page, through five failures, the
// lock, and the right password while locked; a locked account takes as
// long to answer as an unknown name (both hash a password).
func TestLockoutDoesNotRevealUsers(t *testing.T) {
	e := newEnv(t)
	c := e.client()
	c.get("/login")
	clock := regexp.MustCompile(`\d{2}/\d{2}/\d{4} \d{2}:\d{2}(:\d{2})?`)
	answers := func(username string) []string {
		var out []string
		for i, pw := range []string{"wrong", "wrong", "wrong", "wrong", "wrong", "demo06", "wrong"} {
			res := c.post("/login", url.Values{"username": {username}, "password": {pw}})
			body := clock.ReplaceAllString(strings.ReplaceAll(res.Body, username, "NAME"), "TIME")
			out = append(out, fmtInt(int64(res.Status))+" "+body)
			if i == 4 && res.Status != http.StatusTooManyRequests {
				t.Fatalf("%s: the fifth failure answered %d, not 429", username, res.Status)
			}
		}
		return out
	}
	real, unknown := answers("ks-letan"), answers("khong-co-ai")
	for i := range real {
		if real[i] != unknown[i] {
			t.Fatalf("attempt %d: a real and an unknown user are answered differently:\n%.300s\n%.300s", i+1, real[i], unknown[i])
		}
	}
	mustContain(t, response{Body: real[6]}, "Tài khoản tạm khóa")

	// interleaved, so that a change of load on the machine hits both alike
	var locked, ghost []time.Duration
	for i := 0; i < 7; i++ {
		for _, u := range []string{"ks-letan", "khong-co-ai"} {
			start := time.Now()
			wantStatus(t, c.post("/login", url.Values{"username": {u}, "password": {"wrong"}}), http.StatusTooManyRequests)
			if u == "ks-letan" {
				locked = append(locked, time.Since(start))
			} else {
				ghost = append(ghost, time.Since(start))
			}
		}
	}
	// without the dummy hash a locked account answered some 30 times faster
	if l, g := slices.Min(locked), slices.Min(ghost); l*4 < g || g*4 < l {
		t.Fatalf("a locked account answers in %s, an unknown name in %s: the time tells them apart", l, g)
	}
}

// TestLoginNextStaysOnSite: /login?next=/%09/evil.example redirected to
// "/\t/evil.example", which Chromium follows to another host; every next
// that does not resolve on this site now sends home instead.
func TestLoginNextStaysOnSite(t *testing.T) {
	e := newEnv(t)
	for _, next := range []string{"/%09/evil.example", "//evil.example", "/%5cevil.example", "/%252f%252fevil.example"} {
		c := e.client()
		req, _ := http.NewRequest(http.MethodGet, "http://portal.test/login?next="+next, nil)
		page := c.do(req)
		wantStatus(t, page, http.StatusOK)
		_, form, _ := strings.Cut(page.Body, `id="login"`)
		m := regexp.MustCompile(`name="next" value="([^"]*)"`).FindStringSubmatch(form)
		if m == nil {
			t.Fatal("no next field on the login form")
		}
		res := c.post("/login", url.Values{"username": {"ks-owner"}, "password": {"demo06"}, "next": {m[1]}})
		wantStatus(t, res, http.StatusSeeOther)
		if loc := res.Header.Get("Location"); loc != "/" {
			t.Errorf("next=%s: redirected to %q", next, loc)
		}
		// signed in, the login page redirects at once
		res = c.do(req)
		if loc := res.Header.Get("Location"); res.Status != http.StatusSeeOther || loc != "/" {
			t.Errorf("signed in, next=%s: %d %q", next, res.Status, loc)
		}
	}
}

// TestExpiredFormSaysSo: a form whose token expired is refused (403) with a
// message that says so, not that the user lacks permission, and a link
// back to the page of the form.
func TestExpiredFormSaysSo(t *testing.T) {
	e := newEnv(t)
	admin := e.login("admin")
	admin.get("/admin/tenants/new")
	form := url.Values{"kind": {"market"}, "slug": {"cho-moi"}, "name": {"Chợ Mới"}, "tax_code": {"5799999999"}, "_csrf": {"stale-token"}}
	req, _ := http.NewRequest(http.MethodPost, "http://portal.test/admin/tenants/new", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Referer", "http://portal.test/admin/tenants/new?from=list")
	res := admin.do(req)
	wantStatus(t, res, http.StatusForbidden)
	mustContain(t, res, "Biểu mẫu đã hết hạn", `id="reload-form"`, `href="/admin/tenants/new?from=list"`)
	mustNotContain(t, res, "Bạn không có quyền")
	// Without a Referer, or with another site's, the link leads to the form's own address.
	anon := e.client()
	anon.get("/login")
	res = anon.post("/login", url.Values{"username": {"admin"}, "password": {"demo06"}, "_csrf": {"x"}})
	wantStatus(t, res, http.StatusForbidden)
	mustContain(t, res, "Biểu mẫu đã hết hạn", `href="/login"`)
	req, _ = http.NewRequest(http.MethodPost, "http://portal.test/login", strings.NewReader("_csrf=x"))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Referer", "http://portal.test//evil.example/")
	res = anon.do(req)
	mustContain(t, res, `href="/login"`)
	mustNotContain(t, res, "evil.example")
	// A refusal of permission still says so.
	res = e.login("ks-letan").get("/admin")
	wantStatus(t, res, http.StatusForbidden)
	mustContain(t, res, "Bạn không có quyền")
}
