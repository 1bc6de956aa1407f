package portal_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/pquerna/otp/totp"
	"gorm.io/gorm"

	"portal06/app/config"
	"portal06/app/database"
	"portal06/app/demo"
	"portal06/app/jobs"
	"portal06/app/kind"
	"portal06/app/live"
	"portal06/app/portal"
	"portal06/app/testdb"
	"portal06/app/web"
	"portal06/policies"
)

func TestMain(m *testing.M) {
	// tests start from demo sites without the month of guests, and count
	// their own; TestDemoHasAMonthOfGuests loads the month
	os.Setenv("PORTAL06_DEMO_STAYS", "none")
	testdb.Main(m, portal.Kinds().Migrations()...)
}

func kinds() kind.Registry { return portal.Kinds() }

// queueAndHub are a job queue and a live hub, as serve runs them; the queue
// is not started, so notifications stay pending unless a test delivers them.
func (e *env) queueAndHub() (*jobs.Queue, *live.Hub) {
	// each instance has its own queue, as each portal process does
	q, err := jobs.New(context.Background(), e.db.App, "", "", jobs.Config{Backoff: jobs.Backoff{Base: time.Second, Max: time.Minute},
		PollEvery: time.Second, RescueAfter: time.Minute, JobTimeout: time.Minute})
	if err != nil {
		e.t.Fatal(err)
	}
	e.queue = q
	ctx, cancel := context.WithCancel(context.Background())
	e.t.Cleanup(cancel)
	hub := live.Start(ctx, e.db.AppURL, "", slog.New(slog.NewTextHandler(io.Discard, nil)))
	select {
	case <-hub.Ready():
	case <-time.After(10 * time.Second):
		e.t.Fatal("the live hub did not start")
	}
	return q, hub
}

// env is a portal on a fresh demo database, served in-process.
type env struct {
	t       *testing.T
	db      *testdb.DB
	srv     *web.Server
	cfg     config.Config
	queue   *jobs.Queue
	secrets map[string]string // TOTP secrets enrolled, by username
	steps   map[string]int64  // the last TOTP time step used, by username
	kinds   kind.Registry
	// onMissing hears of message ids that pages used and no file has
	onMissing func(lang, id string)
}

func newEnv(t *testing.T, tweak ...func(*config.Config)) *env {
	t.Helper()
	return newEnvOf(t, testdb.New(t), kinds(), tweak...)
}

// newEnvOf is a portal of the kinds ks on database d, with their demo data.
func newEnvOf(t *testing.T, d *testdb.DB, ks kind.Registry, tweak ...func(*config.Config)) *env {
	t.Helper()
	ctx := context.Background()
	owner, err := database.OpenGorm(ctx, d.OwnerURL)
	if err != nil {
		t.Fatal(err)
	}
	err = owner.Transaction(func(tx *gorm.DB) error {
		if err := demo.Seed(tx, ks.SiteKinds, ks.Names()); err != nil {
			return err
		}
		return ks.SeedDemo(tx)
	})
	if err != nil {
		t.Fatal(err)
	}
	if s, err := owner.DB(); err == nil {
		s.Close()
	}
	if err := portal.SeedPolicies(ctx, d.App, ks); err != nil {
		t.Fatal(err)
	}
	e := &env{t: t, db: d, kinds: ks}
	e.cfg = config.Config{PublicURL: "http://portal.test", CookieSecure: "auto", SessionIdle: 30 * time.Minute, SessionMax: 12 * time.Hour,
		AuditKey: "0123456789abcdef0123456789abcdef", NationalURL: "http://127.0.0.1:9/none", NationalWait: time.Second}
	for _, f := range tweak {
		f(&e.cfg)
	}
	e.srv = e.build()
	return e
}

// build makes another server instance on the same database.
func (e *env) build() *web.Server {
	var out io.Writer = io.Discard
	if os.Getenv("PORTAL06_TEST_LOG") != "" {
		out = os.Stderr // server errors of the tests, for debugging
	}
	log := slog.New(slog.NewTextHandler(out, &slog.HandlerOptions{Level: slog.LevelError}))
	q, hub := e.queueAndHub()
	p, err := portal.Build(context.Background(), portal.Options{Config: e.cfg, DB: e.db.App, Kinds: e.kinds, Queue: q, Hub: hub,
		Log: log, OnMissingMessage: e.onMissing})
	if err != nil {
		e.t.Fatal(err)
	}
	return p.Server
}

// client is a browser: it keeps cookies and the page's CSRF token.
type client struct {
	t    *testing.T
	srv  *web.Server
	jar  *cookiejar.Jar
	csrf string
	htmx bool
}

var base, _ = url.Parse("http://portal.test/")

func (e *env) client() *client {
	jar, _ := cookiejar.New(nil)
	return &client{t: e.t, srv: e.srv, jar: jar}
}

// response is a finished request.
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
	if c.htmx {
		req.Header.Set("HX-Request", "true")
	}
	res, err := c.srv.Fiber().Test(req, 30000)
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
	req, _ := http.NewRequest(http.MethodGet, base.ResolveReference(&url.URL{Path: pathOnly(path), RawQuery: query(path)}).String(), nil)
	return c.do(req)
}

