package accommodation_test

// The names the tests of this package use for the shared harness of
// app/portaltest (a portal on a fresh demo database, and browsers).

import (
	"context"
	"database/sql"
	"net/http"
	"net/url"
	"testing"

	"gorm.io/gorm"

	"portal06/app/config"
	"portal06/app/jobs"
	"portal06/app/live"
	"portal06/app/portaltest"
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

func (e *env) build() *web.Server                    { return e.Build() }
func (e *env) queueAndHub() (*jobs.Queue, *live.Hub) { return e.QueueAndHub() }
func (e *env) client() *client                       { return &client{e.Client()} }
func (e *env) login(username string) *client {
	e.T.Helper()
	return &client{e.Login(username)}
}
func (e *env) member(username, tenant, role string) *client {
	e.T.Helper()
	return &client{e.Member(username, tenant, role)}
}
func (e *env) id(q string, args ...any) int64 {
	e.T.Helper()
	return e.ID(q, args...)
}
func (e *env) asOwner(f func(tx *gorm.DB) error) error { return e.AsOwner(f) }

// ownerTx begins a transaction as the owner that sees every row (app.all),
// for a test to hold locks or uncommitted rows in; it is rolled back when
// the test ends unless the test commits it.
func (e *env) ownerTx(t *testing.T) *sql.Tx {
	t.Helper()
	tx, err := e.DB.Owner.BeginTx(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { tx.Rollback() })
	if _, err := tx.Exec(`SELECT set_config('app.all', 'on', true)`); err != nil {
		t.Fatal(err)
	}
	return tx
}
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
	base           = portaltest.Base
)

// twoGuests checks Nguyễn Văn An in at Bãi Cháy and Phạm Văn Bình at Hồng Gai.
func twoGuests(t *testing.T, e *env) { t.Helper(); portaltest.TwoGuests(t, e.Env) }

func itoa(v int64) string { return fmtInt(v) }
