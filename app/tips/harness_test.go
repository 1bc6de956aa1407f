package tips_test

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"gorm.io/gorm"

	"portal06/app/config"
	"portal06/app/database"
	"portal06/app/demo"
	"portal06/app/live"
	"portal06/app/portal"
	"portal06/app/testdb"
	"portal06/app/web"
	"portal06/policies"
)

func TestMain(m *testing.M) { testdb.Main(m, portal.Kinds().Migrations()...) }

// env is a portal on a fresh demo database with a clock the test moves.
type env struct {
	t   *testing.T
	db  *testdb.DB
	srv *web.Server
	hub *live.Hub

	mu   sync.Mutex
	skew time.Duration
}

func (e *env) now() time.Time { e.mu.Lock(); defer e.mu.Unlock(); return time.Now().Add(e.skew) }

// wait moves the portal's clock on, as if the reporter took that long.
func (e *env) wait(d time.Duration) { e.mu.Lock(); e.skew += d; e.mu.Unlock() }

func newEnv(t *testing.T) *env {
	t.Helper()
	d := testdb.New(t)
	ctx := context.Background()
	owner, err := database.OpenGorm(ctx, d.OwnerURL)
	if err != nil {
		t.Fatal(err)
	}
	ks := portal.Kinds()
	err = owner.Transaction(func(tx *gorm.DB) error {
		if err := demo.Seed(tx, ks.SiteKinds, ks.Names()); err != nil {
			return err
		}
		return ks.SeedDemo(tx)
	})
	if s, err := owner.DB(); err == nil {
		s.Close()
	}
	if err != nil {
		t.Fatal(err)
	}
	if err := portal.SeedPolicies(ctx, d.App, ks); err != nil {
		t.Fatal(err)
	}
	e := &env{t: t, db: d}
	hctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	e.hub = live.Start(hctx, d.AppURL, "", slog.New(slog.NewTextHandler(io.Discard, nil)))
	select {
	case <-e.hub.Ready():
	case <-time.After(10 * time.Second):
		t.Fatal("the live hub did not start")
	}
	cfg := config.Config{Addr: "127.0.0.1:8080", CookieSecure: "auto", SessionIdle: 30 * time.Minute, SessionMax: 12 * time.Hour,
		AuditKey: "0123456789abcdef0123456789abcdef"}
	p, err := portal.Build(ctx, portal.Options{Config: cfg, DB: d.App, Hub: e.hub, Clock: e.now,
		Log: slog.New(slog.NewTextHandler(testLog(), nil))})
	if err != nil {
		t.Fatal(err)
	}
	e.srv = p.Server
	return e
}

// client is a browser: it keeps cookies and the last page's CSRF token.
type client struct {
	t    *testing.T
	e    *env
	jar  *cookiejar.Jar
	csrf string
}

var base, _ = url.Parse("http://portal.test/")

func (e *env) client() *client {
	jar, _ := cookiejar.New(nil)
	return &client{t: e.t, e: e, jar: jar}
}

type response struct {
	Status int
	Header http.Header
	Body   string
}

var csrfRe = regexp.MustCompile(`name="_csrf" value="([^"]+)"`)

