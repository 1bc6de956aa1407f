package accommodation_test

import (
	"net/http"
	"net/url"
	"testing"

	"gorm.io/gorm"
)

func TestPoliceAccommodationDashboard(t *testing.T) {
	e := newEnv(t)
	twoGuests(t, e)
	bc := itoa(e.id(`SELECT id FROM sites WHERE slug = 'vinh-xanh-bai-chay'`))
	hg := itoa(e.id(`SELECT id FROM sites WHERE slug = 'vinh-xanh-hong-gai'`))
	ward := e.login("ca-baichay")
	res := ward.get("/police/accommodation")
	wantStatus(t, res, http.StatusOK)
	mustContain(t, res, "Khách sạn Vịnh Xanh Bãi Cháy", "/police/accommodation/sites/"+bc)
	mustNotContain(t, res, "Hồng Gai", "Ngọc Trai")
	wantStatus(t, ward.get("/police/accommodation/sites/"+hg), http.StatusNotFound)
	wantStatus(t, ward.get("/police/accommodation/sites/abc"), http.StatusNotFound)
	res = ward.get("/police/accommodation/sites/" + bc)
	wantStatus(t, res, http.StatusOK)
	mustContain(t, res, "Nguyễn Văn An", "•••••••••234")
	mustNotContain(t, res, `value="Vụ`) // no purpose is filled in for the officer

	// Opening a guest asks for the purpose first, and only the opening is audited.
	before := e.id(`SELECT count(*) FROM audit_log`)
	res = ward.post("/police/person", url.Values{"doc_type": {"cccd"}, "doc_number": {"022095001234"}})
	wantStatus(t, res, http.StatusOK)
	mustContain(t, res, `id="purpose-form"`, `name="doc_number" value="022095001234"`)
	if e.id(`SELECT count(*) FROM audit_log`) != before {
		t.Fatal("asking for the purpose was audited as an opening")
	}
	wantStatus(t, ward.post("/police/person", url.Values{"doc_type": {"cccd"}, "doc_number": {"022095001234"}, "purpose": {"Kiểm tra định kỳ"}}), http.StatusOK)
	if e.id(`SELECT count(*) FROM audit_log WHERE action = 'person_open'`) != 1 {
		t.Fatal("the opening was not audited")
	}
	pc06 := e.login("pc06")
	mustContain(t, pc06.get("/police/accommodation"), "Khách sạn Vịnh Xanh Bãi Cháy", "Khách sạn Vịnh Xanh Hồng Gai")
	mustContain(t, pc06.get("/police/accommodation?area=06658"), "Khách sạn Vịnh Xanh Hồng Gai")
	okWithout(t, pc06.get("/police/accommodation?area=06658"), "Khách sạn Vịnh Xanh Bãi Cháy")
}

func TestComplianceReport(t *testing.T) {
	e := newEnv(t)
	twoGuests(t, e)
	// Bãi Cháy's check-in was accepted before its deadline; Hồng Gai's never was.
	err := e.asOwner(func(tx *gorm.DB) error {
		return tx.Exec(`UPDATE notifications n SET deadline_at = now() - interval '1 hour',
			status = CASE WHEN s.slug = 'vinh-xanh-bai-chay' THEN 'accepted' ELSE 'pending' END,
			accepted_at = CASE WHEN s.slug = 'vinh-xanh-bai-chay' THEN now() - interval '2 hours' END,
			receipt = CASE WHEN s.slug = 'vinh-xanh-bai-chay' THEN 'LT-1' END
			FROM sites s WHERE s.tenant_id = n.tenant_id AND s.id = n.site_id
				AND s.tenant_id = (SELECT id FROM tenants WHERE slug = 'vinh-xanh')`).Error
	})
	if err != nil {
		t.Fatal(err)
	}
	pc06 := e.login("pc06")
	res := pc06.get("/police/accommodation/compliance")
	wantStatus(t, res, http.StatusOK)
	mustContain(t, res, "100%", "0%")
	res = pc06.get("/police/accommodation/compliance.xlsx")
	wantStatus(t, res, http.StatusOK)
	rows := sheetRows(t, res)
	byName := map[string][]string{}
	for _, r := range rows[1:] {
		byName[r[0]] = r
	}
	if r := byName["Khách sạn Vịnh Xanh Hồng Gai"]; r == nil || r[3] != "1" || r[6] != "1" || r[7] != "0" {
		t.Fatalf("Hồng Gai: %q", r)
	}
	if r := byName["Khách sạn Vịnh Xanh Bãi Cháy"]; r == nil || r[4] != "1" || r[7] != "100" {
		t.Fatalf("Bãi Cháy: %q", r)
	}
	// sites with missing notifications come before those without (the
	// demo's other sites have a history of their own)
	order := map[string]int{}
	for i, r := range rows {
		order[r[0]] = i
	}
	if order["Khách sạn Vịnh Xanh Hồng Gai"] > order["Khách sạn Vịnh Xanh Bãi Cháy"] {
		t.Fatalf("sites with missing notifications should come first: %q", rows)
	}
	// A ward unit's report holds its own sites only.
	res = e.login("ca-baichay").get("/police/accommodation/compliance.xlsx")
	for _, r := range sheetRows(t, res)[1:] {
		if r[0] == "Khách sạn Vịnh Xanh Hồng Gai" {
			t.Fatal("Bãi Cháy's report holds a Hồng Gai site")
		}
	}
}

func TestPoliceLooksAtGuestListsAreAudited(t *testing.T) {
	e := newEnv(t)
	twoGuests(t, e)
	bc := itoa(e.id(`SELECT id FROM sites WHERE slug = 'vinh-xanh-bai-chay'`))
	ward := e.login("ca-baichay")
	wantStatus(t, ward.get("/police/accommodation/sites/"+bc), http.StatusOK)
	wantStatus(t, ward.get("/police/accommodation/suspicious"), http.StatusOK)
	if n := e.id(`SELECT count(*) FROM audit_log WHERE username = 'ca-baichay' AND action = 'site_guests' AND results = 1`); n != 1 {
		t.Fatalf("%d site-guest looks audited", n)
	}
	if n := e.id(`SELECT count(*) FROM audit_log WHERE username = 'ca-baichay' AND action = 'suspicious_scans'`); n != 1 {
		t.Fatalf("%d suspicious-list looks audited", n)
	}
}
