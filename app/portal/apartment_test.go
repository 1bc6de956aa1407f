package portal_test

import (
	"bytes"
	"encoding/json"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
	"gorm.io/gorm"

	"portal06/tenants/apartment"
)

// qrHoa is a synthetic CCCD: Quảng Ninh, woman born 1992.
const qrHoa = "022192004321||Trần Thị Hoa|12071992|Nữ|Tổ 1, Khu 2, Phường Bãi Cháy, Quảng Ninh|01022022"

func (e *env) greenBay() (tenant, site int64) {
	return e.id(`SELECT id FROM tenants WHERE slug = 'chung-cu-green-bay'`),
		e.id(`SELECT s.id FROM sites s JOIN tenants t ON t.id = s.tenant_id WHERE t.slug = 'chung-cu-green-bay' AND s.slug = 'green-bay'`)
}

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
	// the province's figures: model 45 counts every site, model 10 boarding houses only
	ac := e.id(`SELECT id FROM sites WHERE slug = 'an-cu'`)
	if got, want := e.id(`SELECT coalesce(sum(num), 0)::bigint FROM figure_days WHERE indicator = 'apt.bh_residents' AND site_id = ?`, ac),
		e.id(`SELECT count(*) FROM apt_residents WHERE site_id = ? AND move_out IS NULL`, ac); got != want || got == 0 {
		t.Fatalf("model 10 counts %d An Cư tenants, the register %d", got, want)
	}
	if n := e.id(`SELECT count(*) FROM figure_days f JOIN sites s ON s.id = f.site_id WHERE f.indicator LIKE 'apt.bh_%' AND s.kind <> 'boarding_house'`); n != 0 {
		t.Fatal("model 10 counts an apartment block")
	}
	if n := e.id(`SELECT coalesce(sum(num), 0)::bigint FROM figure_days WHERE indicator = 'apt.sites_using'`); n != 2 {
		t.Fatalf("%d sites using the portal, want 2", n)
	}
	c := e.login("cc-manager")
	_, site := e.greenBay()
	res := c.get("/t/chung-cu-green-bay/blocks/" + fmtInt(site) + "/board")
	wantStatus(t, res, http.StatusOK)
	mustContain(t, res, `id="occupancy"`, `id="tamtru-due"`, `id="tamtru-expiring"`, `id="tamtru-overdue"`, "Đến hạn đăng ký", "Sắp hết hạn",
		`id="visitors-tonight"`, "LT-DEMO-", "Thông báo lưu trú của khách đúng hạn")
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
	// tạm trú: at most 2 years; a dossier code when submitted
	nbase := "/t/chung-cu-green-bay/residents/" + fmtInt(nid)
	res = c.post(nbase+"/tamtru", url.Values{"status": {"registered"}, "until": {time.Now().AddDate(2, 1, 0).Format("2006-01-02")}})
	wantStatus(t, res, http.StatusUnprocessableEntity)
	mustContain(t, res, "tạm trú tối đa 2 năm")
	wantStatus(t, c.post(nbase+"/tamtru", url.Values{"status": {"submitted"}}), http.StatusUnprocessableEntity)
	wantStatus(t, c.post(nbase+"/tamtru", url.Values{"status": {"submitted"}, "dossier": {"G22.123456"}}), http.StatusSeeOther)
	if e.id(`SELECT count(*) FROM apt_residents WHERE id = ? AND tamtru_status = 'submitted' AND tamtru_dossier = 'G22.123456'`, nid) != 1 {
		t.Fatal("the dossier was not kept")
	}
	// the province's stock of residents moves with the register
	if got, want := e.id(`SELECT sum(num)::bigint FROM figure_days WHERE indicator = 'apt.residents' AND site_id = ?`, site),
		e.id(`SELECT count(*) FROM apt_residents WHERE site_id = ? AND move_out IS NULL`, site); got != want {
		t.Fatalf("figure_days counts %d residents, the register %d", got, want)
	}
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
	c.T.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	mw.WriteField("_csrf", c.CSRF)
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

const gbToken = "demo-token-green-bay"

