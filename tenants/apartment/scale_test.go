package apartment_test

import (
	"context"
	"database/sql"
	"io"
	"testing"
	"time"

	"gorm.io/gorm"

	"portal06/app/demo"
	"portal06/app/kind"
	"portal06/app/portal"
	"portal06/app/testdb"
	"portal06/tenants/apartment"
)

// seededDB is a test database with the demo data of every kind, and an
// owner connection that sees every row.
func seededDB(t *testing.T) (*testdb.DB, *sql.DB) {
	t.Helper()
	d := testdb.New(t)
	ks := portal.Kinds()
	d.Seed(t, func(tx *gorm.DB) error {
		if err := demo.Seed(tx, ks.SiteKinds, ks.Names()); err != nil {
			return err
		}
		return ks.SeedDemo(tx)
	})
	return d, d.OwnerAll(t)
}

// count runs a query that answers one number.
func count(t *testing.T, db *sql.DB, q string, args ...any) int {
	t.Helper()
	var n int
	if err := db.QueryRow(q, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return n
}

// TestSeedScale: a scale load of residents, twice, keeps the province's
// figures equal to a recount over the residents (today and on past days),
// figure_months equal to figure_days, every row within its tenant, and a
// second load adds rather than collides.
func TestSeedScale(t *testing.T) {
	d, db := seededDB(t)
	k := apartment.New()
	now := time.Now()
	for run := 1; run <= 2; run++ {
		if err := k.SeedScale(context.Background(), kind.ScaleJob{Item: "residents", N: 2000, OwnerURL: d.OwnerURL, Now: now, Out: io.Discard}); err != nil {
			t.Fatalf("run %d: %v", run, err)
		}
		if n := count(t, db, `SELECT count(*) FROM apt_residents r JOIN tenants t ON t.id = r.tenant_id WHERE t.slug LIKE 'scale-apt-%'`); n != 2000*run {
			t.Fatalf("run %d: %d scale residents, want %d", run, n, 2000*run)
		}
	}
	scale := `t.slug LIKE 'scale-apt-%'`
	checks := []struct {
		name string
		q    string
	}{
		{"wards covered", `SELECT CASE WHEN count(DISTINCT s.area_id) >= least(20, (SELECT count(*) FROM areas WHERE kind <> 'province')) THEN 0 ELSE 1 END
			FROM sites s JOIN tenants t ON t.id = s.tenant_id WHERE ` + scale},
		{"both kinds of site", `SELECT 2 - count(DISTINCT s.kind) FROM sites s JOIN tenants t ON t.id = s.tenant_id WHERE ` + scale},
		{"moved out and tạm trú mixes", `SELECT CASE WHEN count(*) FILTER (WHERE move_out IS NOT NULL) > 0 AND count(*) FILTER (WHERE residence_type = 'permanent') > 0
			AND count(*) FILTER (WHERE tamtru_status = 'due' AND move_out IS NULL) > 0 AND count(*) FILTER (WHERE tamtru_status = 'registered') > 0 THEN 0 ELSE 1 END
			FROM apt_residents r JOIN tenants t ON t.id = r.tenant_id WHERE ` + scale},
		// the rollups against a recount, per site, over every apartment site
		{"residents registered", `SELECT count(*) FROM (
			SELECT s.tenant_id, s.id, coalesce((SELECT sum(num) FROM figure_days f WHERE f.tenant_id = s.tenant_id AND f.site_id = s.id AND f.indicator = 'apt.residents'), 0) AS fig,
			  (SELECT count(*) FROM apt_residents r WHERE r.tenant_id = s.tenant_id AND r.site_id = s.id AND r.move_out IS NULL) AS raw
			FROM sites s JOIN tenants t ON t.id = s.tenant_id WHERE t.kind = 'apartment') x WHERE fig <> raw`},
		{"tạm trú backlog", `SELECT count(*) FROM (
			SELECT coalesce((SELECT sum(num) FROM figure_days f WHERE f.tenant_id = s.tenant_id AND f.site_id = s.id AND f.indicator = 'apt.tamtru_backlog'), 0) AS fig,
			  (SELECT count(*) FROM apt_residents r WHERE r.tenant_id = s.tenant_id AND r.site_id = s.id AND r.move_out IS NULL
			     AND r.residence_type <> 'permanent' AND r.tamtru_status = 'due') AS raw
			FROM sites s JOIN tenants t ON t.id = s.tenant_id WHERE t.kind = 'apartment') x WHERE fig <> raw`},
		{"sites using the portal", `SELECT count(*) FROM (
			SELECT coalesce((SELECT sum(num) FROM figure_days f WHERE f.tenant_id = s.tenant_id AND f.site_id = s.id AND f.indicator = 'apt.sites_using'), 0) AS fig,
			  (SELECT count(*) FROM (SELECT 1 FROM apt_units u WHERE u.tenant_id = s.tenant_id AND u.site_id = s.id LIMIT 1) u) AS raw
			FROM sites s JOIN tenants t ON t.id = s.tenant_id WHERE t.kind = 'apartment') x WHERE fig <> raw`},
		{"boarding-house twins", `SELECT count(*) FROM (
			SELECT f.indicator, f.site_id, f.day, f.num, b.num AS twin FROM figure_days f JOIN sites s ON s.tenant_id = f.tenant_id AND s.id = f.site_id
			LEFT JOIN figure_days b ON b.tenant_id = f.tenant_id AND b.site_id = f.site_id AND b.day = f.day
			  AND b.indicator = replace(f.indicator, 'apt.', 'apt.bh_')
			WHERE s.kind = 'boarding_house' AND f.indicator IN ('apt.residents', 'apt.tamtru_backlog', 'apt.sites_using')) x
			WHERE twin IS DISTINCT FROM num`},
		{"no twins of blocks", `SELECT count(*) FROM figure_days f JOIN sites s ON s.tenant_id = f.tenant_id AND s.id = f.site_id
			WHERE s.kind <> 'boarding_house' AND f.indicator LIKE 'apt.bh_%'`},
		// the history: the level on past days is who lived there then
		{"residents on past days", `SELECT count(*) FROM (SELECT current_date - 900 + 97 * i AS d FROM generate_series(0, 9) i) g WHERE
			(SELECT coalesce(sum(num), 0) FROM figure_days f JOIN tenants t ON t.id = f.tenant_id WHERE ` + scale + ` AND f.indicator = 'apt.residents' AND f.day <= d)
			<> (SELECT count(*) FROM apt_residents r JOIN tenants t ON t.id = r.tenant_id WHERE ` + scale + ` AND r.move_in <= d AND (r.move_out IS NULL OR r.move_out > d))`},
		{"figure_months", testdb.MonthsOffDays("apt.%")},
		// every row stays within its tenant and site
		{"unit of another site", `SELECT count(*) FROM apt_residents r JOIN apt_units u ON u.tenant_id = r.tenant_id AND u.id = r.unit_id WHERE u.site_id <> r.site_id`},
		{"building of another site", `SELECT count(*) FROM apt_units u JOIN apt_buildings b ON b.tenant_id = u.tenant_id AND b.id = u.building_id WHERE b.site_id <> u.site_id`},
		{"events of another site", `SELECT count(*) FROM apt_resident_events e JOIN apt_residents r ON r.tenant_id = e.tenant_id AND r.id = e.resident_id WHERE r.site_id <> e.site_id`},
		{"identity records", `SELECT count(*) FROM apt_residents r LEFT JOIN identity_records i ON i.tenant_id = r.tenant_id AND i.source = 'resident' AND i.record_id = r.id
			WHERE i.site_id IS DISTINCT FROM r.site_id OR i.doc_number IS DISTINCT FROM r.doc_number OR i.full_name IS DISTINCT FROM r.full_name`},
		{"register events", `SELECT count(*) FROM apt_residents r WHERE NOT EXISTS (SELECT 1 FROM apt_resident_events e WHERE e.tenant_id = r.tenant_id
			AND e.resident_id = r.id AND e.action = 'register')`},
		{"names folded", `SELECT count(*) FROM apt_residents WHERE name_fold <> lower(name_fold) OR name_fold ~ '[^a-z ]'`},
	}
	for _, c := range checks {
		if n := count(t, db, c.q); n != 0 {
			t.Errorf("%s: %d rows off", c.name, n)
		}
	}
}
