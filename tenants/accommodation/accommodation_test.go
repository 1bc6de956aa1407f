package accommodation_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"gorm.io/gorm"
)

func TestCheckInByScannerThenSave(t *testing.T) {
	e := newEnv(t)
	site := itoa(e.id(`SELECT id FROM sites WHERE slug = 'vinh-xanh-bai-chay'`))
	c := e.login("ks-letan")
	res := c.get("/t/vinh-xanh/checkin")
	wantStatus(t, res, http.StatusOK) // two sites: pick one
	mustContain(t, res, "Khách sạn Vịnh Xanh Bãi Cháy", "Khách sạn Vịnh Xanh Hồng Gai")
	res = c.get("/t/vinh-xanh/sites/" + site + "/checkin")
	wantStatus(t, res, http.StatusOK)
	mustContain(t, res, `id="id_qr"`, "/static/checkin.js", "/static/jsQR-1.4.0.js")

	// The scanner types the QR text and Enter; the page shows it to confirm.
	c.HTMX = true
	res = c.post("/t/vinh-xanh/sites/"+site+"/checkin/scan", url.Values{"id_qr": {qrAn + "\r\n"}})
	wantStatus(t, res, http.StatusOK)
	mustContain(t, res, `id="confirm-form"`, `value="022095001234"`, `value="Nguyễn Văn An"`, `value="1995-03-15"`, "autofocus")
	mustNotContain(t, res, "<html")
	if n := e.id(`SELECT count(*) FROM stays WHERE tenant_id = (SELECT id FROM tenants WHERE slug = 'vinh-xanh')`); n != 0 {
		t.Fatal("a scan alone saved a stay")
	}
	// One confirming action saves it, with its notification queued.
	res = c.post("/t/vinh-xanh/sites/"+site+"/checkin", confirmFields("101"))
	wantStatus(t, res, http.StatusOK)
	mustContain(t, res, `id="saved"`, "Nguyễn Văn An")
	if res.Header.Get("HX-Trigger") != "portal:saved" {
		t.Fatal("the save does not tell the page to clear the scan box")
	}
	if e.id(`SELECT count(*) FROM stays WHERE doc_number = '022095001234' AND status = 'open' AND room = '101' AND source = 'qr'`) != 1 ||
		e.id(`SELECT count(*) FROM notifications WHERE event = 'check_in' AND status = 'pending'`) != 1 ||
		e.id(`SELECT count(*) FROM river_job WHERE kind = 'national_notification'`) != 1 ||
		e.id(`SELECT count(*) FROM stay_revisions WHERE action = 'check_in' AND tenant_id = (SELECT id FROM tenants WHERE slug = 'vinh-xanh')`) != 1 {
		t.Fatal("the stay, its notification, its job or its revision is missing")
	}
	// Scanning the same card again opens the existing stay.
	res = c.post("/t/vinh-xanh/sites/"+site+"/checkin/scan", url.Values{"id_qr": {qrAn}})
	wantStatus(t, res, http.StatusOK)
	mustContain(t, res, "đang lưu trú tại cơ sở này", "/t/vinh-xanh/stays/")
	if n := e.id(`SELECT count(*) FROM stays WHERE tenant_id = (SELECT id FROM tenants WHERE slug = 'vinh-xanh')`); n != 1 {
		t.Fatalf("%d stays", n)
	}
	// Without JavaScript the same flow ends on the check-in page with a message.
	c.HTMX = false
	fields := confirmFields("102")
	fields.Set("document_number", "001304004321")
	fields.Set("full_name", "Trần Thị Bích Ngọc")
	fields.Set("birth_date", "2004-02-29")
	fields.Set("sex", "F")
	res = c.post("/t/vinh-xanh/sites/"+site+"/checkin", fields)
	wantStatus(t, res, http.StatusSeeOther)
	res = c.get(res.Header.Get("Location"))
	mustContain(t, res, "Trần Thị Bích Ngọc", `id="saved"`, `id="recent"`, "Vừa đăng ký tại cơ sở")
}