// TestApartmentAPI: residents are registered, listed and moved out through
// the API with its token; writes are idempotent; errors name their fields;
// another tenant's token sees none of it.
func TestApartmentAPI(t *testing.T) {
	e := newEnv(t)
	body := `{"site":"green-bay","unit":"A-0808","id_qr":"` + qrHoa + `","relation":"head","residence_type":"temporary","move_in":"2026-11-01"}`
	r := e.api("POST", "/api/v1/residents", gbToken, body, "Idempotency-Key", "k-1")
	wantStatus(t, r, 201)
	got := decode(t, r)
	id := int64(got["id"].(float64))
	if id == 0 || got["unit"] != "A-0808" || got["status"] != "active" {
		t.Fatalf("answer %v", got)
	}
	// the answer carries exactly the properties the merged OpenAPI document gives a Resident
	var doc struct {
		Components struct {
			Schemas map[string]struct {
				Properties map[string]any
			}
		}
	}
	if err := json.Unmarshal([]byte(e.client().get("/api/v1/openapi.json").Body), &doc); err != nil {
		t.Fatal(err)
	}
	for k := range got {
		if _, ok := doc.Components.Schemas["Resident"].Properties[k]; !ok {
			t.Fatalf("answer property %q is not documented", k)
		}
	}
	if len(got) != len(doc.Components.Schemas["Resident"].Properties) {
		t.Fatalf("answer has %d properties, the document %d", len(got), len(doc.Components.Schemas["Resident"].Properties))
	}
	again := e.api("POST", "/api/v1/residents", gbToken, body, "Idempotency-Key", "k-1")
	wantStatus(t, again, 201)
	if again.Header.Get("Idempotent-Replayed") != "true" || decode(t, again)["id"] != got["id"] {
		t.Fatal("a retry was not replayed")
	}
	// the same person without the key: one active residence per person
	r = e.api("POST", "/api/v1/residents", gbToken, strings.Replace(body, "A-0808", "B-0101", 1))
	wantStatus(t, r, 422)
	mustContain(t, r, `"field":"document_number"`)
	r = e.api("POST", "/api/v1/residents", gbToken, `{"site":"green-bay","unit":"Z-1","document_type":"cccd","document_number":"12",
		"full_name":"","birth_date":"1990-01-01","sex":"M","nationality":"VNM","relation":"boss","residence_type":"x","move_in":"soon"}`)
	wantStatus(t, r, 422)
	mustContain(t, r, `"field":"unit"`, `"field":"relation"`, `"field":"residence_type"`, `"field":"move_in"`, `"field":"document_number"`)
	r = e.api("GET", "/api/v1/residents?site=green-bay&unit=A-0808", gbToken, "")
	wantStatus(t, r, 200)
	mustContain(t, r, `"full_name":"Trần Thị Hoa"`, `"total":`)
	r = e.api("GET", "/api/v1/residents?site=green-bay&per_page=10&page=2", gbToken, "")
	wantStatus(t, r, 200)
	if l := decode(t, r); len(l["items"].([]any)) != 10 || l["total"].(float64) < 300 {
		t.Fatalf("page of residents: %.300s", r.Body)
	}
	// another tenant's token: the resident does not exist for it
	wantStatus(t, e.api("GET", "/api/v1/residents/"+fmtInt(id), "demo-token-vinh-xanh", ""), 404)
	wantStatus(t, e.api("GET", "/api/v1/residents?site=green-bay", "demo-token-vinh-xanh", ""), 404)
	r = e.api("POST", "/api/v1/residents/"+fmtInt(id)+"/move-out", gbToken, `{"date":"2026-11-20","reason":"Hết hợp đồng"}`, "Idempotency-Key", "k-2")
	wantStatus(t, r, 200)
	mustContain(t, r, `"status":"moved_out"`, `"move_out":"2026-11-20"`)
	wantStatus(t, e.api("POST", "/api/v1/residents/"+fmtInt(id)+"/move-out", gbToken, `{"date":"2026-11-21","reason":"x"}`), 409)
}

