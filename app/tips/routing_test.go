package tips_test

import (
	"net/http"
	"net/url"
	"strconv"
	"testing"
)

// TestTipReachesTheUnitsOfThePlace: a tip in Bãi Cháy reaches CA-BAICHAY
// and PC06, never CA-MAOKHE; the reporter sees its status with the code.
func TestTipReachesTheUnitsOfThePlace(t *testing.T) {
	e := newEnv(t)
	anon := e.client()
	code, res := anon.sendTip(tipForm("Hai thanh niên lấy trộm xe máy trước cửa hàng tiện lợi"))
	wantStatus(t, res, http.StatusOK)
	if len(code) != 24 {
		t.Fatalf("tracking code %q", code)
	}
	for _, u := range []string{"ca-baichay", "pc06"} {
		c := e.login(u)
		list := c.get("/police/tips")
		wantStatus(t, list, http.StatusOK)
		mustContain(t, list, "Hai thanh niên lấy trộm xe máy")
	}
	mk := e.login("ca-maokhe")
	list := mk.get("/police/tips")
	wantStatus(t, list, http.StatusOK)
	mustNotContain(t, list, "Hai thanh niên lấy trộm xe máy")
	id := strconv.FormatInt(e.int(`SELECT id FROM tips`), 10)
	wantStatus(t, mk.get("/police/tips/"+id), http.StatusNotFound)
	wantStatus(t, mk.post("/police/tips/"+id+"/status", url.Values{"status": {"closed"}}), http.StatusNotFound)

	// the reporter follows it
	st := anon.get("/tip/status")
	wantStatus(t, st, http.StatusOK)
	res = anon.post("/tip/status", url.Values{"code": {code}})
	wantStatus(t, res, http.StatusOK)
	mustContain(t, res, "Đã tiếp nhận")
	mustNotContain(t, res, "Hai thanh niên")
}
