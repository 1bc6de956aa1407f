package apartment

import (
	"context"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/jackc/pgx/v5"

	"portal06/app/iddoc"
	"portal06/app/kind"
)

// scaleTenantPrefix names the scale seed's apartment tenants: scale-apt-00001 …
const scaleTenantPrefix = "scale-apt-"

// scaleChunk is about how many residents one transaction loads.
const scaleChunk = 20_000

// ScaleItems are the items of `portal06 seed scale` the kind loads.
func (*Kind) ScaleItems() []string { return []string{"residents"} }

// scaleSite is one block or boarding house of a scale load, with its share
// of the residents.
type scaleSite struct {
	tenantID, siteID int64
	boarding         bool
	units, buildings int
	quota, first     int // residents, and those of the load's sites before it
	since            time.Time
}

// SeedScale adds job.N residents in new apartment blocks and boarding houses
// spread over every ward: units, residents (thường trú, tạm trú, some moved
// out), their events and identity records, and the province's figures as
// the kind's live code keeps them (a stock moves on the day of each
// registration, move-out and tạm trú filing). It runs as the owner, one
// transaction a chunk of sites; a second run adds new tenants.
func (k *Kind) SeedScale(ctx context.Context, job kind.ScaleJob) error {
	if job.Item != "residents" || job.N <= 0 {
		return nil
	}
	now := job.Now
	if now.IsZero() {
		now = time.Now()
	}
	today := Day(now)
	conn, err := kind.ScaleConnect(ctx, job.OwnerURL)
	if err != nil {
		return err
	}
	defer conn.Close(context.Background())
	start := time.Now()
	sites, err := scaleSites(ctx, conn, job.N, today)
	if err != nil {
		return err
	}
	fmt.Fprintf(job.Out, "residents: %d blocks and boarding houses with their units (%s)\n", len(sites), time.Since(start).Round(time.Millisecond))
	sizes := make([]int, len(sites))
	for i, st := range sites {
		sizes[i] = st.quota
	}
	if err := job.Chunks(sizes, scaleChunk, start, func(i, j int) error {
		return scaleResidents(ctx, conn, sites[i:j], today)
	}); err != nil {
		return err
	}
	if _, err := conn.Exec(ctx, `ANALYZE apt_units; ANALYZE apt_residents; ANALYZE apt_resident_events`); err != nil {
		return fmt.Errorf("apartment scale: analyze: %w", err)
	}
	return nil
}

// blockNames name the scale load's apartment blocks.
var blockNames = []string{"Hạ Long Star", "Bạch Đằng", "Sun Plaza", "Vịnh Ngọc", "Hoàng Quân", "Cột Đồng Hồ", "Biển Xanh", "Ánh Dương", "Hòn Gai Center", "Phương Đông"}

