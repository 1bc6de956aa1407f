package accommodation_test

import (
	"net/http"
	"net/url"
	"testing"
	"time"
)

func TestBusTripManifest(t *testing.T) {
	e := newEnv(t)
	c := e.member("nha-xe", "xe-khach-ha-long-express", "staff")
	site := itoa(e.id(`SELECT id FROM sites WHERE slug = 'ben-xe-bai-chay'`))
	base := "/t/xe-khach-ha-long-express/sites/" + site
	wantStatus(t, c.get(base+"/trips"), http.StatusOK)
	departs := time.Now().In(time.FixedZone("ICT", 7*3600)).Add(2 * time.Hour).Format("2006-01-02T15:04")
	res := c.post(base+"/trips", url.Values{"route": {"Hạ Long – Hà Nội"}, "departs_at": {departs}, "vehicle": {"="}})
	wantStatus(t, res, http.StatusUnprocessableEntity)
	mustContain(t, res, "Phương tiện: biển số hoặc số hiệu tàu không hợp lệ.")
	wantStatus(t, c.post(base+"/trips", url.Values{"route": {"Hạ Long – Hà Nội"}, "departs_at": {departs}, "vehicle": {"14b-123.45"}}), http.StatusSeeOther)
	trip := itoa(e.id(`SELECT id FROM trips`))

	// Boarding without a trip is refused; with the trip, the passenger joins its manifest.
	f := confirmFields("A12")
	wantStatus(t, c.post(base+"/checkin", f), http.StatusUnprocessableEntity)
	f.Set("trip_id", trip)
	wantStatus(t, c.post(base+"/checkin", f), http.StatusSeeOther)
	res = c.get(base + "/trips/" + trip)
	wantStatus(t, res, http.StatusOK)
	mustContain(t, res, "Nguyễn Văn An", "A12", "14B-123.45")
	mustContain(t, c.get(base+"/checkin?trip="+trip), `name="trip_id" value="`+trip+`"`)
	// Hotels have no trips; another tenant's trip cannot be used.
	hotel := itoa(e.id(`SELECT id FROM sites WHERE slug = 'vinh-xanh-bai-chay'`))
	wantStatus(t, e.login("ks-letan").get("/t/vinh-xanh/sites/"+hotel+"/trips"), http.StatusNotFound)
	wantStatus(t, e.login("ks-owner").get("/t/vinh-xanh/sites/"+site+"/trips/"+trip), http.StatusNotFound)
}
