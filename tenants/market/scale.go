package market

import (
	"context"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/jackc/pgx/v5"

	"portal06/app/i18n"
	"portal06/app/kind"
	"portal06/tenants/market/vietqr"
)

// scaleTenantPrefix names the scale seed's market boards: scale-cho-00001 …
const scaleTenantPrefix = "scale-cho-"

// scaleChunk is about how many stalls one transaction loads.
const scaleChunk = 15_000

// scaleMonths is how many months back the adoption and the fee bills go.
const scaleMonths = 12

// ScaleItems are the items of `portal06 seed scale` the kind loads.
func (*Kind) ScaleItems() []string { return []string{"stalls"} }

// scaleMarket is one market of a scale load.
type scaleMarket struct {
	tenantID, siteID int64
	class, stalls    int
	zones            int
	qrFrom, qrTo     int // percent of stalls with a QR at the start and now
}

// SeedScale adds job.N stalls in new markets spread over the wards, with
// twelve months of QR and cashless adoption (inspections included) and
// monthly fee bills, most paid, more by QR as the months go. It runs as the
// owner with the kind's triggers keeping market_stall_days and figure_days
// (market.day set to each step's day), one transaction a chunk of markets;
// a second run adds new markets.
func (k *Kind) SeedScale(ctx context.Context, job kind.ScaleJob) error {
	if job.Item != "stalls" || job.N <= 0 {
		return nil
	}
	now := job.Now
	if now.IsZero() {
		now = time.Now()
	}
	now = now.In(i18n.Zone)
	today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)
	conn, err := kind.ScaleConnect(ctx, job.OwnerURL)
	if err != nil {
		return err
	}
	defer conn.Close(context.Background())
	start := time.Now()
	markets, err := scaleMarkets(ctx, conn, job.N, today)
	if err != nil {
		return err
	}
	fmt.Fprintf(job.Out, "stalls: %d markets (%s)\n", len(markets), time.Since(start).Round(time.Millisecond))
	rng := rand.New(rand.NewPCG(uint64(today.Unix()), uint64(markets[0].siteID)))
	sizes := make([]int, len(markets))
	for i, m := range markets {
		sizes[i] = m.stalls
	}
	if err := job.Chunks(sizes, scaleChunk, start, func(i, j int) error {
		return scaleStalls(ctx, conn, markets[i:j], today, rng)
	}); err != nil {
		return err
	}
	if _, err := conn.Exec(ctx, `ANALYZE stalls; ANALYZE market_bills; ANALYZE stall_inspections; ANALYZE market_stall_days`); err != nil {
		return fmt.Errorf("market scale: analyze: %w", err)
	}
	return nil
}

// marketPlaces name the scale load's markets.
var marketPlaces = []string{"Trung tâm", "Bến Đoan", "Cột 3", "Vườn Đào", "Cao Xanh", "Hà Tu", "Giếng Đáy", "Cái Rồng", "Đầm Hà", "Hải Hà", "Bình Liêu", "Ba Chẽ"}

