package portal_test

import (
	"net/http"
	"net/url"
	"testing"

	"gorm.io/gorm"

	"portal06/app/tips"
)

// TestTipsAuthorizationMatrix asks every tip route, as each role, for tips
// inside and outside the user's jurisdiction: a unit outside the place gets
// 404 as if the tip did not exist, non-police roles 403, and a site's
// poster exists only for its tenant.
func TestTipsAuthorizationMatrix(t *testing.T) {
	e := newEnv(t)
	if err := e.asOwner(func(tx *gorm.DB) error { return tips.SeedDemo(tx) }); err != nil {
		t.Fatal(err)
	}
	bc := itoa(e.id(`SELECT t.id FROM tips t JOIN areas a ON a.id = t.area_id WHERE a.code = '06703' AND NOT t.names_person ORDER BY t.id LIMIT 1`))
	mk := itoa(e.id(`SELECT t.id FROM tips t JOIN areas a ON a.id = t.area_id WHERE a.code = '07093' AND NOT t.names_person ORDER BY t.id LIMIT 1`))
	if err := e.asOwner(func(tx *gorm.DB) error {
		return tx.Exec(`INSERT INTO tip_photos (tip_id, n, content_type, data) VALUES (?, 1, 'image/png', '\x89504e47'::bytea), (?, 1, 'image/png', '\x89504e47'::bytea)`, bc, mk).Error
	}); err != nil {
		t.Fatal(err)
	}
	bcSite := itoa(e.id(`SELECT id FROM sites WHERE slug = 'vinh-xanh-bai-chay'`))

	type probe struct {
		name, method, path string
		form               url.Values
		place              string // "bc", "mk" or "" (no particular tip)
		ok                 int    // the answer when allowed
	}
	bad := url.Values{"status": {"not-a-status"}}
	probes := []probe{
		{"inbox", "GET", "/police/tips", nil, "", 200},
		{"figures", "GET", "/police/tips/figures", nil, "", 200},
		{"tip BC", "GET", "/police/tips/" + bc, nil, "bc", 200},
		{"tip MK", "GET", "/police/tips/" + mk, nil, "mk", 200},
		{"photo BC", "GET", "/police/tips/" + bc + "/photos/1", nil, "bc", 200},
		{"photo MK", "GET", "/police/tips/" + mk + "/photos/1", nil, "mk", 200},
		{"status BC", "POST", "/police/tips/" + bc + "/status", bad, "bc", 422},
		{"assign MK", "POST", "/police/tips/" + mk + "/assign", url.Values{"officer": {"999999"}}, "mk", 422},
		{"transfer BC", "POST", "/police/tips/" + bc + "/transfer", url.Values{"unit": {""}, "reason": {""}}, "bc", 422},
		{"link MK", "POST", "/police/tips/" + mk + "/link", url.Values{"doc_type": {"cccd"}, "doc_number": {"x"}}, "mk", 422},
		{"open BC", "POST", "/police/tips/" + bc + "/open", url.Values{"purpose": {""}}, "bc", 422},
		{"guessed id", "GET", "/police/tips/99999999", nil, "none", 200},
	}
	type user struct {
		name   string
		police bool
		places map[string]bool
	}
	users := []user{
		{"pc06", true, map[string]bool{"bc": true, "mk": true}},
		{"ca-baichay", true, map[string]bool{"bc": true}},
		{"ca-maokhe", true, map[string]bool{"mk": true}},
		{"ks-owner", false, nil}, {"ks-letan", false, nil}, {"cc-manager", false, nil}, {"cho-board", false, nil},
		{"congchung", false, nil}, {"tinh", false, nil}, {"admin", false, nil},
	}
	for _, u := range users {
		c := e.login(u.name)
		for _, p := range probes {
			want := p.ok
			switch {
			case !u.police:
				want = http.StatusForbidden
			case p.place != "" && !u.places[p.place]:
				want = http.StatusNotFound
			}
			var res response
			if p.method == "GET" {
				res = c.get(p.path)
			} else {
				res = c.post(p.path, p.form)
			}
			if res.Status != want {
				t.Errorf("%-10s %-12s %s %s: %d, want %d", u.name, p.name, p.method, p.path, res.Status, want)
			}
		}
		poster := c.get("/t/vinh-xanh/sites/" + bcSite + "/tip-poster")
		want := http.StatusNotFound
		switch u.name {
		case "ks-owner", "ks-letan", "admin":
			want = http.StatusOK
		}
		if poster.Status != want {
			t.Errorf("%-10s poster: %d, want %d", u.name, poster.Status, want)
		}
		if res := c.get("/tip"); res.Status != http.StatusOK {
			t.Errorf("%-10s /tip: %d", u.name, res.Status)
		}
	}
	anon := e.client()
	for _, p := range probes {
		if p.method == "GET" {
			if res := anon.get(p.path); res.Status != http.StatusSeeOther {
				t.Errorf("anonymous %s: %d, want a redirect to sign in", p.path, res.Status)
			}
		}
	}
}
