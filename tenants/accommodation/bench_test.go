package accommodation_test

import (
	"context"
	"testing"

	"gorm.io/gorm"

	"portal06/app/database"
	"portal06/app/demo"
	"portal06/app/portal"
	"portal06/app/testdb"
	"portal06/policies"
	"portal06/tenants/accommodation"
)

// benchWorld is a demo database with one tenant's site to fill.
type benchWorld struct {
	db           *testdb.DB
	tenant, site int64
}

func newBenchWorld(b *testing.B) benchWorld {
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
	w := benchWorld{db: d}
	err = owner.Transaction(func(tx *gorm.DB) error {
		ks := portal.Kinds()
		if err := demo.Seed(tx, ks.SiteKinds, ks.Names()); err != nil {
			return err
		}
		w.tenant, w.site, err = demo.SiteID(tx, "vinh-xanh", "vinh-xanh-bai-chay")
		return err
	})
	if err != nil {
		b.Fatal(err)
	}
	return w
}

// BenchmarkListStays pages and searches 5000 stays with the request's scope
// in SQL: the cost must not grow with loading the table into Go.
func BenchmarkListStays(b *testing.B) {
	w := newBenchWorld(b)
	err := w.db.App.Transaction(func(tx *gorm.DB) error {
		if err := (policies.Scope{All: true}).Apply(tx, 0); err != nil {
			return err
		}
		return tx.Exec(`INSERT INTO stays (tenant_id, site_id, room, doc_type, doc_number, full_name, name_fold, birth_date, sex,
				nationality, arrival_at, expected_departure, reason, deadline_at, source)
			SELECT ?, ?, (100 + g % 50)::text, 'cccd', lpad(g::text, 12, '0'), 'Nguyễn Văn ' || g, 'nguyen van ' || g, '1990-01-01', 'M',
				'VNM', now() - make_interval(mins => g), current_date + 1, 'Du lịch', now(), 'api'
			FROM generate_series(1, 5000) g`, w.tenant, w.site).Error
	})
	if err != nil {
		b.Fatal(err)
	}
	scope := policies.Scope{Tenants: []int64{w.tenant}, Pin: w.tenant}
	for _, c := range []struct {
		name string
		f    accommodation.StayFilter
	}{
		{"page", accommodation.StayFilter{}},
		{"name", accommodation.StayFilter{Q: "nguyen van 4321"}},
		{"number", accommodation.StayFilter{Q: "000000004321"}},
		{"board", accommodation.StayFilter{SiteID: w.site, OpenOnly: true}},
	} {
		b.Run(c.name, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				err := w.db.App.WithContext(context.Background()).Transaction(func(tx *gorm.DB) error {
					if err := scope.Apply(tx, 0); err != nil {
						return err
					}
					_, _, err := accommodation.ListStays(tx, w.tenant, c.f, accommodation.Cursor{}, 25)
					return err
				})
				if err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