func TestRefusedScans(t *testing.T) {
	e := newEnv(t)
	site := itoa(e.id(`SELECT id FROM sites WHERE slug = 'vinh-xanh-bai-chay'`))
	c := e.login("ks-letan")
	c.HTMX = true
	scan := func(qr string) response {
		return c.post("/t/vinh-xanh/sites/"+site+"/checkin/scan", url.Values{"id_qr": {qr}})
	}

	res := scan(strings.Replace(qrAn, "Nguyễn Văn An", "Nguyá»…n VÄƒn An", 1))
	wantStatus(t, res, http.StatusUnprocessableEntity)
	mustContain(t, res, "Họ và tên:", "sai dấu")
	res = scan("022095001234|x|Nguyễn Văn An")
	wantStatus(t, res, http.StatusUnprocessableEntity)
	mustContain(t, res, "Mã QR căn cước:", "chỉ có 3 trường")
	res = scan(strings.Replace(qrAn, "15031995", "31021995", 1))
	mustContain(t, res, "Ngày sinh: ngày không hợp lệ.")
	if n := e.id(`SELECT count(*) FROM suspicious_scans`); n != 0 {
		t.Fatalf("%d suspicious scans from honest mistakes", n)
	}
	// A number that contradicts its own birth year is refused and kept for the police.
	res = scan(strings.Replace(qrAn, "022095001234", "022096001234", 1))
	wantStatus(t, res, http.StatusUnprocessableEntity)
	mustContain(t, res, "Thẻ tự mâu thuẫn", "Số giấy tờ:")
	if n := e.id(`SELECT count(*) FROM suspicious_scans WHERE doc_number = '022096001234'`); n != 1 {
		t.Fatalf("%d suspicious scans kept", n)
	}
	if n := e.id(`SELECT count(*) FROM stays WHERE tenant_id = (SELECT id FROM tenants WHERE slug = 'vinh-xanh')`); n != 0 {
		t.Fatal("a refused scan saved a stay")
	}
	// English messages name the field too.
	c.post("/lang", url.Values{"lang": {"en"}})
	res = scan(strings.Replace(qrAn, "022095001234", "02209500123", 1))
	mustContain(t, res, "Document number: the ID number must be exactly 12 digits.")

	// Bad stay fields at save: each named, nothing saved.
	f := confirmFields("")
	f.Set("expected_departure", "2001-01-01")
	f.Set("reason", "")
	f.Set("nationality", "XX")
	res = c.post("/t/vinh-xanh/sites/"+site+"/checkin", f)
	wantStatus(t, res, http.StatusUnprocessableEntity)
	mustContain(t, res, "Nationality:", "Reason of stay:")
	res = c.post("/t/vinh-xanh/sites/"+site+"/checkin", func() url.Values { g := confirmFields(""); g.Set("expected_departure", "2001-01-01"); return g }())
	mustContain(t, res, "Expected departure: departure is before arrival.")
	if n := e.id(`SELECT count(*) FROM stays WHERE tenant_id = (SELECT id FROM tenants WHERE slug = 'vinh-xanh')`) + e.id(`SELECT count(*) FROM notifications WHERE tenant_id = (SELECT id FROM tenants WHERE slug = 'vinh-xanh')`); n != 0 {
		t.Fatal("an invalid check-in saved something")
	}
}

