package province_test

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"reflect"
	"testing"
	"time"

	"gorm.io/gorm"

	"portal06/app/demo"
	"portal06/app/i18n"
	"portal06/app/portal"
	"portal06/app/province"
	"portal06/app/store"
	"portal06/app/testdb"
	"portal06/policies"
)

// siteCountsOff counts the rows of area_site_counts that differ from a
// recount of the sites, or are rows of no site.
const siteCountsOff = `SELECT count(*) FROM (SELECT area_id, kind, count(*) AS n FROM sites GROUP BY 1, 2) s
	FULL JOIN area_site_counts c USING (area_id, kind) WHERE s.n IS DISTINCT FROM c.sites`

// TestOverviewMatchesARecount: every figure the overview reads in its one
// statement equals a recount over the raw rows (the sites, the days of
// figure_days, the reported values, the targets) and what the functions
// it replaced read, after sites are added, moved, changed in kind and
// removed, in one statement and in several, by the runtime role and by
// a loader with the triggers of replication off.
func TestOverviewMatchesARecount(t *testing.T) {
	d := testdb.New(t)
	ks := portal.Kinds()
	d.Seed(t, func(tx *gorm.DB) error {
		if err := demo.Seed(tx, ks.SiteKinds, ks.Names()); err != nil {
			return err
		}
		return ks.SeedDemo(tx)
	})
	owner := d.OwnerAll(t)
	exec := func(q string, args ...any) {
		t.Helper()
		if _, err := owner.Exec(q, args...); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	if n := testdb.Count(t, owner, siteCountsOff); n != 0 {
		t.Fatalf("after the demo, %d counts of sites by area and kind differ from a recount", n)
	}
	m := time.Date(time.Now().In(i18n.Zone).Year(), time.Now().In(i18n.Zone).Month(), 1, 0, 0, 0, 0, i18n.Zone)
	// a target, a reported value of last month and one corrected
	exec(`INSERT INTO indicator_targets (indicator, year, area_id, target) SELECT code, $1, (SELECT id FROM areas WHERE parent_id IS NULL), 42.5
		FROM indicators WHERE source = 'reported' ORDER BY code LIMIT 1 ON CONFLICT DO NOTHING`, m.Year())
	exec(`INSERT INTO indicator_targets (indicator, year, area_id, target) VALUES ('acc.stays_on_time', $1, (SELECT id FROM areas WHERE parent_id IS NULL), 90)
		ON CONFLICT DO NOTHING`, m.Year())

	// sites added in one statement, moved, changed in kind, removed
	tenant := func(kind string) int64 {
		return int64(testdb.Count(t, owner, `SELECT id FROM tenants WHERE kind = $1 ORDER BY id LIMIT 1`, kind))
	}
	acc := tenant("accommodation")
	exec(`INSERT INTO sites (tenant_id, slug, name, kind, area_id, address)
		SELECT $1, 'count-' || g, 'Cơ sở đếm ' || g, CASE WHEN g % 2 = 0 THEN 'hotel' ELSE 'homestay' END,
			(SELECT id FROM areas WHERE parent_id IS NOT NULL ORDER BY id OFFSET g % 12 LIMIT 1), 'Quảng Ninh'
		FROM generate_series(1, 30) g`, acc)
	exec(`UPDATE sites SET area_id = (SELECT id FROM areas WHERE parent_id IS NOT NULL ORDER BY id DESC LIMIT 1)
		WHERE slug IN ('count-1', 'count-2', 'count-3')`)
	exec(`UPDATE sites SET kind = 'hostel' WHERE slug = 'count-4'`)
	exec(`UPDATE sites SET name = name || ' (mới)' WHERE slug LIKE 'count-%'`) // no count changes
	exec(`DELETE FROM sites WHERE slug IN ('count-5', 'count-6')`)
	if n := testdb.Count(t, owner, siteCountsOff); n != 0 {
		t.Fatalf("after sites were added, moved and removed, %d counts differ from a recount", n)
	}
	// a loader with replication's triggers off (seed scale) still counts
	ltx, err := d.Super(t).Begin()
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{`SET LOCAL session_replication_role = replica`,
		`INSERT INTO sites (tenant_id, slug, name, kind, area_id, address) SELECT tenant_id, 'bulk-' || id, name || ' B', kind, area_id, address
			FROM sites WHERE slug LIKE 'count-%'`} {
		if _, err := ltx.Exec(q); err != nil {
			ltx.Rollback()
			t.Fatalf("%s: %v", q, err)
		}
	}
	if err := ltx.Commit(); err != nil {
		t.Fatal(err)
	}
	if n := testdb.Count(t, owner, siteCountsOff); n != 0 {
		t.Fatalf("after a load with session_replication_role = replica, %d counts differ from a recount", n)
	}

	bundle, err := i18n.NewBundle(ks.Messages()...)
	if err != nil {
		t.Fatal(err)
	}
	vi := bundle.For("vi")
	var got province.OverviewFigures
	var models []province.Model
	var inds []province.Indicator
	var targets map[string]float64
	var live map[string]province.Sum
	var latest map[string]province.Reported
	var cells []store.AreaKindCount
	var prov province.Area
	var byArea map[string]map[int64]province.Sum
	trends := map[string][]province.Sum{}
	err = d.App.WithContext(context.Background()).Transaction(func(tx *gorm.DB) error {
		if err := (policies.Scope{All: true}).Apply(tx, 0); err != nil {
			return err
		}
		if got, err = province.LoadOverview(tx, ks, vi, m); err != nil {
			return err
		}
		// what the page read before, one statement each
		if models, err = province.ListModels(tx); err != nil {
			return err
		}
		if inds, err = province.Indicators(tx, ks, vi); err != nil {
			return err
		}
		if prov, err = province.ProvinceArea(tx); err != nil {
			return err
		}
		if targets, err = province.ProvinceTargets(tx, m.Year(), prov.ID); err != nil {
			return err
		}
		if live, err = province.LiveTotals(tx, inds, m, prov.ID); err != nil {
			return err
		}
		var codes []string
		for _, ind := range inds {
			if !ind.Live {
				codes = append(codes, ind.Code)
			}
		}
		if latest, err = province.LatestReportedAll(tx, codes, prov.ID, m); err != nil {
			return err
		}
		if cells, err = store.SitesByAreaAndSiteKind(tx); err != nil {
			return err
		}
		// the drill-down's province level: each commune's value, the trend
		if byArea, err = province.LiveByAreaAll(tx, inds, m, prov.ID); err != nil {
			return err
		}
		for _, ind := range inds {
			if ind.Live {
				if trends[ind.Code], err = province.LiveTrend(tx, ind, m, prov.ID, nil); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}

	if got.Province != prov.ID {
		t.Errorf("province %d, want %d", got.Province, prov.ID)
	}
	if len(got.Models) != 45 || len(got.Models) != len(models) {
		t.Fatalf("%d models, want %d", len(got.Models), len(models))
	}
	for i, w := range models {
		g := got.Models[i]
		if g.No != w.No || g.Grp != w.Grp || g.NameVi != w.NameVi || g.NameEn != w.NameEn || g.LeadAgency != w.LeadAgency ||
			g.Status != w.Status || g.FedBy != w.FedBy || !sameDay(g.Since(), w.Since()) || !sameDay(g.PlannedOn, w.PlannedOn) ||
			!sameDay(g.PilotingOn, w.PilotingOn) || !sameDay(g.DeployedOn, w.DeployedOn) {
			t.Errorf("model %d: overview %+v, ListModels %+v", w.No, g, w)
		}
	}
	if !reflect.DeepEqual(got.Indicators, inds) {
		t.Errorf("indicators differ:\n%+v\n%+v", got.Indicators, inds)
	}
	if len(got.Targets) == 0 || !reflect.DeepEqual(got.Targets, targets) {
		t.Errorf("targets %v, want %v", got.Targets, targets)
	}
	if len(got.Reported) == 0 || !reflect.DeepEqual(got.Reported, latest) {
		t.Errorf("reported %v, want %v", got.Reported, latest)
	}
	if !reflect.DeepEqual(got.Live, live) {
		t.Errorf("live values %v, want %v", got.Live, live)
	}
	if !reflect.DeepEqual(got.Sites, cells) {
		t.Errorf("sites by commune %v, want %v", got.Sites, cells)
	}

	// and a recount over the raw rows
	recountLive(t, owner, got, inds, m)
	recountReported(t, owner, got, prov.ID, m)
	recountSites(t, owner, got)
	recountDrillDown(t, owner, inds, m, byArea, trends)

	// every site of an area removed: its counts go, and so can the area
	area := testdb.Count(t, owner, `SELECT id FROM areas WHERE parent_id IS NOT NULL ORDER BY id DESC LIMIT 1`)
	exec(`INSERT INTO areas (code, name, kind, parent_id) VALUES ('99999', 'Xã Thử', 'commune', (SELECT id FROM areas WHERE parent_id IS NULL))`)
	exec(`UPDATE sites SET area_id = (SELECT id FROM areas WHERE code = '99999') WHERE area_id = $1 AND slug LIKE 'count-%'`, area)
	if n := testdb.Count(t, owner, siteCountsOff); n != 0 {
		t.Fatalf("after sites moved to a new area, %d counts differ from a recount", n)
	}
	exec(`DELETE FROM sites WHERE area_id = (SELECT id FROM areas WHERE code = '99999')`)
	if n := testdb.Count(t, owner, siteCountsOff); n != 0 {
		t.Fatalf("after an area's sites were removed, %d counts differ from a recount", n)
	}
	exec(`DELETE FROM areas WHERE code = '99999'`)
}

// recountDrillDown sums each live indicator's days in figure_days by
// commune (the month; a stock's days up to its end) and by month of the
// twelve ending with m (a stock's running total), as the drill-down shows.
func recountDrillDown(t *testing.T, owner *sql.DB, inds []province.Indicator, m time.Time, byArea map[string]map[int64]province.Sum,
	trends map[string][]province.Sum) {
	t.Helper()
	compared := 0
	for _, ind := range inds {
		if !ind.Live {
			continue
		}
		from := periodStart(ind, m)
		rows, err := owner.Query(`SELECT top.id, sum(f.num), sum(f.den) FROM figure_days f
			JOIN area_closure c ON c.descendant_id = f.area_id
			JOIN areas top ON top.id = c.ancestor_id AND top.parent_id = (SELECT id FROM areas WHERE parent_id IS NULL)
			WHERE f.indicator = $1 AND f.day >= $2 AND f.day < $3 GROUP BY 1`, ind.Code, from, m.AddDate(0, 1, 0).Format("2006-01-02"))
		if err != nil {
			t.Fatal(err)
		}
		want := map[int64]province.Sum{}
		for rows.Next() {
			var s province.Sum
			if err := rows.Scan(&s.ID, &s.Num, &s.Den); err != nil {
				t.Fatal(err)
			}
			want[s.ID] = s
		}
		rows.Close()
		got := byArea[ind.Code]
		for id, w := range want {
			if g := got[id]; math.Abs(g.Num-w.Num) > 1e-9 || math.Abs(g.Den-w.Den) > 1e-9 {
				t.Errorf("%s in area %d: the drill-down has %v/%v, a recount of figure_days %v/%v", ind.Code, id, g.Num, g.Den, w.Num, w.Den)
			}
			compared++
		}
		for id, g := range got {
			if _, ok := want[id]; !ok && (g.Num != 0 || g.Den != 0) {
				t.Errorf("%s in area %d: the drill-down has %v/%v, figure_days nothing", ind.Code, id, g.Num, g.Den)
			}
		}
		// the trend: month i of 12 ending with m
		for i, g := range trends[ind.Code] {
			mo := m.AddDate(0, i-11, 0)
			lo := mo.Format("2006-01-02")
			if ind.Stock {
				lo = "2000-01-01"
			}
			var num, den float64
			err := owner.QueryRow(`SELECT coalesce(sum(num), 0), coalesce(sum(den), 0) FROM figure_days WHERE indicator = $1 AND day >= $2 AND day < $3`,
				ind.Code, lo, mo.AddDate(0, 1, 0).Format("2006-01-02")).Scan(&num, &den)
			if err != nil {
				t.Fatal(err)
			}
			if math.Abs(g.Num-num) > 1e-9 || math.Abs(g.Den-den) > 1e-9 {
				t.Errorf("%s, %s: the trend has %v/%v, a recount of figure_days %v/%v", ind.Code, mo.Format("01/2006"), g.Num, g.Den, num, den)
			}
			if num != 0 {
				compared++
			}
		}
	}
	if compared == 0 {
		t.Error("the drill-down's recount compared nothing")
	}
}

func sameDay(a, b *time.Time) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	return a.Equal(*b)
}

// recountLive sums each live indicator's days in figure_days over the
// province: a flow's month, a stock's days up to the month's end.
func recountLive(t *testing.T, owner *sql.DB, got province.OverviewFigures, inds []province.Indicator, m time.Time) {
	t.Helper()
	seen := 0
	for _, ind := range inds {
		if !ind.Live {
			continue
		}
		from := periodStart(ind, m)
		var rows int
		var num, den float64
		err := owner.QueryRow(`SELECT count(*), coalesce(sum(num), 0), coalesce(sum(den), 0) FROM figure_days
			WHERE indicator = $1 AND day >= $2 AND day < $3`, ind.Code, from, m.AddDate(0, 1, 0).Format("2006-01-02")).Scan(&rows, &num, &den)
		if err != nil {
			t.Fatal(err)
		}
		g, ok := got.Live[ind.Code]
		if rows == 0 {
			if ok && (g.Num != 0 || g.Den != 0) {
				t.Errorf("%s: the overview has %v/%v, figure_days nothing", ind.Code, g.Num, g.Den)
			}
			continue
		}
		seen++
		if !ok || math.Abs(g.Num-num) > 1e-9 || math.Abs(g.Den-den) > 1e-9 {
			t.Errorf("%s: the overview has %v/%v, a recount of figure_days %v/%v", ind.Code, g.Num, g.Den, num, den)
		}
	}
	if seen == 0 {
		t.Error("no live indicator has figures this month: the recount compared nothing")
	}
}

// recountReported reads each reported indicator's latest current value.
func recountReported(t *testing.T, owner *sql.DB, got province.OverviewFigures, prov int64, m time.Time) {
	t.Helper()
	rows, err := owner.Query(`SELECT code FROM indicators WHERE source = 'reported'`)
	if err != nil {
		t.Fatal(err)
	}
	var codes []string
	for rows.Next() {
		var c string
		rows.Scan(&c)
		codes = append(codes, c)
	}
	rows.Close()
	for _, code := range codes {
		var month time.Time
		var v float64
		err := owner.QueryRow(`SELECT month, value FROM reported_values WHERE indicator = $1 AND area_id = $2 AND month <= $3
			AND replaced_at IS NULL AND month = (SELECT max(month) FROM reported_values WHERE indicator = $1 AND area_id = $2
			AND month <= $3 AND replaced_at IS NULL)`, code, prov, m.Format("2006-01-02")).Scan(&month, &v)
		g, ok := got.Reported[code]
		switch {
		case err == sql.ErrNoRows:
			if ok {
				t.Errorf("%s: the overview has %v, there is no value", code, g)
			}
		case err != nil:
			t.Fatal(err)
		case !ok || g.Value != v || !g.Month.Equal(month):
			t.Errorf("%s: the overview has %v, the rows %v of %v", code, g, v, month)
		}
	}
}

// recountSites counts the sites under each area below the province, by
// the site's kind.
func recountSites(t *testing.T, owner *sql.DB, got province.OverviewFigures) {
	t.Helper()
	rows, err := owner.Query(`SELECT top.id, s.kind, count(*) FROM sites s
		JOIN area_closure c ON c.descendant_id = s.area_id
		JOIN areas top ON top.id = c.ancestor_id AND top.parent_id = (SELECT id FROM areas WHERE parent_id IS NULL)
		GROUP BY 1, 2`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	want := map[string]int64{}
	for rows.Next() {
		var area int64
		var kind string
		var n int64
		if err := rows.Scan(&area, &kind, &n); err != nil {
			t.Fatal(err)
		}
		want[fmt.Sprint(area, "/", kind)] = n
	}
	have := map[string]int64{}
	areas := map[int64]bool{}
	for _, c := range got.Sites {
		areas[c.AreaID] = true
		if c.Count != 0 {
			have[fmt.Sprint(c.AreaID, "/", c.Kind)] += c.Count
		}
	}
	if len(want) == 0 || !reflect.DeepEqual(have, want) {
		t.Errorf("sites by area and kind: overview %v, recount %v", have, want)
	}
	if n := testdb.Count(t, owner, `SELECT count(*) FROM areas WHERE parent_id = (SELECT id FROM areas WHERE parent_id IS NULL)`); len(areas) != n {
		t.Errorf("the overview lists %d communes, want %d", len(areas), n)
	}
}

// periodStart is the first day an indicator's value for month m counts:
// the month's first for a flow, every day before for a stock.
func periodStart(ind province.Indicator, m time.Time) string {
	if ind.Stock {
		return "2000-01-01"
	}
	return m.Format("2006-01-02")
}
