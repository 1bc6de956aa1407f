package portal_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
	"gorm.io/gorm"

	"portal06/policies"
)

const notaryToken = "demo-token-cong-chung-ha-long"

// a forged card: the number of Lê Thị Hoa (a party at Bãi Cháy in the demo),
// with another name and birth date in its QR
const qrForged = "022185006789||Lê Thị Giả|03031985|Nữ|Phường Hạ Long, Quảng Ninh|01012022"

func checkBody(act, role, qr, chip string, face string) string {
	return `{"site":"cc-ha-long","act":{"type":"authorisation","number":"` + act + `"},"party_role":"` + role + `","id_qr":"` + qr + `",` +
		chip + `"face_match":` + face + `,"liveness":true}`
}

func chipOf(number, name, birth, sex string, passive bool) string {
	p := "false"
	if passive {
		p = "true"
	}
	return `"chip":{"number":"` + number + `","full_name":"` + name + `","birth_date":"` + birth + `","sex":"` + sex +
		`","expiry":"2035-01-01","passive_auth":` + p + `,"chip_auth":true},`
}

func TestNotaryAPICheckVerdictsAndErrors(t *testing.T) {
	e := newEnv(t)
	// a genuine card, read and matched
	body := checkBody("900/2026/TEST", "authoriser", qrAn, chipOf("022095001234", "NGUYEN VAN AN", "1995-03-15", "M", true), "0.91")
	res := e.api(http.MethodPost, "/api/v1/identity-checks", notaryToken, body, "Idempotency-Key", "k-1")
	wantStatus(t, res, http.StatusCreated)
	m := decode(t, res)
	if m["verdict"] != "match" || len(m["reasons"].([]any)) != 0 || m["id"] == nil {
		t.Fatalf("genuine card: %v", m)
	}
	// the same request again gets the first answer
	again := e.api(http.MethodPost, "/api/v1/identity-checks", notaryToken, body, "Idempotency-Key", "k-1")
	if again.Status != http.StatusCreated || again.Body != res.Body || again.Header.Get("Idempotent-Replayed") != "true" {
		t.Fatalf("replay: %d %s", again.Status, again.Body)
	}
	// a mismatch names its reasons; the forged number raises a signal of
	// which the office learns the kind only
	res = e.api(http.MethodPost, "/api/v1/identity-checks", notaryToken,
		checkBody("900/2026/TEST", "authorised", qrForged, chipOf("022190007777", "Lê Thị Giả", "1985-03-03", "F", false), "0.55"))
	wantStatus(t, res, http.StatusCreated)
	m = decode(t, res)
	if m["verdict"] != "mismatch" {
		t.Fatalf("forged card: %v", m)
	}
	reasons := strings.Join(toStrings(m["reasons"]), ",")
	if reasons != "number_differs,passive_auth_failed,face_below_threshold" {
		t.Fatalf("reasons %q", reasons)
	}
	if sig := strings.Join(toStrings(m["signals"]), ","); sig != "identity_conflict,repeated_failures" {
		t.Fatalf("signals %q", sig)
	}
	mustNotContain(t, res, "Lê Thị Hoa", "Bãi Cháy", "1985")
	// no chip: unverified
	res = e.api(http.MethodPost, "/api/v1/identity-checks", notaryToken, checkBody("901/2026/TEST", "authoriser", qrAn, "", "0.9"))
	wantStatus(t, res, http.StatusCreated)
	if m = decode(t, res); m["verdict"] != "unverified" {
		t.Fatalf("no chip: %v", m)
	}
	// malformed bodies: 422 naming the field, nothing saved
	for field, bad := range map[string]string{
		"chip.birth_date": checkBody("902/2026/TEST", "authoriser", qrAn, chipOf("022095001234", "Nguyễn Văn An", "15/03/1995", "M", true), "0.9"),
		"face_match":      checkBody("902/2026/TEST", "authoriser", qrAn, "", `"high"`),
		"party_role":      checkBody("902/2026/TEST", "king", qrAn, "", "0.9"),
		"site":            strings.Replace(checkBody("902/2026/TEST", "authoriser", qrAn, "", "0.9"), "cc-ha-long", "cc-bai-chay", 1),
		"act.parcel":      strings.Replace(checkBody("902/2026/TEST", "authoriser", qrAn, "", "0.9"), `"authorisation"`, `"land_transfer","parcel":"abc"`, 1),
		"id_qr":           checkBody("902/2026/TEST", "authoriser", "not a card", "", "0.9"),
		"body":            `{"site":`,
	} {
		res := e.api(http.MethodPost, "/api/v1/identity-checks", notaryToken, bad)
		wantStatus(t, res, http.StatusUnprocessableEntity)
		mustContain(t, res, `"field":"`+field+`"`)
	}
	if n := e.id(`SELECT count(*) FROM notary_acts WHERE number = '902/2026/TEST'`); n != 0 {
		t.Fatalf("a refused request saved an act")
	}
	// another kind's token is not the notary API's client
	wantStatus(t, e.api(http.MethodPost, "/api/v1/identity-checks", "demo-token-vinh-xanh", body), http.StatusNotFound)
	wantStatus(t, e.api(http.MethodPost, "/api/v1/identity-checks", "", body), http.StatusUnauthorized)
	// the document covers the path
	doc := e.api(http.MethodGet, "/api/v1/openapi.json", "", "")
	mustContain(t, doc, `"/identity-checks"`, `"IdentityCheckRequest"`, `"face_below_threshold"`)
}

