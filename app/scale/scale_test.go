package scale_test

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"strings"
	"testing"

	"gorm.io/gorm"

	"portal06/app/demo"
	"portal06/app/portal"
	"portal06/app/scale"
	"portal06/app/testdb"
)

func TestMain(m *testing.M) { testdb.Main(m, portal.Kinds().Migrations()...) }

// TestLoad: a small scale load gives every stay its two notifications, two
// revisions and identity record, spreads sites over every ward, brings
// guests back, and leaves row-level security forced.
func TestLoad(t *testing.T) {
	if testing.Short() {
		t.Skip("needs PostgreSQL")
	}
	d := testdb.New(t) // the demo data, which has no stays
	ctx := context.Background()
	ks := portal.Kinds()
	d.Seed(t, func(tx *gorm.DB) error {
		if err := demo.Seed(tx, ks.SiteKinds, ks.Names()); err != nil {
			return err
		}
		return ks.SeedDemo(tx)
	})
	db := d.OwnerAll(t)
	// the demo's own stays, which the load adds to
	var demoStays, demoNotes, demoRevs, demoIDs, demoOpen, demoLast int
	err := db.QueryRow(`SELECT (SELECT count(*) FROM stays), (SELECT count(*) FROM notifications), (SELECT count(*) FROM stay_revisions),
		(SELECT count(*) FROM identity_records WHERE source = 'stay'), (SELECT count(*) FROM stays WHERE status = 'open'),
		(SELECT coalesce(max(id), 0) FROM stays)`).
		Scan(&demoStays, &demoNotes, &demoRevs, &demoIDs, &demoOpen, &demoLast)
	if err != nil {
		t.Fatal(err)
	}
	var indexes int
	if err := db.QueryRow(`SELECT count(*) FROM pg_indexes WHERE tablename IN ('stays', 'notifications', 'stay_revisions', 'identity_records', 'acc_figure_parts', 'figure_days')`).Scan(&indexes); err != nil {
		t.Fatal(err)
	}
	if err := scale.Load(ctx, d.OwnerURL, scale.Options{Stays: 3000, Sites: 60, Chunk: 1000, Residents: 5, DropIndexesFrom: 2000,
		LoaderURL: strings.Replace(d.OwnerURL, "user=portal06_owner", "user=postgres", 1)}, io.Discard); err != nil {
		t.Fatal(err)
	}
	var stays, notes, revs, ids, sites, wards, allWards, returning, unforced int
	err = db.QueryRow(`SELECT (SELECT count(*) FROM stays), (SELECT count(*) FROM notifications), (SELECT count(*) FROM stay_revisions),
		(SELECT count(*) FROM identity_records WHERE source = 'stay'),
		(SELECT count(*) FROM sites s JOIN tenants t ON t.id = s.tenant_id WHERE t.slug LIKE 'scale-ks-%'),
		(SELECT count(DISTINCT area_id) FROM sites s JOIN tenants t ON t.id = s.tenant_id WHERE t.slug LIKE 'scale-ks-%'),
		(SELECT count(*) FROM areas WHERE kind <> 'province'),
		(SELECT count(*) FROM (SELECT doc_number FROM stays GROUP BY doc_number HAVING count(*) > 1) r),
		(SELECT count(*) FROM pg_class WHERE relname IN ('stays', 'notifications', 'stay_revisions', 'identity_records') AND NOT relforcerowsecurity)`).
		Scan(&stays, &notes, &revs, &ids, &sites, &wards, &allWards, &returning, &unforced)
	if err != nil {
		t.Fatal(err)
	}
	stays, notes, revs, ids = stays-demoStays, notes-demoNotes, revs-demoRevs, ids-demoIDs
	// a stay still open (its guest not gone yet) has its check-in alone;
	// the load's open stays are counted wherever they are, a tenth of its
	// stays being at the demo hotel's sites (counting the scale tenants'
	// alone failed whenever one of those was left open)
	open := testdb.Count(t, db, `SELECT count(*) FROM stays WHERE status = 'open'`) - demoOpen
	if stays != 3000 || notes != 6000-open || revs != 6000-open || ids != 3000 {
		t.Errorf("loaded stays %d (%d open), notifications %d, revisions %d, identity records %d", stays, open, notes, revs, ids)
	}
	// and each loaded stay, at a scale hotel or the demo's, has those of
	// its state
	if n := testdb.Count(t, db, fmt.Sprintf(`SELECT count(*) FROM stays s WHERE s.id > %d AND (SELECT count(*) FROM notifications n
			WHERE n.tenant_id = s.tenant_id AND n.stay_id = s.id) IS DISTINCT FROM CASE s.status WHEN 'open' THEN 1 WHEN 'checked_out' THEN 2 END`,
		demoLast)); n != 0 {
		t.Errorf("%d loaded stays whose notifications do not match their state", n)
	}
	checkOpenStays(t, db)
	if sites != 60 || wards != min(60, allWards) {
		t.Errorf("%d sites over %d wards of %d", sites, wards, allWards)
	}
	if returning == 0 {
		t.Error("no guest came back")
	}
	if unforced != 0 {
		t.Errorf("%d tables left without forced row-level security", unforced)
	}
	var after int
	if err := db.QueryRow(`SELECT count(*) FROM pg_indexes WHERE tablename IN ('stays', 'notifications', 'stay_revisions', 'identity_records', 'acc_figure_parts', 'figure_days')`).Scan(&after); err != nil {
		t.Fatal(err)
	}
	if after != indexes {
		t.Errorf("%d indexes on the loaded tables after the load, %d before", after, indexes)
	}
	// the rows written in COPY's binary format say what their payloads say
	if wrong := testdb.Count(t, db, `SELECT count(*) FROM stays s JOIN tenants t ON t.id = s.tenant_id
		JOIN notifications n ON n.tenant_id = s.tenant_id AND n.stay_id = s.id
		JOIN identity_records r ON r.tenant_id = s.tenant_id AND r.source = 'stay' AND r.record_id = s.id
		WHERE t.slug LIKE 'scale-ks-%' AND NOT ((n.payload->>'stay_id')::bigint = s.id AND n.payload->>'full_name' = s.full_name
			AND n.payload->'document'->>'number' = s.doc_number AND (n.payload->>'birth_date')::date = s.birth_date
			AND abs(extract(epoch FROM (n.payload->>'arrival')::timestamptz - s.arrival_at)) < 0.001
			AND (n.payload->>'expected_departure')::date = s.expected_departure AND s.expected_departure > s.arrival_at::date
			AND (s.departed_at > s.arrival_at OR s.status = 'open') AND s.arrival_at BETWEEN now() - interval '5 years 1 day' AND now()
			AND n.created_at = CASE n.event WHEN 'check_in' THEN s.arrival_at ELSE s.departed_at END
			AND n.accepted_at > n.created_at AND n.receipt = format('QN-%s-%s', s.id, n.event) AND n.attempts = 1
			AND r.seen_at = s.arrival_at AND r.birth_date = s.birth_date AND r.doc_number = s.doc_number AND r.site_id = s.site_id)`); wrong != 0 {
		t.Errorf("%d loaded notifications differ from their stays", wrong)
	}
	// the rollups written with the chunks equal a recomputation from the rows
	// (a day whose stays all moved away or were cancelled keeps a row of
	// zeros, which counts nothing)
	var wrong int
	err = db.QueryRow(`WITH want AS (
			SELECT s.tenant_id, s.site_id, (s.arrival_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date AS day, count(*) AS den,
				count(*) FILTER (WHERE n.accepted_at <= s.deadline_at) AS on_time
			FROM stays s LEFT JOIN LATERAL (SELECT min(x.accepted_at) AS accepted_at FROM notifications x
				WHERE x.tenant_id = s.tenant_id AND x.stay_id = s.id AND x.event = 'check_in' AND x.status = 'accepted') n ON true
			WHERE s.status <> 'cancelled' GROUP BY 1, 2, 3),
		have AS (SELECT tenant_id, site_id, day, sum(den) FILTER (WHERE indicator = 'acc.stays_notified') AS den,
				sum(num) FILTER (WHERE indicator = 'acc.stays_on_time') AS on_time
			FROM figure_days WHERE indicator IN ('acc.stays_notified', 'acc.stays_on_time') AND (num <> 0 OR den <> 0) GROUP BY 1, 2, 3)
		SELECT count(*) FROM want FULL JOIN have USING (tenant_id, site_id, day)
		WHERE want.den IS DISTINCT FROM have.den OR want.on_time IS DISTINCT FROM have.on_time`).Scan(&wrong)
	if err != nil {
		t.Fatal(err)
	}
	if wrong != 0 {
		t.Errorf("%d site-days of figure_days differ from a recount of the stays", wrong)
	}
	// and figure_months, the monthly sums by area, equal figure_days'
	if wrong = testdb.Count(t, db, testdb.MonthsOffDays("%")); wrong != 0 {
		t.Errorf("%d rows of figure_months differ from the sums of figure_days", wrong)
	}
	var parts, reporting, scaleSites, live int
	err = db.QueryRow(`SELECT (SELECT count(*) FROM acc_figure_parts WHERE indicator = 'acc.stays_notified'),
		(SELECT count(*) FROM stays WHERE status <> 'cancelled'),
		(SELECT count(*) FROM acc_figure_parts WHERE indicator = 'acc.sites_reporting'),
		(SELECT count(DISTINCT (tenant_id, site_id)) FROM stays)`).Scan(&parts, &live, &reporting, &scaleSites)
	if err != nil {
		t.Fatal(err)
	}
	if parts != live || reporting != scaleSites {
		t.Errorf("parts: %d stays_notified for %d stays not cancelled, %d sites reporting of %d with stays", parts, live, reporting, scaleSites)
	}
	checkSitesReporting(t, d, db)
	// a second load adds to the first
	if err := scale.Load(ctx, d.OwnerURL, scale.Options{Stays: 500, Sites: 60}, io.Discard); err != nil {
		t.Fatal(err)
	}
	if err := db.QueryRow(`SELECT count(*) FROM stays`).Scan(&stays); err != nil || stays-demoStays != 3500 {
		t.Fatalf("after a second load: %d stays loaded (%v)", stays-demoStays, err)
	}
	// a third, crowded into one year (about 13 guests still in), leaves
	// the guests of the loads before in and adds its own
	before := testdb.Count(t, db, `SELECT count(*) FROM stays WHERE status = 'open'`)
	if err := scale.Load(ctx, d.OwnerURL, scale.Options{Stays: 2000, Sites: 60, Years: 1,
		LoaderURL: strings.Replace(d.OwnerURL, "user=portal06_owner", "user=postgres", 1)}, io.Discard); err != nil {
		t.Fatal(err)
	}
	if after := testdb.Count(t, db, `SELECT count(*) FROM stays WHERE status = 'open'`); after <= before {
		t.Errorf("open stays: %d before a load of a year, %d after", before, after)
	}
	checkOpenStays(t, db)
}

