package portal_test

import (
	"net/http"
	"net/url"
	"regexp"
	"sort"
	"strings"
	"testing"
)

// TestNoRouteAnswers500ToJunk walks every route the server has, as several
// roles, with junk path ids, query strings and form values: each answer
// must be a refusal or a page, never a server error.
func TestNoRouteAnswers500ToJunk(t *testing.T) {
	e := newEnv(t)
	twoGuests(t, e)
	param := regexp.MustCompile(`:[a-z]+`)
	junkIDs := []string{"abc", "-1", "0", "99999999999999999999", "1"}
	junkForm := url.Values{}
	for _, f := range []string{"q", "purpose", "name", "slug", "kind", "tax_code", "area_id", "address", "username", "full_name",
		"password", "role", "unit_id", "tenant", "sites", "code", "parent_id", "ptype", "values", "room", "document_type",
		"document_number", "birth_date", "sex", "nationality", "arrival", "expected_departure", "reason", "cancel_reason",
		"field", "value", "id_qr", "mrz", "trip_id", "route", "departs_at", "vehicle", "doc_type", "doc_number", "note",
		"do", "area", "tenant_id", "lang", "next", "g_room", "g_document_number", "g_full_name", "from", "to"} {
		junkForm.Set(f, "'; DROP TABLE x;--\x00<script>|||%_\\")
	}
	junkForm.Add("g_room", "2")
	var keys []string
	for k := range e.srv.Routes() {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, user := range []string{"admin", "ks-owner", "pc06", ""} {
		var c *client
		if user == "" {
			c = e.client()
			c.get("/login")
		} else {
			c = e.login(user)
		}
		for _, key := range keys {
			method, path, _ := strings.Cut(key, " ")
			if strings.HasSuffix(path, "/events") || path == "/logout" || strings.Contains(path, "*") {
				continue // streams never end; logout would end the session
			}
			for _, id := range junkIDs {
				p := param.ReplaceAllStringFunc(path, func(s string) string {
					if s == ":slug" {
						return "vinh-xanh"
					}
					return id
				})
				var res response
				if method == http.MethodGet {
					res = c.get(p + "?page=-5&from=31/02&to=x&q=%25&area=zz&kind=%00&ptype=q&officer=%27&person=x")
				} else {
					res = c.post(p, junkForm)
				}
				if res.Status >= 500 {
					t.Errorf("%s: %s %s answered %d: %.300s", user, method, p, res.Status, res.Body)
				}
			}
		}
	}
}
