package scale

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/jackc/pgx/v5"

	"portal06/app/kind"
	"portal06/app/tips"
)

// tipChunk is how many tips one transaction loads.
const tipChunk = 5_000

// loadItem loads one item other than stays: tips are the core's, the
// others belong to the kind whose seeder claims them; an item nobody claims
// is skipped.
func loadItem(ctx context.Context, ownerURL string, opts Options, item string, n int, out io.Writer) error {
	if item == "tips" {
		return loadTips(ctx, ownerURL, n, opts.Now, out)
	}
	for _, s := range opts.Seeders {
		for _, it := range s.ScaleItems() {
			if it == item {
				return s.SeedScale(ctx, kind.ScaleJob{Item: item, N: n, OwnerURL: ownerURL, LoaderURL: opts.LoaderURL, Now: opts.Now, Out: out})
			}
		}
	}
	fmt.Fprintf(out, "%s: no tenant kind of this portal loads them: skipped\n", item)
	return nil
}

// tipTexts are what reporters write, by category.
var tipTexts = map[string]string{
	"theft":        "Mất trộm xe máy để trước cửa nhà, có người nhìn thấy hai thanh niên đi xe không biển số.",
	"robbery":      "Người đi xe máy giật điện thoại của người đi bộ rồi bỏ chạy.",
	"drugs":        "Nghi vấn có nhóm người tụ tập sử dụng chất ma túy vào ban đêm.",
	"gambling":     "Tụ tập đánh bạc ăn tiền tại quán nước, thường từ tối đến khuya.",
	"fraud":        "Đối tượng gọi điện giả danh cơ quan chức năng yêu cầu chuyển tiền.",
	"violence":     "Hai nhóm thanh niên xô xát, có dùng gậy gộc, người dân phải can ngăn.",
	"public_order": "Hát karaoke lớn tiếng sau 23 giờ, gây mất trật tự khu dân cư.",
	"traffic":      "Xe tải đỗ dưới lòng đường, nhiều lần gây va chạm giao thông.",
	"environment":  "Xe chở vật liệu không che chắn làm rơi vãi ra đường.",
	"other":        "Người lạ có biểu hiện nghi vấn, thường xuyên qua lại khu vực vào ban đêm.",
}