// TestApartmentVisitAPI: a visitor's stay goes through the core pipeline
// and reads back in the shape of a stay, with its notification.
func TestApartmentVisitAPI(t *testing.T) {
	e := newEnv(t)
	body := `{"site":"green-bay","unit":"A-0101","id_qr":"` + qrAn + `","arrival":"` + nowRFC3339() + `","expected_departure":"` + tomorrow() + `"}`
	r := e.api("POST", "/api/v1/visits", gbToken, body)
	wantStatus(t, r, 201)
	v := decode(t, r)
	id := int64(v["id"].(float64))
	r = e.api("GET", "/api/v1/visits/"+fmtInt(id), gbToken, "")
	wantStatus(t, r, 200)
	v = decode(t, r)
	n := v["notification"].(map[string]any)
	if n["status"] != "pending" || v["room"] != "A-0101" {
		t.Fatalf("visit %v", v)
	}
	if _, ok := n["receipt"]; !ok {
		t.Fatal("no notification.receipt")
	}
	if e.id(`SELECT count(*) FROM notifications WHERE stay_id = ? AND event = 'check_in'`, id) != 1 {
		t.Fatal("no notification queued")
	}
	// a hotel stay is not a visit
	hotel := e.id(`SELECT coalesce(max(id), 0) FROM stays WHERE tenant_id = (SELECT id FROM tenants WHERE slug = 'vinh-xanh')`)
	if hotel != 0 {
		wantStatus(t, e.api("GET", "/api/v1/visits/"+fmtInt(hotel), gbToken, ""), 404)
	}
	r = e.api("POST", "/api/v1/visits", gbToken, `{"site":"green-bay","unit":"Q-1","id_qr":"`+qrAn+`","arrival":"yesterday","expected_departure":""}`)
	wantStatus(t, r, 422)
	mustContain(t, r, `"field":"arrival"`)
}

// TestApartmentPolice: the ward police see Green Bay and find its residents
// by number; another ward sees neither.
func TestApartmentPolice(t *testing.T) {
	e := newEnv(t)
	number := ""
	e.asOwner(func(tx *gorm.DB) error {
		return tx.Raw(`SELECT r.doc_number FROM apt_residents r JOIN tenants t ON t.id = r.tenant_id
			WHERE t.slug = 'chung-cu-green-bay' ORDER BY r.id LIMIT 1`).Scan(&number).Error
	})
	name := ""
	e.asOwner(func(tx *gorm.DB) error {
		return tx.Raw(`SELECT full_name FROM apt_residents WHERE doc_number = ?`, number).Scan(&name).Error
	})
	ward := e.login("ca-baichay")
	res := ward.get("/police/apartment")
	wantStatus(t, res, http.StatusOK)
	mustContain(t, res, "Chung cư Green Bay")
	mustNotContain(t, res, "Nhà trọ An Cư")
	_, site := e.greenBay()
	before := e.id(`SELECT count(*) FROM audit_log`)
	res = ward.get("/police/apartment/sites/" + fmtInt(site))
	wantStatus(t, res, http.StatusOK)
	if e.id(`SELECT count(*) FROM audit_log`) != before+1 {
		t.Fatal("the look at the residents was not audited")
	}
	res = ward.post("/police/search", url.Values{"q": {number}, "purpose": {"Vụ việc 3/2026"}})
	wantStatus(t, res, http.StatusOK)
	mustContain(t, res, name)
	res = ward.post("/police/person", url.Values{"doc_type": {"cccd"}, "doc_number": {number}, "purpose": {"Vụ việc 3/2026"}})
	wantStatus(t, res, http.StatusOK)
	mustContain(t, res, "Chung cư Green Bay")
	other := e.login("ca-maokhe")
	res = other.post("/police/search", url.Values{"q": {number}, "purpose": {"Vụ việc 3/2026"}})
	wantStatus(t, res, http.StatusOK)
	mustNotContain(t, res, name)
	wantStatus(t, other.get("/police/apartment/sites/"+fmtInt(site)), http.StatusNotFound)
}