func toStrings(v any) []string {
	var out []string
	for _, x := range v.([]any) {
		out = append(out, x.(string))
	}
	return out
}

// TestNotarySignalReachesTheRightUnits: a signal at the Hạ Long office is
// told to the Hạ Long ward police, PC06 and the provincial police, and to
// no other ward's unit; the office's own pages show its kind only.
func TestNotarySignalReachesTheRightUnits(t *testing.T) {
	e := newEnv(t)
	res := e.api(http.MethodPost, "/api/v1/identity-checks", notaryToken,
		checkBody("910/2026/TEST", "authoriser", qrForged, chipOf("022185006789", "Lê Thị Giả", "1985-03-03", "F", true), "0.9"))
	wantStatus(t, res, http.StatusCreated)
	check := int64(decode(t, res)["id"].(float64))
	var units []string
	err := e.asOwner(func(tx *gorm.DB) error {
		return tx.Raw(`SELECT u.code FROM notary_signal_units su JOIN notary_signals g ON g.tenant_id = su.tenant_id AND g.id = su.signal_id
			JOIN police_units u ON u.id = su.unit_id WHERE g.check_id = ? ORDER BY u.code`, check).Scan(&units).Error
	})
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(units, ","); got != "CA-HALONG,CAT-QN,PC06" {
		t.Fatalf("units told: %s", got)
	}
	pc06 := e.login("pc06")
	list := pc06.get("/police/notary/signals/list")
	wantStatus(t, list, http.StatusOK)
	mustContain(t, list, "Lê Thị Giả", "Số định danh đã gặp với họ tên hoặc ngày sinh khác", "Lê Thị Hoa")
	baichay := e.login("ca-baichay")
	list = baichay.get("/police/notary/signals/list")
	wantStatus(t, list, http.StatusOK)
	mustNotContain(t, list, "Lê Thị Giả", "Trần Đình Khải", "Văn phòng công chứng Hạ Long")
	// the office: the act shows the signal's kind, and nothing of the other records
	office := e.login("congchung")
	act := e.id(`SELECT id FROM notary_acts WHERE number = '910/2026/TEST'`)
	page := office.get("/t/cong-chung-ha-long/acts/" + fmtInt(act))
	wantStatus(t, page, http.StatusOK)
	mustContain(t, page, "Đã gửi cảnh báo cho công an")
	mustNotContain(t, page, "Lê Thị Hoa", "Bãi Cháy", "20/09/1985")
	// acknowledging needs a note, then holds for the unit
	signal := e.id(`SELECT id FROM notary_signals WHERE check_id = ?`, check)
	pc06.get("/police/notary/signals")
	wantStatus(t, pc06.post("/police/notary/signals/"+fmtInt(signal)+"/ack", url.Values{"note": {""}}), http.StatusUnprocessableEntity)
	wantStatus(t, pc06.post("/police/notary/signals/"+fmtInt(signal)+"/ack", url.Values{"note": {"Đã chuyển CA phường Hạ Long xác minh"}}), http.StatusSeeOther)
	wantStatus(t, baichay.post("/police/notary/signals/"+fmtInt(signal)+"/ack", url.Values{"note": {"x"}}), http.StatusNotFound)
	mustContain(t, pc06.get("/police/notary/signals/list"), "Đã chuyển CA phường Hạ Long xác minh")
}