// loadTips adds n crime tips spread over the wards and the last twelve
// months, a few from sites' posters: routed to the units of their area like
// the public form routes them, with their events, and the province's
// figures as tip_figures_recount computes them, one transaction a chunk.
func loadTips(ctx context.Context, ownerURL string, n int, now time.Time, out io.Writer) error {
	conn, err := kind.ScaleConnect(ctx, ownerURL)
	if err != nil {
		return err
	}
	defer conn.Close(context.Background())
	start := time.Now()
	var cats, texts []string
	for _, c := range tips.Categories {
		cats, texts = append(cats, c), append(texts, tipTexts[c])
		if tipTexts[c] == "" {
			texts[len(texts)-1] = tipTexts["other"]
		}
	}
	// the units each area's tips go to (tips.routeUnits), PC06 where none
	setup := []string{
		`CREATE TEMP TABLE IF NOT EXISTS sk_tip_units (area_id bigint, unit_id bigint, local boolean)`,
		`TRUNCATE sk_tip_units`,
		`INSERT INTO sk_tip_units SELECT DISTINCT a.id, u.id, u.kind = 'local_police' FROM areas a
			JOIN casbin_rule r ON r.ptype = 'p2' JOIN police_units u ON r.v0 = 'unit:' || u.code LEFT JOIN areas g ON r.v1 = 'area:' || g.code
			WHERE a.kind <> 'province' AND (r.v1 = 'province' OR EXISTS (SELECT 1 FROM area_closure c WHERE c.ancestor_id = g.id AND c.descendant_id = a.id))`,
		`INSERT INTO sk_tip_units SELECT a.id, u.id, false FROM areas a CROSS JOIN police_units u
			WHERE a.kind <> 'province' AND u.kind = 'pc06' AND NOT EXISTS (SELECT 1 FROM sk_tip_units x WHERE x.area_id = a.id)`,
		`CREATE TEMP TABLE IF NOT EXISTS sk_tip_places (n int, area_id bigint, tenant_id bigint, site_id bigint, site_name text, address text)`,
		`TRUNCATE sk_tip_places`,
		// a place is a ward (no site) or, one in seven, a site with a poster
		`INSERT INTO sk_tip_places SELECT row_number() OVER (ORDER BY x.o, x.area_id, x.site_id), x.area_id, x.tenant_id, x.site_id, x.site_name, x.address FROM (
			SELECT 0 AS o, id AS area_id, NULL::bigint AS tenant_id, NULL::bigint AS site_id, '' AS site_name, '' AS address FROM areas WHERE kind <> 'province'
			UNION ALL SELECT 1, s.area_id, s.tenant_id, s.id, s.name, s.address FROM sites s TABLESAMPLE SYSTEM (50)) x
			(o, area_id, tenant_id, site_id, site_name, address)`,
	}
	for _, q := range setup {
		if _, err := conn.Exec(ctx, q); err != nil {
			return fmt.Errorf("scale: tips setup: %w", err)
		}
	}
	var wards, places int
	if err := conn.QueryRow(ctx, `SELECT count(*) FILTER (WHERE site_id IS NULL), count(*) FROM sk_tip_places`).Scan(&wards, &places); err != nil {
		return fmt.Errorf("scale: tips places: %w", err)
	}
	if wards == 0 {
		return fmt.Errorf("scale: tips: no wards")
	}
	for done := 0; done < n; {
		m := min(tipChunk, n-done)
		if err := tipChunkLoad(ctx, conn, m, wards, places, now, cats, texts); err != nil {
			return err
		}
		done += m
		el := time.Since(start)
		fmt.Fprintf(out, "tips: %d/%d (%d%%), %.0f/s, %s\n", done, n, done*100/n, float64(done)/el.Seconds(), el.Round(time.Second))
	}
	if _, err := conn.Exec(ctx, `ANALYZE tips; ANALYZE tip_units; ANALYZE tip_events`); err != nil {
		return fmt.Errorf("scale: analyze tips: %w", err)
	}
	return nil
}