// scaleMarkets creates the market boards, their sites and markets rows for
// n stalls in one transaction: a few big class-1 markets, more class-2 and
// many small class-3 ones.
func scaleMarkets(ctx context.Context, conn *pgx.Conn, n int, today time.Time) ([]scaleMarket, error) {
	wards, err := kind.ScaleWards(ctx, conn)
	if err != nil {
		return nil, err
	}
	var have int
	if err := conn.QueryRow(ctx, `SELECT count(*) FROM tenants WHERE slug LIKE $1`, scaleTenantPrefix+"%").Scan(&have); err != nil {
		return nil, fmt.Errorf("market scale: count tenants: %w", err)
	}
	rng := rand.New(rand.NewPCG(uint64(today.Unix()), uint64(have)+1))
	var markets []scaleMarket
	var tSlug, tName, tTax, sName, sAddr, feeBIN, feeAcc []string
	var sArea []int64
	var class []int32
	for left := n; left > 0; {
		m := scaleMarket{class: 3, stalls: 40 + rng.IntN(60), zones: 3}
		switch r := rng.IntN(100); {
		case r < 12:
			m.class, m.stalls, m.zones = 1, 300+rng.IntN(300), 8
		case r < 45:
			m.class, m.stalls, m.zones = 2, 100+rng.IntN(150), 5
		}
		m.stalls = min(m.stalls, left)
		m.qrFrom = 15 + rng.IntN(30)
		m.qrTo = min(95, m.qrFrom+25+rng.IntN(35))
		left -= m.stalls
		t := have + len(markets) + 1
		place := marketPlaces[t%len(marketPlaces)]
		markets = append(markets, m)
		tSlug = append(tSlug, fmt.Sprintf("%s%05d", scaleTenantPrefix, t))
		tName = append(tName, fmt.Sprintf("Ban quản lý chợ %s %d", place, t))
		tTax = append(tTax, fmt.Sprintf("59%08d", t))
		sName = append(sName, fmt.Sprintf("Chợ %s %d", place, t))
		sAddr = append(sAddr, fmt.Sprintf("Số %d, phố chợ %s", 1+rng.IntN(200), place))
		sArea = append(sArea, wards[(have+len(markets))%len(wards)])
		class = append(class, int32(m.class))
		feeBIN = append(feeBIN, scaleBINs[rng.IntN(len(scaleBINs))])
		feeAcc = append(feeAcc, fmt.Sprintf("11%010d", rng.Int64N(10_000_000_000)))
	}
	tx, err := conn.Begin(ctx)
	if err != nil {
		return nil, fmt.Errorf("market scale: begin: %w", err)
	}
	defer tx.Rollback(ctx)
	rows, err := tx.Query(ctx, `WITH t AS (
			INSERT INTO tenants (kind, slug, name, tax_code) SELECT 'market', u.slug, u.name, u.tax
			FROM unnest($1::text[], $2::text[], $3::text[]) WITH ORDINALITY AS u(slug, name, tax, i) ORDER BY u.i RETURNING id, slug),
		g AS (INSERT INTO casbin_rule (ptype, v0, v1) SELECT 'p2', 'tenant:' || id, 'tenant:' || id FROM t ON CONFLICT DO NOTHING),
		s AS (INSERT INTO sites (tenant_id, slug, name, kind, area_id, address)
			SELECT t.id, 'cho-' || u.i, u.name, 'market', u.area, u.addr
			FROM unnest($1::text[], $4::text[], $5::bigint[], $6::text[]) WITH ORDINALITY AS u(slug, name, area, addr, i) JOIN t ON t.slug = u.slug
			RETURNING tenant_id, id),
		m AS (INSERT INTO markets (tenant_id, site_id, class, fee_bin, fee_account)
			SELECT s.tenant_id, s.id, u.class, u.bin, u.acc FROM s JOIN t ON t.id = s.tenant_id
			JOIN unnest($1::text[], $7::int[], $8::text[], $9::text[]) AS u(slug, class, bin, acc) ON u.slug = t.slug)
		SELECT t.slug, s.tenant_id, s.id FROM s JOIN t ON t.id = s.tenant_id`, tSlug, tName, tTax, sName, sArea, sAddr, class, feeBIN, feeAcc)
	if err != nil {
		return nil, fmt.Errorf("market scale: markets: %w", err)
	}
	index := make(map[string]int, len(tSlug))
	for i, s := range tSlug {
		index[s] = i
	}
	got := 0
	for rows.Next() {
		var slug string
		var tid, sid int64
		if err := rows.Scan(&slug, &tid, &sid); err != nil {
			return nil, fmt.Errorf("market scale: markets: %w", err)
		}
		markets[index[slug]].tenantID, markets[index[slug]].siteID = tid, sid
		got++
	}
	if err := rows.Err(); err != nil || got != len(markets) {
		return nil, fmt.Errorf("market scale: markets (%d of %d): %v", got, len(markets), err)
	}
	if err := tx.Commit(ctx); err != nil {
		return nil, fmt.Errorf("market scale: commit markets: %w", err)
	}
	return markets, nil
}

// scaleBINs are banks the stall holders and boards bank with.
var scaleBINs = []string{"970436", "970415", "970418", "970405", "970422", "970407", "970423", "970432", "970403", "970448"}

