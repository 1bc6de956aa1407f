package accommodation_test

import (
	"net/http"
	"net/url"
	"testing"
	"time"
)

// TestDeskCheckinTripRules: the desk's check-in finds its site in the same
// statement as the stay, so it checks the trip there: a bus needs one of its
// own trips (a missing or unknown one is refused, 422, with the field's
// message, and nothing is saved), a hotel ignores a trip posted to it, and
// a site of another tenant is not found.
func TestDeskCheckinTripRules(t *testing.T) {
	e := newEnv(t)
	c := e.member("nha-xe", "xe-khach-ha-long-express", "staff")
	site := itoa(e.id(`SELECT id FROM sites WHERE slug = 'ben-xe-bai-chay'`))
	base := "/t/xe-khach-ha-long-express/sites/" + site
	c.get(base + "/trips")
	departs := time.Now().In(time.FixedZone("ICT", 7*3600)).Add(2 * time.Hour).Format("2006-01-02T15:04")
	wantStatus(t, c.post(base+"/trips", url.Values{"route": {"Hạ Long – Hà Nội"}, "departs_at": {departs}, "vehicle": {"14b-123.45"}}), http.StatusSeeOther)
	trip := itoa(e.id(`SELECT id FROM trips`))
	before := e.id(`SELECT count(*) FROM stays`)

	f := confirmFields("A12")
	res := c.post(base+"/checkin", f)
	wantStatus(t, res, http.StatusUnprocessableEntity)
	mustContain(t, res, "chọn chuyến mà hành khách lên.")
	f.Set("trip_id", "987654321")
	res = c.post(base+"/checkin", f)
	wantStatus(t, res, http.StatusUnprocessableEntity)
	mustContain(t, res, "giá trị không hợp lệ, vui lòng chọn trong danh sách.")
	// a bad document and a missing trip are reported together
	f.Del("trip_id")
	f.Set("document_number", "12")
	res = c.post(base+"/checkin", f)
	wantStatus(t, res, http.StatusUnprocessableEntity)
	mustContain(t, res, "chọn chuyến mà hành khách lên.")
	if n := e.id(`SELECT count(*) FROM stays`); n != before {
		t.Fatalf("refused check-ins saved %d stays", n-before)
	}
	f = confirmFields("A12")
	f.Set("trip_id", trip)
	wantStatus(t, c.post(base+"/checkin", f), http.StatusSeeOther)
	if got := e.id(`SELECT count(*) FROM stays WHERE trip_id = ` + trip); got != 1 {
		t.Fatalf("the passenger is not on the trip's manifest: %d stays on it", got)
	}

	// a hotel ignores a trip posted to it
	hotel := itoa(e.id(`SELECT id FROM sites WHERE slug = 'vinh-xanh-bai-chay'`))
	letan := e.login("ks-letan")
	letan.get("/t/vinh-xanh/checkin")
	h := confirmFields("301")
	h.Set("trip_id", trip)
	h.Set("document_number", "022095007777")
	wantStatus(t, letan.post("/t/vinh-xanh/sites/"+hotel+"/checkin", h), http.StatusSeeOther)
	if got := e.id(`SELECT count(*) FROM stays WHERE doc_number = '022095007777' AND trip_id IS NULL`); got != 1 {
		t.Fatalf("the hotel's stay: %d stays without a trip, want 1", got)
	}
	// another tenant's site, from a hotel's desk: not found, nothing saved
	h.Set("document_number", "022095008888")
	wantStatus(t, letan.post("/t/vinh-xanh/sites/"+site+"/checkin", h), http.StatusNotFound)
	if got := e.id(`SELECT count(*) FROM stays WHERE doc_number = '022095008888'`); got != 0 {
		t.Fatalf("a check-in at another tenant's site saved %d stays", got)
	}
}
