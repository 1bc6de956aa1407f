package accommodation_test

import (
	"net/http"
	"strings"
	"testing"

	"gorm.io/gorm"
)

// TestCheckinNotificationNamesItsSite checks what stay_check_in completes
// in a check-in's notification from the site (migration 00761 reads it with
// the site, the tenant's slug from the site's copy of it): the site's code,
// name, address and area, and the stay's id; that a second check-in of the
// same guest answers the open stay and adds nothing; and that a tenant's
// new slug reaches its sites, and so the next notification.
func TestCheckinNotificationNamesItsSite(t *testing.T) {
	e := newEnv(t)
	const tok = "demo-token-vinh-xanh"
	type named struct {
		Code, Name, Address, Area string
		StayID                    int64
	}
	payload := func(stay int64) (got, want named) {
		t.Helper()
		err := e.asOwner(func(tx *gorm.DB) error {
			if err := tx.Raw(`SELECT n.payload->>'site_code' AS code, n.payload->>'site_name' AS name,
					n.payload->>'site_address' AS address, n.payload->>'area_code' AS area, (n.payload->>'stay_id')::bigint AS stay_id
				FROM notifications n WHERE n.stay_id = ? AND n.event = 'check_in'`, stay).Scan(&got).Error; err != nil {
				return err
			}
			return tx.Raw(`SELECT t.slug || '/' || s.slug AS code, s.name, s.address, a.code AS area, st.id AS stay_id
				FROM stays st JOIN sites s ON s.id = st.site_id JOIN tenants t ON t.id = s.tenant_id JOIN areas a ON a.id = s.area_id
				WHERE st.id = ?`, stay).Scan(&want).Error
		})
		if err != nil {
			t.Fatal(err)
		}
		return got, want
	}

	r := e.api("POST", "/api/v1/stays", tok, stayBody(""))
	wantStatus(t, r, http.StatusCreated)
	stay := int64(decode(t, r)["id"].(float64))
	got, want := payload(stay)
	if got != want || want.Code != "vinh-xanh/vinh-xanh-bai-chay" || want.Area == "" {
		t.Fatalf("the notification names %+v, want %+v", got, want)
	}

	// The same guest again: the open stay, and no second notification.
	again := e.api("POST", "/api/v1/stays", tok, stayBody(""))
	wantStatus(t, again, http.StatusOK)
	if id := int64(decode(t, again)["id"].(float64)); id != stay {
		t.Fatalf("a second check-in of a staying guest answered stay %d, want %d", id, stay)
	}
	if n := e.id(`SELECT count(*) FROM notifications WHERE stay_id = ?`, stay); n != 1 {
		t.Fatalf("%d notifications for one stay", n)
	}

	// A tenant's new slug is its sites' at once, and the next check-in's.
	if err := e.asOwner(func(tx *gorm.DB) error {
		return tx.Exec(`UPDATE tenants SET slug = 'vinh-xanh-2' WHERE slug = 'vinh-xanh'`).Error
	}); err != nil {
		t.Fatal(err)
	}
	if n := e.id(`SELECT count(*) FROM sites s JOIN tenants t ON t.id = s.tenant_id WHERE s.tenant_slug <> t.slug`); n != 0 {
		t.Fatalf("%d sites do not carry their tenant's slug", n)
	}
	if n := e.id(`SELECT count(*) FROM sites WHERE tenant_slug = 'vinh-xanh-2'`); n == 0 {
		t.Fatal("no site carries the tenant's new slug")
	}
	r = e.api("POST", "/api/v1/stays", tok, strings.Replace(stayBody(""), "022095001234", "022095004321", 1))
	wantStatus(t, r, http.StatusCreated)
	next := int64(decode(t, r)["id"].(float64))
	if got, want := payload(next); got != want || want.Code != "vinh-xanh-2/vinh-xanh-bai-chay" {
		t.Fatalf("after the new slug the notification names %+v, want %+v", got, want)
	}
}