// tipChunkLoad loads m tips in one transaction.
func tipChunkLoad(ctx context.Context, conn *pgx.Conn, m, wards, places int, now time.Time, cats, texts []string) error {
	tx, err := conn.Begin(ctx)
	if err != nil {
		return fmt.Errorf("scale: begin: %w", err)
	}
	defer tx.Rollback(ctx)
	var lo int64
	if err := tx.QueryRow(ctx, `SELECT coalesce(max(id), 0) FROM tips`).Scan(&lo); err != nil {
		return fmt.Errorf("scale: last tip: %w", err)
	}
	_, err = tx.Exec(ctx, `INSERT INTO tips (code_hash, category, description, area_id, site_tenant_id, site_id, site_name, address, occurred_at,
			reporter_name, reporter_phone, names_person, status, public_note, created_at, first_response_at, closed_at)
		SELECT encode(sha256(convert_to(gen_random_uuid()::text, 'UTF8')), 'hex'), ($4::text[])[ci], ($5::text[])[ci], p.area_id, p.tenant_id, p.site_id,
		  p.site_name, p.address, created - (1 + r3 * 20) * interval '1 hour',
		  CASE WHEN named THEN (ARRAY['Nguyễn Văn Hùng', 'Trần Thị Hoa', 'Lê Minh Tuấn', 'Phạm Thu Hà', 'Vũ Đức Long'])[1 + (r3 * 5)::int % 5] ELSE '' END,
		  CASE WHEN named THEN '09' || lpad((r4 * 100000000)::bigint::text, 8, '0') ELSE '' END, named,
		  status, CASE WHEN status = 'closed' THEN 'Công an đã xác minh và xử lý. Cảm ơn bạn đã báo tin.' ELSE '' END,
		  created, responded, CASE WHEN status = 'closed' THEN least(responded + interval '2 hours' + r5 * interval '45 days', $1::timestamptz - interval '5 minutes') END
		FROM (
		  SELECT *, CASE WHEN status <> 'received' THEN least(created + (0.5 + r4 * 47) * interval '1 hour', $1::timestamptz - interval '30 minutes') END AS responded
		  FROM (
		    SELECT *, CASE WHEN $1::timestamptz - created < interval '2 days' THEN CASE WHEN r2 < 0.5 THEN 'received' ELSE 'verifying' END
		        WHEN r2 < 0.72 THEN 'closed' WHEN r2 < 0.92 THEN 'verifying' ELSE 'received' END AS status,
		      1 + (r1 * cardinality($4::text[]))::int % cardinality($4::text[]) AS ci, r6 < 0.3 AS named,
		      CASE WHEN $3::int > $2::int AND r7 < 1.0 / 7 THEN $2::int + 1 + (r8 * ($3::int - $2::int))::int % ($3::int - $2::int)
		        ELSE 1 + (r8 * $2::int)::int % $2::int END AS place
		    FROM (SELECT i, $1::timestamptz - interval '1 hour' - random() * interval '365 days' AS created, random() AS r1, random() AS r2, random() AS r3,
		      random() AS r4, random() AS r5, random() AS r6, random() AS r7, random() AS r8 FROM generate_series(1, $6::int) i) l1) l2) l3
		JOIN sk_tip_places p ON p.n = l3.place`, now, wards, places, cats, texts, m)
	if err != nil {
		return fmt.Errorf("scale: tips: %w", err)
	}
	stmts := []struct{ what, sql string }{
		{"routing", `INSERT INTO tip_units (tip_id, unit_id, since) SELECT t.id, u.unit_id, t.created_at FROM tips t
			JOIN sk_tip_units u ON u.area_id = t.area_id WHERE t.id > $1`},
		{"events", `INSERT INTO tip_events (tip_id, unit_id, action, status, note, created_at)
			SELECT id, NULL, 'received', 'received', '', created_at FROM tips WHERE id > $1
			UNION ALL
			SELECT t.id, (SELECT min(u.unit_id) FROM sk_tip_units u WHERE u.area_id = t.area_id AND u.local), 'status', 'verifying',
			  'Đã cử cán bộ xác minh tại chỗ.', t.first_response_at FROM tips t WHERE t.id > $1 AND t.first_response_at IS NOT NULL
			UNION ALL
			SELECT t.id, (SELECT min(u.unit_id) FROM sk_tip_units u WHERE u.area_id = t.area_id AND u.local), 'status', 'closed',
			  'Đã xử lý, lập biên bản.', t.closed_at FROM tips t WHERE t.id > $1 AND t.closed_at IS NOT NULL`},
		// what tip_figures_recount computes, for these tips only
		{"figures", `CREATE TEMP TABLE sk_tip_figures ON COMMIT DROP AS SELECT * FROM tip_figures_recount($1::bigint)`},
		{"figures of sites", `INSERT INTO figure_days (tenant_id, indicator, site_id, day, area_id, num, den)
			SELECT tenant_id, indicator, site_id, day, area_id, num, den FROM sk_tip_figures WHERE site_id IS NOT NULL AND $1::bigint IS NOT NULL
			ON CONFLICT (tenant_id, indicator, site_id, day) WHERE site_id IS NOT NULL
			DO UPDATE SET num = figure_days.num + excluded.num, den = figure_days.den + excluded.den`},
		{"figures of areas", `INSERT INTO figure_days (tenant_id, indicator, site_id, day, area_id, num, den)
			SELECT NULL, indicator, NULL, day, area_id, num, den FROM sk_tip_figures WHERE site_id IS NULL AND $1::bigint IS NOT NULL
			ON CONFLICT (indicator, area_id, day) WHERE site_id IS NULL
			DO UPDATE SET num = figure_days.num + excluded.num, den = figure_days.den + excluded.den`},
	}
	for _, s := range stmts {
		if _, err := tx.Exec(ctx, s.sql, lo); err != nil {
			return fmt.Errorf("scale: tips %s: %w", s.what, err)
		}
	}
	if err := tx.Commit(ctx); err != nil {
		return fmt.Errorf("scale: commit tips: %w", err)
	}
	return nil
}
