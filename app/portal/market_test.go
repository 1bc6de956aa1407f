package portal_test

import (
	"bytes"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"portal06/app/export"
	"portal06/tenants/market/vietqr"
)

// uploadFile posts a file to path as a multipart form.
func (c *client) uploadFile(path, name string, data []byte) response {
	c.T.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	mw.WriteField("_csrf", c.CSRF)
	fw, _ := mw.CreateFormFile("file", name)
	fw.Write(data)
	mw.Close()
	req, _ := http.NewRequest(http.MethodPost, "http://portal.test"+path, &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return c.do(req)
}

func marketXLSX(t *testing.T, headers []string, rows [][]any) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := export.Write(&b, export.Sheet{Name: "s", Headers: headers, Rows: rows}); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// wantRefused: a page of another tenant answers 403 or 404, never data.
func wantRefused(t *testing.T, r response) {
	t.Helper()
	if r.Status != http.StatusForbidden && r.Status != http.StatusNotFound {
		t.Fatalf("status %d, want a refusal; body %.300s", r.Status, r.Body)
	}
}

// TestMarketAdoptionPages: the board's adoption page and the province's
// market page show the demo's shares, and the province's holds no names.
func TestMarketAdoptionPages(t *testing.T) {
	e := newEnv(t)
	board := e.login("cho-board")
	res := board.get("/t/cho-mao-khe/adoption")
	wantStatus(t, res, http.StatusOK)
	mustContain(t, res, "Chợ Mạo Khê", "Có mã QR", `id="trend-chart"`, "Khu A", "Thực phẩm tươi sống", `id="todo-list"`)
	if !regexp.MustCompile(`data-percent="(79|80|81)(\.\d)?"`).MatchString(res.Body) {
		t.Fatalf("Mạo Khê is not at about 80%% with a QR:\n%.3000s", res.Body)
	}
	mustNotContain(t, res, "Chợ Hạ Long I")
	board.post("/lang", url.Values{"lang": {"en"}, "next": {"/t/cho-mao-khe/adoption"}})
	res = board.get("/t/cho-mao-khe/adoption")
	mustContain(t, res, "Cashless adoption", "With a QR", "Fresh food")
	wantRefused(t, board.get("/t/cho-ha-long-1/adoption"))

	x := board.get("/t/cho-mao-khe/adoption/todo.xlsx")
	wantStatus(t, x, http.StatusOK)

	tinh := e.login("tinh")
	res = tinh.get("/province/markets")
	wantStatus(t, res, http.StatusOK)
	mustContain(t, res, "Hạng 1", "Hạng 2", "Hạng 3", "Phường Mạo Khê", `id="trend-chart"`)
	names := e.id(`SELECT count(*) FROM stalls WHERE position(holder_name IN ?) > 0 OR position(holder_phone IN ?) > 0`, res.Body, res.Body)
	if names != 0 {
		t.Fatalf("the province's page shows %d holders' names or phones", names)
	}
	tinh.HTMX = false
	wantStatus(t, tinh.post("/province/markets/target", url.Values{"year": {"2026"}, "percent": {"85"}}), http.StatusSeeOther)
	wantStatus(t, tinh.post("/province/markets/target", url.Values{"year": {"2026"}, "percent": {"185"}}), http.StatusUnprocessableEntity)
	wantStatus(t, board.post("/province/markets/target", url.Values{"year": {"2026"}, "percent": {"10"}}), http.StatusForbidden)
}

// TestMarketStallQR: a stall made by hand gets its QR, whose image the
// portal serves; a bank's code is registered by scanning, and bad codes are
// refused with the reason.
func TestMarketStallQR(t *testing.T) {
	e := newEnv(t)
	board := e.login("cho-board")
	board.get("/t/cho-mao-khe/stalls/new")
	site := e.id(`SELECT id FROM sites WHERE slug = 'cho-mao-khe'`)
	form := url.Values{"site": {fmtInt(site)}, "code": {"z-99"}, "zone": {"Khu Z"}, "category": {"produce"}, "fee_class": {"2"},
		"holder_name": {"Lê Thị Hoa"}, "holder_phone": {"0912 345 678"}, "holder_id": {"022195001234"}, "bank_bin": {"970423"}, "account": {"0099999999"}}
	res := board.post("/t/cho-mao-khe/stalls", form)
	wantStatus(t, res, http.StatusSeeOther)
	href := res.Header.Get("Location")
	id := e.id(`SELECT id FROM stalls WHERE code = 'Z-99'`)
	if id == 0 || !strings.HasSuffix(href, "/stalls/"+fmtInt(id)) {
		t.Fatalf("created stall %d, redirected to %s", id, href)
	}
	// the same code again is refused, naming the field
	res = board.post("/t/cho-mao-khe/stalls", form)
	wantStatus(t, res, http.StatusUnprocessableEntity)
	mustContain(t, res, "Chợ đã có quầy mang mã này.")
	bad := url.Values{}
	for k, v := range form {
		bad[k] = v
	}
	bad.Set("code", "Z-100")
	bad.Set("holder_id", "999195001234")
	bad.Set("holder_phone", "12")
	res = board.post("/t/cho-mao-khe/stalls", bad)
	wantStatus(t, res, http.StatusUnprocessableEntity)
	mustContain(t, res, "không phải mã tỉnh", "Số điện thoại gồm")

	res = board.post(href+"/qr", nil)
	wantStatus(t, res, http.StatusSeeOther)
	res = board.get(href)
	mustContain(t, res, "00020101021138540010A00000072701240006970423011000999999990208QRIBFTTA53037045802VN6304CBB4", "•••••••••234")
	mustNotContain(t, res, "022195001234")
	img := board.get(href + "/qr.png")
	wantStatus(t, img, http.StatusOK)
	if !strings.HasPrefix(img.Body, "\x89PNG") {
		t.Fatal("the QR image is not a PNG")
	}
	wantStatus(t, board.get(href+"/poster"), http.StatusOK)

	// register a bank's code by scanning it: bad ones refused with the reason
	good := vietqr.MustEncode(vietqr.Code{BIN: "970436", Account: "0451000123456"})
	for payload, reason := range map[string]string{
		good[:len(good)-1] + "0": "mã kiểm tra (CRC) ghi",
		good[:40]:                "độ dài của thẻ 38",
		vietqr.MustEncode(vietqr.Code{BIN: "970436", Account: "1", Amount: 5000}): "mã thanh toán một lần",
	} {
		res = board.post(href+"/register", url.Values{"payload": {payload}})
		wantStatus(t, res, http.StatusUnprocessableEntity)
		mustContain(t, res, reason)
	}
	res = board.post(href+"/register", url.Values{"payload": {good + "\r\n"}})
	wantStatus(t, res, http.StatusSeeOther)
	res = board.get(href)
	mustContain(t, res, "TMCP Ngoại thương Việt Nam", "0451000123456", "Mã của ngân hàng đã đăng ký", good)

	// another tenant's board cannot see the stall
	other := e.login("admin")
	wantRefused(t, other.get("/t/cho-ha-long-1/stalls/"+fmtInt(id)))
	hl := e.login("cho-board")
	wantRefused(t, hl.get("/t/cho-ha-long-1/stalls"))
}
