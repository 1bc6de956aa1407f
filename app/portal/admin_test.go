package portal_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

func TestAdminCreatesTenantAndSite(t *testing.T) {
	e := newEnv(t)
	admin := e.login("admin")
	res := admin.get("/admin/tenants/new")
	wantStatus(t, res, http.StatusOK)

	// Invalid input, through htmx: the form comes back alone, each error next to its field.
	admin.HTMX = true
	before := e.id(`SELECT count(*) FROM tenants`)
	res = admin.post("/admin/tenants/new", url.Values{"kind": {"accommodation"}, "slug": {"Bad Slug"}, "name": {""}, "tax_code": {"12ab"}})
	wantStatus(t, res, http.StatusUnprocessableEntity)
	mustContain(t, res, "Tên: không được để trống.", "Mã số thuế: phải gồm 10 chữ số", "Mã định danh (slug): chỉ gồm chữ thường")
	mustNotContain(t, res, "<html")
	if e.id(`SELECT count(*) FROM tenants`) != before {
		t.Fatal("an invalid tenant was saved")
	}
	// A taken slug names the field.
	res = admin.post("/admin/tenants/new", url.Values{"kind": {"accommodation"}, "slug": {"vinh-xanh"}, "name": {"Trùng"}, "tax_code": {"5790000001"}})
	wantStatus(t, res, http.StatusUnprocessableEntity)
	mustContain(t, res, "Mã định danh (slug): đã được sử dụng.")
	// An unknown kind is refused.
	res = admin.post("/admin/tenants/new", url.Values{"kind": {"casino"}, "slug": {"x-y"}, "name": {"X"}, "tax_code": {"5790000001"}})
	wantStatus(t, res, http.StatusUnprocessableEntity)
	mustContain(t, res, "Loại hình: giá trị không hợp lệ")

	// Valid input: htmx is told where to go.
	res = admin.post("/admin/tenants/new", url.Values{"kind": {"accommodation"}, "slug": {"song-hong"}, "name": {"Khách sạn Sông Hồng"}, "tax_code": {"5790000001"}})
	wantStatus(t, res, http.StatusNoContent)
	loc := res.Header.Get("HX-Redirect")
	if !strings.HasPrefix(loc, "/admin/tenants/") {
		t.Fatalf("HX-Redirect %q", loc)
	}
	admin.HTMX = false
	res = admin.get(loc)
	wantStatus(t, res, http.StatusOK)
	mustContain(t, res, "Khách sạn Sông Hồng", "Chưa có cơ sở nào.")

	// Without JavaScript the same form posts normally.
	area := e.id(`SELECT id FROM areas WHERE code = '06703'`)
	res = admin.post(loc+"/sites/new", url.Values{"name": {"Khách sạn Sông Hồng Bãi Cháy"}, "slug": {"song-hong-bai-chay"},
		"kind": {"cruise"}, "area_id": {itoa(area)}, "address": {"Số 1 đường Hạ Long"}})
	wantStatus(t, res, http.StatusSeeOther)
	res = admin.get(loc)
	mustContain(t, res, "Khách sạn Sông Hồng Bãi Cháy", "Tàu nghỉ đêm", "Phường Bãi Cháy")

	// A site kind of another tenant kind, a province as area, and a missing address are refused.
	res = admin.post(loc+"/sites/new", url.Values{"name": {"X"}, "slug": {"x"}, "kind": {"market"},
		"area_id": {itoa(e.id(`SELECT id FROM areas WHERE code = '22'`))}, "address": {""}})
	wantStatus(t, res, http.StatusUnprocessableEntity)
	mustContain(t, res, "<html", "Loại hình: giá trị không hợp lệ", "Địa bàn: giá trị không hợp lệ", "Địa chỉ: không được để trống.")

	// The new tenant is seen by the Bãi Cháy police through its site, and
	// its dashboard names the site with its tenant.
	ward := e.login("ca-baichay")
	res = ward.get("/police")
	mustContain(t, res, "Khách sạn Sông Hồng Bãi Cháy")
	mustContain(t, ward.get("/police/accommodation"), "Khách sạn Sông Hồng Bãi Cháy (Khách sạn Sông Hồng)")
	// A renamed tenant is named so at once wherever its sites are listed
	// with it (the sites' copy of the name, migration 00759).
	res = admin.post(loc, url.Values{"slug": {"song-hong"}, "name": {"Công ty Sông Hồng"}, "tax_code": {"5790000001"}})
	wantStatus(t, res, http.StatusSeeOther)
	res = ward.get("/police/accommodation")
	wantStatus(t, res, http.StatusOK)
	mustContain(t, res, "Khách sạn Sông Hồng Bãi Cháy (Công ty Sông Hồng)")
	mustNotContain(t, res, "(Khách sạn Sông Hồng)")
	if n := e.id(`SELECT count(*) FROM sites WHERE tenant_name <> (SELECT t.name FROM tenants t WHERE t.id = sites.tenant_id)`); n != 0 {
		t.Fatalf("%d sites do not carry their tenant's name", n)
	}

	// Guessed ids are 404.
	for _, p := range []string{"/admin/tenants/99999999", "/admin/tenants/abc", loc + "/sites/99999999", "/admin/users/0", "/admin/units/99999"} {
		if r := admin.get(p); r.Status != http.StatusNotFound {
			t.Errorf("%s: %d, want 404", p, r.Status)
		}
	}
}