// scaleSites creates the tenants, sites, buildings and units for n
// residents in one transaction, with the figure of sites using the portal.
func scaleSites(ctx context.Context, conn *pgx.Conn, n int, today time.Time) ([]scaleSite, error) {
	wards, err := kind.ScaleWards(ctx, conn)
	if err != nil {
		return nil, err
	}
	var have int
	if err := conn.QueryRow(ctx, `SELECT count(*) FROM tenants WHERE slug LIKE $1`, scaleTenantPrefix+"%").Scan(&have); err != nil {
		return nil, fmt.Errorf("apartment scale: count tenants: %w", err)
	}
	rng := rand.New(rand.NewPCG(uint64(today.Unix()), uint64(have)))
	// three residents in five live in blocks of a few hundred, the others
	// in boarding houses of a few dozen; a landlord keeps two houses
	var sites []scaleSite
	blockQuota := n * 3 / 5
	for left := blockQuota; left > 0; {
		q := min(left, 250+rng.IntN(350))
		sites = append(sites, scaleSite{quota: q, buildings: 1 + q/300, units: max(1, q*10/26)})
		left -= q
	}
	for left := n - blockQuota; left > 0; {
		q := min(left, 8+rng.IntN(30))
		sites = append(sites, scaleSite{boarding: true, quota: q, units: max(1, q*10/18)})
		left -= q
	}
	var tSlug, tName, tTax []string
	var sTenant []string
	var sSlug, sName, sKind, sAddr []string
	var sArea []int64
	t, bh := have, 0
	for i := range sites {
		s := &sites[i]
		if i > 0 {
			s.first = sites[i-1].first + sites[i-1].quota
		}
		s.since = today.AddDate(0, 0, -30-rng.IntN(3*365))
		ward := wards[(have+i)%len(wards)]
		street := streets[rng.IntN(len(streets))]
		// a block has its own board; a landlord keeps two boarding houses
		if !s.boarding || bh%2 == 0 {
			t++
			slug := fmt.Sprintf("%s%05d", scaleTenantPrefix, t)
			name := fmt.Sprintf("Ban quản trị chung cư %s %d", blockNames[t%len(blockNames)], t)
			if s.boarding {
				name = fmt.Sprintf("Hộ kinh doanh nhà trọ %s %s %d", familyNames[t%len(familyNames)], maleGiven[(t/3)%len(maleGiven)], t)
			}
			tSlug, tName, tTax = append(tSlug, slug), append(tName, name), append(tTax, fmt.Sprintf("58%08d", t))
		}
		if s.boarding {
			bh++
		}
		sTenant = append(sTenant, tSlug[len(tSlug)-1])
		if s.boarding {
			sSlug = append(sSlug, fmt.Sprintf("nha-tro-%d", i+1))
			sName = append(sName, fmt.Sprintf("Nhà trọ %s %d", familyNames[i%len(familyNames)], t))
			sKind = append(sKind, "boarding_house")
		} else {
			sSlug = append(sSlug, fmt.Sprintf("chung-cu-%d", i+1))
			sName = append(sName, fmt.Sprintf("Chung cư %s %d", blockNames[t%len(blockNames)], t))
			sKind = append(sKind, "apartment_block")
		}
		sArea = append(sArea, ward)
		sAddr = append(sAddr, fmt.Sprintf("Số %d, %s", 1+rng.IntN(300), street))
	}
	tx, err := conn.Begin(ctx)
	if err != nil {
		return nil, fmt.Errorf("apartment scale: begin: %w", err)
	}
	defer tx.Rollback(ctx)
	if _, err := tx.Exec(ctx, `CREATE TEMP TABLE sk_apt_tenants ON COMMIT DROP AS
		WITH t AS (INSERT INTO tenants (kind, slug, name, tax_code) SELECT 'apartment', s, n, x FROM unnest($1::text[], $2::text[], $3::text[]) AS u(s, n, x)
			RETURNING id, slug)
		SELECT * FROM t`, tSlug, tName, tTax); err != nil {
		return nil, fmt.Errorf("apartment scale: tenants: %w", err)
	}
	if _, err := tx.Exec(ctx, `INSERT INTO casbin_rule (ptype, v0, v1) SELECT 'p2', 'tenant:' || id, 'tenant:' || id FROM sk_apt_tenants
		ON CONFLICT DO NOTHING`); err != nil {
		return nil, fmt.Errorf("apartment scale: tenant grants: %w", err)
	}
	rows, err := tx.Query(ctx, `INSERT INTO sites (tenant_id, slug, name, kind, area_id, address)
		SELECT t.id, u.slug, u.name, u.kind, u.area, u.addr FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::bigint[], $6::text[])
			WITH ORDINALITY AS u(tenant, slug, name, kind, area, addr, i)
		JOIN sk_apt_tenants t ON t.slug = u.tenant ORDER BY u.i
		RETURNING tenant_id, id`, sTenant, sSlug, sName, sKind, sArea, sAddr)
	if err != nil {
		return nil, fmt.Errorf("apartment scale: sites: %w", err)
	}
	i := 0
	for rows.Next() {
		if i < len(sites) {
			err = rows.Scan(&sites[i].tenantID, &sites[i].siteID)
		}
		i++
	}
	if err == nil {
		err = rows.Err()
	}
	if err != nil || i != len(sites) {
		return nil, fmt.Errorf("apartment scale: sites (%d of %d): %v", i, len(sites), err)
	}
	// RETURNING follows the insert's order, which is the ordinality's; check it
	var wrong int
	if err := tx.QueryRow(ctx, `SELECT count(*) FROM unnest($1::bigint[], $2::text[]) AS u(id, slug) JOIN sites s ON s.id = u.id WHERE s.slug <> u.slug`,
		siteIDs(sites), sSlug).Scan(&wrong); err != nil || wrong > 0 {
		return nil, fmt.Errorf("apartment scale: sites out of order (%d): %v", wrong, err)
	}
	if err := scaleUnits(ctx, tx, sites); err != nil {
		return nil, err
	}
	if err := tx.Commit(ctx); err != nil {
		return nil, fmt.Errorf("apartment scale: commit sites: %w", err)
	}
	return sites, nil
}