// TestNotaryOfficeSeesNoOtherTenantThroughSignals: under the office's own
// scope the signals' details and other tenants' acts are invisible, and
// the signal function refuses a check that is not the caller's.
func TestNotaryOfficeSeesNoOtherTenantThroughSignals(t *testing.T) {
	e := newEnv(t)
	halong := e.id(`SELECT id FROM tenants WHERE slug = 'cong-chung-ha-long'`)
	baichayCheck := e.id(`SELECT c.id FROM notary_checks c JOIN tenants t ON t.id = c.tenant_id WHERE t.slug = 'cong-chung-bai-chay' LIMIT 1`)
	baichay := e.id(`SELECT id FROM tenants WHERE slug = 'cong-chung-bai-chay'`)
	if e.id(`SELECT count(*) FROM notary_signals WHERE tenant_id = ?`, halong) == 0 {
		t.Fatal("the demo raised no signal at Hạ Long")
	}
	err := e.DB.App.Transaction(func(tx *gorm.DB) error {
		if err := (policies.Scope{Tenants: []int64{halong}, Pin: halong}).Apply(tx, 0); err != nil {
			return err
		}
		for q, want := range map[string]int64{
			`SELECT count(*) FROM notary_signal_details`:                                 0,
			`SELECT count(*) FROM notary_signal_units`:                                   0,
			`SELECT count(*) FROM notary_acts WHERE tenant_id <> ` + fmtInt(halong):      0,
			`SELECT count(*) FROM identity_records WHERE tenant_id <> ` + fmtInt(halong): 0,
			`SELECT count(*) FROM notary_signals WHERE tenant_id = ` + fmtInt(halong):    2,
		} {
			var n int64
			if err := tx.Raw(q).Scan(&n).Error; err != nil {
				return err
			}
			if n != want {
				t.Errorf("%s: %d rows, want %d", q, n, want)
			}
		}
		tx.SavePoint("x")
		var kinds []string
		if err := tx.Raw(`SELECT k FROM notary_raise_signals(?, ?) AS k`, baichay, baichayCheck).Scan(&kinds).Error; err == nil {
			t.Errorf("another tenant's check was accepted: %v", kinds)
		}
		tx.RollbackTo("x")
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	// another office's act is a 404, as if it did not exist
	bcAct := e.id(`SELECT id FROM notary_acts WHERE tenant_id = ? LIMIT 1`, baichay)
	wantStatus(t, e.login("congchung").get("/t/cong-chung-ha-long/acts/"+fmtInt(bcAct)), http.StatusNotFound)
}

func TestNotaryCompletionAndOverride(t *testing.T) {
	e := newEnv(t)
	act := e.id(`SELECT id FROM notary_acts WHERE number = '735/2026/CCGD-HL'`)
	path := "/t/cong-chung-ha-long/acts/" + fmtInt(act)
	staff := e.login("congchung")
	page := staff.get(path)
	mustContain(t, page, "KHÔNG KHỚP", "Số định danh trên chip khác số trên mã QR", "Chữ ký số của chip không hợp lệ")
	mustNotContain(t, page, "override-form")
	res := staff.post(path+"/complete", nil)
	wantStatus(t, res, http.StatusConflict)
	mustContain(t, res, "Chưa hoàn thành được")
	wantStatus(t, staff.post(path+"/override", url.Values{"reason": {"Đã xác minh trực tiếp qua VNeID"}}), http.StatusForbidden)

	notary := e.login("ccv-halong")
	mustContain(t, notary.get(path), "override-form")
	wantStatus(t, notary.post(path+"/override", url.Values{"reason": {""}}), http.StatusUnprocessableEntity)
	wantStatus(t, notary.post(path+"/override", url.Values{"reason": {strings.Repeat("x", 1001)}}), http.StatusUnprocessableEntity)
	wantStatus(t, notary.post(path+"/override", url.Values{"reason": {"Đã xác minh trực tiếp qua VNeID, đầu đọc lỗi"}}), http.StatusSeeOther)
	mustContain(t, notary.get(path), "Đã xác minh trực tiếp qua VNeID, đầu đọc lỗi", "Phạm Thu Hà")
	if n := e.id(`SELECT count(*) FROM audit_log WHERE action = 'notary_override' AND purpose LIKE 'Đã xác minh%'`); n != 1 {
		t.Fatalf("override audited %d times", n)
	}
	board := staff.get("/t/cong-chung-ha-long/board")
	wantStatus(t, board, http.StatusOK)
	mustContain(t, board, "735/2026/CCGD-HL", "Phạm Thu Hà")
	mustNotContain(t, board, "022185006789")
	x := staff.get("/t/cong-chung-ha-long/register.xlsx")
	wantStatus(t, x, http.StatusOK)
	if !strings.HasPrefix(x.Body, "PK") {
		t.Fatal("the register is not an XLSX file")
	}
}

// TestNotaryRegisterEscapesFormulas: an act number that a spreadsheet would
// take for a formula is exported as text.
func TestNotaryRegisterEscapesFormulas(t *testing.T) {
	e := newEnv(t)
	res := e.api(http.MethodPost, "/api/v1/identity-checks", notaryToken, checkBody(`=HYPERLINK(\"http://x\")`, "authoriser", qrAn, "", "0.9"))
	wantStatus(t, res, http.StatusCreated)
	x := e.login("congchung").get("/t/cong-chung-ha-long/register.xlsx")
	wantStatus(t, x, http.StatusOK)
	book, err := excelize.OpenReader(strings.NewReader(x.Body))
	if err != nil {
		t.Fatal(err)
	}
	defer book.Close()
	rows, err := book.GetRows(book.GetSheetName(0))
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, row := range rows {
		for _, cell := range row {
			if strings.Contains(cell, "HYPERLINK") {
				found = true
				if !strings.HasPrefix(cell, "'") {
					t.Fatalf("formula not escaped: %q", cell)
				}
			}
			if strings.Contains(cell, "022095001234") && !strings.Contains(cell, "Nguyễn Văn An") {
				t.Fatalf("unexpected cell %q", cell)
			}
		}
	}
	if !found {
		t.Fatal("the act is not in the register")
	}
}
