package portal_test

// The names the tests of this package use for the shared harness of
// app/portaltest (a portal on a fresh demo database, and browsers).

import (
	"net/http"
	"net/url"
	"testing"
	"time"

	"gorm.io/gorm"

	"portal06/app/config"
	"portal06/app/i18n"
	"portal06/app/kind"
	"portal06/app/portal"
	"portal06/app/portaltest"
	"portal06/app/testdb"
	"portal06/app/web"
)

func TestMain(m *testing.M) { portaltest.Main(m) }

// env is the portal of a test.
type env struct{ *portaltest.Env }

// client is a browser.
type client struct{ *portaltest.Client }

type response = portaltest.Response

func newEnv(t *testing.T, tweak ...func(*config.Config)) *env {
	t.Helper()
	return &env{portaltest.NewEnv(t, tweak...)}
}

func newEnvOf(t *testing.T, d *testdb.DB, ks kind.Registry, tweak ...func(*config.Config)) *env {
	t.Helper()
	return &env{portaltest.NewEnvOf(t, d, ks, tweak...)}
}

func (e *env) build() *web.Server                     { return e.Build() }
func (e *env) buildWith(ks kind.Registry) *web.Server { return e.BuildWith(ks) }
func (e *env) client() *client                        { return &client{e.Client()} }
func (e *env) login(username string) *client {
	e.T.Helper()
	return &client{e.Login(username)}
}
func (e *env) member(username, tenant, role string) *client {
	e.T.Helper()
	return &client{e.Member(username, tenant, role)}
}
func (e *env) nextCode(username string) string { e.T.Helper(); return e.NextCode(username) }
func (e *env) id(q string, args ...any) int64 {
	e.T.Helper()
	return e.ID(q, args...)
}
func (e *env) asOwner(f func(tx *gorm.DB) error) error { return e.AsOwner(f) }
func (e *env) api(method, path, token, body string, headers ...string) response {
	e.T.Helper()
	return e.API(method, path, token, body, headers...)
}

func (c *client) do(req *http.Request) response { c.T.Helper(); return c.Do(req) }
func (c *client) get(path string) response      { c.T.Helper(); return c.Get(path) }
func (c *client) post(path string, form url.Values) response {
	c.T.Helper()
	return c.Post(path, form)
}

const qrAn = portaltest.QrAn

var (
	tomorrow       = portaltest.Tomorrow
	confirmFields  = portaltest.ConfirmFields
	stayBody       = portaltest.StayBody
	decode         = portaltest.Decode
	sheetRows      = portaltest.SheetRows
	rawAPI         = portaltest.RawAPI
	mustContain    = portaltest.MustContain
	mustNotContain = portaltest.MustNotContain
	wantStatus     = portaltest.WantStatus
	okWithout      = portaltest.OkWithout
	fmtInt         = portaltest.FmtInt
	pathOnly       = portaltest.PathOnly
	secretRe       = portaltest.SecretRe
	base           = portaltest.Base
)

// twoGuests checks Nguyễn Văn An in at Bãi Cháy and Phạm Văn Bình at Hồng Gai.
func twoGuests(t *testing.T, e *env) { t.Helper(); portaltest.TwoGuests(t, e.Env) }

func kinds() kind.Registry { return portal.Kinds() }

// messages is the portal's message bundle, every kind's included.
func messages(t *testing.T) *i18n.Bundle {
	t.Helper()
	b, err := i18n.NewBundle(kinds().Messages()...)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// monthStart is the first day of t's month in Vietnam's time.
func monthStart(t time.Time) time.Time {
	t = t.In(i18n.Zone)
	return time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, i18n.Zone)
}
