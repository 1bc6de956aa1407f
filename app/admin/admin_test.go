package admin_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"portal06/app/portaltest"
)

func TestMain(m *testing.M) { portaltest.Main(m) }

// TestAdminRefusesEveryoneElse: every other role is refused every admin
// page and form with 403, and a refused form saves nothing; without a
// session the pages send to the sign-in.
func TestAdminRefusesEveryoneElse(t *testing.T) {
	e := portaltest.NewEnv(t)
	tenantID := portaltest.FmtInt(e.ID(`SELECT id FROM tenants WHERE slug = 'vinh-xanh'`))
	unitID := portaltest.FmtInt(e.ID(`SELECT id FROM police_units WHERE code = 'CA-BAICHAY'`))
	userID := portaltest.FmtInt(e.ID(`SELECT id FROM users WHERE username = 'ks-letan'`))
	pages := []string{"/admin", "/admin/tenants", "/admin/tenants/new", "/admin/tenants/" + tenantID, "/admin/users",
		"/admin/users/" + userID, "/admin/units", "/admin/units/" + unitID, "/admin/policies", "/admin/audit"}
	forms := map[string]url.Values{
		"/admin/tenants/new":                  {"kind": {"accommodation"}, "slug": {"chiem-quyen"}, "name": {"Chiếm quyền"}, "tax_code": {"5790000009"}},
		"/admin/users/" + userID + "/status":  {"disabled": {"1"}},
		"/admin/users/" + userID + "/tenants": {"tenant": {"ngoc-trai"}, "role": {"owner"}},
		"/admin/units/" + unitID + "/areas":   {"area_id": {portaltest.FmtInt(e.ID(`SELECT id FROM areas WHERE code = '22'`))}},
		"/admin/policies":                     {"ptype": {"p"}, "v0": {"tenant_staff"}, "v1": {"admin.*"}, "v2": {"*"}},
	}
	rulesBefore := e.ID(`SELECT count(*) FROM casbin_rule`)
	for _, user := range []string{"pc06", "ca-baichay", "tinh", "ks-owner", "ks-letan", "cc-manager", "cho-board", "congchung"} {
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
	if n := e.ID(`SELECT count(*) FROM tenants WHERE slug = 'chiem-quyen'`); n != 0 {
		t.Fatal("a refused tenant was saved")
	}
	if e.ID(`SELECT count(*) FROM casbin_rule`) != rulesBefore {
		t.Fatal("a refused form changed the policy rules")
	}
	if e.ID(`SELECT count(*) FROM users WHERE username = 'ks-letan' AND NOT disabled`) != 1 {
		t.Fatal("a refused form disabled a user")
	}
	anon := e.Client()
	r := anon.Get("/admin/tenants")
	if r.Status != http.StatusSeeOther || !strings.HasPrefix(r.Header.Get("Location"), "/login") {
		t.Fatalf("anonymous: %d to %q, want 303 to /login", r.Status, r.Header.Get("Location"))
	}
}

// TestAdminMovesJurisdiction grants a unit another ward and takes it back:
// the unit's police console follows at once.
func TestAdminMovesJurisdiction(t *testing.T) {
	e := portaltest.NewEnv(t)
	admin := e.Login("admin")
	unit := "/admin/units/" + portaltest.FmtInt(e.ID(`SELECT id FROM police_units WHERE code = 'CA-BAICHAY'`))
	police := e.Login("ca-baichay")
	portaltest.MustNotContain(t, police.Get("/police"), "Khách sạn Vịnh Xanh Hồng Gai")

	r := admin.Post(unit+"/areas", url.Values{"area_id": {""}})
	portaltest.WantStatus(t, r, http.StatusUnprocessableEntity)
	r = admin.Post(unit+"/areas", url.Values{"area_id": {"99999999"}})
	portaltest.WantStatus(t, r, http.StatusUnprocessableEntity)

	hongGai := portaltest.FmtInt(e.ID(`SELECT id FROM areas WHERE code = '06658'`))
	portaltest.WantStatus(t, admin.Post(unit+"/areas", url.Values{"area_id": {hongGai}}), http.StatusSeeOther)
	portaltest.MustContain(t, admin.Get(unit), "Phường Hồng Gai")
	portaltest.MustContain(t, police.Get("/police"), "Khách sạn Vịnh Xanh Hồng Gai", "Khách sạn Vịnh Xanh Bãi Cháy")

	portaltest.WantStatus(t, admin.Post(unit+"/areas/remove", url.Values{"area": {"06658"}}), http.StatusSeeOther)
	r = police.Get("/police")
	portaltest.WantStatus(t, r, http.StatusOK)
	portaltest.MustNotContain(t, r, "Khách sạn Vịnh Xanh Hồng Gai")
	portaltest.MustContain(t, r, "Khách sạn Vịnh Xanh Bãi Cháy")
}
