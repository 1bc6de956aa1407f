package market

import (
	"context"
	"io"
	"testing"
	"time"

	"gorm.io/gorm"

	"portal06/app/demo"
	"portal06/app/kind"
	"portal06/app/testdb"
)

// TestSeedScale: a scale load of stalls, twice, on top of the demo markets
// keeps market_stall_days and the province's figures equal to a recount
// over the stalls and bills, figure_months equal to figure_days, every row
// within its tenant and site, and a second load adds rather than collides.
func TestSeedScale(t *testing.T) {
	d := testdb.New(t)
	ctx := context.Background()
	k := New()
	d.Seed(t, func(tx *gorm.DB) error {
		if err := demo.Seed(tx, func(string) []string {
			return []string{"market", "hotel", "guesthouse", "homestay", "cruise", "bus", "apartment_block", "boarding_house", "notary_office"}
		}, []string{"accommodation", "apartment", "market", "notary"}); err != nil {
			return err
		}
		return k.SeedDemo(tx)
	})
	db := d.OwnerAll(t)
	count := func(q string) int { t.Helper(); return testdb.Count(t, db, q) }
	for run := 1; run <= 2; run++ {
		if err := k.SeedScale(ctx, kind.ScaleJob{Item: "stalls", N: 1500, OwnerURL: d.OwnerURL, Now: time.Now(), Out: io.Discard}); err != nil {
			t.Fatalf("run %d: %v", run, err)
		}
		if n := count(`SELECT count(*) FROM stalls s JOIN tenants t ON t.id = s.tenant_id WHERE t.slug LIKE 'scale-cho-%'`); n != 1500*run {
			t.Fatalf("run %d: %d scale stalls, want %d", run, n, 1500*run)
		}
	}
	scale := `t.slug LIKE 'scale-cho-%'`
	checks := []struct{ name, q string }{
		{"adoption spread", `SELECT CASE WHEN count(*) FILTER (WHERE qr_payload IS NOT NULL) BETWEEN count(*) / 5 AND count(*) * 19 / 20
			AND count(*) FILTER (WHERE accepts_cashless) > 0 AND count(DISTINCT zone) > 2 AND count(DISTINCT category) > 5 THEN 0 ELSE 1 END
			FROM stalls s JOIN tenants t ON t.id = s.tenant_id WHERE ` + scale},
		{"QR over the months", `SELECT CASE WHEN count(DISTINCT day) >= 10 THEN 0 ELSE 1 END FROM market_stall_days m JOIN tenants t ON t.id = m.tenant_id
			WHERE ` + scale + ` AND with_qr > 0`},
		{"fees paid by QR and cash", `SELECT CASE WHEN count(*) FILTER (WHERE paid_method = 'qr') > 0 AND count(*) FILTER (WHERE paid_method = 'cash') > 0
			AND count(DISTINCT month) = 13 THEN 0 ELSE 1 END FROM market_bills b JOIN tenants t ON t.id = b.tenant_id WHERE ` + scale},
		// the rollups against a recount, over every market
		{"market_stall_days", `SELECT count(*) FROM (
			SELECT tenant_id, site_id, zone, category, sum(stalls) AS n, sum(with_qr) AS q, sum(accepting) AS a FROM market_stall_days GROUP BY 1, 2, 3, 4) r
			FULL JOIN (SELECT tenant_id, site_id, zone, category, count(*) AS n, count(*) FILTER (WHERE qr_payload IS NOT NULL) AS q,
			  count(*) FILTER (WHERE accepts_cashless) AS a FROM stalls GROUP BY 1, 2, 3, 4) s USING (tenant_id, site_id, zone, category)
			WHERE coalesce(r.n, 0) <> coalesce(s.n, 0) OR coalesce(r.q, 0) <> coalesce(s.q, 0) OR coalesce(r.a, 0) <> coalesce(s.a, 0)`},
		{"stalls with a QR and accepting cashless", `SELECT count(*) FROM (
			SELECT tenant_id, site_id, sum(num) FILTER (WHERE indicator = 'market.stalls_qr') AS q, sum(den) FILTER (WHERE indicator = 'market.stalls_qr') AS n,
			  sum(num) FILTER (WHERE indicator = 'market.stalls_cashless') AS a, sum(den) FILTER (WHERE indicator = 'market.stalls_cashless') AS n2
			FROM figure_days WHERE indicator IN ('market.stalls_qr', 'market.stalls_cashless') GROUP BY 1, 2) f
			FULL JOIN (SELECT tenant_id, site_id, count(*) AS sn, count(*) FILTER (WHERE qr_payload IS NOT NULL) AS sq,
			  count(*) FILTER (WHERE accepts_cashless) AS sa FROM stalls GROUP BY 1, 2) s USING (tenant_id, site_id)
			WHERE coalesce(f.q, 0) <> coalesce(s.sq, 0) OR coalesce(f.n, 0) <> coalesce(s.sn, 0) OR coalesce(f.a, 0) <> coalesce(s.sa, 0)
			  OR coalesce(f.n2, 0) <> coalesce(s.sn, 0)`},
		{"stall figures day by day", `SELECT count(*) FROM (
			SELECT tenant_id, site_id, day, sum(num) AS q, sum(den) AS n FROM figure_days WHERE indicator = 'market.stalls_qr' GROUP BY 1, 2, 3 HAVING sum(num) <> 0 OR sum(den) <> 0) f
			FULL JOIN (SELECT tenant_id, site_id, day, sum(with_qr) AS q, sum(stalls) AS n FROM market_stall_days GROUP BY 1, 2, 3
			  HAVING sum(with_qr) <> 0 OR sum(stalls) <> 0) m USING (tenant_id, site_id, day)
			WHERE f.q IS DISTINCT FROM m.q OR f.n IS DISTINCT FROM m.n`},
		{"fees paid cashless", `SELECT count(*) FROM (
			SELECT tenant_id, site_id, day, sum(num) AS q, sum(den) AS n FROM figure_days WHERE indicator = 'market.fees_cashless' GROUP BY 1, 2, 3
			  HAVING sum(num) <> 0 OR sum(den) <> 0) f
			FULL JOIN (SELECT tenant_id, site_id, paid_on AS day, count(*) FILTER (WHERE paid_method = 'qr') AS q, count(*) AS n
			  FROM market_bills WHERE paid_method IS NOT NULL GROUP BY 1, 2, 3) b USING (tenant_id, site_id, day)
			WHERE f.q IS DISTINCT FROM b.q OR f.n IS DISTINCT FROM b.n`},
		{"figure_months", testdb.MonthsOffDays("market.%")},
		{"market_stall_months", `SELECT count(*) FROM (
			SELECT tenant_id, site_id, date_trunc('month', day)::date AS month, sum(stalls) AS n, sum(with_qr) AS q, sum(accepting) AS a
			FROM market_stall_days GROUP BY 1, 2, 3) d
			FULL JOIN market_stall_months m USING (tenant_id, site_id, month)
			WHERE (coalesce(d.n, 0), coalesce(d.q, 0), coalesce(d.a, 0)) <> (coalesce(m.stalls, 0), coalesce(m.with_qr, 0), coalesce(m.accepting, 0))`},
		// every row stays within its tenant and site
		{"bill of another site's stall", `SELECT count(*) FROM market_bills b JOIN stalls s ON s.tenant_id = b.tenant_id AND s.id = b.stall_id WHERE s.site_id <> b.site_id`},
		{"inspection of another site's stall", `SELECT count(*) FROM stall_inspections i JOIN stalls s ON s.tenant_id = i.tenant_id AND s.id = i.stall_id WHERE s.site_id <> i.site_id`},
		{"market of another kind", `SELECT count(*) FROM markets m JOIN sites s ON s.tenant_id = m.tenant_id AND s.id = m.site_id JOIN tenants t ON t.id = s.tenant_id
			WHERE t.kind <> 'market' OR s.kind <> 'market'`},
		{"scale market without its row", `SELECT count(*) FROM sites s JOIN tenants t ON t.id = s.tenant_id WHERE ` + scale + `
			AND NOT EXISTS (SELECT 1 FROM markets m WHERE m.tenant_id = s.tenant_id AND m.site_id = s.id)`},
		{"QR payloads read back", `SELECT count(*) FROM stalls WHERE qr_payload IS NOT NULL AND position(account IN qr_payload) = 0`},
	}
	for _, c := range checks {
		if n := count(c.q); n != 0 {
			t.Errorf("%s: %d rows off", c.name, n)
		}
	}
}
