package portaltest

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
	"gorm.io/gorm"

	"portal06/app/store"
	"portal06/app/web"
)

// QrAn is the chip-card QR text of the demo guest Nguyễn Văn An.
const QrAn = "022095001234|100200300|Nguyễn Văn An|15031995|Nam|Tổ 5, Khu 3, Phường Bãi Cháy, Quảng Ninh|20042021"

// Tomorrow is tomorrow's date as a date input posts it.
func Tomorrow() string { return time.Now().AddDate(0, 0, 1).Format("2006-01-02") }

// ConfirmFields are what the check-in confirm form posts for the guest of QrAn.
func ConfirmFields(room string) url.Values {
	return url.Values{"document_type": {"cccd"}, "document_number": {"022095001234"}, "full_name": {"Nguyễn Văn An"},
		"birth_date": {"1995-03-15"}, "sex": {"M"}, "nationality": {"VNM"}, "address": {"Phường Bãi Cháy"},
		"old_number": {"100200300"}, "issue_date": {"2021-04-20"}, "source": {"qr"}, "room": {room},
		"arrival":            {time.Now().In(time.FixedZone("ICT", 7*3600)).Format("2006-01-02T15:04")},
		"expected_departure": {Tomorrow()}, "reason": {"Du lịch"}}
}

// StayBody is the API's JSON for a check-in of the guest of QrAn at the
// demo hotel, with extra fields appended (each starting with a comma).
func StayBody(extra string) string {
	return `{"site":"vinh-xanh-bai-chay","room":"301","id_qr":"` + QrAn + `\r\n","expected_departure":"` + Tomorrow() + `","reason":"Du lịch"` + extra + `}`
}

// API sends a JSON request with a bearer token.
func (e *Env) API(method, path, token, body string, headers ...string) Response {
	e.T.Helper()
	req, _ := http.NewRequest(method, "http://portal.test"+path, strings.NewReader(body))
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	req.Header.Set("Content-Type", "application/json")
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	res, err := e.Srv.Fiber().Test(req, 30000)
	if err != nil {
		e.T.Fatal(err)
	}
	defer res.Body.Close()
	var b strings.Builder
	buf := make([]byte, 4096)
	for {
		n, err := res.Body.Read(buf)
		b.Write(buf[:n])
		if err != nil {
			break
		}
	}
	return Response{Status: res.StatusCode, Header: res.Header, Body: b.String()}
}

// RawAPI sends one API request from any goroutine: it reports instead of
// failing the test, since t.Fatal must stay on the test's own goroutine.
func RawAPI(srv *web.Server, method, path, token, body string, headers ...string) (Response, error) {
	req, _ := http.NewRequest(method, "http://portal.test"+path, strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "application/json")
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	res, err := srv.Fiber().Test(req, 60000)
	if err != nil {
		return Response{}, err
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return Response{Status: res.StatusCode, Header: res.Header, Body: string(b)}, nil
}

// Decode is a JSON answer's object.
func Decode(t *testing.T, r Response) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal([]byte(r.Body), &m); err != nil {
		t.Fatalf("status %d, not JSON: %.300s", r.Status, r.Body)
	}
	return m
}

// SheetRows are the rows of an .xlsx answer's first sheet.
func SheetRows(t *testing.T, r Response) [][]string {
	t.Helper()
	if !strings.Contains(r.Header.Get("Content-Type"), "spreadsheetml") {
		t.Fatalf("content type %q", r.Header.Get("Content-Type"))
	}
	f, err := excelize.OpenReader(bytes.NewReader([]byte(r.Body)))
	if err != nil {
		t.Fatal(err)
	}
	rows, err := f.GetRows(f.GetSheetName(0))
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

// TwoGuests checks Nguyễn Văn An in at Bãi Cháy and Phạm Văn Bình at Hồng Gai.
func TwoGuests(t *testing.T, e *Env) {
	t.Helper()
	bc := FmtInt(e.ID(`SELECT id FROM sites WHERE slug = 'vinh-xanh-bai-chay'`))
	hg := FmtInt(e.ID(`SELECT id FROM sites WHERE slug = 'vinh-xanh-hong-gai'`))
	c := e.Login("ks-owner")
	WantStatus(t, c.Post("/t/vinh-xanh/sites/"+bc+"/checkin", ConfirmFields("101")), http.StatusSeeOther)
	f := ConfirmFields("7")
	for k, v := range map[string]string{"document_number": "022088005522", "full_name": "Phạm Văn Bình", "birth_date": "1988-03-03", "old_number": ""} {
		f.Set(k, v)
	}
	WantStatus(t, c.Post("/t/vinh-xanh/sites/"+hg+"/checkin", f), http.StatusSeeOther)
}

// Member creates a user with a role in a tenant and signs them in.
func (e *Env) Member(username, tenant, role string) *Client {
	e.T.Helper()
	err := e.AsOwner(func(tx *gorm.DB) error {
		uid, err := store.CreateUser(tx, store.UserInput{Username: username, FullName: "Nhân viên " + username, Password: "mat-khau-dai"})
		if err != nil {
			return err
		}
		return store.AddTenantMember(tx, e.ID(`SELECT id FROM tenants WHERE slug = ?`, tenant), uid, role, nil)
	})
	if err != nil {
		e.T.Fatal(err)
	}
	c := e.Client()
	c.Get("/login")
	if r := c.Post("/login", url.Values{"username": {username}, "password": {"mat-khau-dai"}}); r.Status != http.StatusSeeOther {
		e.T.Fatalf("login %s: %d", username, r.Status)
	}
	if r := c.Get("/"); r.Status == http.StatusSeeOther {
		c.Get(r.Header.Get("Location"))
	}
	return c
}
