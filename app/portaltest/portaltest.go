// Package portaltest builds the whole portal for integration tests: a fresh
// demo database on the private PostgreSQL cluster of app/testdb, served
// in-process, and clients that keep cookies and CSRF tokens as a browser
// does. Test packages of the core (app/portal) and of tenant kinds
// (tenants/<kind>) use it; call Main from the package's TestMain.
package portaltest

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

// Main runs a package's tests on databases with every kind's migrations.
// Tests start from the demo sites without the demo's month of guests, and
// count their own.
func Main(m *testing.M) {
	os.Setenv("PORTAL06_DEMO_STAYS", "none")
	testdb.Main(m, portal.Kinds().Migrations()...)
}

// Env is a portal on a fresh demo database, served in-process.
type Env struct {
	T       *testing.T
	DB      *testdb.DB
	Srv     *web.Server
	Cfg     config.Config
	Queue   *jobs.Queue
	Secrets map[string]string // TOTP secrets enrolled, by username
	Steps   map[string]int64  // the last TOTP time step used, by username
	Kinds   kind.Registry
	// OnMissing hears of message ids that pages used and no file has.
	OnMissing func(lang, id string)
}

// NewEnv is a portal of every kind on a fresh demo database; tweak changes
// its configuration before it is built.
func NewEnv(t *testing.T, tweak ...func(*config.Config)) *Env {
	t.Helper()
	return NewEnvOf(t, testdb.New(t), portal.Kinds(), tweak...)
}

// NewEnvOf is a portal of the kinds ks on database d, with their demo data.
func NewEnvOf(t *testing.T, d *testdb.DB, ks kind.Registry, tweak ...func(*config.Config)) *Env {
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
	e := &Env{T: t, DB: d, Kinds: ks}
	e.Cfg = config.Config{PublicURL: "http://portal.test", CookieSecure: "auto", SessionIdle: 30 * time.Minute, SessionMax: 12 * time.Hour,
		AuditKey: "0123456789abcdef0123456789abcdef", NationalURL: "http://127.0.0.1:9/none", NationalWait: time.Second}
	for _, f := range tweak {
		f(&e.Cfg)
	}
	e.Srv = e.Build()
	return e
}

// QueueAndHub are a job queue and a live hub, as serve runs them; the queue
// is not started, so notifications stay pending unless a test delivers them.
func (e *Env) QueueAndHub() (*jobs.Queue, *live.Hub) {
	// each instance has its own queue, as each portal process does
	q, err := jobs.New(context.Background(), e.DB.App, "", "", jobs.Config{Backoff: jobs.Backoff{Base: time.Second, Max: time.Minute},
		PollEvery: time.Second, RescueAfter: time.Minute, JobTimeout: time.Minute})
	if err != nil {
		e.T.Fatal(err)
	}
	e.Queue = q
	ctx, cancel := context.WithCancel(context.Background())
	e.T.Cleanup(cancel)
	hub := live.Start(ctx, e.DB.AppURL, "", slog.New(slog.NewTextHandler(io.Discard, nil)))
	select {
	case <-hub.Ready():
	case <-time.After(10 * time.Second):
		e.T.Fatal("the live hub did not start")
	}
	return q, hub
}

// Build makes another server instance on the same database.
func (e *Env) Build() *web.Server {
	var out io.Writer = io.Discard
	if os.Getenv("PORTAL06_TEST_LOG") != "" {
		out = os.Stderr // server errors of the tests, for debugging
	}
	log := slog.New(slog.NewTextHandler(out, &slog.HandlerOptions{Level: slog.LevelError}))
	q, hub := e.QueueAndHub()
	p, err := portal.Build(context.Background(), portal.Options{Config: e.Cfg, DB: e.DB.App, Kinds: e.Kinds, Queue: q, Hub: hub,
		Log: log, OnMissingMessage: e.OnMissing})
	if err != nil {
		e.T.Fatal(err)
	}
	return p.Server
}

