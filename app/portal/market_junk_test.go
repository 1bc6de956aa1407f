package portal_test

import (
	"net/http"
	"net/url"
	"regexp"
	"sort"
	"strings"
	"testing"
)

// TestMarketRoutesRefuseJunk walks every market route as the board (junk
// ids, queries and forms: never a 500) and, with the ids of the board's own
// records, as members of other tenants (always a refusal).
func TestMarketRoutesRefuseJunk(t *testing.T) {
	e := newEnv(t)
	stall := fmtInt(e.id(`SELECT st.id FROM stalls st JOIN tenants t ON t.id = st.tenant_id WHERE t.slug = 'cho-mao-khe' LIMIT 1`))
	bill := fmtInt(e.id(`SELECT b.id FROM market_bills b JOIN tenants t ON t.id = b.tenant_id WHERE t.slug = 'cho-mao-khe' LIMIT 1`))
	site := fmtInt(e.id(`SELECT id FROM sites WHERE slug = 'cho-mao-khe'`))
	junk := url.Values{}
	for _, f := range []string{"site", "code", "zone", "category", "fee_class", "holder_name", "holder_phone", "holder_id", "bank_bin",
		"account", "card", "payload", "accepts", "method", "amount_1", "amount_2", "amount_3", "class", "fee_bin", "fee_account", "year", "percent"} {
		junk.Set(f, "'; DROP TABLE x;--\x00<script>|||%_\\"+strings.Repeat("ẞ", 300))
	}
	param := regexp.MustCompile(`:[a-z]+`)
	var keys []string
	for k, r := range e.Srv.Routes() {
		if r.Kind == "market" || strings.HasPrefix(r.Path, "/province/markets") {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	if len(keys) < 20 {
		t.Fatalf("only %d market routes", len(keys))
	}
	board := e.login("cho-board")
	for _, key := range keys {
		method, path, _ := strings.Cut(key, " ")
		for _, id := range []string{"abc", "-1", "0", "99999999999999999999", stall} {
			p := param.ReplaceAllStringFunc(path, func(s string) string {
				if s == ":slug" {
					return "cho-mao-khe"
				}
				return id
			})
			var res response
			if method == http.MethodGet {
				res = board.get(p + "?page=-5&site=x&zone=%00&q=%25&month=9999-99&noqr=1&size=99999&status=zz")
			} else {
				res = board.post(p, junk)
			}
			if res.Status >= 500 {
				t.Errorf("%s %s answered %d: %.300s", method, p, res.Status, res.Body)
			}
		}
	}
	// members of other tenants, and the police, get nothing of Mạo Khê's
	for _, user := range []string{"ks-owner", "cc-manager", "ca-maokhe"} {
		c := e.login(user)
		for _, key := range keys {
			method, path, _ := strings.Cut(key, " ")
			if strings.HasPrefix(path, "/province") {
				continue
			}
			p := strings.NewReplacer(":slug", "cho-mao-khe", ":id", stall, ":site", site).Replace(path)
			if strings.HasPrefix(path, "/t/:slug/fees/:id") {
				p = strings.Replace(path, ":id", bill, 1)
				p = strings.Replace(p, ":slug", "cho-mao-khe", 1)
			}
			var res response
			if method == http.MethodGet {
				res = c.get(p)
			} else {
				res = c.post(p, url.Values{"method": {"qr"}, "accepts": {"yes"}, "class": {"2"}})
			}
			if res.Status != http.StatusForbidden && res.Status != http.StatusNotFound {
				t.Errorf("%s: %s %s answered %d", user, method, p, res.Status)
			}
		}
	}
	// nothing the junk or the outsiders sent was saved
	if n := e.id(`SELECT count(*) FROM stalls WHERE code LIKE '%DROP%' OR holder_name LIKE '%DROP%'`); n != 0 {
		t.Fatalf("%d junk stalls saved", n)
	}
}