// checkOpenStays: the loaded stays whose guests have not left are open,
// with no departure, check-out revision or notification; every other one
// left before now; and each site's counters (guests now, refusals) are
// what its stays and notifications say.
func checkOpenStays(t *testing.T, db *sql.DB) {
	t.Helper()
	if n := testdb.Count(t, db, `SELECT count(*) FROM stays s JOIN tenants t ON t.id = s.tenant_id WHERE t.slug LIKE 'scale-ks-%'
		AND NOT CASE s.status WHEN 'open' THEN s.departed_at IS NULL AND s.arrival_at > now() - interval '5 days'
			AND NOT EXISTS (SELECT 1 FROM notifications n WHERE n.tenant_id = s.tenant_id AND n.stay_id = s.id AND n.event = 'check_out')
			AND NOT EXISTS (SELECT 1 FROM stay_revisions r WHERE r.tenant_id = s.tenant_id AND r.stay_id = s.id AND r.action = 'check_out')
			AND EXISTS (SELECT 1 FROM notifications n WHERE n.tenant_id = s.tenant_id AND n.stay_id = s.id AND n.event = 'check_in')
		WHEN 'checked_out' THEN s.departed_at <= now() AND s.departed_at > s.arrival_at
		ELSE false END`); n != 0 {
		t.Errorf("%d loaded stays open or left against their departure", n)
	}
	if n := testdb.Count(t, db, `WITH want AS (
			SELECT tenant_id, site_id, sum(g) AS guests, sum(r) AS refused FROM (
				SELECT tenant_id, site_id, 1 AS g, 0 AS r FROM stays WHERE status = 'open'
				UNION ALL SELECT tenant_id, site_id, 0, 1 FROM notifications WHERE status = 'refused') x GROUP BY 1, 2)
		SELECT count(*) FROM want w FULL JOIN (SELECT * FROM site_stay_counts WHERE guests <> 0 OR refused <> 0) k USING (tenant_id, site_id)
		WHERE w.guests IS DISTINCT FROM k.guests OR w.refused IS DISTINCT FROM k.refused`); n != 0 {
		t.Errorf("%d sites' counters differ from their open stays and refusals", n)
	}
	// and the police dashboard's sums by area, which the load writes with
	// the triggers that keep them off
	if n := testdb.Count(t, db, `SELECT count(*) FROM
		(SELECT area_id, sum(guests) AS g, sum(refused) AS r FROM area_stay_counts GROUP BY 1 HAVING sum(guests) <> 0 OR sum(refused) <> 0) x
		FULL JOIN (SELECT area_id, sum(guests) AS g, sum(refused) AS r FROM site_stay_counts GROUP BY 1 HAVING sum(guests) <> 0 OR sum(refused) <> 0) y
		USING (area_id) WHERE x.g IS DISTINCT FROM y.g OR x.r IS DISTINCT FROM y.r`); n != 0 {
		t.Errorf("%d areas' guests and refusals differ from their sites'", n)
	}
	if n := testdb.Count(t, db, `SELECT count(*) FROM
		(SELECT area_id, day, sum(checkins) AS n FROM acc_area_days GROUP BY 1, 2 HAVING sum(checkins) <> 0) x
		FULL JOIN (SELECT area_id, day, sum(den) AS n FROM figure_days WHERE indicator = 'acc.stays_notified' GROUP BY 1, 2 HAVING sum(den) <> 0) y
		USING (area_id, day) WHERE x.n IS DISTINCT FROM y.n`); n != 0 {
		t.Errorf("%d areas' check-ins of a day differ from figure_days'", n)
	}
}

