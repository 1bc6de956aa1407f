package portal_test

import (
	"net/http"
	"net/url"
	"testing"
)

// TestNotaryPoliceViewsKeepToTheJurisdiction: units see the offices of
// their area only; opening a check needs a purpose and is audited; the
// person search covers notary parties; the demo's double sale reached PC06.
func TestNotaryPoliceViewsKeepToTheJurisdiction(t *testing.T) {
	e := newEnv(t)
	pc06 := e.login("pc06")
	offices := pc06.get("/police/notary")
	wantStatus(t, offices, http.StatusOK)
	mustContain(t, offices, "Văn phòng công chứng Hạ Long", "Văn phòng công chứng Bãi Cháy", "Văn phòng công chứng Cẩm Phả",
		"Văn phòng công chứng Móng Cái", "Văn phòng công chứng Uông Bí")
	ward := e.login("ca-baichay")
	mine := ward.get("/police/notary")
	mustContain(t, mine, "Văn phòng công chứng Bãi Cháy")
	mustNotContain(t, mine, "Văn phòng công chứng Hạ Long", "Văn phòng công chứng Cẩm Phả")
	halongSite := e.id(`SELECT id FROM sites WHERE slug = 'cc-ha-long'`)
	wantStatus(t, ward.get("/police/notary/offices/"+fmtInt(halongSite)), http.StatusNotFound)
	office := pc06.get("/police/notary/offices/" + fmtInt(halongSite))
	wantStatus(t, office, http.StatusOK)
	mustContain(t, office, "Lê Thị Hòa")
	mustNotContain(t, office, "022185006789")

	// the demo's signals: the plot sold twice and the impersonation, at Hạ Long
	list := pc06.get("/police/notary/signals/list")
	mustContain(t, list, "Trần Đình Khải", "Tài sản đã được chuyển nhượng/bán trong 90 ngày", "Lê Thị Hòa",
		"Số định danh đã gặp với họ tên hoặc ngày sinh khác")
	mustNotContain(t, ward.get("/police/notary/signals/list"), "Trần Đình Khải", "Lê Thị Hòa")

	// opening a check: a purpose is required, the look is audited, other areas' checks are 404
	check := e.id(`SELECT c.id FROM notary_checks c JOIN notary_acts a ON a.tenant_id = c.tenant_id AND a.id = c.act_id
		WHERE a.number = '735/2026/CCGD-HL' AND c.verdict = 'mismatch'`)
	wantStatus(t, pc06.post("/police/notary/checks/"+fmtInt(check), url.Values{"purpose": {""}}), http.StatusUnprocessableEntity)
	open := pc06.post("/police/notary/checks/"+fmtInt(check), url.Values{"purpose": {"Vụ việc 15/2026 giả mạo giấy tờ"}})
	wantStatus(t, open, http.StatusOK)
	mustContain(t, open, "022185006789", "022186004321", "Chữ ký số của chip không hợp lệ")
	if n := e.id(`SELECT count(*) FROM audit_log WHERE action = 'notary_check_open' AND purpose = 'Vụ việc 15/2026 giả mạo giấy tờ'`); n != 1 {
		t.Fatalf("the look was audited %d times", n)
	}
	wantStatus(t, ward.post("/police/notary/checks/"+fmtInt(check), url.Values{"purpose": {"Tò mò"}}), http.StatusNotFound)

	// the person search covers notary parties, within the jurisdiction
	found := pc06.post("/police/search", url.Values{"q": {"Trần Đình Khải"}, "purpose": {"Vụ việc 16/2026"}})
	wantStatus(t, found, http.StatusOK)
	mustContain(t, found, "Trần Đình Khải")

	// the province's figures of model 8 are kept
	if n := e.id(`SELECT count(*) FROM figure_days WHERE indicator IN ('notary.acts_checked', 'notary.mismatch_rate', 'notary.signals')`); n == 0 {
		t.Fatal("no notary figures")
	}
	if n := e.id(`SELECT coalesce(sum(num), 0)::bigint FROM figure_days WHERE indicator = 'notary.signals'`); n != e.id(`SELECT count(*) FROM notary_signals`) {
		t.Fatalf("signals figure %d differs from the signals", n)
	}
	official := e.login("tinh")
	model := official.get("/province/models/8")
	wantStatus(t, model, http.StatusOK)
	mustContain(t, model, "Hồ sơ công chứng có xác thực chip CCCD", "Tỷ lệ xác thực không khớp tại công chứng")
	mustNotContain(t, model, "Trần Đình Khải", "022078004512")
	wantStatus(t, official.get("/province/indicators/notary.mismatch_rate"), http.StatusOK)
}

// TestNotaryOfficeThresholdAndWatchlist: an office's threshold changes the
// verdict of a borderline face; a watched party raises a watchlist signal.
func TestNotaryOfficeThresholdAndWatchlist(t *testing.T) {
	e := newEnv(t)
	notary := e.login("ccv-halong")
	site := e.id(`SELECT id FROM sites WHERE slug = 'cc-ha-long'`)
	notary.get("/t/cong-chung-ha-long/settings")
	wantStatus(t, notary.post("/t/cong-chung-ha-long/settings/"+fmtInt(site), url.Values{"face_threshold": {"2"}}), http.StatusUnprocessableEntity)
	wantStatus(t, notary.post("/t/cong-chung-ha-long/settings/"+fmtInt(site), url.Values{"face_threshold": {"0,95"}}), http.StatusSeeOther)
	staff := e.login("congchung")
	staff.get("/t/cong-chung-ha-long/settings")
	wantStatus(t, staff.post("/t/cong-chung-ha-long/settings/"+fmtInt(site), url.Values{"face_threshold": {"0.5"}}), http.StatusForbidden)

	pc06 := e.login("pc06")
	pc06.get("/police/watchlist")
	wantStatus(t, pc06.post("/police/watchlist", url.Values{"doc_number": {"022095001234"}, "note": {"Truy tìm"}, "purpose": {"Vụ án 12/2026"}}), http.StatusSeeOther)
	res := e.api(http.MethodPost, "/api/v1/identity-checks", notaryToken,
		checkBody("920/2026/TEST", "authoriser", qrAn, chipOf("022095001234", "Nguyễn Văn An", "1995-03-15", "M", true), "0.9"))
	wantStatus(t, res, http.StatusCreated)
	m := decode(t, res)
	if m["verdict"] != "mismatch" || toStrings(m["reasons"])[0] != "face_below_threshold" {
		t.Fatalf("0.90 under the office's 0.95: %v", m)
	}
	if sig := toStrings(m["signals"]); len(sig) != 1 || sig[0] != "watchlist" {
		t.Fatalf("signals %v", sig)
	}
}
