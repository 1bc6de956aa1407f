package portal_test

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

// TestPprofOnlyOnMetricsListener: Go's profiles are served by the metrics
// listener, and the portal's own address does not have them, not even for
// an admin.
func TestPprofOnlyOnMetricsListener(t *testing.T) {
	e := newEnv(t)
	for _, c := range []*client{e.client(), e.login("admin")} {
		for _, p := range []string{"/debug/pprof/", "/debug/pprof/heap", "/debug/pprof/profile?seconds=1"} {
			if r := c.get(p); r.Status == http.StatusOK {
				t.Errorf("the portal serves %s", p)
			}
		}
	}
	h := e.Srv.MetricsHandler()
	for _, p := range []string{"/metrics", "/debug/pprof/", "/debug/pprof/heap", "/debug/pprof/goroutine?debug=1"} {
		w := httptest.NewRecorder()
		h.ServeHTTP(w, httptest.NewRequest(http.MethodGet, p, nil))
		if w.Code != http.StatusOK {
			t.Errorf("the metrics listener answers %s with %d", p, w.Code)
		}
	}
}
