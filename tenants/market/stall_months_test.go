package market

import (
	"math/rand/v2"
	"testing"

	"portal06/app/testdb"
)

// TestStallMonthsFollowDays: whatever inserts, upserts, updates and
// deletes reach market_stall_days, in random batches, market_stall_months
// equals its days summed by month (the trigger keeps it, nothing else
// writes it).
func TestStallMonthsFollowDays(t *testing.T) {
	d := testdb.New(t)
	db := d.OwnerAll(t)
	must := func(q string, args ...any) {
		t.Helper()
		if _, err := db.Exec(q, args...); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	must(`INSERT INTO areas (code, name, kind) VALUES ('99', 'Tỉnh thử', 'province')`)
	must(`INSERT INTO areas (code, name, kind, parent_id) SELECT '99001', 'Phường thử', 'ward', id FROM areas WHERE code = '99'`)
	must(`INSERT INTO tenants (kind, slug, name, tax_code) VALUES ('market', 'cho-thu', 'Chợ thử', '5700000099')`)
	must(`INSERT INTO sites (tenant_id, slug, name, kind, area_id, address)
		SELECT t.id, 'cho-thu-' || g, 'Chợ thử ' || g, 'market', a.id, 'Quảng Ninh' FROM tenants t, areas a, generate_series(1, 3) g
		WHERE t.slug = 'cho-thu' AND a.code = '99001'`)
	rng := rand.New(rand.NewPCG(1, 2))
	var sites []int64
	for i := range 3 {
		sites = append(sites, int64(testdb.Count(t, db, `SELECT s.id FROM sites s JOIN tenants t ON t.id = s.tenant_id
			WHERE t.slug = 'cho-thu' ORDER BY 1 OFFSET $1 LIMIT 1`, i)))
	}
	for range 60 {
		site := sites[rng.IntN(len(sites))]
		zone, cat := []string{"A", "B"}[rng.IntN(2)], []string{"rau", "cá"}[rng.IntN(2)]
		day := rng.IntN(400)
		switch rng.IntN(4) {
		case 0, 1: // a change of the day, added to any it already has
			must(`INSERT INTO market_stall_days AS m (tenant_id, site_id, zone, category, day, stalls, with_qr, accepting)
				SELECT s.tenant_id, s.id, $1, $2, current_date - $3::int, $4, $5, $6 FROM sites s WHERE s.id = $7
				ON CONFLICT (tenant_id, site_id, zone, category, day) DO UPDATE
				SET stalls = m.stalls + excluded.stalls, with_qr = m.with_qr + excluded.with_qr, accepting = m.accepting + excluded.accepting`,
				zone, cat, day, rng.IntN(9)-2, rng.IntN(5)-1, rng.IntN(5)-1, site)
		case 2: // rows moved to another day, and so maybe another month
			shift := rng.IntN(60) - 30
			must(`UPDATE market_stall_days SET day = day + $1::int, stalls = stalls + 1
				WHERE site_id = $2 AND zone = $3 AND NOT EXISTS (SELECT 1 FROM market_stall_days x WHERE x.site_id = market_stall_days.site_id
				  AND x.zone = market_stall_days.zone AND x.category = market_stall_days.category AND x.day = market_stall_days.day + $4::int)`,
				shift, site, zone, shift)
		case 3:
			must(`DELETE FROM market_stall_days WHERE site_id = $1 AND category = $2 AND day < current_date - $3::int`, site, cat, day)
		}
		off := testdb.Count(t, db, `SELECT count(*) FROM (
			SELECT tenant_id, site_id, date_trunc('month', day)::date AS month, sum(stalls) AS n, sum(with_qr) AS q, sum(accepting) AS a
			FROM market_stall_days GROUP BY 1, 2, 3) d
			FULL JOIN market_stall_months m USING (tenant_id, site_id, month)
			WHERE (coalesce(d.n, 0), coalesce(d.q, 0), coalesce(d.a, 0)) <> (coalesce(m.stalls, 0), coalesce(m.with_qr, 0), coalesce(m.accepting, 0))`)
		if off != 0 {
			t.Fatalf("market_stall_months: %d months differ from their days", off)
		}
	}
	if testdb.Count(t, db, `SELECT count(*) FROM market_stall_months WHERE stalls <> 0`) == 0 {
		t.Fatal("no month was written: the test checked nothing")
	}
}
