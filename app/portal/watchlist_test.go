package portal_test

import (
	"bytes"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"gorm.io/gorm"

	"portal06/app/auth"
	"portal06/app/demo"
	"portal06/app/export"
	"portal06/app/store"
)

func TestWatchlistAlerts(t *testing.T) {
	e := newEnv(t)
	maokhe := e.login("ca-maokhe") // an officer: may read, not write
	wantStatus(t, maokhe.post("/police/watchlist", url.Values{"doc_number": {"022095001234"}, "purpose": {"Vụ việc 15"}}), http.StatusForbidden)

	// The Bãi Cháy commander watches for a number, with a purpose; a bad
	// number, a missing purpose and a long note are each named.
	ward := e.login("ca-baichay")
	res := ward.post("/police/watchlist", url.Values{"doc_number": {"12"}, "purpose": {"Vụ việc 15"}})
	wantStatus(t, res, http.StatusUnprocessableEntity)
	mustContain(t, res, "Số giấy tờ:")
	res = ward.post("/police/watchlist", url.Values{"doc_number": {"022095001234"}, "note": {"x"}})
	wantStatus(t, res, http.StatusUnprocessableEntity)
	mustContain(t, res, "Mục đích theo dõi: không được để trống.")
	res = ward.post("/police/watchlist", url.Values{"doc_number": {"022095001234"}, "purpose": {"Vụ việc 15"}, "note": {strings.Repeat("x", 501)}})
	wantStatus(t, res, http.StatusUnprocessableEntity)
	mustContain(t, res, "Ghi chú: quá dài.")
	if n := e.id(`SELECT count(*) FROM watchlist`) + e.id(`SELECT count(*) FROM audit_log WHERE action = 'watch_add'`); n != 0 {
		t.Fatal("a refused entry was kept or audited")
	}
	wantStatus(t, ward.post("/police/watchlist", url.Values{"doc_number": {"022095001234"}, "purpose": {"Vụ việc 15/2026"},
		"note": {"Truy tìm theo QĐ 15"}}), http.StatusSeeOther)
	mustContain(t, ward.get("/police/watchlist"), "022095001234", "Vụ việc 15/2026", "Truy tìm theo QĐ 15")
	if e.id(`SELECT count(*) FROM audit_log WHERE action = 'watch_add' AND username = 'ca-baichay' AND purpose = 'Vụ việc 15/2026'
		AND subject_hmac <> '' AND query NOT LIKE '%022095001234%'`) != 1 {
		t.Fatal("the addition is not audited")
	}
	// Watchlists are visible to their unit and to PC06 only.
	okWithout(t, maokhe.get("/police/watchlist"), "022095001234")
	pc06 := e.login("pc06")
	mustContain(t, pc06.get("/police/watchlist"), "022095001234", "CA-BAICHAY")

	// The guest checks in at Hồng Gai: Hồng Gai's police (jurisdiction), Bãi
	// Cháy's (who watch the number) and PC06 are alerted; Mạo Khê is not.
	hg := itoa(e.id(`SELECT id FROM sites WHERE slug = 'vinh-xanh-hong-gai'`))
	wantStatus(t, e.login("ks-owner").post("/t/vinh-xanh/sites/"+hg+"/checkin", confirmFields("12")), http.StatusSeeOther)
	var alerted []string
	for _, code := range []string{"CA-HONGGAI", "CA-BAICHAY", "PC06", "CA-MAOKHE"} {
		if e.id(`SELECT count(*) FROM watch_alert_units au JOIN police_units u ON u.id = au.unit_id WHERE u.code = ?`, code) > 0 {
			alerted = append(alerted, code)
		}
	}
	if strings.Join(alerted, ",") != "CA-HONGGAI,CA-BAICHAY,PC06" {
		t.Fatalf("alerted units %v", alerted)
	}
	alert := itoa(e.id(`SELECT id FROM watch_alerts`))

	// The list says that an entry matched, never who or where.
	ward.HTMX = true
	res = ward.get("/police/alerts")
	mustContain(t, res, `id="alert-banner"`, "•••••••••234", "CA-BAICHAY", `href="/police/alerts/`+alert+`"`)
	mustNotContain(t, res, "Nguyễn Văn An", "Vịnh Xanh", "Hồng Gai")
	ward.HTMX = false
	mustContain(t, ward.get("/police"), `id="alerts"`, `data-events="/police/alerts/events"`, "/static/police.js")

	// Bãi Cháy watches from outside: it learns whom to ask, not who or where.
	before := e.id(`SELECT count(*) FROM audit_log WHERE action = 'alert_open'`)
	res = ward.get("/police/alerts/" + alert)
	wantStatus(t, res, http.StatusOK)
	mustContain(t, res, "Công an phường Hồng Gai", "Vụ việc 15/2026", "•••••••••234")
	mustNotContain(t, res, "Nguyễn Văn An", "Khách sạn Vịnh Xanh", "022095001234")
	// Hồng Gai's police and PC06 see the details; each opening is audited.
	hongGai := e.officer("ca-honggai-1", "CA-HONGGAI")
	res = hongGai.get("/police/alerts/" + alert)
	wantStatus(t, res, http.StatusOK)
	mustContain(t, res, "Nguyễn Văn An", "Khách sạn Vịnh Xanh Hồng Gai", "Phường Hồng Gai", "CA-BAICHAY", `action="/police/person"`)
	mustNotContain(t, res, "Vụ việc 15/2026") // the watching unit's purpose is its own
	res = pc06.get("/police/alerts/" + alert)
	wantStatus(t, res, http.StatusOK)
	mustContain(t, res, "Nguyễn Văn An", "Khách sạn Vịnh Xanh Hồng Gai", "Phường Hồng Gai", "Vụ việc 15/2026", `action="/police/person"`)
	if n := e.id(`SELECT count(*) FROM audit_log WHERE action = 'alert_open'`); n != before+3 {
		t.Fatalf("%d alert openings audited, want 3", n-before)
	}
	if e.id(`SELECT count(*) FROM audit_log WHERE action = 'alert_open' AND username = 'ca-baichay' AND results = 0`) != 1 ||
		e.id(`SELECT count(*) FROM audit_log WHERE action = 'alert_open' AND username = 'pc06' AND results = 1`) != 1 {
		t.Fatal("the openings are audited with the wrong results")
	}
	// Another unit's alert is a 404, as is a guessed one.
	wantStatus(t, maokhe.get("/police/alerts/"+alert), http.StatusNotFound)
	wantStatus(t, ward.get("/police/alerts/99999999"), http.StatusNotFound)

	// Listed until acknowledged, per unit.
	wantStatus(t, ward.post("/police/alerts/"+alert+"/ack", nil), http.StatusSeeOther)
	ward.HTMX = true
	okWithout(t, ward.get("/police/alerts"), "•••••••••234")
	pc06.HTMX = true
	mustContain(t, pc06.get("/police/alerts"), "•••••••••234")
	wantStatus(t, maokhe.post("/police/alerts/"+alert+"/ack", nil), http.StatusNotFound)
}

