package province_test

import (
	"context"
	"os"
	"sort"
	"strconv"
	"testing"
	"time"

	"gorm.io/gorm"

	"portal06/app/database"
	"portal06/app/demo"
	"portal06/app/i18n"
	"portal06/app/kind"
	"portal06/app/portal"
	"portal06/app/province"
	"portal06/app/testdb"
	"portal06/policies"
)

func TestMain(m *testing.M) { testdb.Main(m, portal.Kinds().Migrations()...) }

// BenchmarkProvincePages loads a province-sized figure_days (by default
// 1,000 accommodation sites with a year of daily figures of every live
// indicator, PORTAL06_BENCH_SITES to change) and times what the overview
// and the drill-down pages ask of the database, reporting the p95. With
// PORTAL06_BENCH_DATABASE_URL (an owner's connection string) it runs on
// that database instead, e.g. one loaded by `portal06 seed scale`.
func BenchmarkProvincePages(b *testing.B) {
	sites := 1000
	if n, err := strconv.Atoi(os.Getenv("PORTAL06_BENCH_SITES")); err == nil && n > 0 {
		sites = n
	}
	ctx := context.Background()
	ks := portal.Kinds()
	var app *gorm.DB
	if url := os.Getenv("PORTAL06_BENCH_DATABASE_URL"); url != "" {
		// a database seeded by `portal06 seed scale` (its owner's connection
		// string; the pages run as the runtime role, as in the portal)
		var err error
		if app, err = database.OpenApp(ctx, url, ""); err != nil {
			b.Fatal(err)
		}
		var rows, stays int64
		app.Raw(`SELECT (SELECT reltuples::bigint FROM pg_class WHERE relname = 'figure_days'), (SELECT reltuples::bigint FROM pg_class WHERE relname = 'stays')`).
			Row().Scan(&rows, &stays)
		b.Logf("PORTAL06_BENCH_DATABASE_URL: figure_days holds about %d rows, stays about %d", rows, stays)
	} else {
		app = syntheticFigures(b, ctx, ks, sites)
	}
	bundle, err := i18n.NewBundle(ks.Messages()...)
	if err != nil {
		b.Fatal(err)
	}
	vi := bundle.For("vi")
	m := time.Date(time.Now().In(i18n.Zone).Year(), time.Now().In(i18n.Zone).Month(), 1, 0, 0, 0, 0, i18n.Zone)
	inTx := func(f func(tx *gorm.DB) error) {
		err := app.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
			if err := (policies.Scope{All: true}).Apply(tx, 0); err != nil {
				return err
			}
			return f(tx)
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	var prov province.Area
	var commune int64
	inTx(func(tx *gorm.DB) (err error) {
		prov, err = province.ProvinceArea(tx)
		if err != nil {
			return err
		}
		return tx.Raw(`SELECT id FROM areas WHERE code = '06706'`).Scan(&commune).Error
	})
	if os.Getenv("PORTAL06_BENCH_EXPLAIN") != "" {
		inTx(func(tx *gorm.DB) error {
			var plan []string
			from := m.Format("2006-01-02")
			to := m.AddDate(0, 1, 0).Format("2006-01-02")
			tx.Raw(`EXPLAIN ANALYZE SELECT s.id, s.name, x.num, x.den FROM (
				SELECT f.tenant_id, f.site_id, sum(f.num) AS num, sum(f.den) AS den FROM figure_days f
				WHERE f.indicator = ? AND f.day >= ? AND f.day < ? AND f.area_id IN (SELECT descendant_id FROM area_closure WHERE ancestor_id = ?)
				GROUP BY f.tenant_id, f.site_id) x
			JOIN sites s ON s.tenant_id = x.tenant_id AND s.id = x.site_id
			ORDER BY s.name, s.id LIMIT 50`, "acc.stays_on_time", from, to, commune).Scan(&plan)
			for _, l := range plan {
				b.Log(l)
			}
			return nil
		})
	}
	pages := []struct {
		name string
		run  func(tx *gorm.DB) error
	}{
		{"overview", func(tx *gorm.DB) error {
			inds, err := province.Indicators(tx, ks, vi)
			if err != nil {
				return err
			}
			// as the page does: the live values in one statement, the
			// reported ones' latest months in another
			var codes []string
			for _, ind := range inds {
				if !ind.Live {
					codes = append(codes, ind.Code)
				}
			}
			if _, err := province.LiveTotals(tx, inds, m, prov.ID); err != nil {
				return err
			}
			if _, err := province.LatestReportedAll(tx, codes, prov.ID, m); err != nil {
				return err
			}
			_, err = province.ListModels(tx)
			return err
		}},
		{"province_level", drill(ks, vi, m, prov.ID, prov.ID)},
		{"commune_level", drill(ks, vi, m, prov.ID, commune)},
	}
	for _, p := range pages {
		b.Run(p.name, func(b *testing.B) {
			var times []time.Duration
			for i := 0; i < b.N; i++ {
				start := time.Now()
				inTx(p.run)
				times = append(times, time.Since(start))
			}
			sort.Slice(times, func(i, j int) bool { return times[i] < times[j] })
			b.ReportMetric(float64(times[len(times)*95/100].Microseconds())/1000, "p95-ms")
		})
	}
}

// syntheticFigures loads a province-sized figure_days into a new test
// database and returns its runtime connection.
func syntheticFigures(b *testing.B, ctx context.Context, ks kind.Registry, sites int) *gorm.DB {
	d := testdb.New(b)
	owner, err := database.OpenGorm(ctx, d.OwnerURL)
	if err != nil {
		b.Fatal(err)
	}
	err = owner.Transaction(func(tx *gorm.DB) error {
		if err := demo.Seed(tx, ks.SiteKinds, ks.Names()); err != nil {
			return err
		}
		if err := ks.SeedDemo(tx); err != nil {
			return err
		}
		if err := tx.Exec(`INSERT INTO tenants (kind, slug, name, tax_code)
			SELECT 'accommodation', 'bench-' || g, 'Khách sạn thử ' || g, lpad(g::text, 10, '5') FROM generate_series(1, ?) g`, sites/10+1).Error; err != nil {
			return err
		}
		if err := tx.Exec(`INSERT INTO sites (tenant_id, slug, name, kind, area_id, address)
			SELECT t.id, 'site-' || g, t.name || ' cơ sở ' || g, 'hotel',
				(SELECT id FROM areas WHERE parent_id IS NOT NULL ORDER BY id OFFSET (g + t.id) % 12 LIMIT 1), 'Quảng Ninh'
			FROM tenants t CROSS JOIN generate_series(1, 10) g WHERE t.slug LIKE 'bench-%'`).Error; err != nil {
			return err
		}
		return tx.Exec(`INSERT INTO figure_days (tenant_id, indicator, site_id, day, area_id, num, den)
			SELECT s.tenant_id, i.code, s.id, day, s.area_id,
				CASE WHEN i.code = 'acc.sites_reporting' THEN 1 ELSE (s.id + extract(doy FROM day)::int) % 40 END,
				CASE WHEN i.code = 'acc.sites_reporting' THEN 1 ELSE 40 END
			FROM sites s JOIN tenants t ON t.id = s.tenant_id AND t.slug LIKE 'bench-%'
			CROSS JOIN (VALUES ('acc.stays_notified'), ('acc.stays_on_time'), ('acc.foreign_12h'), ('acc.trips_manifest')) i (code)
			CROSS JOIN generate_series(current_date - 365, current_date, interval '1 day') day
			UNION ALL
			SELECT s.tenant_id, 'acc.sites_reporting', s.id, current_date - 365 + (s.id % 300)::int, s.area_id, 1, 1
			FROM sites s JOIN tenants t ON t.id = s.tenant_id AND t.slug LIKE 'bench-%'`).Error
	})
	if err != nil {
		b.Fatal(err)
	}
	owner.Exec(`VACUUM ANALYZE`)
	var rows int64
	owner.Raw(`SELECT count(*) FROM figure_days`).Scan(&rows)
	b.Logf("figure_days holds %d rows for %d sites", rows, sites)
	return d.App
}

// drill is what an indicator's drill-down page asks at one level: the
// value, the 12-month trend, the areas below (province) or the first page
// of sites (commune).
func drill(ks interface{}, vi *i18n.Translator, m time.Time, prov, area int64) func(tx *gorm.DB) error {
	return func(tx *gorm.DB) error {
		inds, err := province.Indicators(tx, portal.Kinds(), vi)
		if err != nil {
			return err
		}
		ind, _ := province.Find(inds, "acc.stays_on_time")
		if _, err := province.Trend(tx, ind, m, area, nil); err != nil {
			return err
		}
		if _, err := province.Targets(tx, ind.Code, m.Year()); err != nil {
			return err
		}
		if area == prov {
			children, err := province.Children(tx, prov)
			if err != nil {
				return err
			}
			_, err = province.ChildValues(tx, ind, m, prov, children)
			return err
		}
		_, _, err = province.LiveSites(tx, ind, m, area, 1, 50)
		return err
	}
}