// scaleStalls loads the stalls of markets in one transaction: the stalls
// as they were twelve months ago, then month by month the QR codes and
// cashless acceptance that came (with the inspections that saw them) and
// the month's fee bills.
func scaleStalls(ctx context.Context, conn *pgx.Conn, markets []scaleMarket, today time.Time, rng *rand.Rand) error {
	tx, err := conn.Begin(ctx)
	if err != nil {
		return fmt.Errorf("market scale: begin: %w", err)
	}
	defer tx.Rollback(ctx)
	first := time.Date(today.Year(), today.Month(), 1, 0, 0, 0, 0, time.UTC).AddDate(0, -scaleMonths, 0)
	setDay := func(d time.Time) error {
		if _, err := tx.Exec(ctx, `SELECT set_config('market.day', $1, true)`, d.Format("2006-01-02")); err != nil {
			return fmt.Errorf("market scale: set the day: %w", err)
		}
		return nil
	}
	if err := setDay(first); err != nil {
		return err
	}
	var tid, sid []int64
	var stalls, zones, qrTo []int32
	for _, m := range markets {
		tid, sid = append(tid, m.tenantID), append(sid, m.siteID)
		stalls, zones, qrTo = append(stalls, int32(m.stalls)), append(zones, int32(m.zones)), append(qrTo, int32(m.qrTo))
	}
	var lo int64
	if err := tx.QueryRow(ctx, `SELECT coalesce(max(id), 0) FROM stalls`).Scan(&lo); err != nil {
		return fmt.Errorf("market scale: last stall: %w", err)
	}
	// the stalls as they were: a bank account for those that will show a QR
	_, err = tx.Exec(ctx, `INSERT INTO stalls (tenant_id, site_id, code, zone, category, fee_class, holder_name, holder_phone, holder_id, bank_bin, account, card, created_at, updated_at)
		SELECT tenant_id, site_id, chr(65 + (i - 1) % zones) || '-' || ((i - 1) / zones + 1), 'Khu ' || chr(65 + (i - 1) % zones),
		  (ARRAY['fresh_food', 'fresh_food', 'produce', 'produce', 'dry_goods', 'clothing', 'household', 'food_service', 'services', 'other'])[1 + (a * 10)::int % 10],
		  1 + (b * 3)::int % 3,
		  (ARRAY['Nguyễn','Trần','Lê','Phạm','Hoàng','Vũ','Đặng','Bùi','Đỗ','Ngô','Dương','Lý'])[1 + (c * 12)::int % 12] || ' ' ||
		  (ARRAY['Thị','Văn','Thị Thu','Đức','Thị Minh','Quang','Thị Hồng','Ngọc'])[1 + (d * 8)::int % 8] || ' ' ||
		  (ARRAY['An','Bình','Chi','Dung','Hà','Hải','Hoa','Lan','Mai','Nam','Phúc','Quân','Thảo','Tuấn','Yến','Hương'])[1 + (e * 16)::int % 16],
		  (ARRAY['09', '08', '03', '07'])[1 + (a * 4)::int % 4] || lpad((f * 100000000)::bigint::text, 8, '0'),
		  CASE WHEN b < 0.3 THEN '022' || (c * 4)::int % 4 || lpad((d * 100)::int % 100 || '', 2, '0') || lpad((e * 1000000)::int % 1000000 || '', 6, '0') END,
		  CASE WHEN f * 100 < qr_to THEN (ARRAY['970436','970415','970418','970405','970422','970407','970423','970432','970403','970448'])[1 + (a * 10)::int % 10] END,
		  CASE WHEN f * 100 < qr_to THEN '10' || lpad((e * 10000000000)::bigint::text, 10, '0') END,
		  b > 0.9, $1::date + time '07:00', $1::date + time '07:00'
		FROM (SELECT u.*, i, random() AS a, random() AS b, random() AS c, random() AS d, random() AS e, random() AS f
		  FROM unnest($2::bigint[], $3::bigint[], $4::int[], $5::int[], $6::int[]) AS u(tenant_id, site_id, n, zones, qr_to)
		  CROSS JOIN generate_series(1, u.n) i) x`, first.Format("2006-01-02"), tid, sid, stalls, zones, qrTo)
	if err != nil {
		return fmt.Errorf("market scale: stalls: %w", err)
	}
	// when each stall shows its QR and starts taking cashless, decided here
	// (the payload's checksum is Go's): at the start the market's first
	// share, then an even trickle each month up to its share now
	rows, err := tx.Query(ctx, `SELECT id, site_id, bank_bin, account, card FROM stalls WHERE id > $1 AND bank_bin IS NOT NULL ORDER BY id`, lo)
	if err != nil {
		return fmt.Errorf("market scale: read stalls: %w", err)
	}
	share := make(map[int64]scaleMarket, len(markets))
	for _, m := range markets {
		share[m.siteID] = m
	}
	var qrIDs, qrSteps []int64
	var payloads []string
	for rows.Next() {
		var id, site int64
		var bin, account string
		var card bool
		if err := rows.Scan(&id, &site, &bin, &account, &card); err != nil {
			return fmt.Errorf("market scale: read stall: %w", err)
		}
		m := share[site]
		step := int64(0)
		if rng.IntN(m.qrTo) >= m.qrFrom {
			step = 1 + rng.Int64N(scaleMonths)
		}
		qrIDs, qrSteps = append(qrIDs, id), append(qrSteps, step)
		payloads = append(payloads, vietqr.MustEncode(vietqr.Code{BIN: bin, Account: account, Card: card}))
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("market scale: read stalls: %w", err)
	}
	stmts := []struct{ what, sql string }{
		{"plan", `CREATE TEMP TABLE IF NOT EXISTS sk_mk_qr (id bigint PRIMARY KEY, step int, payload text, accepts int)`},
		{"plan", `TRUNCATE sk_mk_qr`},
	}
	for _, s := range stmts {
		if _, err := tx.Exec(ctx, s.sql); err != nil {
			return fmt.Errorf("market scale: %s: %w", s.what, err)
		}
	}
	// nine in ten stalls with a QR take cashless from the inspection that
	// sees it; a few card-only stalls take it without one
	if _, err := tx.Exec(ctx, `INSERT INTO sk_mk_qr SELECT id, step, payload, CASE WHEN random() < 0.9 THEN step END
		FROM unnest($1::bigint[], $2::int[], $3::text[]) AS u(id, step, payload)`, qrIDs, qrSteps, payloads); err != nil {
		return fmt.Errorf("market scale: plan: %w", err)
	}
	if _, err := tx.Exec(ctx, `INSERT INTO sk_mk_qr SELECT id, NULL, NULL, (random() * $2)::int FROM stalls
		WHERE id > $1 AND bank_bin IS NULL AND card AND random() < 0.4`, lo, scaleMonths); err != nil {
		return fmt.Errorf("market scale: plan card stalls: %w", err)
	}
	for step := 0; step <= scaleMonths; step++ {
		month := first.AddDate(0, step, 0)
		day := month.AddDate(0, 0, 9)
		if day.After(today) {
			day = today
		}
		if err := setDay(day); err != nil {
			return err
		}
		d := day.Format("2006-01-02")
		stepSQL := []struct{ what, sql string }{
			{"QR codes", `UPDATE stalls st SET qr_source = CASE WHEN q.id % 5 = 0 THEN 'registered' ELSE 'generated' END, qr_payload = q.payload,
				updated_at = $2::date + time '10:00' FROM sk_mk_qr q WHERE st.id = q.id AND q.step = $1 AND st.id > $3 AND st.qr_payload IS NULL`},
			{"cashless", `UPDATE stalls st SET accepts_cashless = true, inspected_on = $2::date, inspected_by = 'Tổ kiểm tra chợ 4.0',
				updated_at = $2::date + time '10:00' FROM sk_mk_qr q WHERE st.id = q.id AND q.accepts = $1 AND st.id > $3 AND NOT st.accepts_cashless`},
			{"inspections", `INSERT INTO stall_inspections (tenant_id, site_id, stall_id, day, accepts, by_name, created_at)
				SELECT st.tenant_id, st.site_id, st.id, $2::date, true, st.inspected_by, $2::date + time '10:00'
				FROM stalls st JOIN sk_mk_qr q ON q.id = st.id WHERE q.accepts = $1 AND st.id > $3`},
			// the month's bills: past months nine in ten paid, this month
			// half; by QR three times in four where the stall has one
			{"bills", `INSERT INTO market_bills (tenant_id, site_id, stall_id, month, code, amount, paid_method, paid_on, paid_by, created_at)
				SELECT tenant_id, site_id, id, $2::date, 'P' || to_char($2::date, 'YYMM') || 'S' || id, (ARRAY[300000, 200000, 100000])[fee_class],
				  CASE WHEN paid THEN CASE WHEN qr_payload IS NOT NULL AND r2 < 0.75 THEN 'qr' ELSE 'cash' END END,
				  CASE WHEN paid THEN least($2::date + 2 + (r2 * 20)::int, $3::date) END,
				  CASE WHEN paid THEN 'Thu ngân chợ' END, $2::date + time '06:00'
				FROM (SELECT st.*, random() < CASE WHEN $2::date + 25 > $3::date THEN 0.5 ELSE 0.92 END AS paid, random() AS r2
				  FROM stalls st WHERE st.id > $1 AND st.site_id = ANY ($4)) x`},
		}
		for _, s := range stepSQL {
			args := []any{step, d, lo}
			if s.what == "bills" {
				args = []any{lo, month.Format("2006-01-02"), today.Format("2006-01-02"), sid}
			}
			if _, err := tx.Exec(ctx, s.sql, args...); err != nil {
				return fmt.Errorf("market scale: %s of %s: %w", s.what, month.Format("01/2006"), err)
			}
		}
	}
	if _, err := tx.Exec(ctx, `SELECT set_config('market.day', '', true)`); err != nil {
		return fmt.Errorf("market scale: reset the day: %w", err)
	}
	if err := tx.Commit(ctx); err != nil {
		return fmt.Errorf("market scale: commit: %w", err)
	}
	return nil
}

var _ kind.ScaleSeeder = (*Kind)(nil)