func TestAdminManagesUsersAndUnits(t *testing.T) {
	e := newEnv(t)
	admin := e.login("admin")
	res := admin.post("/admin/users/new", url.Values{"username": {"le-tan-2"}, "full_name": {"Lê Thị Mai"}, "password": {"short"}})
	wantStatus(t, res, http.StatusUnprocessableEntity)
	mustContain(t, res, "Mật khẩu: phải có ít nhất 8 ký tự.")
	res = admin.post("/admin/users/new", url.Values{"username": {"le-tan-2"}, "full_name": {"Lê Thị Mai"}, "password": {"mat-khau-dai"}})
	wantStatus(t, res, http.StatusSeeOther)
	uid := e.id(`SELECT id FROM users WHERE username = 'le-tan-2'`)
	res = admin.post("/admin/users/"+itoa(uid)+"/tenants", url.Values{"tenant": {"khong-co"}, "role": {"staff"}})
	wantStatus(t, res, http.StatusUnprocessableEntity)
	mustContain(t, res, "Mã định danh đơn vị: không có đơn vị nào mang mã này.")
	res = admin.post("/admin/users/"+itoa(uid)+"/tenants", url.Values{"tenant": {"ngoc-trai"}, "role": {"manager"}})
	wantStatus(t, res, http.StatusSeeOther)

	c := e.client()
	c.get("/login")
	wantStatus(t, c.post("/login", url.Values{"username": {"le-tan-2"}, "password": {"mat-khau-dai"}}), http.StatusSeeOther)
	res = c.get("/t/ngoc-trai/")
	wantStatus(t, res, http.StatusOK)
	mustContain(t, res, "Khách sạn Ngọc Trai Tuần Châu", "Quản lý")

	// A new police unit with a jurisdiction, and an officer in it.
	res = admin.post("/admin/units/new", url.Values{"code": {"ca-test"}, "name": {"Công an thử nghiệm"}, "kind": {"local_police"}})
	wantStatus(t, res, http.StatusSeeOther)
	unitLoc := res.Header.Get("Location")
	res = admin.post(unitLoc+"/areas", url.Values{"area_id": {itoa(e.id(`SELECT id FROM areas WHERE code = '06706'`))}})
	wantStatus(t, res, http.StatusSeeOther)
	unit := e.id(`SELECT id FROM police_units WHERE code = 'CA-TEST'`)
	res = admin.post("/admin/users/"+itoa(uid)+"/roles", url.Values{"role": {"police_officer"}})
	wantStatus(t, res, http.StatusUnprocessableEntity)
	mustContain(t, res, "Đơn vị công an: không được để trống.")
	res = admin.post("/admin/users/"+itoa(uid)+"/roles", url.Values{"role": {"police_officer"}, "unit_id": {itoa(unit)}})
	wantStatus(t, res, http.StatusSeeOther)
	res = c.get("/police")
	wantStatus(t, res, http.StatusOK)
	mustContain(t, res, "Khách sạn Ngọc Trai Tuần Châu", "Du thuyền Vịnh Ngọc 1")
	mustNotContain(t, res, "Vịnh Xanh Bãi Cháy")
	// Revoking the area empties the unit's view at once.
	res = admin.post(unitLoc+"/areas/remove", url.Values{"area": {"06706"}})
	wantStatus(t, res, http.StatusSeeOther)
	res = c.get("/police")
	mustNotContain(t, res, "Khách sạn Ngọc Trai Tuần Châu")
	mustContain(t, res, "Đơn vị chưa được giao địa bàn.")
}

func TestLanguageSwitch(t *testing.T) {
	e := newEnv(t)
	c := e.login("admin")
	res := c.get("/admin")
	mustContain(t, res, `<html lang="vi">`, "Quản trị hệ thống")
	res = c.post("/lang", url.Values{"lang": {"en"}, "next": {"/admin"}})
	wantStatus(t, res, http.StatusSeeOther)
	if res.Header.Get("Location") != "/admin" {
		t.Fatalf("back to %q", res.Header.Get("Location"))
	}
	res = c.get("/admin")
	mustContain(t, res, `<html lang="en">`, "System administration", "Tiếng Việt")
	mustNotContain(t, res, "Quản trị hệ thống</h1>")
	res = c.get("/no-such-page")
	mustContain(t, res, `<html lang="en">`, "This page or record was not found.")
	c.post("/lang", url.Values{"lang": {"fr"}})
	mustContain(t, c.get("/admin"), `<html lang="vi">`)
}