func TestStayLifeAndHistory(t *testing.T) {
	e := newEnv(t)
	site := itoa(e.id(`SELECT id FROM sites WHERE slug = 'vinh-xanh-bai-chay'`))
	c := e.login("ks-letan")
	wantStatus(t, c.post("/t/vinh-xanh/sites/"+site+"/checkin", confirmFields("101")), http.StatusSeeOther)
	id := itoa(e.id(`SELECT id FROM stays WHERE tenant_id = (SELECT id FROM tenants WHERE slug = 'vinh-xanh')`))
	stay := "/t/vinh-xanh/stays/" + id

	// Lists mask the number; the stay page shows it.
	res := c.get("/t/vinh-xanh/stays")
	mustContain(t, res, "•••••••••234", "Nguyễn Văn An")
	mustNotContain(t, res, "022095001234")
	res = c.get(stay)
	wantStatus(t, res, http.StatusOK)
	mustContain(t, res, "022095001234", "Đang lưu trú", "Đang gửi")
	// Accent-insensitive name search, exact number search, both posted.
	search := func(q string) response { return c.post("/t/vinh-xanh/stays", url.Values{"q": {q}}) }
	mustContain(t, search("nguyen van an"), "Nguyễn Văn An")
	mustContain(t, search("022095001234"), "Nguyễn Văn An")
	okWithout(t, search("022095001235"), "Nguyễn Văn An")
	// A search in the URL is not one: the list is shown unsearched.
	mustContain(t, c.get("/t/vinh-xanh/stays?q=022095001235"), "Nguyễn Văn An")

	wantStatus(t, c.post(stay+"/room", url.Values{"room": {"205"}}), http.StatusSeeOther)
	wantStatus(t, c.post(stay+"/correct", url.Values{"full_name": {"Nguyễn Văn Ân"}}), http.StatusSeeOther)
	res = c.post(stay+"/correct", url.Values{"birth_date": {"1995-02-30"}})
	wantStatus(t, res, http.StatusUnprocessableEntity)
	mustContain(t, res, "ngày không hợp lệ")
	wantStatus(t, c.post(stay+"/extend", url.Values{"expected_departure": {time.Now().AddDate(0, 0, 3).Format("2006-01-02")}}), http.StatusSeeOther)
	res = c.post(stay+"/extend", url.Values{"expected_departure": {"2000-01-01"}})
	wantStatus(t, res, http.StatusUnprocessableEntity)
	res = c.get(stay)
	mustContain(t, res, "Nguyễn Văn Ân", "205", "Đổi phòng", "101", "Sửa thông tin", "Nguyễn Văn An")
	if n := e.id(`SELECT count(*) FROM notifications WHERE event = 'correction'`); n != 3 {
		t.Fatalf("%d correction notifications, want 3", n)
	}
	wantStatus(t, c.post(stay+"/cancel", url.Values{"cancel_reason": {""}}), http.StatusUnprocessableEntity)
	wantStatus(t, c.post(stay+"/checkout", url.Values{"confirm": {"yes"}}), http.StatusSeeOther)
	mustContain(t, c.get(stay), "Đã trả phòng", "Trả phòng")
	if n := e.id(`SELECT count(*) FROM notifications WHERE event = 'check_out'`); n != 1 {
		t.Fatalf("%d check-out notifications", n)
	}
	wantStatus(t, c.post(stay+"/room", url.Values{"room": {"300"}}), http.StatusConflict)
	// After checking out, the guest can check in again.
	wantStatus(t, c.post("/t/vinh-xanh/sites/"+site+"/checkin", confirmFields("101")), http.StatusSeeOther)
	second := itoa(e.id(`SELECT max(id) FROM stays WHERE tenant_id = (SELECT id FROM tenants WHERE slug = 'vinh-xanh')`))
	wantStatus(t, c.post("/t/vinh-xanh/stays/"+second+"/cancel", url.Values{"cancel_reason": {"Nhập nhầm khách"}}), http.StatusSeeOther)
	mustContain(t, c.get("/t/vinh-xanh/stays/"+second), "Đã hủy", "Nhập nhầm khách")

	// The board counts down to the deadline and shows the on-time rate.
	res = c.get("/t/vinh-xanh/sites/" + site + "/board")
	wantStatus(t, res, http.StatusOK)
	mustContain(t, res, `hx-trigger="every 30s"`, `id="on-time"`)
}

func TestStaysStayInsideTheirTenantAndSites(t *testing.T) {
	e := newEnv(t)
	bc := itoa(e.id(`SELECT id FROM sites WHERE slug = 'vinh-xanh-bai-chay'`))
	hg := itoa(e.id(`SELECT id FROM sites WHERE slug = 'vinh-xanh-hong-gai'`))
	owner := e.login("ks-owner")
	wantStatus(t, owner.post("/t/vinh-xanh/sites/"+hg+"/checkin", confirmFields("7")), http.StatusSeeOther)
	stay := "/t/vinh-xanh/stays/" + itoa(e.id(`SELECT id FROM stays WHERE tenant_id = (SELECT id FROM tenants WHERE slug = 'vinh-xanh')`))

	// Another tenant, and the police, cannot open it or write to it.
	for _, who := range []string{"cc-manager", "ca-baichay", "tinh"} {
		c := e.login(who)
		if r := c.get(stay); r.Status != http.StatusNotFound && r.Status != http.StatusForbidden {
			t.Errorf("%s opened another tenant's stay: %d", who, r.Status)
		}
		if r := c.post(stay+"/checkout", nil); r.Status != http.StatusNotFound && r.Status != http.StatusForbidden {
			t.Errorf("%s checked out another tenant's guest: %d", who, r.Status)
		}
	}
	// A receptionist limited to Bãi Cháy sees neither the Hồng Gai stay nor its site.
	admin := e.login("admin")
	uid := itoa(e.id(`SELECT id FROM users WHERE username = 'ks-letan'`))
	wantStatus(t, admin.post("/admin/users/"+uid+"/tenants", url.Values{"tenant": {"vinh-xanh"}, "role": {"staff"}, "sites": {"vinh-xanh-bai-chay"}}), http.StatusSeeOther)
	letan := e.login("ks-letan")
	wantStatus(t, letan.get(stay), http.StatusNotFound)
	wantStatus(t, letan.get("/t/vinh-xanh/sites/"+hg+"/checkin"), http.StatusNotFound)
	wantStatus(t, letan.post("/t/vinh-xanh/sites/"+hg+"/checkin", confirmFields("8")), http.StatusNotFound)
	okWithout(t, letan.get("/t/vinh-xanh/stays"), "Nguyễn Văn An")
	res := letan.get("/t/vinh-xanh/checkin")
	wantStatus(t, res, http.StatusSeeOther) // one site: straight to it
	if !strings.HasSuffix(res.Header.Get("Location"), "/sites/"+bc+"/checkin") {
		t.Fatalf("sent to %q", res.Header.Get("Location"))
	}
	// A market board has no check-in at all.
	wantStatus(t, e.login("cho-board").get("/t/cho-mao-khe/checkin"), http.StatusNotFound)
}

