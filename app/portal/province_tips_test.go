package portal_test

import (
	"net/http"
	"testing"

	"gorm.io/gorm"

	"portal06/app/tips"
)

// TestProvinceShowsTips: the crime tips reach model 30's indicators
// through the same seam as the kinds; the drill-down goes province →
// ward → site, tips with no site counting as one line of their ward; no
// page shows a tip's content.
func TestProvinceShowsTips(t *testing.T) {
	e := newEnv(t)
	if err := e.asOwner(func(tx *gorm.DB) error { return tips.SeedDemo(tx) }); err != nil {
		t.Fatal(err)
	}
	area := itoa(e.id(`SELECT id FROM areas WHERE code = '06703'`))
	// the month of Bãi Cháy's latest tip reported for the ward, not at a site
	var month string
	if err := e.asOwner(func(tx *gorm.DB) error {
		return tx.Raw(`SELECT to_char(t.created_at AT TIME ZONE 'Asia/Ho_Chi_Minh', 'YYYY-MM') FROM tips t JOIN areas a ON a.id = t.area_id
			WHERE a.code = '06703' AND t.site_id IS NULL ORDER BY t.created_at DESC LIMIT 1`).Scan(&month).Error
	}); err != nil || month == "" {
		t.Fatalf("no demo tip for Bãi Cháy without a site: %v", err)
	}
	c := e.login("tinh")
	res := c.get("/province/models/30")
	wantStatus(t, res, http.StatusOK)
	mustContain(t, res, "/province/indicators/tips.received", "/province/indicators/tips.first_response_hours")
	res = c.get("/province/indicators/tips.received?month=" + month)
	wantStatus(t, res, http.StatusOK)
	mustContain(t, res, "Bãi Cháy")
	res = c.get("/province/indicators/tips.received?month=" + month + "&area=" + area)
	wantStatus(t, res, http.StatusOK)
	mustContain(t, res, "Không gắn với cơ sở")
	var desc string
	if err := e.asOwner(func(tx *gorm.DB) error {
		return tx.Raw(`SELECT description FROM tips ORDER BY id LIMIT 1`).Scan(&desc).Error
	}); err != nil {
		t.Fatal(err)
	}
	mustNotContain(t, res, desc)
	wantStatus(t, c.get("/province/indicators/tips.received.theft?month="+month), http.StatusOK)
}
