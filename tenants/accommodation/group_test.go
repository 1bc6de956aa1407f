package accommodation_test

import (
	"net/http"
	"net/url"
	"regexp"
	"testing"
)

var hiddenRe = regexp.MustCompile(`name="(g_[a-z_]+)" value="([^"]*)"`)

// rowFields reads a group row's hidden fields back, as the browser would post them.
func rowFields(body string, into url.Values, room string) {
	for _, m := range hiddenRe.FindAllStringSubmatch(body, -1) {
		if m[1] != "g_room" { // the room box is typed into, not carried
			into.Add(m[1], m[2])
		}
	}
	into.Add("g_room", room)
}

func TestGroupCheckIn(t *testing.T) {
	e := newEnv(t)
	site := itoa(e.id(`SELECT id FROM sites WHERE slug = 'vinh-xanh-bai-chay'`))
	base := "/t/vinh-xanh/sites/" + site + "/group"
	c := e.login("ks-letan")
	wantStatus(t, c.get(base), http.StatusOK)
	c.HTMX = true
	list := url.Values{}
	res := c.post(base+"/add", url.Values{"id_qr": {qrAn}})
	wantStatus(t, res, http.StatusOK)
	mustContain(t, res, "Nguyễn Văn An", "•••••••••234", `class="group-row`)
	rowFields(res.Body, list, "101")
	// The same card again is refused; the list is sent along with the scan.
	again := url.Values{"id_qr": {qrAn}}
	for k, v := range list {
		again[k] = v
	}
	res = c.post(base+"/add", again)
	wantStatus(t, res, http.StatusUnprocessableEntity)
	mustContain(t, res, "đã có trong danh sách")
	if res.Header.Get("HX-Retarget") != "#group-errors" {
		t.Fatal("the error does not go to the error box")
	}
	res = c.post(base+"/add", url.Values{"id_qr": {"001304004321||Trần Thị Bích Ngọc|29022004|Nữ|Hà Nội|01012022"}})
	wantStatus(t, res, http.StatusOK)
	rowFields(res.Body, list, "102")

	// A row tampered into an invalid one: nothing of the list is saved.
	c.HTMX = false
	bad := url.Values{"expected_departure": {tomorrow()}, "reason": {"Du lịch"}}
	for k, v := range list {
		bad[k] = append([]string(nil), v...)
	}
	bad["g_birth_date"][1] = "2004-02-30"
	res = c.post(base, bad)
	wantStatus(t, res, http.StatusUnprocessableEntity)
	mustContain(t, res, "Chưa lưu khách nào", "Ngày sinh")
	if n := e.id(`SELECT count(*) FROM stays WHERE tenant_id = (SELECT id FROM tenants WHERE slug = 'vinh-xanh')`); n != 0 {
		t.Fatalf("%d stays saved from a list with an invalid row", n)
	}
	// The whole list at once.
	good := url.Values{"expected_departure": {tomorrow()}, "reason": {"Du lịch"}}
	for k, v := range list {
		good[k] = v
	}
	res = c.post(base, good)
	wantStatus(t, res, http.StatusSeeOther)
	if n := e.id(`SELECT count(*) FROM stays WHERE room IN ('101', '102') AND status = 'open'`); n != 2 {
		t.Fatalf("%d stays saved, want 2", n)
	}
	if n := e.id(`SELECT count(*) FROM notifications WHERE tenant_id = (SELECT id FROM tenants WHERE slug = 'vinh-xanh')`); n != 2 {
		t.Fatalf("%d notifications, want 2", n)
	}
}
