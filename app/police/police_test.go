package police_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"portal06/app/portaltest"
)

func TestMain(m *testing.M) { portaltest.Main(m) }

// TestPoliceConsoleRefusesOthers: tenants, the province and the system
// administrator are refused every police page and form with 403, an officer
// the PC06 audit; without a session the console sends to the sign-in.
func TestPoliceConsoleRefusesOthers(t *testing.T) {
	e := portaltest.NewEnv(t)
	pages := []string{"/police", "/police/search", "/police/watchlist", "/police/alerts", "/police/audit", "/police/audit.xlsx"}
	forms := map[string]url.Values{
		"/police/search":    {"q": {"Nguyễn Văn An"}, "purpose": {"Vụ việc 1/2026"}},
		"/police/person":    {"doc_type": {"cccd"}, "doc_number": {"022095001234"}, "purpose": {"Vụ việc 1/2026"}},
		"/police/watchlist": {"doc_number": {"022095001234"}, "purpose": {"Vụ việc 1/2026"}},
	}
	for _, user := range []string{"admin", "tinh", "ks-owner", "ks-letan", "cc-manager", "cho-board", "congchung"} {
		c := e.Login(user)
		for _, p := range pages {
			if r := c.Get(p); r.Status != http.StatusForbidden {
				t.Errorf("%s GET %s: %d, want 403", user, p, r.Status)
			}
		}
		for p, f := range forms {
			if r := c.Post(p, f); r.Status != http.StatusForbidden {
				t.Errorf("%s POST %s: %d, want 403", user, p, r.Status)
			}
		}
	}
	if n := e.ID(`SELECT count(*) FROM watchlist`) + e.ID(`SELECT count(*) FROM audit_log WHERE action IN ('search', 'person_open', 'watch_add')`); n != 0 {
		t.Fatalf("refused requests left %d rows", n)
	}
	// the ward's commander has the console but not the province's audit
	ward := e.Login("ca-baichay")
	portaltest.WantStatus(t, ward.Get("/police"), http.StatusOK)
	portaltest.WantStatus(t, ward.Get("/police/audit"), http.StatusForbidden)
	portaltest.WantStatus(t, e.Login("pc06").Get("/police/audit"), http.StatusOK)

	r := e.Client().Get("/police/search")
	if r.Status != http.StatusSeeOther || !strings.HasPrefix(r.Header.Get("Location"), "/login") {
		t.Fatalf("anonymous: %d to %q, want 303 to /login", r.Status, r.Header.Get("Location"))
	}
}

// TestPersonSearchNeedsAPurposeAndKeepsToTheJurisdiction: a search without
// a purpose is refused (422) naming the fields and not audited; a person
// registered outside the unit's areas is not found (404), one inside is
// shown and the look is audited with its purpose.
func TestPersonSearchNeedsAPurposeAndKeepsToTheJurisdiction(t *testing.T) {
	e := portaltest.NewEnv(t)
	portaltest.TwoGuests(t, e) // An at Bãi Cháy, Bình at Hồng Gai
	ward := e.Login("ca-baichay")

	r := ward.Post("/police/search", url.Values{"q": {"x"}, "purpose": {""}})
	portaltest.WantStatus(t, r, http.StatusUnprocessableEntity)
	portaltest.MustContain(t, r, `name="q"`, `name="purpose"`, "không được để trống")
	r = ward.Post("/police/person", url.Values{"doc_type": {"cccd"}, "doc_number": {"022095001234"}, "purpose": {"ab"}})
	portaltest.WantStatus(t, r, http.StatusUnprocessableEntity)
	if n := e.ID(`SELECT count(*) FROM audit_log WHERE action IN ('search', 'person_open')`); n != 0 {
		t.Fatalf("%d refused looks audited", n)
	}

	outside := url.Values{"doc_type": {"cccd"}, "doc_number": {"022088005522"}, "purpose": {"Vụ việc 7/2026"}}
	portaltest.WantStatus(t, ward.Post("/police/person", outside), http.StatusNotFound)
	r = ward.Post("/police/person", url.Values{"doc_type": {"cccd"}, "doc_number": {"022095001234"}, "purpose": {"Vụ việc 7/2026"}})
	portaltest.WantStatus(t, r, http.StatusOK)
	portaltest.MustContain(t, r, "Nguyễn Văn An", "Khách sạn Vịnh Xanh Bãi Cháy")
	portaltest.MustNotContain(t, r, "Phạm Văn Bình", "Hồng Gai")
	if e.ID(`SELECT count(*) FROM audit_log WHERE action = 'person_open' AND username = 'ca-baichay' AND purpose = 'Vụ việc 7/2026' AND results > 0`) != 1 {
		t.Fatal("the look at a person is not audited with its purpose")
	}
	// the province's PC06 sees both
	portaltest.WantStatus(t, e.Login("pc06").Post("/police/person", outside), http.StatusOK)
}
