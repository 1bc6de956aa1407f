package apartment_test

import (
	"context"
	"sort"
	"strings"
	"testing"
	"time"

	"gorm.io/gorm"

	"portal06/app/database"
	"portal06/app/demo"
	"portal06/app/portal"
	"portal06/app/testdb"
	"portal06/policies"
	"portal06/tenants/apartment"
)

func TestMain(m *testing.M) { testdb.Main(m, portal.Kinds().Migrations()...) }

// bigBlock is Hồng Gai Tower filled with 3,000 flats and 10,000 residents.
type bigBlock struct {
	db           *testdb.DB
	tenant, site int64
}

func newBigBlock(b *testing.B) bigBlock {
	d := testdb.New(b)
	owner, err := database.OpenGorm(context.Background(), d.OwnerURL)
	if err != nil {
		b.Fatal(err)
	}
	defer func() {
		if s, err := owner.DB(); err == nil {
			s.Close()
		}
	}()
	w := bigBlock{db: d}
	err = owner.Transaction(func(tx *gorm.DB) error {
		ks := portal.Kinds()
		if err := demo.Seed(tx, ks.SiteKinds, ks.Names()); err != nil {
			return err
		}
		if w.tenant, w.site, err = demo.SiteID(tx, "chung-cu-hong-gai-tower", "hong-gai-tower"); err != nil {
			return err
		}
		if err := (policies.Scope{All: true}).Apply(tx, 0); err != nil {
			return err
		}
		steps := []string{
			`INSERT INTO apt_buildings (tenant_id, site_id, code, name) SELECT @t, @s, b, 'Tòa ' || b FROM unnest(ARRAY['A','B','C']) b`,
			`INSERT INTO apt_units (tenant_id, site_id, building_id, code, floor, capacity)
				SELECT @t, @s, bl.id, bl.code || '-' || lpad(f::text, 2, '0') || lpad(n::text, 2, '0'), f, 4
				FROM apt_buildings bl, generate_series(1, 40) f, generate_series(1, 25) n WHERE bl.tenant_id = @t AND bl.site_id = @s`,
			`INSERT INTO apt_residents (tenant_id, site_id, unit_id, doc_type, doc_number, full_name, name_fold, birth_date, sex, nationality,
					relation, residence_type, move_in, tamtru_status, tamtru_dossier, tamtru_until, source)
				SELECT @t, @s, u.id, 'cccd', '0221' || lpad(g::text, 8, '0'), 'Nguyễn Thị Cư Dân ' || g, 'nguyen thi cu dan ' || g,
					'1990-01-01', 'F', 'VNM', CASE WHEN g % 3 = 0 THEN 'head' ELSE 'child' END,
					(ARRAY['permanent','temporary','long_stay','permanent'])[1 + g % 4], current_date - (g % 400),
					(ARRAY['not_needed','due','registered','not_needed'])[1 + g % 4],
					'', CASE WHEN g % 4 = 2 THEN current_date + (g % 60) - 20 END, 'demo'
				FROM generate_series(1, 10000) g
				JOIN (SELECT id, row_number() OVER (ORDER BY id) AS rn FROM apt_units WHERE tenant_id = @t AND site_id = @s) u ON u.rn = 1 + g % 3000`,
			`ANALYZE apt_units`, `ANALYZE apt_residents`,
		}
		for _, q := range steps {
			var args []any
			if strings.Contains(q, "@t") {
				args = append(args, map[string]any{"t": w.tenant, "s": w.site})
			}
			if err := tx.Exec(q, args...).Error; err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	return w
}

// BenchmarkBigBlock runs the manager's board and lists on a block of 3,000
// flats and 10,000 residents, as the request's scope sees them, and reports
// the 95th percentile in milliseconds (the goal: under 150).
func BenchmarkBigBlock(b *testing.B) {
	w := newBigBlock(b)
	scope := policies.Scope{Tenants: []int64{w.tenant}, Pin: w.tenant}
	now := time.Now()
	cases := []struct {
		name string
		f    func(tx *gorm.DB) error
	}{
		{"board", func(tx *gorm.DB) error {
			if _, err := apartment.Occupancy(tx, w.tenant, w.site); err != nil {
				return err
			}
			if _, err := apartment.Counts(tx, w.tenant, w.site, now); err != nil {
				return err
			}
			for _, st := range []string{apartment.StateDue, apartment.StateExpiring, apartment.StateOverdue} {
				if _, _, err := apartment.ListResidents(tx, w.tenant, apartment.ResidentFilter{SiteID: w.site, Tamtru: st, Today: now, NoCount: true}, 1, 10); err != nil {
					return err
				}
			}
			if _, err := apartment.Tonight(tx, w.tenant, w.site, 50); err != nil {
				return err
			}
			_, _, err := apartment.OnTime(tx, w.tenant, w.site, now)
			return err
		}},
		{"residents_first_page", func(tx *gorm.DB) error {
			_, _, err := apartment.ListResidents(tx, w.tenant, apartment.ResidentFilter{SiteID: w.site, Today: now}, 1, 25)
			return err
		}},
		{"residents_page_200", func(tx *gorm.DB) error {
			_, _, err := apartment.ListResidents(tx, w.tenant, apartment.ResidentFilter{SiteID: w.site, Today: now}, 200, 25)
			return err
		}},
		{"residents_name", func(tx *gorm.DB) error {
			_, _, err := apartment.ListResidents(tx, w.tenant, apartment.ResidentFilter{SiteID: w.site, Q: "cu dan 4321", Today: now}, 1, 25)
			return err
		}},
		{"residents_overdue_page", func(tx *gorm.DB) error {
			_, _, err := apartment.ListResidents(tx, w.tenant, apartment.ResidentFilter{SiteID: w.site, Tamtru: apartment.StateOverdue, Today: now}, 3, 25)
			return err
		}},
		{"units_page", func(tx *gorm.DB) error {
			_, _, err := apartment.ListUnits(tx, w.tenant, apartment.UnitFilter{SiteID: w.site}, 60, 25)
			return err
		}},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			times := make([]time.Duration, 0, b.N)
			for i := 0; i < b.N; i++ {
				start := time.Now()
				err := w.db.App.WithContext(context.Background()).Transaction(func(tx *gorm.DB) error {
					if err := scope.Apply(tx, 0); err != nil {
						return err
					}
					return c.f(tx)
				})
				if err != nil {
					b.Fatal(err)
				}
				times = append(times, time.Since(start))
			}
			sort.Slice(times, func(i, j int) bool { return times[i] < times[j] })
			p95 := times[(len(times)*95)/100]
			b.ReportMetric(float64(p95.Microseconds())/1000, "p95-ms")
		})
	}
}