func TestSuspiciousScansReachTheAreaPolice(t *testing.T) {
	e := newEnv(t)
	site := itoa(e.id(`SELECT id FROM sites WHERE slug = 'vinh-xanh-bai-chay'`))
	c := e.login("ks-letan")
	c.HTMX = true
	res := c.post("/t/vinh-xanh/sites/"+site+"/checkin/scan", url.Values{"id_qr": {strings.Replace(qrAn, "022095001234", "022195001234", 1)}})
	wantStatus(t, res, http.StatusUnprocessableEntity)

	ward := e.login("ca-baichay")
	res = ward.get("/police")
	mustContain(t, res, `href="/police/accommodation/suspicious"`)
	res = ward.get("/police/accommodation/suspicious")
	wantStatus(t, res, http.StatusOK)
	// the list masks the number, as every list does
	mustContain(t, res, "•••••••••234", "Nguyễn Văn An", "Khách sạn Vịnh Xanh Bãi Cháy", "chữ số thế kỷ/giới tính không khớp")
	mustNotContain(t, res, "022195001234")
	mustContain(t, e.login("pc06").get("/police/accommodation/suspicious"), "•••••••••234")
	res = e.login("ca-maokhe").get("/police/accommodation/suspicious")
	wantStatus(t, res, http.StatusOK)
	mustNotContain(t, res, "•••••••••234")
	wantStatus(t, e.login("ks-owner").get("/police/accommodation/suspicious"), http.StatusForbidden)
}

// TestSuspiciousScanOpenAndReview: one suspicious scan shows its number
// only when opened with a stated purpose, audited; the police mark it
// reviewed with a note, audited, and it leaves the default list.
func TestSuspiciousScanOpenAndReview(t *testing.T) {
	e := newEnv(t)
	site := itoa(e.id(`SELECT id FROM sites WHERE slug = 'vinh-xanh-bai-chay'`))
	c := e.login("ks-letan")
	c.HTMX = true
	c.post("/t/vinh-xanh/sites/"+site+"/checkin/scan", url.Values{"id_qr": {strings.Replace(qrAn, "022095001234", "022195001234", 1)}})
	scan := itoa(e.id(`SELECT id FROM suspicious_scans`))
	tenant := itoa(e.id(`SELECT tenant_id FROM suspicious_scans`))
	open := "/police/accommodation/suspicious/" + scan

	ward := e.login("ca-baichay")
	ward.get("/police/accommodation/suspicious")
	res := ward.post(open, url.Values{"tenant": {tenant}})
	wantStatus(t, res, http.StatusOK) // asks for the purpose first
	mustContain(t, res, `id="purpose-form"`)
	mustNotContain(t, res, "022195001234")
	wantStatus(t, ward.post(open, url.Values{"tenant": {tenant}, "purpose": {"x"}}), http.StatusUnprocessableEntity)
	res = ward.post(open, url.Values{"tenant": {tenant}, "purpose": {"Xác minh thẻ giả 3/2026"}})
	wantStatus(t, res, http.StatusOK)
	mustContain(t, res, "022195001234", "Nguyễn Văn An", `id="review-form"`)
	if e.id(`SELECT count(*) FROM audit_log WHERE action = 'suspicious_open' AND purpose = 'Xác minh thẻ giả 3/2026' AND username = 'ca-baichay'
		AND subject_hmac <> ''`) != 1 {
		t.Fatal("opening the scan was not audited")
	}
	// Outside the jurisdiction, the scan does not exist.
	maokhe := e.login("ca-maokhe")
	maokhe.get("/police/accommodation/suspicious")
	wantStatus(t, maokhe.post(open, url.Values{"tenant": {tenant}, "purpose": {"Xác minh"}}), http.StatusNotFound)
	wantStatus(t, maokhe.post(open+"/review", url.Values{"tenant": {tenant}, "note": {"x"}}), http.StatusNotFound)

	// A review needs a note, of at most 500 characters, named on its field.
	res = ward.post(open+"/review", url.Values{"tenant": {tenant}, "note": {""}})
	wantStatus(t, res, http.StatusUnprocessableEntity)
	mustContain(t, res, `id="e-note"`)
	wantStatus(t, ward.post(open+"/review", url.Values{"tenant": {tenant}, "note": {strings.Repeat("á", 501)}}), http.StatusUnprocessableEntity)
	wantStatus(t, ward.post(open+"/review", url.Values{"tenant": {tenant}, "note": {"Đã xác minh: thẻ in lỗi, không giả"}}), http.StatusSeeOther)
	if e.id(`SELECT count(*) FROM audit_log WHERE action = 'suspicious_review' AND purpose = 'Đã xác minh: thẻ in lỗi, không giả'`) != 1 {
		t.Fatal("the review was not audited")
	}
	wantStatus(t, ward.post(open+"/review", url.Values{"tenant": {tenant}, "note": {"again"}}), http.StatusConflict)
	// Reviewed, it leaves the default list; the filter shows it with its note.
	mustNotContain(t, ward.get("/police/accommodation/suspicious"), "•••••••••234")
	mustContain(t, ward.get("/police/accommodation/suspicious?show=reviewed"), "•••••••••234", "Đã xác minh: thẻ in lỗi, không giả")
	mustContain(t, ward.get("/police/accommodation/suspicious?show=all"), "•••••••••234")
	// The tenant cannot review.
	owner := e.login("ks-owner")
	wantStatus(t, owner.post(open+"/review", url.Values{"tenant": {tenant}, "note": {"x"}}), http.StatusForbidden)
}