func siteIDs(sites []scaleSite) []int64 {
	ids := make([]int64, len(sites))
	for i, s := range sites {
		ids[i] = s.siteID
	}
	return ids
}

// scaleUnits stores the sites' plan in the session's table sk_apt_sites,
// then their buildings and units, and the figure of sites using the portal
// on the day of their first units.
func scaleUnits(ctx context.Context, tx pgx.Tx, sites []scaleSite) error {
	var tid, sid []int64
	var boarding []bool
	var units, buildings, quota, first []int32
	var since []time.Time
	for _, s := range sites {
		tid, sid, boarding = append(tid, s.tenantID), append(sid, s.siteID), append(boarding, s.boarding)
		units, buildings, quota, first = append(units, int32(s.units)), append(buildings, int32(s.buildings)), append(quota, int32(s.quota)), append(first, int32(s.first))
		since = append(since, s.since)
	}
	stmts := []struct {
		what string
		sql  string
		args []any
	}{
		{"plan", `CREATE TEMP TABLE IF NOT EXISTS sk_apt_sites (tenant_id bigint, site_id bigint PRIMARY KEY, boarding boolean, units int, nb int, quota int,
			first int, since date)`, nil},
		{"plan", `TRUNCATE sk_apt_sites`, nil},
		{"plan", `INSERT INTO sk_apt_sites SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::boolean[], $4::int[], $5::int[], $6::int[], $7::int[], $8::date[])`,
			[]any{tid, sid, boarding, units, buildings, quota, first, since}},
		{"buildings", `INSERT INTO apt_buildings (tenant_id, site_id, code, name, created_at)
			SELECT s.tenant_id, s.site_id, chr(64 + b), 'Tòa ' || chr(64 + b), s.since + time '08:00'
			FROM sk_apt_sites s CROSS JOIN generate_series(1, s.nb) b WHERE NOT s.boarding`, nil},
		{"units", `INSERT INTO apt_units (tenant_id, site_id, building_id, code, floor, capacity, created_at)
			SELECT s.tenant_id, s.site_id, b.id,
			  CASE WHEN s.boarding THEN 'P' || lpad(u::text, 3, '0')
			    ELSE chr(65 + (u - 1) % s.nb) || '-' || (1 + ((u - 1) / s.nb) / 10) || lpad((((u - 1) / s.nb) % 10 + 1)::text, 2, '0') END,
			  CASE WHEN s.boarding THEN 1 + (u - 1) / 10 ELSE 1 + ((u - 1) / s.nb) / 10 END,
			  CASE WHEN s.boarding THEN 4 ELSE 6 END, s.since + time '08:00'
			FROM sk_apt_sites s CROSS JOIN generate_series(1, s.units) u
			LEFT JOIN apt_buildings b ON NOT s.boarding AND b.tenant_id = s.tenant_id AND b.site_id = s.site_id AND b.code = chr(65 + (u - 1) % s.nb)`, nil},
		{"figures", `INSERT INTO figure_days (tenant_id, indicator, site_id, day, area_id, num, den)
			SELECT s.tenant_id, c.code, s.site_id, s.since, st.area_id, 1, 0
			FROM sk_apt_sites s JOIN sites st ON st.tenant_id = s.tenant_id AND st.id = s.site_id
			CROSS JOIN LATERAL unnest(CASE WHEN s.boarding THEN ARRAY[$1, $2] ELSE ARRAY[$1] END) c(code)
			ON CONFLICT (tenant_id, indicator, site_id, day) WHERE site_id IS NOT NULL
			DO UPDATE SET num = figure_days.num + excluded.num, den = figure_days.den + excluded.den`, []any{IndSites, IndBHSites}},
	}
	for _, s := range stmts {
		if _, err := tx.Exec(ctx, s.sql, s.args...); err != nil {
			return fmt.Errorf("apartment scale: %s: %w", s.what, err)
		}
	}
	return nil
}