func (c *client) do(req *http.Request) response {
	c.t.Helper()
	for _, ck := range c.jar.Cookies(req.URL) {
		req.AddCookie(ck)
	}
	res, err := c.e.srv.Fiber().Test(req, 30000)
	if err != nil {
		c.t.Fatalf("%s %s: %v", req.Method, req.URL, err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	c.jar.SetCookies(req.URL, res.Cookies())
	if m := csrfRe.FindStringSubmatch(string(b)); m != nil {
		c.csrf = m[1]
	}
	return response{Status: res.StatusCode, Header: res.Header, Body: string(b)}
}

func (c *client) get(path string) response {
	c.t.Helper()
	p, q, _ := strings.Cut(path, "?")
	req, _ := http.NewRequest(http.MethodGet, base.ResolveReference(&url.URL{Path: p, RawQuery: q}).String(), nil)
	return c.do(req)
}

func (c *client) post(path string, form url.Values) response {
	c.t.Helper()
	f := url.Values{}
	for k, v := range form {
		f[k] = v
	}
	if _, set := f["_csrf"]; !set {
		f.Set("_csrf", c.csrf)
	}
	req, _ := http.NewRequest(http.MethodPost, base.ResolveReference(&url.URL{Path: path}).String(), strings.NewReader(f.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return c.do(req)
}

// file is a photo to upload.
type file struct {
	name string
	data []byte
}

// postMultipart sends a multipart form with photos, as the tip form does.
func (c *client) postMultipart(path string, form url.Values, photos ...file) response {
	c.t.Helper()
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	if form.Get("_csrf") == "" {
		w.WriteField("_csrf", c.csrf)
	}
	for k, vs := range form {
		for _, v := range vs {
			w.WriteField(k, v)
		}
	}
	for _, p := range photos {
		fw, _ := w.CreateFormFile("photos", p.name)
		fw.Write(p.data)
	}
	w.Close()
	req, _ := http.NewRequest(http.MethodPost, base.ResolveReference(&url.URL{Path: path}).String(), &buf)
	req.Header.Set("Content-Type", w.FormDataContentType())
	return c.do(req)
}

// login signs in as a demo police account (they skip the second factor).
func (e *env) login(username string) *client {
	e.t.Helper()
	c := e.client()
	c.get("/login")
	res := c.post("/login", url.Values{"username": {username}, "password": {demo.Password}})
	if res.Status != http.StatusSeeOther {
		e.t.Fatalf("login %s: status %d, body %.300s", username, res.Status, res.Body)
	}
	c.get("/police")
	return c
}

var (
	tokenRe = regexp.MustCompile(`name="form_token" value="([^"]+)"`)
	codeRe  = regexp.MustCompile(`id="tip-code">([0-9A-Z-]+)<`)
)

// tipForm is a valid anonymous tip in Bãi Cháy.
func tipForm(desc string) url.Values {
	return url.Values{"category": {"theft"}, "description": {desc}, "area": {"06703"}, "address": {"Đường Hạ Long"},
		"occurred_at": {time.Now().Add(-time.Hour).Format("2006-01-02T15:04")}}
}

// sendTip opens the form, waits as a person would, sends it and returns the code.
func (c *client) sendTip(form url.Values, photos ...file) (string, response) {
	c.t.Helper()
	page := c.get("/tip")
	m := tokenRe.FindStringSubmatch(page.Body)
	if m == nil {
		c.t.Fatalf("no form token on /tip: %d %.500s", page.Status, page.Body)
	}
	form.Set("form_token", m[1])
	c.e.wait(3 * time.Second)
	res := c.postMultipart("/tip", form, photos...)
	code := ""
	if m := codeRe.FindStringSubmatch(res.Body); m != nil {
		code = m[1]
	}
	return code, res
}

func mustContain(t *testing.T, r response, parts ...string) {
	t.Helper()
	for _, p := range parts {
		if !strings.Contains(r.Body, p) {
			t.Fatalf("status %d: body lacks %q:\n%.2000s", r.Status, p, r.Body)
		}
	}
}

func mustNotContain(t *testing.T, r response, parts ...string) {
	t.Helper()
	for _, p := range parts {
		if strings.Contains(r.Body, p) {
			t.Fatalf("body holds %q but must not:\n%.1000s", p, r.Body)
		}
	}
}

func wantStatus(t *testing.T, r response, want int) {
	t.Helper()
	if r.Status != want {
		t.Fatalf("status %d, want %d; body %.1500s", r.Status, want, r.Body)
	}
}

// asOwner runs f as the schema owner with every row visible.
func (e *env) asOwner(f func(tx *gorm.DB) error) {
	e.t.Helper()
	owner, err := database.OpenGorm(context.Background(), e.db.OwnerURL)
	if err != nil {
		e.t.Fatal(err)
	}
	defer func() {
		if s, err := owner.DB(); err == nil {
			s.Close()
		}
	}()
	err = owner.Transaction(func(tx *gorm.DB) error {
		if err := (policies.Scope{All: true}).Apply(tx, 0); err != nil {
			return err
		}
		return f(tx)
	})
	if err != nil {
		e.t.Fatal(err)
	}
}

func (e *env) int(q string, args ...any) int64 {
	e.t.Helper()
	var v int64
	e.asOwner(func(tx *gorm.DB) error { return tx.Raw(q, args...).Scan(&v).Error })
	return v
}

// testLog is where the portal logs in tests: set PORTAL06_TEST_LOG to see it.
func testLog() io.Writer {
	if os.Getenv("PORTAL06_TEST_LOG") != "" {
		return os.Stderr
	}
	return io.Discard
}

type gormDB = gorm.DB

func itoa(v int64) string { return strconv.FormatInt(v, 10) }
