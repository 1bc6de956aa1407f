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
// stay_revisions, notifications and identity_records (migrations/00500)
// show, under every kind of scope, exactly the rows of the sites the scope
// shows (app_visible_sites(), which the policies read before), pin included;
// and nothing under an empty scope.
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
	tables := []string{"stays", "stay_revisions", "notifications", "identity_records"}
	for _, sc := range scopes {
		var visible string
		got := map[string]int64{}
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
			if sc.Empty() && got[tb] != 0 {
				t.Errorf("empty scope: %s shows %d rows", tb, got[tb])
			}
			if !sc.Empty() && sc.Pin != other && got[tb] == 0 {
				t.Errorf("scope %+v: %s shows no row at all, so the comparison proves nothing", sc, tb)
			}
		}
	}
}
