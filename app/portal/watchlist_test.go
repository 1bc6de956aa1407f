package portal_test

import (
	"bytes"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"portal06/app/export"
)

func TestWatchlistAlerts(t *testing.T) {
	e := newEnv(t)
	maokhe := e.login("ca-maokhe") // an officer: may read, not write
	wantStatus(t, maokhe.post("/police/watchlist", url.Values{"doc_number": {"022095001234"}}), http.StatusForbidden)

	// The Bãi Cháy commander watches for a number; a bad one is named.
	ward := e.login("ca-baichay")
	res := ward.post("/police/watchlist", url.Values{"doc_number": {"12"}, "note": {"x"}})
	wantStatus(t, res, http.StatusUnprocessableEntity)
	mustContain(t, res, "Số giấy tờ:")
	wantStatus(t, ward.post("/police/watchlist", url.Values{"doc_number": {"022095001234"}, "note": {"Truy tìm theo QĐ 15"}}), http.StatusSeeOther)
	mustContain(t, ward.get("/police/watchlist"), "022095001234", "Truy tìm theo QĐ 15")
	// Watchlists are visible to their unit and to PC06 only.
	mustNotContain(t, maokhe.get("/police/watchlist"), "022095001234")
	mustContain(t, e.login("pc06").get("/police/watchlist"), "022095001234", "CA-BAICHAY")

	// The guest checks in at Hồng Gai: Hồng Gai's police (jurisdiction), Bãi
	// Cháy's (who watch the number) and PC06 are alerted; Mạo Khê is not.
	hg := itoa(e.id(`SELECT id FROM sites WHERE slug = 'vinh-xanh-hong-gai'`))
	wantStatus(t, e.login("ks-owner").post("/t/vinh-xanh/sites/"+hg+"/checkin", confirmFields("12")), http.StatusSeeOther)
	units := func() []string {
		var out []string
		rows := e.id(`SELECT count(*) FROM watch_alert_units`)
		_ = rows
		for _, code := range []string{"CA-HONGGAI", "CA-BAICHAY", "PC06", "CA-MAOKHE"} {
			if e.id(`SELECT count(*) FROM watch_alert_units au JOIN police_units u ON u.id = au.unit_id WHERE u.code = ?`, code) > 0 {
				out = append(out, code)
			}
		}
		return out
	}()
	if strings.Join(units, ",") != "CA-HONGGAI,CA-BAICHAY,PC06" {
		t.Fatalf("alerted units %v", units)
	}
	ward.htmx = true
	res = ward.get("/police/alerts")
	mustContain(t, res, "Nguyễn Văn An", "Khách sạn Vịnh Xanh Hồng Gai", "Truy tìm theo QĐ 15", `id="alert-banner"`)
	ward.htmx = false
	mustContain(t, ward.get("/police"), `id="alerts"`, `data-events="/police/alerts/events"`, "/static/police.js")
	// Stays listed until acknowledged, per unit.
	alert := itoa(e.id(`SELECT id FROM watch_alerts`))
	wantStatus(t, ward.post("/police/alerts/"+alert+"/ack", nil), http.StatusSeeOther)
	mustNotContain(t, ward.get("/police/alerts"), "Nguyễn Văn An")
	mustContain(t, e.login("pc06").get("/police/alerts"), "Nguyễn Văn An")
	wantStatus(t, maokhe.post("/police/alerts/"+alert+"/ack", nil), http.StatusNotFound)
}

func TestWatchlistUpload(t *testing.T) {
	e := newEnv(t)
	ward := e.login("ca-baichay")
	upload := func(rows [][]any) response {
		var xlsx bytes.Buffer
		if err := export.Write(&xlsx, export.Sheet{Name: "ds", Headers: []string{"so_giay_to", "ghi_chu"}, Rows: rows}); err != nil {
			t.Fatal(err)
		}
		var body bytes.Buffer
		mw := multipart.NewWriter(&body)
		mw.WriteField("_csrf", ward.csrf)
		fw, _ := mw.CreateFormFile("file", "ds.xlsx")
		fw.Write(xlsx.Bytes())
		mw.Close()
		req, _ := http.NewRequest(http.MethodPost, "http://portal.test/police/watchlist/upload", &body)
		req.Header.Set("Content-Type", mw.FormDataContentType())
		return ward.do(req)
	}
	ward.get("/police/watchlist")
	res := upload([][]any{{"022095001234", "A"}, {"bad!", "B"}})
	wantStatus(t, res, http.StatusUnprocessableEntity)
	mustContain(t, res, "Dòng 3")
	if n := e.id(`SELECT count(*) FROM watchlist`); n != 0 {
		t.Fatalf("%d numbers kept from a file with a bad row", n)
	}
	wantStatus(t, upload([][]any{{"022095001234", "A"}, {"C1234567", "B"}}), http.StatusSeeOther)
	if n := e.id(`SELECT count(*) FROM watchlist`); n != 2 {
		t.Fatalf("%d numbers after upload, want 2", n)
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