// officer creates a police officer of the unit with code and signs them in.
func (e *env) officer(username, code string) *client {
	e.T.Helper()
	err := e.asOwner(func(tx *gorm.DB) error {
		hash, err := auth.HashPassword(demo.Password)
		if err != nil {
			return err
		}
		uid, err := store.InsertUser(tx, username, "Cán bộ "+code, hash)
		if err != nil {
			return err
		}
		return store.AddStaffRole(tx, uid, "police_officer", e.id(`SELECT id FROM police_units WHERE code = ?`, code))
	})
	if err != nil {
		e.T.Fatal(err)
	}
	return e.login(username)
}

func TestWatchlistUpload(t *testing.T) {
	e := newEnv(t)
	ward := e.login("ca-baichay")
	upload := func(purpose string, rows [][]any) response {
		var xlsx bytes.Buffer
		if err := export.Write(&xlsx, export.Sheet{Name: "ds", Headers: []string{"so_giay_to", "ghi_chu"}, Rows: rows}); err != nil {
			t.Fatal(err)
		}
		var body bytes.Buffer
		mw := multipart.NewWriter(&body)
		mw.WriteField("_csrf", ward.CSRF)
		mw.WriteField("purpose", purpose)
		fw, _ := mw.CreateFormFile("file", "ds.xlsx")
		fw.Write(xlsx.Bytes())
		mw.Close()
		req, _ := http.NewRequest(http.MethodPost, "http://portal.test/police/watchlist/upload", &body)
		req.Header.Set("Content-Type", mw.FormDataContentType())
		return ward.do(req)
	}
	ward.get("/police/watchlist")
	res := upload("Chuyên án 3", [][]any{{"022095001234", "A"}, {"bad!", "B"}, {"C1234567", strings.Repeat("x", 600)}})
	wantStatus(t, res, http.StatusUnprocessableEntity)
	mustContain(t, res, "Dòng 3", "Dòng 4: Ghi chú: quá dài.")
	res = upload("", [][]any{{"022095001234", "A"}})
	wantStatus(t, res, http.StatusUnprocessableEntity)
	mustContain(t, res, "Mục đích theo dõi: không được để trống.")
	if n := e.id(`SELECT count(*) FROM watchlist`); n != 0 {
		t.Fatalf("%d numbers kept from a refused file", n)
	}
	wantStatus(t, upload("Chuyên án 3", [][]any{{"022095001234", "A"}, {"C1234567", "B"}}), http.StatusSeeOther)
	if n := e.id(`SELECT count(*) FROM watchlist WHERE purpose = 'Chuyên án 3'`); n != 2 {
		t.Fatalf("%d numbers after upload, want 2", n)
	}
	if n := e.id(`SELECT count(*) FROM audit_log WHERE action = 'watch_add' AND purpose = 'Chuyên án 3'`); n != 2 {
		t.Fatalf("%d additions audited, want 2", n)
	}
}

// TestWatchlistNoteTooLong: a note over 500 characters is named as the
// note's problem, not the document number's.
func TestWatchlistNoteTooLong(t *testing.T) {
	e := newEnv(t)
	ward := e.login("ca-baichay")
	ward.get("/police/watchlist")
	res := ward.post("/police/watchlist", url.Values{"doc_number": {"022095001234"}, "note": {strings.Repeat("a", 501)}})
	wantStatus(t, res, http.StatusUnprocessableEntity)
	mustContain(t, res, `id="e-note"`, "Ghi chú:")
	mustNotContain(t, res, `id="e-doc_number"`)
}