func pathOnly(p string) string { s, _, _ := strings.Cut(p, "?"); return s }
func query(p string) string    { _, q, _ := strings.Cut(p, "?"); return q }

// post sends a form with the current CSRF token unless the form sets _csrf.
func (c *client) post(path string, form url.Values) response {
	c.t.Helper()
	copied := url.Values{}
	for k, v := range form {
		copied[k] = v
	}
	form = copied
	if _, set := form["_csrf"]; !set {
		form.Set("_csrf", c.csrf)
	}
	req, _ := http.NewRequest(http.MethodPost, base.ResolveReference(&url.URL{Path: path}).String(), strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return c.do(req)
}

// login signs in as a demo account and fails the test if it cannot.
func (e *env) login(username string) *client {
	e.t.Helper()
	c := e.client()
	c.get("/login")
	res := c.post("/login", url.Values{"username": {username}, "password": {demo.Password}})
	if res.Status != http.StatusSeeOther {
		e.t.Fatalf("login %s: status %d, body %.300s", username, res.Status, res.Body)
	}
	if res.Header.Get("Location") == "/login/mfa" {
		e.secondFactor(c, username)
	}
	// pick up the session's CSRF token from a page
	if r := c.get("/"); r.Status == http.StatusSeeOther {
		c.get(r.Header.Get("Location"))
	}
	return c
}

var secretRe = regexp.MustCompile(`id="totp-secret">([A-Z2-7]+)<`)

// secondFactor enrolls on first use, keeping the secret as an authenticator
// app would, and answers with the current code.
func (e *env) secondFactor(c *client, username string) {
	e.t.Helper()
	page := c.get("/login/mfa")
	if m := secretRe.FindStringSubmatch(page.Body); m != nil {
		if e.secrets == nil {
			e.secrets = map[string]string{}
		}
		e.secrets[username] = m[1]
	}
	code := e.nextCode(username)
	if res := c.post("/login/mfa", url.Values{"code": {code}}); res.Status != http.StatusSeeOther {
		e.t.Fatalf("second factor of %s: %d %.300s", username, res.Status, res.Body)
	}
}

// nextCode is the code of username's authenticator app for a time step not
// used yet: a code signs in once, so a second sign-in within 30 seconds
// takes the next step's code (accepted for clock drift), or waits for it.
func (e *env) nextCode(username string) string {
	e.t.Helper()
	if e.steps == nil {
		e.steps = map[string]int64{}
	}
	now := time.Now().Unix() / 30
	step := now
	if last, ok := e.steps[username]; ok && step <= last {
		step = last + 1
	}
	if step > now+1 {
		time.Sleep(time.Until(time.Unix((step-1)*30, 0)))
	}
	e.steps[username] = step
	code, err := totp.GenerateCode(e.secrets[username], time.Unix(step*30, 0))
	if err != nil {
		e.t.Fatalf("no TOTP secret for %s: %v", username, err)
	}
	return code
}

// id returns a single int64 from the database as the owner with every row visible.
func (e *env) id(q string, args ...any) int64 {
	e.t.Helper()
	var v int64
	err := e.asOwner(func(tx *gorm.DB) error { return tx.Raw(q, args...).Scan(&v).Error })
	if err != nil {
		e.t.Fatal(err)
	}
	return v
}

func (e *env) asOwner(f func(tx *gorm.DB) error) error {
	owner, err := database.OpenGorm(context.Background(), e.db.OwnerURL)
	if err != nil {
		return err
	}
	defer func() {
		if s, err := owner.DB(); err == nil {
			s.Close()
		}
	}()
	return owner.Transaction(func(tx *gorm.DB) error {
		if err := (policies.Scope{All: true}).Apply(tx, 0); err != nil {
			return err
		}
		return f(tx)
	})
}

func mustContain(t *testing.T, r response, parts ...string) {
	t.Helper()
	for _, p := range parts {
		if !strings.Contains(r.Body, p) {
			t.Fatalf("status %d: body lacks %q:\n%.1500s", r.Status, p, r.Body)
		}
	}
}

func mustNotContain(t *testing.T, r response, parts ...string) {
	t.Helper()
	for _, p := range parts {
		if strings.Contains(r.Body, p) {
			t.Fatalf("body holds %q but must not", p)
		}
	}
}

func wantStatus(t *testing.T, r response, want int) {
	t.Helper()
	if r.Status != want {
		t.Fatalf("status %d, want %d; body %.800s", r.Status, want, r.Body)
	}
}

func fmtInt(v int64) string { return fmt.Sprint(v) }

// buildWith makes a server with other tenant kinds, seeding their policies.
func (e *env) buildWith(ks kind.Registry) *web.Server {
	if err := portal.SeedPolicies(context.Background(), e.db.App, ks); err != nil {
		e.t.Fatal(err)
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	p, err := portal.Build(context.Background(), portal.Options{Config: e.cfg, DB: e.db.App, Kinds: ks, Log: log})
	if err != nil {
		e.t.Fatal(err)
	}
	return p.Server
}
