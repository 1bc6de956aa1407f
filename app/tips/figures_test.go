package tips_test

import (
	"fmt"
	"math/rand"
	"net/http"
	"net/url"
	"strconv"
	"testing"
	"time"

	"portal06/app/tips"
)

// TestTipFiguresEqualARecount is a property test of the tips' rollups in
// figure_days: after the demo's tips (spread over past days) and a random
// run of tips sent through the public form (some from a site's poster, some
// for a ward only), status changes, closings, transfers and a site moving to
// another ward, every tips.* row of figure_days equals a direct recount
// over the tips themselves (tip_figures_recount), place by place and day
// by day, and the province's monthly rollup equals the days.
func TestTipFiguresEqualARecount(t *testing.T) {
	e := newEnv(t)
	e.asOwner(func(tx *gormDB) error { return tips.SeedDemo(tx) })
	seed := time.Now().UnixNano()
	rng := rand.New(rand.NewSource(seed))
	t.Logf("seed %d", seed)

	var sites []struct{ Slug, Tenant string }
	e.asOwner(func(tx *gormDB) error {
		return tx.Raw(`SELECT s.slug, t.slug AS tenant FROM sites s JOIN tenants t ON t.id = s.tenant_id ORDER BY s.id LIMIT 6`).Scan(&sites).Error
	})
	if len(sites) == 0 {
		t.Fatal("no demo sites")
	}
	var areas []string
	e.asOwner(func(tx *gormDB) error {
		return tx.Raw(`(SELECT code FROM areas WHERE code = '06703') UNION ALL
			(SELECT code FROM areas WHERE parent_id IS NOT NULL AND code <> '06703' ORDER BY id LIMIT 3)`).Scan(&areas).Error
	})
	if len(areas) < 2 {
		t.Fatalf("areas %v", areas)
	}
	for i := 0; i < 12; i++ {
		f := tipForm(fmt.Sprintf("Tin báo thử số %d về một vụ việc", i))
		f.Set("category", tips.Categories[rng.Intn(len(tips.Categories))])
		f.Set("area", areas[rng.Intn(len(areas))])
		if rng.Intn(2) == 0 {
			s := sites[rng.Intn(len(sites))]
			f.Set("site", s.Slug)
			f.Set("t", s.Tenant)
		}
		if _, res := e.client().sendTip(f); res.Status != http.StatusOK {
			t.Fatalf("send tip %d: %d %.800s", i, res.Status, res.Body)
		}
	}
	pc := e.login("pc06")
	var ids []int64
	e.asOwner(func(tx *gormDB) error { return tx.Raw(`SELECT id FROM tips ORDER BY id`).Scan(&ids).Error })
	for i := 0; i < 30; i++ {
		id := strconv.FormatInt(ids[rng.Intn(len(ids))], 10)
		var res response
		switch rng.Intn(4) {
		case 0, 1:
			st := []string{"received", "verifying", "closed"}[rng.Intn(3)]
			res = pc.post("/police/tips/"+id+"/status", url.Values{"status": {st}, "note": {"Kiểm tra"}})
		case 2:
			unit := []string{"CA-MAOKHE", "CA-BAICHAY"}[rng.Intn(2)]
			res = pc.post("/police/tips/"+id+"/transfer", url.Values{"unit": {unit}, "reason": {"Địa bàn khác"}})
		case 3:
			// a site moves to another ward and takes its figures with it
			e.asOwner(func(tx *gormDB) error {
				return tx.Exec(`UPDATE sites SET area_id = (SELECT id FROM areas WHERE code = ?) WHERE slug = ?`,
					areas[rng.Intn(len(areas))], sites[rng.Intn(len(sites))].Slug).Error
			})
			continue
		}
		// PC06 acts on what it holds; a tip it transferred away answers 403
		if res.Status != http.StatusSeeOther && res.Status != http.StatusForbidden && res.Status != http.StatusUnprocessableEntity {
			t.Fatalf("action on tip %s: %d %.500s", id, res.Status, res.Body)
		}
	}
	if n := e.int(`SELECT count(*) FROM tips WHERE closed_at IS NOT NULL`); n == 0 {
		t.Log("no tip closed in this run")
	}

	diff := func(what, q string) {
		t.Helper()
		if n := e.int(`SELECT count(*) FROM (` + q + `) d`); n != 0 {
			var rows []map[string]any
			e.asOwner(func(tx *gormDB) error { return tx.Raw(q + ` LIMIT 10`).Scan(&rows).Error })
			t.Errorf("%s: %d rows differ (seed %d): %v", what, n, seed, rows)
		}
	}
	// figure_days against the recount, both ways, with num and den
	diff("figure_days vs recount", `SELECT * FROM (
		(SELECT 'rollup' AS side,  indicator, tenant_id, site_id, area_id, day, round(num, 4) AS num, round(den, 4) AS den FROM figure_days WHERE indicator LIKE 'tips.%' AND (num <> 0 OR den <> 0)
		 EXCEPT SELECT 'rollup', indicator, tenant_id, site_id, area_id, day, round(num, 4) AS num, round(den, 4) AS den FROM tip_figures_recount())
		UNION ALL
		(SELECT 'recount', indicator, tenant_id, site_id, area_id, day, round(num, 4) AS num, round(den, 4) AS den FROM tip_figures_recount()
		 EXCEPT SELECT 'recount', indicator, tenant_id, site_id, area_id, day, round(num, 4) AS num, round(den, 4) AS den FROM figure_days WHERE indicator LIKE 'tips.%')) x`)
	// the monthly rollups the province reads hold the same sums
	diff("figure_months vs figure_days", `SELECT * FROM (
		SELECT indicator, area_id, date_trunc('month', day)::date AS month, round(sum(num), 4) AS num, round(sum(den), 4) AS den FROM figure_days
		WHERE indicator LIKE 'tips.%' GROUP BY 1, 2, 3
		EXCEPT SELECT indicator, area_id, month, round(num, 4), round(den, 4) FROM (SELECT indicator, area_id, month, sum(num) AS num, sum(den) AS den FROM figure_months GROUP BY 1, 2, 3) fm WHERE indicator LIKE 'tips.%' AND (num <> 0 OR den <> 0)) x`)
	if n := e.int(`SELECT count(*) FROM figure_days WHERE indicator LIKE 'tips.%' AND site_id IS NULL`); n == 0 {
		t.Error("no tip counted at an area without a site")
	}
	if n := e.int(`SELECT count(*) FROM figure_days WHERE indicator LIKE 'tips.%' AND site_id IS NOT NULL`); n == 0 {
		t.Error("no tip counted at its site")
	}
	if got, want := e.int(`SELECT sum(num)::bigint FROM figure_days WHERE indicator = 'tips.received'`), e.int(`SELECT count(*) FROM tips`); got != want {
		t.Errorf("tips.received sums %d, want %d tips", got, want)
	}
}