// TestApartmentSelfRegistration: a resident files a request from the
// poster's page, without an account; nothing enters the register until the
// manager confirms; the answer is the same whether or not they live there.
func TestApartmentSelfRegistration(t *testing.T) {
	e := newEnv(t)
	_, site := e.greenBay()
	pub := e.client()
	page := "/p/apartment/r/green-bay-poster-demo-0001"
	res := pub.get(page)
	wantStatus(t, res, http.StatusOK)
	mustContain(t, res, `id="id_qr"`, "Chung cư Green Bay")
	wantStatus(t, pub.get("/p/apartment/r/not-a-real-poster-token-0000"), http.StatusNotFound)
	res = pub.post(page+"/scan", url.Values{"id_qr": {qrHoa}})
	wantStatus(t, res, http.StatusOK)
	mustContain(t, res, `value="Trần Thị Hoa"`)
	form := url.Values{"document_type": {"cccd"}, "document_number": {"022192004321"}, "full_name": {"Trần Thị Hoa"},
		"birth_date": {"1992-07-12"}, "sex": {"F"}, "nationality": {"VNM"}, "source": {"qr"}, "unit": {"A-0808"},
		"relation": {"spouse"}, "residence_type": {"temporary"}, "move_in": {"2026-11-02"}}
	// without the CSRF token: refused, nothing filed
	nocsrf := url.Values{"_csrf": {"x"}}
	for k, v := range form {
		nocsrf[k] = v
	}
	wantStatus(t, pub.post(page, nocsrf), http.StatusForbidden)
	ok := pub.post(page, form)
	wantStatus(t, ok, http.StatusOK)
	mustContain(t, ok, `id="request-received"`)
	if e.id(`SELECT count(*) FROM apt_residents WHERE doc_number = '022192004321'`) != 0 {
		t.Fatal("an unconfirmed request entered the register")
	}
	// a person who already lives there gets the very same answer
	existing := ""
	e.asOwner(func(tx *gorm.DB) error {
		return tx.Raw(`SELECT doc_number FROM apt_residents WHERE site_id = ? AND move_out IS NULL ORDER BY id LIMIT 1`, site).Scan(&existing).Error
	})
	var who struct {
		FullName  string
		BirthDate time.Time
		Sex       string
	}
	e.asOwner(func(tx *gorm.DB) error {
		return tx.Raw(`SELECT full_name, birth_date, sex FROM apt_residents WHERE doc_number = ?`, existing).Scan(&who).Error
	})
	dup := url.Values{"document_type": {"cccd"}, "document_number": {existing}, "full_name": {who.FullName},
		"birth_date": {who.BirthDate.Format("2006-01-02")}, "sex": {who.Sex}, "nationality": {"VNM"}, "source": {"manual"},
		"unit": {"A-0808"}, "relation": {"head"}, "residence_type": {"permanent"}, "move_in": {"2026-11-02"}}
	same := pub.post(page, dup)
	wantStatus(t, same, ok.Status)
	if strings.ReplaceAll(same.Body, existing, "") != strings.ReplaceAll(ok.Body, "022192004321", "") {
		t.Fatal("the answer differs for a person who already lives there")
	}
	mustNotContain(t, same, existing)
	m := e.login("cc-manager")
	res = m.get("/t/chung-cu-green-bay/blocks/" + fmtInt(site) + "/requests")
	wantStatus(t, res, http.StatusOK)
	mustContain(t, res, "Trần Thị Hoa", "•••••••••321")
	req := e.id(`SELECT id FROM apt_selfregs WHERE doc_number = '022192004321'`)
	res = m.post("/t/chung-cu-green-bay/requests/"+fmtInt(req)+"/confirm", url.Values{})
	wantStatus(t, res, http.StatusSeeOther)
	if e.id(`SELECT count(*) FROM apt_residents WHERE doc_number = '022192004321' AND move_out IS NULL AND source = 'self'`) != 1 {
		t.Fatal("the confirmed request is not in the register")
	}
	wantStatus(t, m.post("/t/chung-cu-green-bay/requests/"+fmtInt(req)+"/confirm", url.Values{}), http.StatusConflict)
	// a rejection needs a reason
	other := e.id(`SELECT id FROM apt_selfregs WHERE status = 'pending' ORDER BY id LIMIT 1`)
	res = m.post("/t/chung-cu-green-bay/requests/"+fmtInt(other)+"/reject", url.Values{"asked": {"1"}})
	wantStatus(t, res, http.StatusUnprocessableEntity)
	res = m.post("/t/chung-cu-green-bay/requests/"+fmtInt(other)+"/reject", url.Values{"reason": {"Không ở căn này"}})
	wantStatus(t, res, http.StatusSeeOther)
	// the An Cư owner cannot decide Green Bay's requests
	wantStatus(t, e.login("nt-owner").post("/t/chung-cu-green-bay/requests/"+fmtInt(req)+"/confirm", url.Values{}), http.StatusNotFound)
}

