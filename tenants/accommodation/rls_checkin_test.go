package accommodation_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"gorm.io/gorm"

	"portal06/policies"
)

// TestCheckinPoliciesShowWhatSitesShow: the cheaper policies of stays,
// stay_revisions, notifications and identity_records (migrations/00500,
// 00710) and of trips and suspicious scans (10110) show, under every kind of
// scope, exactly the rows of the sites the scope shows (app_visible_sites(),
// which the policies read before), pin included; and nothing under an
// empty scope. Each table is counted whole (the policy's EXISTS on sites
// planned hashed) and site by site (planned as a probe per row).
func TestCheckinPoliciesShowWhatSitesShow(t *testing.T) {
	e := newEnv(t)
	vx := e.id(`SELECT id FROM tenants WHERE slug = 'vinh-xanh'`)
	other := e.id(`SELECT id FROM tenants WHERE slug = 'ngoc-trai'`)
	site := e.id(`SELECT id FROM sites WHERE slug = 'vinh-xanh-bai-chay'`)
	var ward, province string
	e.asOwner(func(tx *gorm.DB) error {
		tx.Raw(`SELECT a.code FROM sites s JOIN areas a ON a.id = s.area_id WHERE s.id = ?`, site).Scan(&ward)
		return tx.Raw(`SELECT code FROM areas WHERE kind = 'province'`).Scan(&province).Error
	})
	// guests at two sites of the tenant, through the API (stay, revision,
	// notification, identity record)
	for i, at := range []string{"vinh-xanh-bai-chay", "vinh-xanh-hong-gai"} {
		body := strings.Replace(strings.Replace(stayBody(""), "vinh-xanh-bai-chay", at, 1), "022095001234", fmt.Sprintf("02209500777%d", i), 1)
		if r := e.api("POST", "/api/v1/stays", "demo-token-vinh-xanh", body); r.Status != http.StatusCreated {
			t.Fatalf("check-in at %s: %d %.300s", at, r.Status, r.Body)
		}
	}
	if n := e.id(`SELECT count(*) FROM stays WHERE tenant_id <> ?`, vx); n == 0 {
		t.Fatal("the demo has no stays of other tenants to hide")
	}
	scopes := []policies.Scope{
		{Tenants: []int64{vx}, Pin: vx},
		{Tenants: []int64{vx}},
		{Sites: []int64{site}, Pin: vx},
		{Sites: []int64{site}, Pin: other},
		{Areas: []string{ward}},
		{Areas: []string{province}},
		{Areas: []string{ward}, Pin: vx},
		{Tenants: []int64{other}, Sites: []int64{site}},
		{All: true},
		{All: true, Pin: vx},
		{},
	}
	tables := []string{"stays", "stay_revisions", "notifications", "identity_records", "trips", "suspicious_scans"}
	// a suspicious scan and a trip at the tenant's site and at another tenant's
	e.asOwner(func(tx *gorm.DB) error {
		two := `FROM sites WHERE id IN (?, (SELECT min(s.id) FROM sites s JOIN tenants t ON t.id = s.tenant_id
			WHERE t.kind = 'accommodation' AND s.tenant_id <> ?))`
		if err := tx.Exec(`INSERT INTO suspicious_scans (tenant_id, site_id, doc_number, full_name, reasons, raw)
			SELECT tenant_id, id, '022095009999', 'Thử Nghiệm', '{test}', 'x' `+two, site, vx).Error; err != nil {
			t.Fatal(err)
		}
		if err := tx.Exec(`INSERT INTO trips (tenant_id, site_id, route, departs_at, vehicle)
			SELECT tenant_id, id, 'Bãi Cháy – Mỹ Đình', now(), '14B-000.01' `+two, site, vx).Error; err != nil {
			t.Fatal(err)
		}
		return nil
	})
	type pair struct{ Tenant, Site int64 }
	var pairs []pair
	e.asOwner(func(tx *gorm.DB) error {
		return tx.Raw(`SELECT tenant_id AS tenant, id AS site FROM sites ORDER BY id`).Scan(&pairs).Error
	})
	for _, sc := range scopes {
		var visible string
		got := map[string]int64{}
		perSite := map[string]int64{}
		err := e.DB.App.Transaction(func(tx *gorm.DB) error {
			if err := sc.Apply(tx, 0); err != nil {
				return err
			}
			if err := tx.Raw(`SELECT array_to_string(app_visible_sites(), ',')`).Row().Scan(&visible); err != nil {
				return err
			}
			for _, tb := range tables {
				var n int64
				if err := tx.Raw(`SELECT count(*) FROM ` + tb).Scan(&n).Error; err != nil {
					return err
				}
				got[tb] = n
				for _, p := range pairs {
					if err := tx.Raw(`SELECT count(*) FROM `+tb+` WHERE tenant_id = ? AND site_id = ?`, p.Tenant, p.Site).Scan(&n).Error; err != nil {
						return err
					}
					perSite[tb] += n
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		for _, tb := range tables {
			pin := "TRUE"
			if sc.Pin > 0 {
				pin = fmt.Sprintf("tenant_id = %d", sc.Pin)
			}
			want := e.id(`SELECT count(*) FROM `+tb+` WHERE `+pin+` AND (? OR site_id = ANY (string_to_array(?, ',')::bigint[]))`, sc.All, visible)
			if got[tb] != want {
				t.Errorf("scope %+v: %s shows %d rows, the sites it shows hold %d", sc, tb, got[tb], want)
			}
			if perSite[tb] != want {
				t.Errorf("scope %+v: %s shows %d rows counted site by site, the sites it shows hold %d", sc, tb, perSite[tb], want)
			}
			if sc.Empty() && got[tb] != 0 {
				t.Errorf("empty scope: %s shows %d rows", tb, got[tb])
			}
			if !sc.Empty() && sc.Pin != other && got[tb] == 0 {
				t.Errorf("scope %+v: %s shows no row at all, so the comparison proves nothing", sc, tb)
			}
		}
	}
}
