package portal_test

import (
	"bytes"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
	"gorm.io/gorm"
)

// qrHoa is a synthetic CCCD: Quảng Ninh, woman born 1992.
const qrHoa = "022192004321||Trần Thị Hoa|12071992|Nữ|Tổ 1, Khu 2, Phường Bãi Cháy, Quảng Ninh|01022022"

func (e *env) greenBay() (tenant, site int64) {
	return e.id(`SELECT id FROM tenants WHERE slug = 'chung-cu-green-bay'`),
		e.id(`SELECT s.id FROM sites s JOIN tenants t ON t.id = s.tenant_id WHERE t.slug = 'chung-cu-green-bay' AND s.slug = 'green-bay'`)
}

var residentHrefRe = regexp.MustCompile(`/t/chung-cu-green-bay/residents/(\d+)`)

// TestApartmentDemo: Green Bay has 200 flats and about 350 residents of
// every type, some tạm trú due or ending soon; An Cư has 20 rooms.
func TestApartmentDemo(t *testing.T) {
	e := newEnv(t)
	if n := e.id(`SELECT count(*) FROM apt_units u JOIN tenants t ON t.id = u.tenant_id WHERE t.slug = 'chung-cu-green-bay'`); n != 200 {
		t.Fatalf("Green Bay has %d flats", n)
	}
	if n := e.id(`SELECT count(*) FROM apt_residents r JOIN tenants t ON t.id = r.tenant_id WHERE t.slug = 'chung-cu-green-bay'`); n < 300 || n > 400 {
		t.Fatalf("Green Bay has %d residents", n)
	}
	if n := e.id(`SELECT count(DISTINCT residence_type) FROM apt_residents`); n != 3 {
		t.Fatalf("%d residence types", n)
	}
	if n := e.id(`SELECT count(*) FROM apt_units u JOIN tenants t ON t.id = u.tenant_id WHERE t.slug = 'nha-tro-an-cu'`); n != 20 {
		t.Fatalf("An Cư has %d rooms", n)
	}
	c := e.login("cc-manager")
	_, site := e.greenBay()
	res := c.get("/t/chung-cu-green-bay/blocks/" + fmtInt(site) + "/board")
	wantStatus(t, res, http.StatusOK)
	mustContain(t, res, `id="occupancy"`, `id="tamtru-due"`, `id="tamtru-expiring"`, `id="tamtru-overdue"`, "Đến hạn đăng ký", "Sắp hết hạn")
	res = c.get("/t/chung-cu-green-bay/blocks/" + fmtInt(site) + "/residents")
	wantStatus(t, res, http.StatusOK)
	if regexp.MustCompile(`>0\d{11}<`).MatchString(res.Body) {
		t.Fatal("a list shows a whole ID number")
	}
	o := e.login("nt-owner")
	wantStatus(t, o.get("/t/nha-tro-an-cu/residents"), http.StatusSeeOther)
	wantStatus(t, o.get("/t/chung-cu-green-bay/residents"), http.StatusNotFound)
}

// TestApartmentRegisterMove registers a resident by scan, refuses a second
// active residence, moves them in one step keeping the history, and moves them out.
func TestApartmentRegisterMove(t *testing.T) {
	e := newEnv(t)
	tenant, site := e.greenBay()
	base := "/t/chung-cu-green-bay/blocks/" + fmtInt(site)
	c := e.login("cc-manager")
	c.get(base + "/register")
	res := c.post(base+"/register/scan", url.Values{"id_qr": {qrHoa + "\r\n"}})
	wantStatus(t, res, http.StatusOK)
	mustContain(t, res, `value="022192004321"`, `value="Trần Thị Hoa"`, `name="unit"`)
	form := url.Values{"document_type": {"cccd"}, "document_number": {"022192004321"}, "full_name": {"Trần Thị Hoa"},
		"birth_date": {"1992-07-12"}, "sex": {"F"}, "nationality": {"VNM"}, "address": {"Tổ 1"}, "source": {"qr"},
		"unit": {"a-0808"}, "relation": {"head"}, "residence_type": {"temporary"}, "move_in": {"2026-11-01"}}
	bad := url.Values{}
	for k, v := range form {
		bad[k] = v
	}
	bad.Set("unit", "Z-9999")
	bad.Set("relation", "boss")
	res = c.post(base+"/register", bad)
	wantStatus(t, res, http.StatusUnprocessableEntity)
	mustContain(t, res, "tòa nhà không có căn hộ/phòng mang mã này", "giá trị không hợp lệ")
	res = c.post(base+"/register", form)
	wantStatus(t, res, http.StatusSeeOther)
	id := e.id(`SELECT id FROM apt_residents WHERE doc_number = '022192004321' AND move_out IS NULL`)
	if id == 0 {
		t.Fatal("not saved")
	}
	if n := e.id(`SELECT count(*) FROM identity_records WHERE source = 'resident' AND record_id = ?`, id); n != 1 {
		t.Fatal("no identity record")
	}
	// the same person again, in another flat: refused with a clear message
	form.Set("unit", "B-0101")
	res = c.post(base+"/register", form)
	wantStatus(t, res, http.StatusUnprocessableEntity)
	mustContain(t, res, "đang cư trú tại một căn hộ/phòng khác")
	// move to A-0909
	rbase := "/t/chung-cu-green-bay/residents/" + fmtInt(id)
	c.get(rbase)
	res = c.post(rbase+"/move", url.Values{"unit": {"A-0909"}, "date": {"2026-11-20"}})
	wantStatus(t, res, http.StatusSeeOther)
	nid := e.id(`SELECT id FROM apt_residents WHERE doc_number = '022192004321' AND move_out IS NULL`)
	if nid == id || e.id(`SELECT previous_id FROM apt_residents WHERE id = ?`, nid) != id {
		t.Fatal("the move did not link the residences")
	}
	if e.id(`SELECT count(*) FROM apt_residents WHERE id = ? AND move_out = '2026-11-20'`, id) != 1 {
		t.Fatal("the old residence did not end")
	}
	res = c.get("/t/chung-cu-green-bay/residents/" + fmtInt(nid))
	mustContain(t, res, "A-0808", "A-0909", "Chuyển căn")
	// move-out needs a reason
	c.get("/t/chung-cu-green-bay/residents/" + fmtInt(nid))
	res = c.post("/t/chung-cu-green-bay/residents/"+fmtInt(nid)+"/move-out", url.Values{"date": {"2026-11-25"}})
	wantStatus(t, res, http.StatusUnprocessableEntity)
	res = c.post("/t/chung-cu-green-bay/residents/"+fmtInt(nid)+"/move-out", url.Values{"date": {"2026-11-25"}, "reason": {"Hết hợp đồng thuê"}})
	wantStatus(t, res, http.StatusSeeOther)
	if e.id(`SELECT count(*) FROM apt_residents WHERE doc_number = '022192004321' AND move_out IS NULL`) != 0 {
		t.Fatal("still active")
	}
	_ = tenant
}

