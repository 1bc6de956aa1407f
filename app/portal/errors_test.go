package portal_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/gofiber/fiber/v2"

	"portal06/app/kind"
	"portal06/app/portal"
	"portal06/app/store"
	"portal06/app/web"
	"portal06/policies"
	"portal06/tenants/accommodation"
)

// failingKind is accommodation with routes whose handlers fail in each way
// a handler can.
type failingKind struct{ *accommodation.Kind }

func (k failingKind) Register(r *web.Router) {
	k.Kind.Register(r)
	fail := map[string]error{
		"/fail/boom":    fmt.Errorf("accommodation: compute: %w", errors.New("boom")),
		"/fail/missing": fmt.Errorf("accommodation: load: %w", store.ErrNotFound),
		"/fail/invalid": store.Invalid{"room": "validation.too_long"},
	}
	for path, err := range fail {
		r.Get(path, "accommodation.probe", func(*fiber.Ctx, *web.Request) error { return err })
	}
}

func (k failingKind) Policies() []policies.Rule {
	return append(k.Kind.Policies(), policies.Rule{Ptype: "p", V: []string{"tenant_staff", "accommodation.probe", "read"}})
}

// syncBuffer is a log destination the server writes from its goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestOneErrorPath: not found is the 404 page, invalid input 422 naming the
// field, anything else a 500 page that shows the request id the log
// repeats; htmx gets the same message retargeted into the page's alert area.
func TestOneErrorPath(t *testing.T) {
	e := newEnv(t)
	ks := kinds()
	ks[0] = failingKind{accommodation.New()}
	if err := portal.SeedPolicies(context.Background(), e.DB.App, ks); err != nil {
		t.Fatal(err)
	}
	var logs syncBuffer
	p, err := portal.Build(context.Background(), portal.Options{Config: e.Cfg, DB: e.DB.App, Kinds: kind.Registry(ks),
		Log: slog.New(slog.NewTextHandler(&logs, nil))})
	if err != nil {
		t.Fatal(err)
	}
	e.Srv = p.Server
	c := e.login("ks-owner")

	res := c.get("/t/vinh-xanh/fail/boom")
	wantStatus(t, res, http.StatusInternalServerError)
	id := res.Header.Get("X-Request-ID")
	if len(id) != 16 {
		t.Fatalf("request id %q", id)
	}
	mustContain(t, res, "Mã yêu cầu: "+id)
	if !strings.Contains(logs.String(), "request_id="+id) || !strings.Contains(logs.String(), "boom") {
		t.Errorf("the log does not repeat request id %s with the error: %s", id, logs.String())
	}

	wantStatus(t, c.get("/t/vinh-xanh/fail/missing"), http.StatusNotFound)
	res = c.get("/t/vinh-xanh/fail/invalid")
	wantStatus(t, res, http.StatusUnprocessableEntity)
	mustContain(t, res, "Phòng") // the field, named in the message

	c.HTMX = true
	res = c.get("/t/vinh-xanh/fail/boom")
	wantStatus(t, res, http.StatusInternalServerError)
	if res.Header.Get("HX-Retarget") != "#flash" || !strings.Contains(res.Body, `class="alert error"`) {
		t.Errorf("htmx error not sent to the alert area: %v %s", res.Header, res.Body)
	}
	if strings.Contains(res.Body, "<html") {
		t.Error("htmx error answered with a whole page")
	}
}
