package portal_test

import (
	"net/http"
	"net/url"
	"testing"
)

// TestAdminDuplicatesNameTheField posts values that clash with existing
// rows: each answer is 422 with the field's message, and nothing is saved.
func TestAdminDuplicatesNameTheField(t *testing.T) {
	e := newEnv(t)
	admin := e.login("admin")
	vx := itoa(e.id(`SELECT id FROM tenants WHERE slug = 'vinh-xanh'`))
	site := itoa(e.id(`SELECT id FROM sites WHERE slug = 'vinh-xanh-hong-gai'`))
	area := itoa(e.id(`SELECT id FROM areas WHERE code = '06703'`))
	user := itoa(e.id(`SELECT id FROM users WHERE username = 'ks-letan'`))
	for _, tc := range []struct {
		name, path string
		form       url.Values
		want       string
	}{
		{"unit with an existing code", "/admin/units/new",
			url.Values{"code": {"CA-BAICHAY"}, "name": {"Trùng mã"}, "kind": {"local_police"}}, "Mã: đã được sử dụng."},
		{"unit code in lower case", "/admin/units/new",
			url.Values{"code": {"ca-baichay"}, "name": {"Trùng mã"}, "kind": {"local_police"}}, "Mã: đã được sử dụng."},
		{"site with an existing slug", "/admin/tenants/" + vx + "/sites/new",
			url.Values{"name": {"Trùng"}, "slug": {"vinh-xanh-bai-chay"}, "kind": {"hotel"}, "area_id": {area}, "address": {"Số 2"}},
			"Mã định danh (slug): đã được sử dụng."},
		{"site renamed to an existing slug", "/admin/tenants/" + vx + "/sites/" + site,
			url.Values{"name": {"Trùng"}, "slug": {"vinh-xanh-bai-chay"}, "kind": {"hotel"}, "area_id": {area}, "address": {"Số 2"}},
			"Mã định danh (slug): đã được sử dụng."},
		{"tenant renamed to an existing slug", "/admin/tenants/" + vx,
			url.Values{"name": {"Vịnh Xanh"}, "slug": {"ngoc-trai"}, "tax_code": {"5701234567"}}, "Mã định danh (slug): đã được sử dụng."},
		{"role with a unit that does not exist", "/admin/users/" + user + "/roles",
			url.Values{"role": {"police_officer"}, "unit_id": {"99999999"}}, "Đơn vị công an: giá trị không hợp lệ"},
		{"role with a negative unit", "/admin/users/" + user + "/roles",
			url.Values{"role": {"police_officer"}, "unit_id": {"-3"}}, "Đơn vị công an: giá trị không hợp lệ"},
		{"role with a unit that is not a number", "/admin/users/" + user + "/roles",
			url.Values{"role": {"police_commander"}, "unit_id": {"CA-BAICHAY"}}, "Đơn vị công an: giá trị không hợp lệ"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := e.id(`SELECT (SELECT count(*) FROM police_units) + (SELECT count(*) FROM sites) + (SELECT count(*) FROM staff_memberships)`)
			for _, htmx := range []bool{false, true} {
				admin.HTMX = htmx
				res := admin.post(tc.path, tc.form)
				wantStatus(t, res, http.StatusUnprocessableEntity)
				mustContain(t, res, tc.want)
			}
			admin.HTMX = false
			after := e.id(`SELECT (SELECT count(*) FROM police_units) + (SELECT count(*) FROM sites) + (SELECT count(*) FROM staff_memberships)`)
			if after != before {
				t.Fatal("a refused form saved a row")
			}
		})
	}
	if e.id(`SELECT count(*) FROM tenants WHERE slug = 'vinh-xanh'`) != 1 {
		t.Fatal("the tenant was renamed")
	}
}

// TestAdminDuplicateUsername refuses a taken username with the field's
// message, in the page that also lists what the form needs.
func TestAdminDuplicateUsername(t *testing.T) {
	e := newEnv(t)
	admin := e.login("admin")
	res := admin.post("/admin/users/new", url.Values{"username": {"ks-letan"}, "full_name": {"Trùng"}, "password": {"mat-khau-dai"}})
	wantStatus(t, res, http.StatusUnprocessableEntity)
	mustContain(t, res, "Tên đăng nhập: đã được sử dụng.")
}