// checkSitesReporting: the one statement that refreshes every site's
// "reporting since" gives what acc_refresh_site gives site by site, after
// three parts were made wrong through acc_part_put (so that figure_days
// stays their sum): one removed, one on a wrong day, one for a site
// without stays.
func checkSitesReporting(t *testing.T, d *testdb.DB, db *sql.DB) {
	t.Helper()
	ctx := context.Background()
	var t1, s1, t2, s2, t3, s3 int64
	err := db.QueryRow(`SELECT a.tenant_id, a.source_id, b.tenant_id, b.source_id FROM
		(SELECT tenant_id, source_id FROM acc_figure_parts WHERE indicator = 'acc.sites_reporting' ORDER BY tenant_id, source_id LIMIT 1) a,
		(SELECT tenant_id, source_id FROM acc_figure_parts WHERE indicator = 'acc.sites_reporting' ORDER BY tenant_id DESC, source_id DESC LIMIT 1) b`).
		Scan(&t1, &s1, &t2, &s2)
	if err != nil {
		t.Fatal(err)
	}
	err = db.QueryRow(`INSERT INTO sites (tenant_id, slug, name, kind, area_id, address)
		SELECT tenant_id, 'co-so-khong-khach', 'Cơ sở chưa có khách', kind, area_id, address FROM sites WHERE tenant_id = $1 AND id = $2
		RETURNING tenant_id, id`, t1, s1).Scan(&t3, &s3)
	if err != nil {
		t.Fatal(err)
	}
	_, err = db.Exec(`SELECT acc_part_put($1, 'acc.sites_reporting', $2, 0, NULL, 0, 0),
		acc_part_put($3, 'acc.sites_reporting', $4, $4, '2001-01-01', 1, 1),
		acc_part_put($5, 'acc.sites_reporting', $6, $6, '2002-02-02', 1, 1)`, t1, s1, t2, s2, t3, s3)
	if err != nil {
		t.Fatal(err)
	}
	n, changed, err := scale.RefreshSitesReporting(ctx, d.OwnerURL)
	if err != nil {
		t.Fatal(err)
	}
	if changed != 3 || n < 3 {
		t.Errorf("sites reporting: %d changed of %d, want 3", changed, n)
	}
	snapshot := func() string {
		var s string
		err := db.QueryRow(`SELECT coalesce(string_agg(x, ';' ORDER BY x), '') FROM (
			SELECT format('part %s/%s %s %s %s/%s', tenant_id, source_id, site_id, day, num, den) AS x FROM acc_figure_parts WHERE indicator = 'acc.sites_reporting'
			UNION ALL SELECT format('day %s/%s %s %s/%s', tenant_id, site_id, day, num, den) FROM figure_days WHERE indicator = 'acc.sites_reporting' AND num <> 0
			UNION ALL SELECT format('month %s %s %s/%s', area_id, month, sum(num), sum(den)) FROM figure_months WHERE indicator = 'acc.sites_reporting'
				GROUP BY area_id, month HAVING sum(num) <> 0) r`).Scan(&s)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	set := snapshot()
	// the reference: acc_refresh_site, site by site
	if _, err := db.Exec(`SELECT acc_refresh_site(s.tenant_id, s.id) FROM sites s JOIN tenants t ON t.id = s.tenant_id WHERE t.kind = 'accommodation'`); err != nil {
		t.Fatal(err)
	}
	if ref := snapshot(); ref != set {
		t.Errorf("sites reporting, one statement:\n%s\nacc_refresh_site:\n%s", set, ref)
	}
	if strings.Contains(set, fmt.Sprintf("part %d/%d ", t3, s3)) || !strings.Contains(set, fmt.Sprintf("part %d/%d ", t1, s1)) ||
		strings.Contains(set, "2001-01-01") {
		t.Errorf("sites reporting not refreshed: %s", set)
	}
	if n, changed, err := scale.RefreshSitesReporting(ctx, d.OwnerURL); err != nil || changed != 0 {
		t.Errorf("a second refresh changed %d of %d sites (%v)", changed, n, err)
	}
	if wrong := testdb.Count(t, db, testdb.MonthsOffDays("%")); wrong != 0 {
		t.Errorf("%d rows of figure_months differ from the sums of figure_days after the refresh", wrong)
	}
}