// TestApartmentOneActiveRace: the partial unique index holds even when the
// check in Go is bypassed.
func TestApartmentOneActiveIndex(t *testing.T) {
	e := newEnv(t)
	tenant, site := e.greenBay()
	err := e.asOwner(func(tx *gorm.DB) error {
		return tx.Exec(`INSERT INTO apt_residents (tenant_id, site_id, unit_id, doc_type, doc_number, full_name, name_fold, birth_date, sex,
			nationality, relation, residence_type, move_in, source)
			SELECT tenant_id, site_id, (SELECT id FROM apt_units WHERE tenant_id = r.tenant_id AND code = 'B-0505'), doc_type, doc_number,
				full_name, name_fold, birth_date, sex, nationality, relation, residence_type, move_in, 'manual'
			FROM apt_residents r WHERE tenant_id = ? AND site_id = ? AND move_out IS NULL LIMIT 1`, tenant, site).Error
	})
	if err == nil || !strings.Contains(err.Error(), "apt_residents_one_active") {
		t.Fatalf("a second active residence was allowed: %v", err)
	}
}

func xlsxOf(t *testing.T, rows [][]any) []byte {
	f := excelize.NewFile()
	for i, row := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow("Sheet1", cell, &row); err != nil {
			t.Fatal(err)
		}
	}
	var b bytes.Buffer
	if err := f.Write(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func (c *client) upload(path string, data []byte) response {
	c.t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	mw.WriteField("_csrf", c.csrf)
	fw, _ := mw.CreateFormFile("file", "units.xlsx")
	fw.Write(data)
	mw.Close()
	req, _ := http.NewRequest(http.MethodPost, base.ResolveReference(&url.URL{Path: path}).String(), &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return c.do(req)
}

// TestApartmentImport: a file with bad rows saves nothing and names each
// row and field; a good file saves every row.
func TestApartmentImport(t *testing.T) {
	e := newEnv(t)
	site := e.id(`SELECT s.id FROM sites s WHERE s.slug = 'hong-gai-tower'`)
	c := e.login("admin")
	_ = c
	o := e.login("cc-manager")
	_ = o
	// the Hồng Gai Tower has no manager in the demo: use Green Bay's manager on Green Bay
	_, gb := e.greenBay()
	path := "/t/chung-cu-green-bay/blocks/" + fmtInt(gb) + "/units"
	o.get(path)
	before := e.id(`SELECT count(*) FROM apt_units`)
	res := o.upload(path+"/import", xlsxOf(t, [][]any{{"Tòa", "Mã", "Tầng", "Số người"}, {"C", "C-0101", 1, 4}, {"C", "c 0102", 1, 4},
		{"C", "C-0103", "x", 4}, {"C", "A-0101", 1, 4}, {"C", "C-0101", 1, 0}}))
	wantStatus(t, res, http.StatusUnprocessableEntity)
	mustContain(t, res, "Dòng 3, Mã", "Dòng 4, Tầng", "Dòng 5, Mã", "Dòng 6")
	if e.id(`SELECT count(*) FROM apt_units`) != before {
		t.Fatal("a refused file kept rows")
	}
	res = o.upload(path+"/import", xlsxOf(t, [][]any{{"Tòa", "Mã", "Tầng", "Số người"}, {"C", "C-0101", 1, 4}, {"C", "C-0102", 1, 3}}))
	wantStatus(t, res, http.StatusSeeOther)
	if e.id(`SELECT count(*) FROM apt_units`) != before+2 {
		t.Fatal("the good file was not saved")
	}
	_ = site
}
