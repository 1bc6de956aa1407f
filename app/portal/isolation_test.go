package portal_test

import (
	"net/http"
	"net/url"
	"testing"

	"github.com/gofiber/fiber/v2"

	"portal06/app/web"
	"portal06/policies"
	"portal06/tenants/accommodation"
)

func TestTenantCannotSeeAnotherTenant(t *testing.T) {
	e := newEnv(t)
	own := e.id(`SELECT id FROM sites WHERE slug = 'vinh-xanh-bai-chay'`)
	foreign := e.id(`SELECT id FROM sites WHERE slug = 'ngoc-trai-tuan-chau'`)
	c := e.login("ks-owner")
	wantStatus(t, c.get("/t/vinh-xanh/sites/"+itoa(own)), http.StatusOK)
	for _, path := range []string{
		"/t/ngoc-trai/",                       // another tenant
		"/t/vinh-xanh/sites/" + itoa(foreign), // another tenant's site guessed into our URL
		"/t/ngoc-trai/sites/" + itoa(foreign),
		"/t/no-such-tenant/",
		"/t/vinh-xanh/sites/abc",
		"/t/vinh-xanh/sites/99999999",
	} {
		res := c.get(path)
		if res.Status != http.StatusNotFound {
			t.Errorf("%s: status %d, want 404", path, res.Status)
		}
		mustNotContain(t, res, "Ngọc Trai")
	}
	for _, path := range []string{"/admin", "/admin/tenants", "/police", "/province"} {
		if res := c.get(path); res.Status != http.StatusForbidden {
			t.Errorf("%s as tenant owner: status %d, want 403", path, res.Status)
		}
	}
	other := e.login("cc-manager")
	wantStatus(t, other.get("/t/vinh-xanh/"), http.StatusNotFound)
	wantStatus(t, other.get("/t/chung-cu-green-bay/"), http.StatusOK)
}

func TestStaffLimitedToSites(t *testing.T) {
	e := newEnv(t)
	admin := e.login("admin")
	uid := e.id(`SELECT id FROM users WHERE username = 'ks-letan'`)
	res := admin.post("/admin/users/"+itoa(uid)+"/tenants", url.Values{"tenant": {"vinh-xanh"}, "role": {"staff"}, "sites": {"vinh-xanh-bai-chay"}})
	wantStatus(t, res, http.StatusSeeOther)
	hongGai := e.id(`SELECT id FROM sites WHERE slug = 'vinh-xanh-hong-gai'`)
	baiChay := e.id(`SELECT id FROM sites WHERE slug = 'vinh-xanh-bai-chay'`)

	c := e.login("ks-letan")
	res = c.get("/t/vinh-xanh/")
	wantStatus(t, res, http.StatusOK)
	mustContain(t, res, "Khách sạn Vịnh Xanh Bãi Cháy")
	mustNotContain(t, res, "Khách sạn Vịnh Xanh Hồng Gai")
	wantStatus(t, c.get("/t/vinh-xanh/sites/"+itoa(hongGai)), http.StatusNotFound)
	wantStatus(t, c.get("/t/vinh-xanh/sites/"+itoa(baiChay)), http.StatusOK)

	// A site of another tenant cannot be granted.
	res = admin.post("/admin/users/"+itoa(uid)+"/tenants", url.Values{"tenant": {"vinh-xanh"}, "role": {"staff"}, "sites": {"ngoc-trai-tuan-chau"}})
	wantStatus(t, res, http.StatusUnprocessableEntity)
	mustContain(t, res, "Giới hạn cơ sở:")
}

