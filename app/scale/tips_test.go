package scale_test

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"gorm.io/gorm"

	"portal06/app/demo"
	"portal06/app/portal"
	"portal06/app/scale"
	"portal06/app/testdb"
)

// TestLoadOthers: tips, residents and stalls load through Load (the kinds'
// seeders), twice, with progress lines; the tips' rollups equal
// tip_figures_recount, figure_months equal figure_days, and an item no
// kind claims is skipped.
func TestLoadOthers(t *testing.T) {
	d := testdb.New(t)
	ctx := context.Background()
	ks := portal.Kinds()
	d.Seed(t, func(tx *gorm.DB) error {
		if err := demo.Seed(tx, ks.SiteKinds, ks.Names()); err != nil {
			return err
		}
		return ks.SeedDemo(tx)
	})
	db := d.OwnerAll(t)
	count := func(q string) int { t.Helper(); return testdb.Count(t, db, q) }
	demoTips := count(`SELECT count(*) FROM tips`)
	for run := 1; run <= 2; run++ {
		var out bytes.Buffer
		if err := scale.Load(ctx, d.OwnerURL, scale.Options{Tips: 300, Residents: 200, Stalls: 150, Seeders: ks.ScaleSeeders()}, &out); err != nil {
			t.Fatalf("run %d: %v\n%s", run, err, out.String())
		}
		for _, want := range []string{"tips: 300/300 (100%)", "residents: 200/200 (100%)", "stalls: 150/150 (100%)"} {
			if !strings.Contains(out.String(), want) {
				t.Errorf("run %d: no %q in\n%s", run, want, out.String())
			}
		}
		if n := count(`SELECT count(*) FROM tips`) - demoTips; n != 300*run {
			t.Errorf("run %d: %d tips loaded", run, n)
		}
	}
	checks := []struct{ name, q string }{
		{"tips over the months", `SELECT CASE WHEN count(DISTINCT date_trunc('month', created_at)) >= 12 AND count(DISTINCT area_id) > 10
			AND count(*) FILTER (WHERE site_id IS NOT NULL) > 0 AND count(DISTINCT status) = 3 THEN 0 ELSE 1 END FROM tips`},
		{"tips routed", `SELECT count(*) FROM tips t WHERE NOT EXISTS (SELECT 1 FROM tip_units u WHERE u.tip_id = t.id AND u.until IS NULL)`},
		{"tips received", `SELECT count(*) FROM tips t WHERE NOT EXISTS (SELECT 1 FROM tip_events e WHERE e.tip_id = t.id AND e.action = 'received')`},
		{"tip times in order", `SELECT count(*) FROM tips WHERE first_response_at < created_at OR closed_at < first_response_at OR closed_at > now()
			OR (status = 'closed') <> (closed_at IS NOT NULL) OR (status = 'received') <> (first_response_at IS NULL)`},
		{"tip of a site elsewhere", `SELECT count(*) FROM tips t JOIN sites s ON s.tenant_id = t.site_tenant_id AND s.id = t.site_id WHERE s.area_id <> t.area_id`},
		// (an area's row has neither tenant nor site: 0 stands for them in the join)
		{"tips' rollups", `SELECT count(*) FROM (SELECT indicator, coalesce(tenant_id, 0) AS t, coalesce(site_id, 0) AS s, area_id, day,
			  sum(num) AS num, sum(den) AS den FROM figure_days WHERE indicator LIKE 'tips.%' GROUP BY 1, 2, 3, 4, 5
			  HAVING sum(num) <> 0 OR sum(den) <> 0) f
			FULL JOIN (SELECT indicator, coalesce(tenant_id, 0) AS t, coalesce(site_id, 0) AS s, area_id, day, num, den FROM tip_figures_recount()) r
			  USING (indicator, t, s, area_id, day)
			WHERE f.num IS DISTINCT FROM r.num OR f.den IS DISTINCT FROM r.den`},
		{"figure_months", testdb.MonthsOffDays("%")},
		{"residents", `SELECT count(*) - 400 FROM apt_residents r JOIN tenants t ON t.id = r.tenant_id WHERE t.slug LIKE 'scale-apt-%'`},
		{"stalls", `SELECT count(*) - 300 FROM stalls r JOIN tenants t ON t.id = r.tenant_id WHERE t.slug LIKE 'scale-cho-%'`},
	}
	for _, c := range checks {
		if n := count(c.q); n != 0 {
			t.Errorf("%s: %d off", c.name, n)
		}
	}
	// a portal whose kinds load no residents skips them
	var out bytes.Buffer
	if err := scale.Load(ctx, d.OwnerURL, scale.Options{Residents: 5}, &out); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "residents: no tenant kind of this portal loads them: skipped") {
		t.Errorf("an unclaimed item: %s", out.String())
	}
}
