package accommodation_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"
)

// TestGroupSaveIsConfirmedOnTheBoard: the board a group save leads to says
// how many guests were checked in; the same board visited plainly does not.
func TestGroupSaveIsConfirmedOnTheBoard(t *testing.T) {
	e := newEnv(t)
	site := itoa(e.id(`SELECT id FROM sites WHERE slug = 'vinh-xanh-bai-chay'`))
	base := "/t/vinh-xanh/sites/" + site + "/group"
	c := e.login("ks-letan")
	c.HTMX = true
	list := url.Values{}
	rowFields(c.post(base+"/add", url.Values{"id_qr": {qrAn}}).Body, list, "101")
	rowFields(c.post(base+"/add", url.Values{"id_qr": {qrBinh}}).Body, list, "102")
	c.HTMX = false
	form := url.Values{"expected_departure": {tomorrow()}, "reason": {"Du lịch"}}
	for k, v := range list {
		form[k] = v
	}
	res := c.post(base, form)
	wantStatus(t, res, http.StatusSeeOther)
	res = c.get(res.Header.Get("Location"))
	wantStatus(t, res, http.StatusOK)
	mustContain(t, res, `id="group-saved"`, "Đã đăng ký 2 khách của đoàn")
	// saving the same list again checks nobody in twice, and says so
	res = c.get(c.post(base, form).Header.Get("Location"))
	mustContain(t, res, "2 khách đã đang lưu trú tại cơ sở")
	okWithout(t, c.get("/t/vinh-xanh/sites/"+site+"/board"), `id="group-saved"`)
	okWithout(t, c.get("/t/vinh-xanh/sites/"+site+"/board?saved=abc&existing=-4"), `id="group-saved"`)
}

var isoDate = regexp.MustCompile(`\b20\d\d-\d\d-\d\d\b`)

// TestStayHistoryCorrectionAndCheckOut: the correction form gives each field
// its own input; the history shows translated states and dd/mm/yyyy; a
// check-out asks for confirmation before it happens.
func TestStayHistoryCorrectionAndCheckOut(t *testing.T) {
	e := newEnv(t)
	site := itoa(e.id(`SELECT id FROM sites WHERE slug = 'vinh-xanh-bai-chay'`))
	c := e.login("ks-letan")
	wantStatus(t, c.post("/t/vinh-xanh/sites/"+site+"/checkin", confirmFields("101")), http.StatusSeeOther)
	stay := "/t/vinh-xanh/stays/" + itoa(e.id(`SELECT id FROM stays WHERE doc_number = '022095001234'`))

	res := c.get(stay)
	wantStatus(t, res, http.StatusOK)
	mustContain(t, res, `id="correct-form"`, `type="date" name="birth_date"`, `value="1995-03-15"`,
		`type="datetime-local" name="arrival"`, `<select name="sex"`, `<select name="document_type"`, `name="nationality"`)
	mustNotContain(t, res, "YYYY-MM-DD", "M hoặc F", `name="value"`)
	// the form posts every field; only those changed are corrected
	form := url.Values{}
	for _, name := range []string{"full_name", "document_type", "document_number", "birth_date", "sex", "nationality", "address", "reason", "arrival"} {
		if m := regexp.MustCompile(`name="` + name + `"[^>]*value="([^"]*)"`).FindStringSubmatch(res.Body); m != nil {
			form.Set(name, m[1])
		}
	}
	form.Set("document_type", "cccd")
	form.Set("sex", "M")
	nothing := c.post(stay+"/correct", form)
	wantStatus(t, nothing, http.StatusUnprocessableEntity)
	form.Set("birth_date", "1995-02-30")
	bad := c.post(stay+"/correct", form)
	wantStatus(t, bad, http.StatusUnprocessableEntity)
	mustContain(t, bad, "Ngày sinh", "ngày không hợp lệ", `value="1995-02-30"`)
	form.Set("birth_date", "1995-03-16")
	wantStatus(t, c.post(stay+"/correct", form), http.StatusSeeOther)
	if e.id(`SELECT count(*) FROM stay_revisions WHERE action = 'correction'`) != 1 {
		t.Fatal("a correction of one field recorded other fields")
	}
	later := time.Now().AddDate(0, 0, 3)
	wantStatus(t, c.post(stay+"/extend", url.Values{"expected_departure": {later.Format("2006-01-02")}}), http.StatusSeeOther)

	// Check-out: the button leads to a question; a post without the
	// answer asks again; nothing happens until confirmed.
	res = c.get(stay)
	mustContain(t, res, `id="checkout" href="`+stay+`/checkout"`)
	ask := c.get(stay + "/checkout")
	wantStatus(t, ask, http.StatusOK)
	mustContain(t, ask, `id="checkout-confirm"`, "Trả phòng 101 cho khách Nguyễn Văn An?", "Xác nhận trả phòng", `name="confirm" value="yes"`,
		`href="`+stay+`"`)
	wantStatus(t, c.post(stay+"/checkout", nil), http.StatusOK)
	if e.id(`SELECT count(*) FROM stays WHERE doc_number = '022095001234' AND status = 'open'`) != 1 {
		t.Fatal("a check-out happened without confirmation")
	}
	wantStatus(t, c.post(stay+"/checkout", url.Values{"confirm": {"yes"}}), http.StatusSeeOther)
	res = c.get(stay)
	mustContain(t, res, `data-status="checked_out"`)
	wantStatus(t, c.get(stay+"/checkout"), http.StatusConflict)

	// The history reads as the pages do.
	hist := regexp.MustCompile(`(?s)id="revisions".*?</table>`).FindString(res.Body)
	for _, want := range []string{"Đang lưu trú", "Đã trả phòng", "15/03/1995", "16/03/1995", later.Format("02/01/2006")} {
		if !strings.Contains(hist, want) {
			t.Errorf("history lacks %q:\n%s", want, hist)
		}
	}
	if strings.Contains(hist, "checked_out") || isoDate.MatchString(hist) {
		t.Errorf("history shows raw values:\n%s", hist)
	}
	c.post("/lang", url.Values{"lang": {"en"}})
	hist = regexp.MustCompile(`(?s)id="revisions".*?</table>`).FindString(c.get(stay).Body)
	mustContain(t, response{Body: hist}, "Staying", "Checked out", "15/03/1995")
}

