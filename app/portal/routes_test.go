package portal_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"portal06/policies"
)

// TestEveryRouteHasPermission walks the router: every route Fiber serves
// must have been registered with a permission, and some role must hold it.
func TestEveryRouteHasPermission(t *testing.T) {
	e := newEnv(t)
	reg := e.Srv.Routes()
	rules := policies.SeedRules()
	for _, k := range kinds() {
		rules = append(rules, k.Policies()...)
	}
	seen := 0
	for _, r := range e.Srv.Fiber().GetRoutes(true) {
		method := r.Method
		if method == http.MethodHead {
			method = http.MethodGet
		}
		rt, ok := reg[method+" "+r.Path]
		if !ok {
			t.Errorf("route %s %s was added without a permission", r.Method, r.Path)
			continue
		}
		if rt.Perm == "" {
			t.Errorf("route %s %s has an empty permission", r.Method, r.Path)
		}
		granted := false
		for _, rule := range rules {
			if rule.Ptype == "p" && (rule.V[1] == "*" || rule.V[1] == rt.Perm ||
				(strings.HasSuffix(rule.V[1], ".*") && strings.HasPrefix(rt.Perm, strings.TrimSuffix(rule.V[1], "*")))) {
				granted = true
			}
		}
		if !granted {
			t.Errorf("route %s %s needs %s, which no seed policy grants", r.Method, r.Path, rt.Perm)
		}
		seen++
	}
	if seen < 30 {
		t.Fatalf("walked only %d routes", seen)
	}
}

// TestPolicyChangeReachesEveryInstance: a grant removed through one
// instance is enforced by another on its next request, with no restart.
func TestPolicyChangeReachesEveryInstance(t *testing.T) {
	e := newEnv(t)
	other := e.build()
	letan := e.login("ks-letan")
	letan.Srv = other
	wantStatus(t, letan.get("/t/vinh-xanh/"), http.StatusOK)

	admin := e.login("admin")
	res := admin.get("/admin/policies?ptype=p")
	wantStatus(t, res, http.StatusOK)
	id := e.id(`SELECT id FROM casbin_rule WHERE ptype = 'p' AND v0 = 'tenant_staff' AND v1 = 'tenant.home'`)
	if id == 0 {
		t.Fatal("seed rule tenant_staff tenant.home missing")
	}
	res = admin.post("/admin/policies/"+itoa(id)+"/delete", nil)
	wantStatus(t, res, http.StatusSeeOther)
	wantStatus(t, letan.get("/t/vinh-xanh/"), http.StatusForbidden)

	res = admin.post("/admin/policies", url.Values{"ptype": {"p"}, "values": {"tenant_staff, tenant.home, read"}})
	wantStatus(t, res, http.StatusSeeOther)
	wantStatus(t, letan.get("/t/vinh-xanh/"), http.StatusOK)

	// A malformed rule names the field and changes nothing.
	admin.HTMX = true
	res = admin.post("/admin/policies", url.Values{"ptype": {"p"}, "values": {"only-one"}})
	wantStatus(t, res, http.StatusUnprocessableEntity)
	mustContain(t, res, "Giá trị:", `aria-invalid="true"`)
	mustNotContain(t, res, "<html")
}

func itoa(v int64) string { return fmtInt(v) }

func TestAdminsCannotLockThemselvesOut(t *testing.T) {
	e := newEnv(t)
	admin := e.login("admin")
	admin.get("/admin/policies")
	id := e.id(`SELECT id FROM casbin_rule WHERE ptype = 'p' AND v0 = 'admin' AND v1 = 'admin.*'`)
	wantStatus(t, admin.post("/admin/policies/"+itoa(id)+"/delete", nil), http.StatusConflict)
	if e.id(`SELECT count(*) FROM casbin_rule WHERE id = ?`, id) != 1 {
		t.Fatal("the admins' own rule was deleted")
	}
	wantStatus(t, admin.get("/admin/policies"), http.StatusOK)
}
