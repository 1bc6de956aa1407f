package portal_test

import (
	"net/http"
	"net/url"
	"testing"
)

// TestAuthorizationMatrix signs in as each police and tenant role and asks
// every route that shows personal data for ids inside and outside the
// user's reach; each cell must be the expected allow, 403 or 404.
func TestAuthorizationMatrix(t *testing.T) {
	e := newEnv(t)
	twoGuests(t, e)
	bcSite := itoa(e.id(`SELECT id FROM sites WHERE slug = 'vinh-xanh-bai-chay'`))
	hgSite := itoa(e.id(`SELECT id FROM sites WHERE slug = 'vinh-xanh-hong-gai'`))
	bcStay := itoa(e.id(`SELECT st.id FROM stays st JOIN sites s ON s.id = st.site_id WHERE s.slug = 'vinh-xanh-bai-chay'`))
	hgStay := itoa(e.id(`SELECT st.id FROM stays st JOIN sites s ON s.id = st.site_id WHERE s.slug = 'vinh-xanh-hong-gai'`))

	type probe struct {
		name   string
		method string
		path   string
		form   url.Values
		place  string // "bc" (Bãi Cháy), "hg" (Hồng Gai) or "" (no particular site)
		police bool   // a police route, or a tenant route of vinh-xanh
	}
	person := func(number string) url.Values {
		return url.Values{"doc_type": {"cccd"}, "doc_number": {number}, "purpose": {"Kiểm tra ma trận"}}
	}
	probes := []probe{
		{"police site BC", "GET", "/police/accommodation/sites/" + bcSite, nil, "bc", true},
		{"police site HG", "GET", "/police/accommodation/sites/" + hgSite, nil, "hg", true},
		{"person BC", "POST", "/police/person", person("022095001234"), "bc", true},
		{"person HG", "POST", "/police/person", person("022088005522"), "hg", true},
		{"police dashboard", "GET", "/police/accommodation", nil, "", true},
		{"suspicious scans", "GET", "/police/accommodation/suspicious", nil, "", true},
		{"compliance", "GET", "/police/accommodation/compliance", nil, "", true},
		{"search form", "GET", "/police/search", nil, "", true},
		{"stay BC", "GET", "/t/vinh-xanh/stays/" + bcStay, nil, "bc", false},
		{"stay HG", "GET", "/t/vinh-xanh/stays/" + hgStay, nil, "hg", false},
		{"board BC", "GET", "/t/vinh-xanh/sites/" + bcSite + "/board", nil, "bc", false},
		{"register HG", "GET", "/t/vinh-xanh/sites/" + hgSite + "/register.xlsx", nil, "hg", false},
		{"stays list", "GET", "/t/vinh-xanh/stays", nil, "", false},
		{"pending export", "GET", "/t/vinh-xanh/notifications/pending.xlsx", nil, "", false},
	}
	// reach says which places each user's grants cover, and what they are.
	type user struct {
		name    string
		police  bool
		places  map[string]bool // police jurisdiction
		member  bool            // a member of vinh-xanh (all sites)
		isAdmin bool
	}
	users := []user{
		{name: "pc06", police: true, places: map[string]bool{"bc": true, "hg": true}},
		{name: "ca-baichay", police: true, places: map[string]bool{"bc": true}},
		{name: "ca-maokhe", police: true, places: map[string]bool{}},
		{name: "ks-owner", member: true},
		{name: "ks-letan", member: true},
		{name: "cc-manager"},
		{name: "cho-board"},
		{name: "congchung"},
		{name: "tinh"},
		{name: "admin", isAdmin: true},
	}
	for _, u := range users {
		c := e.login(u.name)
		for _, p := range probes {
			want := http.StatusOK
			switch {
			case p.police && !u.police:
				want = http.StatusForbidden // no police role: refused before any data
			case p.police && p.place != "" && !u.places[p.place]:
				want = http.StatusNotFound // outside the jurisdiction: as if it did not exist
			case !p.police && u.isAdmin:
				want = http.StatusForbidden // the admin has no accommodation permissions
			case !p.police && !u.member:
				want = http.StatusNotFound // another tenant's pages do not exist for them
			}
			var res response
			if p.method == "GET" {
				res = c.get(p.path)
			} else {
				res = c.post(p.path, p.form)
			}
			if res.Status != want {
				t.Errorf("%-10s %-18s %s %s: %d, want %d", u.name, p.name, p.method, p.path, res.Status, want)
			}
		}
	}
	if !t.Failed() {
		t.Logf("%d users × %d routes checked", len(users), len(probes))
	}
}
