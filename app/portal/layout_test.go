package portal_test

import (
	"net/http"
	"net/url"
	"regexp"
	"testing"
)

var currentRe = regexp.MustCompile(`<a href="([^"]*)" aria-current="page">`)

// current is the link the menu marks as the current place.
func current(t *testing.T, r response) string {
	t.Helper()
	m := currentRe.FindAllStringSubmatch(r.Body, -1)
	if len(m) != 1 {
		t.Fatalf("status %d: %d menu entries marked current", r.Status, len(m))
	}
	return m[0][1]
}

// TestMenuMarksThePlaceOfThePage: the site's check-in, group, pair and board
// pages and the police person history mark their own menu entry.
func TestMenuMarksThePlaceOfThePage(t *testing.T) {
	e := newEnv(t)
	twoGuests(t, e)
	site := "/t/vinh-xanh/sites/" + itoa(e.id(`SELECT id FROM sites WHERE slug = 'vinh-xanh-bai-chay'`))
	c := e.login("ks-owner")
	for path, want := range map[string]string{
		site + "/checkin": "/t/vinh-xanh/checkin", site + "/group": "/t/vinh-xanh/checkin", site + "/pair": "/t/vinh-xanh/checkin",
		site + "/board": "/t/vinh-xanh/stays", "/t/vinh-xanh/stays": "/t/vinh-xanh/stays", "/t/vinh-xanh/": "/t/vinh-xanh/",
		"/t/vinh-xanh/tokens": "/t/vinh-xanh/tokens",
	} {
		res := c.get(path)
		wantStatus(t, res, http.StatusOK)
		if got := current(t, res); got != want {
			t.Errorf("%s marks %s, want %s", path, got, want)
		}
	}
	ward := e.login("ca-baichay")
	res := ward.post("/police/person", url.Values{"doc_type": {"cccd"}, "doc_number": {"022095001234"}, "purpose": {"Vụ việc 1"}})
	wantStatus(t, res, http.StatusOK)
	if got := current(t, res); got != "/police/search" {
		t.Errorf("the person history marks %s", got)
	}
	if got := current(t, ward.get("/police/accommodation/compliance")); got != "/police/accommodation/compliance" {
		t.Errorf("compliance marks %s", got)
	}
}