// TestApartmentSelfRegistrationRateLimit: the public page stops a client
// after its hourly limit, counted in the database.
func TestApartmentSelfRegistrationRateLimit(t *testing.T) {
	e := newEnv(t)
	pub := e.client()
	page := "/p/apartment/r/green-bay-poster-demo-0001"
	pub.get(page)
	last := 0
	for i := 0; i < 25; i++ {
		last = pub.post(page+"/scan", url.Values{"id_qr": {qrHoa}}).Status
	}
	if last != http.StatusTooManyRequests {
		t.Fatalf("the 25th post answered %d", last)
	}
	if e.id(`SELECT max(hits) FROM apt_rate`) < 20 {
		t.Fatal("hits are not counted in the database")
	}
}

// TestApartmentIsolation: a manager of one tenant cannot open another's
// resident, unit or site, by guessing ids.
func TestApartmentIsolation(t *testing.T) {
	e := newEnv(t)
	acRes := e.id(`SELECT min(r.id) FROM apt_residents r JOIN tenants t ON t.id = r.tenant_id WHERE t.slug = 'nha-tro-an-cu'`)
	acUnit := e.id(`SELECT min(u.id) FROM apt_units u JOIN tenants t ON t.id = u.tenant_id WHERE t.slug = 'nha-tro-an-cu'`)
	acSite := e.id(`SELECT s.id FROM sites s WHERE s.slug = 'an-cu'`)
	m := e.login("cc-manager")
	for _, p := range []string{"/t/chung-cu-green-bay/residents/" + fmtInt(acRes), "/t/chung-cu-green-bay/units/" + fmtInt(acUnit),
		"/t/chung-cu-green-bay/blocks/" + fmtInt(acSite) + "/board", "/t/chung-cu-green-bay/blocks/" + fmtInt(acSite) + "/register.xlsx",
		"/t/nha-tro-an-cu/residents/" + fmtInt(acRes)} {
		wantStatus(t, m.get(p), http.StatusNotFound)
	}
	o := e.login("nt-owner")
	res := o.get("/t/nha-tro-an-cu/residents/" + fmtInt(acRes))
	wantStatus(t, res, http.StatusOK)
	res = o.get("/t/nha-tro-an-cu/blocks/" + fmtInt(acSite) + "/register.xlsx")
	wantStatus(t, res, http.StatusOK)
	if res.Header.Get("Content-Type") != "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" {
		t.Fatal("not an XLSX")
	}
}

func nowRFC3339() string { return time.Now().Add(-time.Minute).Format(time.RFC3339) }