// BuildWith makes a server with other tenant kinds, seeding their policies.
func (e *Env) BuildWith(ks kind.Registry) *web.Server {
	if err := portal.SeedPolicies(context.Background(), e.DB.App, ks); err != nil {
		e.T.Fatal(err)
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	p, err := portal.Build(context.Background(), portal.Options{Config: e.Cfg, DB: e.DB.App, Kinds: ks, Log: log})
	if err != nil {
		e.T.Fatal(err)
	}
	return p.Server
}

// Client is a browser: it keeps cookies and the page's CSRF token; with
// HTMX set it asks for fragments as htmx does.
type Client struct {
	T    *testing.T
	Srv  *web.Server
	Jar  *cookiejar.Jar
	CSRF string
	HTMX bool
}

// Base is the address the test server answers at.
var Base, _ = url.Parse("http://portal.test/")

// Client is a new browser without a session.
func (e *Env) Client() *Client {
	jar, _ := cookiejar.New(nil)
	return &Client{T: e.T, Srv: e.Srv, Jar: jar}
}

// Response is a finished request.
type Response struct {
	Status int
	Header http.Header
	Body   string
}

var csrfRe = regexp.MustCompile(`name="_csrf" value="([^"]+)"`)

// Do sends req with the browser's cookies and keeps the answer's cookies
// and CSRF token.
func (c *Client) Do(req *http.Request) Response {
	c.T.Helper()
	for _, ck := range c.Jar.Cookies(req.URL) {
		req.AddCookie(ck)
	}
	if c.HTMX {
		req.Header.Set("HX-Request", "true")
	}
	res, err := c.Srv.Fiber().Test(req, 30000)
	if err != nil {
		c.T.Fatalf("%s %s: %v", req.Method, req.URL, err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	c.Jar.SetCookies(req.URL, res.Cookies())
	if m := csrfRe.FindStringSubmatch(string(b)); m != nil {
		c.CSRF = m[1]
	}
	return Response{Status: res.StatusCode, Header: res.Header, Body: string(b)}
}

// Get asks for path (which may carry a query).
func (c *Client) Get(path string) Response {
	c.T.Helper()
	req, _ := http.NewRequest(http.MethodGet, Base.ResolveReference(&url.URL{Path: PathOnly(path), RawQuery: query(path)}).String(), nil)
	return c.Do(req)
}

// PathOnly is p without its query.
func PathOnly(p string) string { s, _, _ := strings.Cut(p, "?"); return s }
func query(p string) string    { _, q, _ := strings.Cut(p, "?"); return q }

// Post sends a form with the current CSRF token unless the form sets _csrf.
func (c *Client) Post(path string, form url.Values) Response {
	c.T.Helper()
	copied := url.Values{}
	for k, v := range form {
		copied[k] = v
	}
	form = copied
	if _, set := form["_csrf"]; !set {
		form.Set("_csrf", c.CSRF)
	}
	req, _ := http.NewRequest(http.MethodPost, Base.ResolveReference(&url.URL{Path: path}).String(), strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return c.Do(req)
}

// Login signs in as a demo account and fails the test if it cannot.
func (e *Env) Login(username string) *Client {
	e.T.Helper()
	c := e.Client()
	c.Get("/login")
	res := c.Post("/login", url.Values{"username": {username}, "password": {demo.Password}})
	if res.Status != http.StatusSeeOther {
		e.T.Fatalf("login %s: status %d, body %.300s", username, res.Status, res.Body)
	}
	if res.Header.Get("Location") == "/login/mfa" {
		e.SecondFactor(c, username)
	}
	// pick up the session's CSRF token from a page
	if r := c.Get("/"); r.Status == http.StatusSeeOther {
		c.Get(r.Header.Get("Location"))
	}
	return c
}

// SecretRe finds the TOTP secret on the enrolment page.
var SecretRe = regexp.MustCompile(`id="totp-secret">([A-Z2-7]+)<`)

// SecondFactor enrolls on first use, keeping the secret as an authenticator
// app would, and answers with the current code.
func (e *Env) SecondFactor(c *Client, username string) {
	e.T.Helper()
	page := c.Get("/login/mfa")
	if m := SecretRe.FindStringSubmatch(page.Body); m != nil {
		if e.Secrets == nil {
			e.Secrets = map[string]string{}
		}
		e.Secrets[username] = m[1]
	}
	code := e.NextCode(username)
	if res := c.Post("/login/mfa", url.Values{"code": {code}}); res.Status != http.StatusSeeOther {
		e.T.Fatalf("second factor of %s: %d %.300s", username, res.Status, res.Body)
	}
}

// NextCode is the code of username's authenticator app for a time step not
// used yet: a code signs in once, so a second sign-in within 30 seconds
// takes the next step's code (accepted for clock drift), or waits for it.
func (e *Env) NextCode(username string) string {
	e.T.Helper()
	if e.Steps == nil {
		e.Steps = map[string]int64{}
	}
	now := time.Now().Unix() / 30
	step := now
	if last, ok := e.Steps[username]; ok && step <= last {
		step = last + 1
	}
	if step > now+1 {
		time.Sleep(time.Until(time.Unix((step-1)*30, 0)))
	}
	e.Steps[username] = step
	code, err := totp.GenerateCode(e.Secrets[username], time.Unix(step*30, 0))
	if err != nil {
		e.T.Fatalf("no TOTP secret for %s: %v", username, err)
	}
	return code
}

// ID returns a single int64 from the database as the owner with every row visible.
func (e *Env) ID(q string, args ...any) int64 {
	e.T.Helper()
	var v int64
	err := e.AsOwner(func(tx *gorm.DB) error { return tx.Raw(q, args...).Scan(&v).Error })
	if err != nil {
		e.T.Fatal(err)
	}
	return v
}

// AsOwner runs f in a transaction of the schema owner that sees every row.
func (e *Env) AsOwner(f func(tx *gorm.DB) error) error {
	owner, err := database.OpenGorm(context.Background(), e.DB.OwnerURL)
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

// MustContain fails the test unless the body holds every part.
func MustContain(t *testing.T, r Response, parts ...string) {
	t.Helper()
	for _, p := range parts {
		if !strings.Contains(r.Body, p) {
			t.Fatalf("status %d: body lacks %q:\n%.1500s", r.Status, p, r.Body)
		}
	}
}

// MustNotContain fails the test if the body holds any part.
func MustNotContain(t *testing.T, r Response, parts ...string) {
	t.Helper()
	for _, p := range parts {
		if strings.Contains(r.Body, p) {
			t.Fatalf("body holds %q but must not", p)
		}
	}
}

// WantStatus fails the test unless the answer has status want.
func WantStatus(t *testing.T, r Response, want int) {
	t.Helper()
	if r.Status != want {
		t.Fatalf("status %d, want %d; body %.800s", r.Status, want, r.Body)
	}
}

// OkWithout asserts that a page answered 200 and does not hold parts: a
// negative check that an error page cannot pass.
func OkWithout(t *testing.T, r Response, parts ...string) {
	t.Helper()
	WantStatus(t, r, http.StatusOK)
	MustNotContain(t, r, parts...)
}

// FmtInt is v in decimal.
func FmtInt(v int64) string { return fmt.Sprint(v) }