// TestStaySearchPagesArePosted: the pages of a search are posted with the
// search, so the number searched never enters a URL; the plain list pages
// by links. Pages follow a cursor (the last arrival and id shown), and the
// history is never counted.
func TestStaySearchPagesArePosted(t *testing.T) {
	e := newEnv(t)
	site := itoa(e.id(`SELECT id FROM sites WHERE slug = 'vinh-xanh-bai-chay'`))
	c := e.login("ks-letan")
	wantStatus(t, c.post("/t/vinh-xanh/sites/"+site+"/checkin", confirmFields("101")), http.StatusSeeOther)
	if err := e.asOwner(func(tx *gorm.DB) error {
		return tx.Exec(`INSERT INTO stays (tenant_id, site_id, room, doc_type, doc_number, full_name, name_fold, birth_date, sex, nationality,
			arrival_at, expected_departure, reason, deadline_at, source)
			SELECT tenant_id, site_id, room, doc_type, '0220950' || lpad(g::text, 5, '0'), full_name, name_fold, birth_date, sex, nationality,
			arrival_at - g * interval '1 minute', expected_departure, reason, deadline_at, source FROM stays, generate_series(1, 30) g
			WHERE stays.tenant_id = (SELECT id FROM tenants WHERE slug = 'vinh-xanh')`).Error
	}); err != nil {
		t.Fatal(err)
	}
	res := c.post("/t/vinh-xanh/stays", url.Values{"q": {"nguyen van an"}})
	wantStatus(t, res, http.StatusOK)
	mustContain(t, res, `id="pager-next"`, `name="q" value="nguyen van an"`, `name="after" value="`)
	mustNotContain(t, res, "after=", "q=nguyen", `id="pager-first"`, "Trang 1/")
	after := regexp.MustCompile(`name="after" value="([0-9_]+)"`).FindStringSubmatch(res.Body)
	res = c.post("/t/vinh-xanh/stays", url.Values{"q": {"nguyen van an"}, "after": {after[1]}})
	wantStatus(t, res, http.StatusOK)
	mustContain(t, res, `id="pager-first"`)
	mustNotContain(t, res, `id="pager-next"`)
	// the 31 stays, 25 then 6, each once
	if n := strings.Count(res.Body, `href="/t/vinh-xanh/stays/`); n != 6 {
		t.Errorf("the second page shows %d stays, want 6", n)
	}
	res = c.get("/t/vinh-xanh/stays")
	wantStatus(t, res, http.StatusOK)
	mustContain(t, res, `rel="next"`, "&amp;after=")
	next := regexp.MustCompile(`href="(/t/vinh-xanh/stays\?[^"]*after=[0-9_]+)"`).FindStringSubmatch(res.Body)
	if next == nil {
		t.Fatal("no link to the next page")
	}
	res = c.get(strings.ReplaceAll(next[1], "&amp;", "&"))
	wantStatus(t, res, http.StatusOK)
	mustContain(t, res, `rel="first"`)
	// a malformed cursor is the first page, not an error
	wantStatus(t, c.get("/t/vinh-xanh/stays?after=x_%27"), http.StatusOK)
}