// folded returns the names and their folded forms.
func folded(names []string) (a, f []string) {
	for _, n := range names {
		a, f = append(a, n), append(f, iddoc.Fold(n))
	}
	return a, f
}

// filedSQL is the day a resident's tạm trú was filed, from the row alone:
// a few days after moving in, never after moving out or today ($1).
const filedSQL = `(r.move_in + least((extract(day FROM r.birth_date)::int - 1) % 20, coalesce(r.move_out, $1::date) - r.move_in))`

// scaleResidents loads the residents of sites in one transaction: the
// residents, their events and identity records, and their figures.
func scaleResidents(ctx context.Context, conn *pgx.Conn, sites []scaleSite, today time.Time) error {
	tx, err := conn.Begin(ctx)
	if err != nil {
		return fmt.Errorf("apartment scale: begin: %w", err)
	}
	defer tx.Rollback(ctx)
	var lo int64
	if err := tx.QueryRow(ctx, `SELECT coalesce(max(id), 0) FROM apt_residents`).Scan(&lo); err != nil {
		return fmt.Errorf("apartment scale: last resident: %w", err)
	}
	if _, err := tx.Exec(ctx, `CREATE TEMP TABLE IF NOT EXISTS sk_apt_units (tenant_id bigint, site_id bigint, n int, id bigint, PRIMARY KEY (site_id, n));
		TRUNCATE sk_apt_units`); err != nil {
		return fmt.Errorf("apartment scale: units table: %w", err)
	}
	ids := siteIDs(sites)
	if _, err := tx.Exec(ctx, `INSERT INTO sk_apt_units SELECT u.tenant_id, u.site_id, row_number() OVER (PARTITION BY u.site_id ORDER BY u.id), u.id
		FROM apt_units u JOIN sk_apt_sites s ON s.tenant_id = u.tenant_id AND s.site_id = u.site_id WHERE s.site_id = ANY ($1)`, ids); err != nil {
		return fmt.Errorf("apartment scale: units: %w", err)
	}
	fam, ffam := folded(familyNames)
	mm, fmm := folded(maleMiddle)
	fm, ffm := folded(femMiddle)
	mg, fmg := folded(maleGiven)
	fg, ffg := folded(femGiven)
	day := today.Format("2006-01-02")
	// level 1 draws, level 2 decides, the insert writes
	_, err = tx.Exec(ctx, `INSERT INTO apt_residents (tenant_id, site_id, unit_id, doc_type, doc_number, full_name, name_fold, birth_date, sex,
			nationality, address, relation, residence_type, move_in, move_out, move_out_reason, tamtru_status, tamtru_dossier, tamtru_until,
			source, created_at, updated_at)
		SELECT tenant_id, site_id, unit_id, CASE WHEN foreigner THEN 'passport' ELSE 'cccd' END,
		  CASE WHEN foreigner THEN chr(67 + (g % 5)::int) || lpad((g % 10000000)::text, 7, '0')
		    ELSE ($2::text[])[1 + (g % cardinality($2::text[]))::int] || ((NOT male)::int + CASE WHEN byear >= 2000 THEN 2 ELSE 0 END)
		      || lpad((byear % 100)::text, 2, '0') || lpad((g % 1000000)::text, 6, '0') END,
		  CASE WHEN male THEN ($4::text[])[f1] || ' ' || ($6::text[])[m1] || ' ' || ($8::text[])[g1]
		    ELSE ($4::text[])[f1] || ' ' || ($10::text[])[m1] || ' ' || ($12::text[])[g1] END,
		  CASE WHEN male THEN ($5::text[])[f1] || ' ' || ($7::text[])[m1] || ' ' || ($9::text[])[g1]
		    ELSE ($5::text[])[f1] || ' ' || ($11::text[])[m1] || ' ' || ($13::text[])[g1] END,
		  make_date(byear, 1 + (g % 12)::int, 1 + (g % 28)::int), CASE WHEN male THEN 'M' ELSE 'F' END,
		  CASE WHEN foreigner THEN (ARRAY['CHN', 'KOR', 'JPN', 'TWN', 'USA', 'FRA'])[1 + (g % 6)::int] ELSE 'VNM' END,
		  CASE WHEN foreigner THEN '' ELSE ($3::text[])[1 + (g % cardinality($3::text[]))::int] END,
		  relation, rtype, move_in, move_out, CASE WHEN move_out IS NULL THEN '' ELSE 'Chuyển đến nơi ở mới' END,
		  status, CASE WHEN status = 'submitted' THEN 'HS-' || g ELSE '' END,
		  CASE WHEN status = 'registered' THEN CASE WHEN filed + 730 >= $1::date THEN filed + 730 ELSE $1::date + 30 + (g % 600)::int END END,
		  (ARRAY['qr', 'qr', 'qr', 'mrz', 'mrz', 'manual', 'manual', 'import'])[1 + (g % 8)::int],
		  created_at, greatest(created_at,
		    CASE WHEN status IN ('submitted', 'registered') THEN (filed + time '10:00') AT TIME ZONE 'Asia/Ho_Chi_Minh' END,
		    CASE WHEN move_out IS NOT NULL THEN (move_out + time '17:00') AT TIME ZONE 'Asia/Ho_Chi_Minh' END)
		FROM (
		  SELECT *, CASE WHEN rtype = 'permanent' THEN 'not_needed' WHEN move_out IS NOT NULL THEN 'registered'
		      WHEN $1::date - move_in < 30 OR b2 < 0.06 THEN 'due' WHEN b2 < 0.16 THEN 'submitted' ELSE 'registered' END AS status,
		    move_in + least(((1 + (g % 28)) - 1)::int % 20, coalesce(move_out, $1::date) - move_in) AS filed,
		    (move_in + time '08:00' + a2 * interval '10 hours') AT TIME ZONE 'Asia/Ho_Chi_Minh' AS created_at
		  FROM (
		    SELECT *, CASE WHEN head THEN 'head' WHEN boarding THEN (ARRAY['relative', 'other', 'other'])[1 + (c2 * 3)::int % 3]
		        ELSE (ARRAY['spouse', 'spouse', 'spouse', 'child', 'child', 'child', 'child', 'parent', 'relative', 'other'])[1 + (c2 * 10)::int % 10] END AS relation,
		      rtype <> 'permanent' AND b < 0.04 AS foreigner, c < 0.5 AS male,
		      CASE WHEN head THEN 1950 + (d * 50)::int ELSE 1950 + (d * 70)::int END AS byear,
		      1 + (e2 * cardinality($4::text[]))::int % cardinality($4::text[]) AS f1,
		      1 + (f2 * 7)::int % 7 AS m1, 1 + (h2 * 15)::int % 15 AS g1,
		      CASE WHEN f < CASE WHEN boarding THEN 0.35 ELSE 0.12 END THEN move_in + (h * ($1::date - move_in))::int END AS move_out
		    FROM (
		      SELECT *, CASE WHEN boarding THEN CASE WHEN a < 0.05 THEN 'permanent' WHEN a < 0.93 THEN 'temporary' ELSE 'long_stay' END
		          ELSE CASE WHEN a < 0.68 THEN 'permanent' WHEN a < 0.95 THEN 'temporary' ELSE 'long_stay' END END AS rtype,
		        since + (e * ($1::date - since))::int AS move_in
		      FROM (
		        SELECT s.tenant_id, s.site_id, s.boarding, s.since, u.id AS unit_id, ($14::bigint + s.first + r) AS g, r <= s.units AS head,
		          random() AS a, random() AS b, random() AS c, random() AS d, random() AS e, random() AS f, random() AS h,
		          random() AS a2, random() AS b2, random() AS c2, random() AS e2, random() AS f2, random() AS h2
		        FROM sk_apt_sites s CROSS JOIN generate_series(1, s.quota) r
		        JOIN sk_apt_units u ON u.site_id = s.site_id AND u.n = 1 + (r - 1) % s.units
		        WHERE s.site_id = ANY ($15)) l1) l2) l3) l4`,
		day, provinces, streets, fam, ffam, mm, fmm, mg, fmg, fm, ffm, fg, ffg, lo, ids)
	if err != nil {
		return fmt.Errorf("apartment scale: residents: %w", err)
	}
	stmts := []struct{ what, sql string }{
		{"events", `INSERT INTO apt_resident_events (tenant_id, site_id, resident_id, action, detail, changed_at)
			SELECT r.tenant_id, r.site_id, r.id, 'register', u.code, r.created_at FROM apt_residents r
			JOIN apt_units u ON u.tenant_id = r.tenant_id AND u.id = r.unit_id WHERE r.id > $2
			UNION ALL
			SELECT r.tenant_id, r.site_id, r.id, 'tamtru', r.tamtru_status || CASE WHEN r.tamtru_dossier <> '' THEN ' ' || r.tamtru_dossier ELSE '' END
			    || coalesce(' ' || r.tamtru_until::text, ''), (` + filedSQL + ` + time '10:00') AT TIME ZONE 'Asia/Ho_Chi_Minh'
			FROM apt_residents r WHERE r.id > $2 AND r.tamtru_status IN ('submitted', 'registered')
			UNION ALL
			SELECT r.tenant_id, r.site_id, r.id, 'move_out', r.move_out_reason, (r.move_out + time '17:00') AT TIME ZONE 'Asia/Ho_Chi_Minh'
			FROM apt_residents r WHERE r.id > $2 AND r.move_out IS NOT NULL`},
		{"identity records", `INSERT INTO identity_records (tenant_id, source, record_id, site_id, doc_type, doc_number, full_name, name_fold, birth_date, sex, seen_at, updated_at)
			SELECT tenant_id, 'resident', id, site_id, doc_type, doc_number, full_name, name_fold, birth_date, sex, created_at, updated_at
			FROM apt_residents WHERE id > $2 AND $1::date IS NOT NULL`},
		// what countIn and the tạm trú update add, day by day
		{"figures", `INSERT INTO figure_days (tenant_id, indicator, site_id, day, area_id, num, den)
			SELECT e.tenant_id, c.code, e.site_id, e.day, st.area_id, sum(e.n), 0
			FROM (
			  SELECT r.tenant_id, r.site_id, 'r' AS k, r.move_in AS day, 1 AS n FROM apt_residents r WHERE r.id > $2
			  UNION ALL SELECT r.tenant_id, r.site_id, 'r', r.move_out, -1 FROM apt_residents r WHERE r.id > $2 AND r.move_out IS NOT NULL
			  UNION ALL SELECT r.tenant_id, r.site_id, 'b', r.move_in, 1 FROM apt_residents r WHERE r.id > $2 AND r.residence_type <> 'permanent'
			  UNION ALL SELECT r.tenant_id, r.site_id, 'b', ` + filedSQL + `, -1 FROM apt_residents r
			    WHERE r.id > $2 AND r.residence_type <> 'permanent' AND r.tamtru_status IN ('submitted', 'registered')
			  UNION ALL SELECT r.tenant_id, r.site_id, 'b', r.move_out, -1 FROM apt_residents r
			    WHERE r.id > $2 AND r.residence_type <> 'permanent' AND r.tamtru_status = 'due' AND r.move_out IS NOT NULL) e
			JOIN sites st ON st.tenant_id = e.tenant_id AND st.id = e.site_id
			CROSS JOIN LATERAL unnest(CASE WHEN e.k = 'r' AND st.kind = 'boarding_house' THEN ARRAY[$3, $4]
			  WHEN e.k = 'r' THEN ARRAY[$3] WHEN st.kind = 'boarding_house' THEN ARRAY[$5, $6] ELSE ARRAY[$5] END) c(code)
			GROUP BY 1, 2, 3, 4, 5 HAVING sum(e.n) <> 0
			ON CONFLICT (tenant_id, indicator, site_id, day) WHERE site_id IS NOT NULL
			DO UPDATE SET num = figure_days.num + excluded.num, den = figure_days.den + excluded.den`},
	}
	for _, s := range stmts {
		args := []any{day, lo}
		if s.what == "figures" {
			args = append(args, IndResidents, IndBHResid, IndBacklog, IndBHBacklog)
		}
		if _, err := tx.Exec(ctx, s.sql, args...); err != nil {
			return fmt.Errorf("apartment scale: %s: %w", s.what, err)
		}
	}
	if err := tx.Commit(ctx); err != nil {
		return fmt.Errorf("apartment scale: commit: %w", err)
	}
	return nil
}

var _ kind.ScaleSeeder = (*Kind)(nil)