// TestRoomsAreRequiredWhereSitesHaveRooms: a hotel, a guesthouse and a
// cruise need a room or cabin; a homestay does not.
func TestRoomsAreRequiredWhereSitesHaveRooms(t *testing.T) {
	e := newEnv(t)
	hotel := itoa(e.id(`SELECT id FROM sites WHERE slug = 'vinh-xanh-bai-chay'`))
	c := e.login("ks-letan")
	res := c.post("/t/vinh-xanh/sites/"+hotel+"/checkin", confirmFields(" "))
	wantStatus(t, res, http.StatusUnprocessableEntity)
	mustContain(t, res, "Phòng: không được để trống.")
	r := e.api("POST", "/api/v1/stays", "demo-token-vinh-xanh", strings.Replace(stayBody(""), `"room":"301",`, "", 1), "Accept-Language", "en")
	wantStatus(t, r, http.StatusUnprocessableEntity)
	mustContain(t, r, `"field":"room"`)
	if n := e.id(`SELECT count(*) FROM stays WHERE tenant_id = (SELECT id FROM tenants WHERE slug = 'vinh-xanh')`); n != 0 {
		t.Fatalf("%d stays saved without a room", n)
	}
	homestay := itoa(e.id(`SELECT id FROM sites WHERE slug = 'co-to-xanh'`))
	wantStatus(t, e.member("co-to-letan", "homestay-co-to-xanh", "staff").post("/t/homestay-co-to-xanh/sites/"+homestay+"/checkin", confirmFields("")), http.StatusSeeOther)
}

// TestPoliceHistorySaysArrivalAndDeparture: the police person history names
// the room only when there is one, and says arrival and departure plainly.
func TestPoliceHistorySaysArrivalAndDeparture(t *testing.T) {
	e := newEnv(t)
	twoGuests(t, e)
	homestay := itoa(e.id(`SELECT id FROM sites WHERE slug = 'co-to-xanh'`))
	f := confirmFields("")
	f.Set("document_number", "022088005522")
	f.Set("full_name", "Phạm Văn Bình")
	f.Set("birth_date", "1988-03-03")
	f.Set("old_number", "")
	wantStatus(t, e.member("co-to-letan", "homestay-co-to-xanh", "staff").post("/t/homestay-co-to-xanh/sites/"+homestay+"/checkin", f), http.StatusSeeOther)
	res := e.login("pc06").post("/police/person", url.Values{"doc_type": {"cccd"}, "doc_number": {"022088005522"}, "purpose": {"Tuần tra"}})
	wantStatus(t, res, http.StatusOK)
	mustContain(t, res, "Phòng 7 · nhận phòng ", "dự kiến trả phòng "+time.Now().AddDate(0, 0, 1).Format("02/01/2006"), "Homestay Cô Tô Xanh")
	mustNotContain(t, res, "Phòng  ·", "Phòng · ", " · đến ")
}
