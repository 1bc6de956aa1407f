package accommodation_test

import (
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

var (
	tableRe = regexp.MustCompile(`(?s)<table class="list" id="([a-z-]+)">.*?<tbody>(.*?)</tbody>`)
	rowRe   = regexp.MustCompile(`(?s)<tr>(.*?)</tr>`)
	cellRe  = regexp.MustCompile(`(?s)<td[^>]*>(.*?)</td>`)
	tagRe   = regexp.MustCompile(`<[^>]+>`)
)

// tables reads the cells of each list table of a page, by its id.
func tables(body string) map[string][][]string {
	out := map[string][][]string{}
	for _, t := range tableRe.FindAllStringSubmatch(body, -1) {
		for _, r := range rowRe.FindAllStringSubmatch(t[2], -1) {
			var row []string
			for _, c := range cellRe.FindAllStringSubmatch(r[1], -1) {
				row = append(row, strings.TrimSpace(tagRe.ReplaceAllString(c[1], "")))
			}
			out[t[1]] = append(out[t[1]], row)
		}
	}
	return out
}

// TestPoliceDashboardTotals checks that the dashboard's totals, read apart
// from its page of sites, are the sums of the sites' figures and that guests
// staying match the stays open at accommodation sites.
func TestPoliceDashboardTotals(t *testing.T) {
	e := newEnv(t)
	twoGuests(t, e)
	res := e.login("pc06").get("/police/accommodation")
	wantStatus(t, res, http.StatusOK)
	tb := tables(res.Body)
	if len(tb["totals"]) != 1 || len(tb["police-sites"]) == 0 {
		t.Fatalf("totals %v, %d sites", tb["totals"], len(tb["police-sites"]))
	}
	num := func(s string) int64 {
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			t.Fatalf("not a number: %q", s)
		}
		return n
	}
	sums := make([]int64, 5)
	for _, row := range tb["police-sites"] {
		for i := range sums {
			sums[i] += num(row[3+i])
		}
	}
	for i, s := range tb["totals"][0] {
		if num(s) != sums[i] {
			t.Errorf("total %d is %s, the sites' sum %d", i, s, sums[i])
		}
	}
	open := e.id(`SELECT count(*) FROM stays st JOIN sites s ON s.tenant_id = st.tenant_id AND s.id = st.site_id
		WHERE st.status = 'open' AND s.kind IN ('hotel', 'guesthouse', 'homestay', 'cruise', 'bus')`)
	if open == 0 || sums[0] != open {
		t.Errorf("guests staying: %d on the page, %d open stays", sums[0], open)
	}
}