func TestPoliceSeeOnlyTheirJurisdiction(t *testing.T) {
	e := newEnv(t)
	ward := e.login("ca-baichay")
	res := ward.get("/police")
	wantStatus(t, res, http.StatusOK)
	mustContain(t, res, "Khách sạn Vịnh Xanh Bãi Cháy", "Phường Bãi Cháy")
	mustNotContain(t, res, "Khách sạn Vịnh Xanh Hồng Gai", "Chợ Mạo Khê")
	// A filter cannot widen the scope: the page answers, empty.
	res = ward.get("/police?area=06658")
	wantStatus(t, res, http.StatusOK)
	mustContain(t, res, "Chưa có cơ sở nào.")
	mustNotContain(t, res, "Khách sạn Vịnh Xanh Hồng Gai")
	// Police have no tenant pages.
	wantStatus(t, ward.get("/t/vinh-xanh/"), http.StatusNotFound)

	pc06 := e.login("pc06")
	res = pc06.get("/police")
	wantStatus(t, res, http.StatusOK)
	mustContain(t, res, "Khách sạn Vịnh Xanh Bãi Cháy", "Khách sạn Vịnh Xanh Hồng Gai", "Chợ Mạo Khê")
	res = pc06.get("/police?area=06658")
	wantStatus(t, res, http.StatusOK)
	mustContain(t, res, "Khách sạn Vịnh Xanh Hồng Gai")
	mustNotContain(t, res, "Khách sạn Vịnh Xanh Bãi Cháy")

	maokhe := e.login("ca-maokhe")
	res = maokhe.get("/police")
	wantStatus(t, res, http.StatusOK)
	mustContain(t, res, "Chợ Mạo Khê", "Nhà nghỉ Hoa Mai")
	mustNotContain(t, res, "Vịnh Xanh")
	wantStatus(t, maokhe.get("/admin"), http.StatusForbidden)
	wantStatus(t, maokhe.get("/province"), http.StatusForbidden)
}

func TestProvinceSeesFiguresOnly(t *testing.T) {
	e := newEnv(t)
	c := e.login("tinh")
	res := c.get("/province")
	wantStatus(t, res, http.StatusOK)
	mustContain(t, res, "Phường Bãi Cháy", "Cơ sở lưu trú", "Chợ 4.0")
	for _, p := range []string{"/police", "/admin", "/t/vinh-xanh/"} {
		if r := c.get(p); r.Status != http.StatusForbidden && r.Status != http.StatusNotFound {
			t.Errorf("%s as provincial official: %d", p, r.Status)
		}
	}
}

// probeKind is accommodation with one extra route, to show that a kind's
// routes serve only tenants of that kind.
type probeKind struct{ *accommodation.Kind }

func (k probeKind) Register(r *web.Router) {
	r.Get("/probe", "accommodation.probe", func(c *fiber.Ctx, rq *web.Request) error {
		return c.SendString("probe " + rq.Tenant.Slug)
	})
}

func (k probeKind) RegisterPolice(r *web.Router) {
	r.Get("/probe", "police.accommodation_probe", func(c *fiber.Ctx, rq *web.Request) error {
		return c.SendString("police probe " + rq.Subject)
	})
}

func (k probeKind) PoliceNav() []web.NavItem {
	return []web.NavItem{{Label: "nav.police", Href: "probe"}}
}

func (k probeKind) Policies() []policies.Rule {
	return []policies.Rule{
		{Ptype: "p", V: []string{"tenant_staff", "accommodation.probe", "read"}},
		{Ptype: "p", V: []string{"police_officer", "police.accommodation_probe", "read"}},
	}
}

func TestKindRoutesServeOnlyTheirKind(t *testing.T) {
	e := newEnv(t)
	ks := kinds()
	ks[0] = probeKind{accommodation.New()}
	e.Srv = e.buildWith(ks)
	c := e.login("ks-owner")
	res := c.get("/t/vinh-xanh/probe")
	wantStatus(t, res, http.StatusOK)
	mustContain(t, res, "probe vinh-xanh")
	board := e.login("cho-board")
	wantStatus(t, board.get("/t/cho-mao-khe/"), http.StatusOK)
	wantStatus(t, board.get("/t/cho-mao-khe/probe"), http.StatusNotFound)

	// The kind's police view reaches police units, scoped to their unit, and no one else.
	res = e.login("ca-maokhe").get("/police/accommodation/probe")
	wantStatus(t, res, http.StatusOK)
	mustContain(t, res, "police probe unit:CA-MAOKHE")
	mustContain(t, e.login("ca-maokhe").get("/police"), `href="/police/accommodation/probe"`)
	wantStatus(t, c.get("/police/accommodation/probe"), http.StatusForbidden)
}
