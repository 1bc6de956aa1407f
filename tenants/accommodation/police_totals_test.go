package accommodation_test

import (
	"fmt"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"gorm.io/gorm"
)

var (
	tableRe = regexp.MustCompile(`(?s)<table class="list" id="([a-z-]+)">.*?<tbody>(.*?)</tbody>`)
	rowRe   = regexp.MustCompile(`(?s)<tr>(.*?)</tr>`)
	cellRe  = regexp.MustCompile(`(?s)<td[^>]*>(.*?)</td>`)
	tagRe   = regexp.MustCompile(`<[^>]+>`)
	nextRe  = regexp.MustCompile(`<a href="([^"]+)" rel="next">`)
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
	// 60 more guesthouses over five areas: the sites take three pages
	err := e.asOwner(func(tx *gorm.DB) error {
		return tx.Exec(`INSERT INTO sites (tenant_id, slug, name, kind, area_id, address)
			SELECT t.id, 'thu-' || g, 'Nhà nghỉ thử ' || g, 'guesthouse',
				(SELECT a.id FROM areas a WHERE a.parent_id IS NOT NULL ORDER BY a.id OFFSET g % 5 LIMIT 1), 'Số ' || g
			FROM tenants t, generate_series(1, 60) g WHERE t.slug = 'vinh-xanh'`).Error
	})
	if err != nil {
		t.Fatal(err)
	}
	pc06 := e.login("pc06")
	num := func(s string) int64 {
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			t.Fatalf("not a number: %q", s)
		}
		return n
	}
	// every page of sites, followed by its "next" link: the sites are not
	// counted, and each page shows the totals over all of them, which are
	// the sums of the sites' figures
	walk := func(start string) (sums []int64, sites, pages int) {
		sums = make([]int64, 5)
		var totals []string
		seen := map[string]bool{}
		for path := start; path != ""; pages++ {
			res := pc06.get(path)
			wantStatus(t, res, http.StatusOK)
			tb := tables(res.Body)
			if len(tb["totals"]) != 1 || len(tb["police-sites"]) == 0 || len(tb["police-sites"]) > 25 {
				t.Fatalf("%s: totals %v, %d sites", path, tb["totals"], len(tb["police-sites"]))
			}
			if totals != nil && strings.Join(tb["totals"][0], " ") != strings.Join(totals, " ") {
				t.Errorf("%s: totals %v, on the first page %v", path, tb["totals"][0], totals)
			}
			totals = tb["totals"][0]
			for _, row := range tb["police-sites"] {
				sites++
				if seen[row[0]] {
					t.Errorf("%s: %s again", path, row[0])
				}
				seen[row[0]] = true
				for i := range sums {
					sums[i] += num(row[3+i])
				}
			}
			path = ""
			if m := nextRe.FindStringSubmatch(res.Body); m != nil {
				path = strings.ReplaceAll(m[1], "&amp;", "&")
			}
			if pages > 50 {
				t.Fatal("the pages never end")
			}
		}
		for i, s := range totals {
			if num(s) != sums[i] {
				t.Errorf("%s: total %d is %s, the sites' sum %d", start, i, s, sums[i])
			}
		}
		return sums, sites, pages
	}
	sums, sites, pages := walk("/police/accommodation")
	inScope := e.id(`SELECT count(*) FROM sites WHERE kind IN ('hotel', 'guesthouse', 'homestay', 'cruise', 'bus')`)
	if int64(sites) != inScope || pages != 3 {
		t.Errorf("%d sites on %d pages, %d accommodation sites in the province", sites, pages, inScope)
	}
	// one ward's: the guests of its sites only
	ward := e.id(`SELECT a.code::bigint FROM sites s JOIN areas a ON a.id = s.area_id WHERE s.slug = 'vinh-xanh-bai-chay'`)
	code := fmt.Sprintf("%05d", ward) // a ward's code has five digits
	wardSums, wardSites, _ := walk("/police/accommodation?area=" + code)
	inWard := e.id(`SELECT count(*) FROM stays st JOIN sites s ON s.tenant_id = st.tenant_id AND s.id = st.site_id
		JOIN areas a ON a.id = s.area_id WHERE st.status = 'open' AND a.code = $1 AND s.kind IN ('hotel', 'guesthouse', 'homestay', 'cruise', 'bus')`,
		code)
	if wardSites == 0 || wardSites >= sites || wardSums[0] != inWard || inWard == 0 {
		t.Errorf("ward %d: %d sites, %d guests; %d open stays there", ward, wardSites, wardSums[0], inWard)
	}
	open := e.id(`SELECT count(*) FROM stays st JOIN sites s ON s.tenant_id = st.tenant_id AND s.id = st.site_id
		WHERE st.status = 'open' AND s.kind IN ('hotel', 'guesthouse', 'homestay', 'cruise', 'bus')`)
	if open == 0 || sums[0] != open {
		t.Errorf("guests staying: %d on the page, %d open stays", sums[0], open)
	}
}