// TestApartmentListsFollowTheRules: the board's SQL lists hold exactly the
// residents whose tạm trú state, by the Go rules, is due, expiring or overdue.
func TestApartmentListsFollowTheRules(t *testing.T) {
	e := newEnv(t)
	tenant, site := e.greenBay()
	now := time.Now()
	err := e.asOwner(func(tx *gorm.DB) error {
		all, _, err := apartment.ListResidents(tx, tenant, apartment.ResidentFilter{SiteID: site, Today: now}, 1, 10000)
		if err != nil {
			return err
		}
		want := map[string]map[int64]bool{}
		for _, r := range all {
			st := apartment.State(r.Tamtru(), now)
			if want[st] == nil {
				want[st] = map[int64]bool{}
			}
			want[st][r.ID] = true
		}
		lists, err := apartment.TamtruLists(tx, tenant, site, now, 10000)
		if err != nil {
			return err
		}
		for _, st := range []string{apartment.StateDue, apartment.StateExpiring, apartment.StateOverdue} {
			if len(lists[st]) != len(want[st]) {
				t.Errorf("%s: the board's list has %d, the rules %d", st, len(lists[st]), len(want[st]))
			}
			for _, r := range lists[st] {
				if !want[st][r.ID] {
					t.Errorf("%s: the board lists %d, the rules say %s", st, r.ID, apartment.State(r.Tamtru(), now))
				}
			}
			got, total, err := apartment.ListResidents(tx, tenant, apartment.ResidentFilter{SiteID: site, Tamtru: st, Today: now}, 1, 10000)
			if err != nil {
				return err
			}
			if total == 0 || int(total) != len(want[st]) {
				t.Errorf("%s: SQL lists %d, the rules %d", st, total, len(want[st]))
			}
			for _, r := range got {
				if !want[st][r.ID] {
					t.Errorf("%s: SQL lists %d, the rules say %s", st, r.ID, apartment.State(r.Tamtru(), now))
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestApartmentVisitorReport: a host reports an overnight visitor from the
// poster's page; the manager's confirmation records the stay and queues its
// notification.
func TestApartmentVisitorReport(t *testing.T) {
	e := newEnv(t)
	_, site := e.greenBay()
	pub := e.client()
	page := "/p/apartment/r/green-bay-poster-demo-0001/visitor"
	wantStatus(t, pub.get(page), http.StatusOK)
	res := pub.post(page+"/scan", url.Values{"id_qr": {qrAn}})
	wantStatus(t, res, http.StatusOK)
	mustContain(t, res, `value="Nguyễn Văn An"`, `name="arrival"`)
	form := url.Values{"document_type": {"cccd"}, "document_number": {"022095001234"}, "full_name": {"Nguyễn Văn An"},
		"birth_date": {"1995-03-15"}, "sex": {"M"}, "nationality": {"VNM"}, "source": {"qr"}, "unit": {"A-0505"},
		"arrival":            {time.Now().Add(-time.Hour).In(time.FixedZone("ICT", 7*3600)).Format("2006-01-02T15:04")},
		"expected_departure": {tomorrow()}, "reason": {"Thăm thân"}}
	bad := url.Values{}
	for k, v := range form {
		bad[k] = v
	}
	bad.Set("expected_departure", "2020-01-01")
	wantStatus(t, pub.post(page, bad), http.StatusUnprocessableEntity)
	res = pub.post(page, form)
	wantStatus(t, res, http.StatusOK)
	mustContain(t, res, `id="request-received"`)
	if e.id(`SELECT count(*) FROM stays WHERE doc_number = '022095001234'`) != 0 {
		t.Fatal("a report became a stay before the manager confirmed it")
	}
	m := e.login("cc-manager")
	res = m.get("/t/chung-cu-green-bay/blocks/" + fmtInt(site) + "/requests")
	mustContain(t, res, `id="visit-requests"`, "Nguyễn Văn An")
	req := e.id(`SELECT id FROM apt_visit_requests WHERE doc_number = '022095001234'`)
	wantStatus(t, m.post("/t/chung-cu-green-bay/visit-requests/"+fmtInt(req)+"/confirm", url.Values{}), http.StatusSeeOther)
	stay := e.id(`SELECT stay_id FROM apt_visit_requests WHERE id = ?`, req)
	if stay == 0 || e.id(`SELECT count(*) FROM apt_visits WHERE stay_id = ?`, stay) != 1 ||
		e.id(`SELECT count(*) FROM notifications WHERE stay_id = ? AND event = 'check_in'`, stay) != 1 {
		t.Fatal("the confirmed report did not record the visitor's stay and notification")
	}
	res = m.get("/t/chung-cu-green-bay/blocks/" + fmtInt(site) + "/board")
	mustContain(t, res, `id="visitors-tonight"`, "Nguyễn Văn An")
	wantStatus(t, m.post("/t/chung-cu-green-bay/visit-requests/"+fmtInt(req)+"/confirm", url.Values{}), http.StatusConflict)
}

// TestApartmentWatchlistAlert: a watched number registered as a resident
// alerts the unit of the block's jurisdiction, as a check-in does.
func TestApartmentWatchlistAlert(t *testing.T) {
	e := newEnv(t)
	err := e.asOwner(func(tx *gorm.DB) error {
		return tx.Exec(`INSERT INTO watchlist (unit_id, doc_number, note) SELECT id, '022192004321', 'e2e' FROM police_units WHERE code = 'PC06'`).Error
	})
	if err != nil {
		t.Fatal(err)
	}
	body := `{"site":"green-bay","unit":"A-0808","id_qr":"` + qrHoa + `","relation":"head","residence_type":"temporary","move_in":"2026-11-01"}`
	r := e.api("POST", "/api/v1/residents", gbToken, body)
	wantStatus(t, r, 201)
	id := int64(decode(t, r)["id"].(float64))
	if n := e.id(`SELECT count(*) FROM watch_alerts a JOIN watch_alert_units u ON u.tenant_id = a.tenant_id AND u.alert_id = a.id
		JOIN police_units p ON p.id = u.unit_id WHERE a.record_id = ? AND p.code = 'CA-BAICHAY'`, id); n != 1 {
		t.Fatalf("%d alerts to Bãi Cháy police", n)
	}
}
