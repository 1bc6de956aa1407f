// Package scale loads a province-sized data set on top of the demo data,
// with COPY, for measuring the portal at scale: about 1,500 accommodation
// sites across every ward, stays spread over the years with their
// notifications, revisions and identity records, and guests who return.
package scale

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"

	"portal06/app/i18n"
	"portal06/app/iddoc"
	"portal06/app/kind"
	"portal06/app/national"
)

// Options say how much to load.
type Options struct {
	Stays     int
	Residents int
	Stalls    int
	Tips      int
	Sites     int // accommodation sites of the scale tenants; 0 means 1,500
	Years     int // stays spread over this many years back from now; 0 means 5
	Chunk     int // stays per COPY transaction; 0 means 50,000
	Workers   int // connections loading at once; 0 means 3
	Now       time.Time
	// LoaderURL is a superuser's connection string to the same database,
	// if there is one (the private cluster's postgres role): its sessions
	// load with triggers and checks off and write the rollups themselves.
	// Empty, the owner loads, and the triggers keep the rollups row by row.
	LoaderURL string
	// DropIndexesFrom is the number of stays from which a fast load drops
	// the secondary indexes and builds them again after; 0 means 1,000,000.
	DropIndexesFrom int
	// Seeders are the tenant kinds that load items of their own
	// (residents, stalls: portal.Kinds().ScaleSeeders()); an item none
	// claims is skipped. Tips are the core's and always load.
	Seeders []kind.ScaleSeeder
}

// sitesPerTenant is how many sites each scale tenant runs.
const sitesPerTenant = 5

// tenantPrefix names the scale tenants: scale-ks-0001 …
const tenantPrefix = "scale-ks-"

// site is one site of a scale tenant.
type site struct {
	tenantID, id int64
	slug, name   string
	address      string
	areaCode     string
}

// Load adds opts.Stays stays (and the other rows) to the database of the
// owner's connection string ownerURL, printing its progress to out. The
// portal must not be running: stay ids are reserved by moving sequences.
func Load(ctx context.Context, ownerURL string, opts Options, out io.Writer) error {
	if opts.Sites <= 0 {
		opts.Sites = 1500
	}
	if opts.Years <= 0 {
		opts.Years = 5
	}
	if opts.Chunk <= 0 {
		opts.Chunk = 50_000
	}
	if opts.Workers <= 0 {
		// one more than the cores of this machine: while a session's
		// chunk is made in Go, the others' keep PostgreSQL busy
		opts.Workers = 3
	}
	if opts.Now.IsZero() {
		opts.Now = time.Now()
	}
	conn, err := kind.ScaleConnect(ctx, ownerURL)
	if err != nil {
		return err
	}
	defer conn.Close(context.Background())
	sites, err := ensureSites(ctx, conn, opts.Sites, out)
	if err != nil {
		return err
	}
	// the demo's hotel chain gets a tenth of the stays, so that its lists
	// (ks-letan, demo-token-vinh-xanh) are measured at scale
	demoSites, err := readSites(ctx, conn, `t.slug = 'vinh-xanh'`, 100)
	if err != nil {
		return err
	}
	// a superuser loads fast: its sessions run with row-level security,
	// foreign-key checks and triggers off (session_replication_role =
	// replica, this session only), and write the rollups the triggers keep
	var fast, rollups bool
	loaderURL := ownerURL
	if opts.LoaderURL != "" {
		loaderURL = opts.LoaderURL
		lc, err := kind.ScaleConnect(ctx, loaderURL)
		if err != nil {
			return err
		}
		err = lc.QueryRow(ctx, `SELECT rolsuper FROM pg_roles WHERE rolname = current_user`).Scan(&fast)
		lc.Close(ctx)
		if err != nil {
			return fmt.Errorf("scale: read role: %w", err)
		}
		if !fast {
			loaderURL = ownerURL
		}
	}
	if err := conn.QueryRow(ctx, `SELECT to_regclass('acc_figure_parts') IS NOT NULL`).Scan(&rollups); err != nil {
		return fmt.Errorf("scale: look for acc_figure_parts: %w", err)
	}
	if fast {
		fmt.Fprintln(out, "mode: fast (superuser: triggers and checks off for the loading sessions, rollups written with each chunk)")
	} else {
		fmt.Fprintln(out, "mode: slow (not a superuser: row-level security lifted chunk by chunk, triggers keep the rollups row by row)")
	}
	if err := restoreIndexes(ctx, ownerURL, conn, out); err != nil { // left dropped by a load that died
		return err
	}
	if opts.Stays > 0 {
		if opts.DropIndexesFrom <= 0 {
			opts.DropIndexesFrom = dropIndexesFrom
		}
		if fast && opts.Stays >= opts.DropIndexesFrom {
			if err := dropIndexes(ctx, conn, out); err != nil {
				return err
			}
		}
		if err := loadStays(ctx, loaderURL, conn, sites, demoSites, opts, fast, fast && rollups, out); err != nil {
			return err
		}
		if err := restoreIndexes(ctx, ownerURL, conn, out); err != nil {
			return err
		}
		if fast {
			// their triggers were off for the load
			t0 := time.Now()
			n, err := refreshSiteCounts(ctx, conn)
			if err != nil {
				return err
			}
			fmt.Fprintf(out, "site_stay_counts: %d sites' guests now and refusals counted in %s\n", n, time.Since(t0).Round(time.Millisecond))
		}
		if fast && rollups {
			t0 := time.Now()
			n, changed, err := refreshSitesReporting(ctx, conn)
			if err != nil {
				return err
			}
			fmt.Fprintf(out, "figure_days: sites reporting refreshed for %d sites (%d changed) in %s\n", n, changed, time.Since(t0).Round(time.Millisecond))
		}
	}
	for _, item := range []struct {
		name string
		n    int
	}{{"residents", opts.Residents}, {"stalls", opts.Stalls}, {"tips", opts.Tips}} {
		if item.n > 0 {
			if err := loadItem(ctx, ownerURL, opts, item.name, item.n, out); err != nil {
				return err
			}
		}
	}
	fmt.Fprintln(out, "analyze…")
	// the rollups too: a plan made with a site_stay_counts of the demo's
	// ten rows walked all of its 1,500 for each site of a police page
	analyze := `ANALYZE stays; ANALYZE notifications; ANALYZE stay_revisions; ANALYZE identity_records; ANALYZE sites; ANALYZE site_stay_counts; ANALYZE figure_days`
	if rollups {
		analyze += `; ANALYZE acc_figure_parts`
	}
	if _, err := conn.Exec(ctx, analyze); err != nil {
		return fmt.Errorf("scale: analyze: %w", err)
	}
	if fast && opts.Stays > 0 {
		// the loading sessions committed without waiting for the WAL
		if err := checkpoint(ctx, loaderURL); err != nil {
			return err
		}
	}
	if opts.Stays > 0 && !fast {
		fmt.Fprintln(out, "figure_days: kept by the triggers on stays and notifications (COPY fired them row by row)")
	}
	return nil
}

// dropIndexesFrom is the size of a load from which the indexes of the
// loaded tables are dropped before it and built again after it: one sort
// per index instead of a random insertion per row, which at millions of
// rows no longer fits in the buffers.
const dropIndexesFrom = 1_000_000

// loadTables are the tables a load writes most into.
// figure_days keeps its unique keys, which the chunks' upserts need.
var loadTables = []string{"stays", "notifications", "stay_revisions", "identity_records", "acc_figure_parts", "figure_days"}

// dropIndexes drops the indexes of the loaded tables that nothing needs
// during the load: the secondary ones, and the primary keys and unique
// constraints that no foreign key references (stays' key stays). Partial
// indexes stay too: the load's rows (departed stays, accepted
// notifications, no trips) are outside their predicates, so keeping them
// costs a predicate per row, where building them again costs a scan of
// their table (a minute for notifications_pending at 10,000,000 stays). The load's own rows are unique by construction (ids
// from the sequences, time-ordered random notification keys), and the
// rebuild checks it. Their definitions are kept in scale_dropped_indexes,
// so that a load that dies leaves them to be built again by the next one
// (restoreIndexes).
func dropIndexes(ctx context.Context, conn *pgx.Conn, out io.Writer) error {
	t0 := time.Now()
	tx, err := conn.Begin(ctx)
	if err != nil {
		return fmt.Errorf("scale: begin: %w", err)
	}
	defer tx.Rollback(ctx)
	if _, err := tx.Exec(ctx, `CREATE TABLE IF NOT EXISTS scale_dropped_indexes (name text PRIMARY KEY, definition text NOT NULL)`); err != nil {
		return fmt.Errorf("scale: remember indexes: %w", err)
	}
	// drop: the statement that drops it; definition: the one that builds it
	rows, err := tx.Query(ctx, `SELECT c.relname,
			CASE WHEN k.oid IS NULL THEN 'DROP INDEX ' || i.indexrelid::regclass
				ELSE 'ALTER TABLE ' || i.indrelid::regclass || ' DROP CONSTRAINT ' || quote_ident(k.conname) END,
			CASE WHEN k.oid IS NULL THEN pg_get_indexdef(i.indexrelid)
				ELSE 'ALTER TABLE ' || i.indrelid::regclass || ' ADD CONSTRAINT ' || quote_ident(k.conname) || ' ' || pg_get_constraintdef(k.oid) END
		FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
		LEFT JOIN pg_constraint k ON k.conindid = i.indexrelid AND k.conrelid = i.indrelid AND k.contype IN ('p', 'u')
		WHERE i.indrelid = ANY (SELECT to_regclass(t) FROM unnest($1::text[]) t WHERE to_regclass(t) IS NOT NULL)
		AND c.relnamespace = 'public'::regnamespace
		AND (k.oid IS NOT NULL OR NOT i.indisunique) AND i.indpred IS NULL
		AND NOT EXISTS (SELECT 1 FROM pg_constraint f WHERE f.contype = 'f' AND f.conindid = i.indexrelid)
		AND NOT EXISTS (SELECT 1 FROM pg_constraint x WHERE x.conindid = i.indexrelid AND x.contype NOT IN ('p', 'u', 'f'))
		ORDER BY 1`, loadTables)
	if err != nil {
		return fmt.Errorf("scale: read indexes: %w", err)
	}
	type index struct{ name, drop, def string }
	idx, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (index, error) {
		var i index
		return i, r.Scan(&i.name, &i.drop, &i.def)
	})
	if err != nil {
		return fmt.Errorf("scale: read indexes: %w", err)
	}
	keys := 0
	for _, i := range idx {
		if _, err := tx.Exec(ctx, `INSERT INTO scale_dropped_indexes VALUES ($1, $2) ON CONFLICT DO NOTHING`, i.name, i.def); err != nil {
			return fmt.Errorf("scale: remember index %s: %w", i.name, err)
		}
		if _, err := tx.Exec(ctx, i.drop); err != nil {
			return fmt.Errorf("scale: drop index %s: %w", i.name, err)
		}
		if strings.HasPrefix(i.def, "ALTER TABLE") {
			keys++
		}
	}
	if err := tx.Commit(ctx); err != nil {
		return fmt.Errorf("scale: commit: %w", err)
	}
	fmt.Fprintf(out, "indexes: %d secondary indexes and %d keys dropped for the load (%s)\n", len(idx)-keys, keys, time.Since(t0).Round(time.Millisecond))
	return nil
}

// indexBuilders is how many sessions build the dropped indexes at once.
const indexBuilders = 2

// restoreIndexes builds again the indexes that dropIndexes dropped, the
// largest tables' first, indexBuilders sessions at once. Each index is
// built and forgotten in one transaction: a load that dies in the middle
// leaves only the ones not built.
func restoreIndexes(ctx context.Context, url string, conn *pgx.Conn, out io.Writer) error {
	var exists bool
	if err := conn.QueryRow(ctx, `SELECT to_regclass('scale_dropped_indexes') IS NOT NULL`).Scan(&exists); err != nil || !exists {
		return err
	}
	// the table's size orders the work (the largest first, so the two
	// sessions finish together); keys before the other indexes of a table
	rows, err := conn.Query(ctx, `SELECT d.name, d.definition FROM scale_dropped_indexes d
		LEFT JOIN pg_class c ON c.oid = to_regclass(substring(d.definition FROM ' ON (?:ONLY )?(\S+) ') )
		LEFT JOIN pg_class a ON a.oid = to_regclass(substring(d.definition FROM '^ALTER TABLE (\S+) '))
		ORDER BY coalesce(c.relpages, a.relpages, 0) DESC, d.definition LIKE 'ALTER%' DESC, d.name`)
	if err != nil {
		return fmt.Errorf("scale: read dropped indexes: %w", err)
	}
	type index struct{ name, def string }
	idx, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (index, error) {
		var i index
		return i, r.Scan(&i.name, &i.def)
	})
	if err != nil {
		return fmt.Errorf("scale: read dropped indexes: %w", err)
	}
	t0 := time.Now()
	jobs := make(chan index)
	errs := make(chan error, indexBuilders)
	var mu sync.Mutex
	var wg sync.WaitGroup
	for range indexBuilders {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c, err := kind.ScaleConnect(ctx, url)
			if err != nil {
				errs <- err
				return
			}
			defer c.Close(context.Background())
			// one sort in memory per index (the builders share the 2 cores)
			if _, err := c.Exec(ctx, `SET maintenance_work_mem = '1GB'; SET max_parallel_maintenance_workers = 0`); err != nil {
				errs <- fmt.Errorf("scale: set maintenance_work_mem: %w", err)
				return
			}
			for i := range jobs {
				t1 := time.Now()
				if err := buildIndex(ctx, c, i.name, i.def); err != nil {
					errs <- err
					return
				}
				mu.Lock()
				fmt.Fprintf(out, "indexes: %s built in %s\n", i.name, time.Since(t1).Round(time.Millisecond))
				mu.Unlock()
			}
		}()
	}
	go func() {
		defer close(jobs)
		for _, i := range idx {
			select {
			case jobs <- i:
			case <-ctx.Done():
				return
			}
		}
	}()
	wg.Wait()
	close(errs)
	if err := <-errs; err != nil {
		return err
	}
	if _, err := conn.Exec(ctx, `DROP TABLE scale_dropped_indexes`); err != nil {
		return fmt.Errorf("scale: drop scale_dropped_indexes: %w", err)
	}
	fmt.Fprintf(out, "indexes: %d built in %s\n", len(idx), time.Since(t0).Round(time.Millisecond))
	return nil
}

// buildIndex builds one dropped index (or key) and forgets it, in one
// transaction.
func buildIndex(ctx context.Context, c *pgx.Conn, name, def string) error {
	tx, err := c.Begin(ctx)
	if err != nil {
		return fmt.Errorf("scale: begin: %w", err)
	}
	defer tx.Rollback(ctx)
	var exists bool
	if err := tx.QueryRow(ctx, `SELECT to_regclass(quote_ident($1)) IS NOT NULL`, name).Scan(&exists); err != nil {
		return fmt.Errorf("scale: look for index %s: %w", name, err)
	}
	if !exists { // built by a load that died before forgetting it
		if _, err := tx.Exec(ctx, def); err != nil {
			return fmt.Errorf("scale: build index %s: %w", name, err)
		}
	}
	if _, err := tx.Exec(ctx, `DELETE FROM scale_dropped_indexes WHERE name = $1`, name); err != nil {
		return fmt.Errorf("scale: forget index %s: %w", name, err)
	}
	if err := tx.Commit(ctx); err != nil {
		return fmt.Errorf("scale: commit index %s: %w", name, err)
	}
	return nil
}

// refreshSitesReporting does for every accommodation site what
// acc_refresh_site does for one (a site reports from the day of its first
// stay not cancelled), in one statement: each site's first stay read by one
// backward probe of stays_site_arrival_id, and acc_part_put called only for
// the sites whose part differs from it. It returns the sites and how many
// of them changed.
func refreshSitesReporting(ctx context.Context, conn *pgx.Conn) (n, changed int, err error) {
	err = conn.QueryRow(ctx, `WITH want AS (
			SELECT s.tenant_id, s.id AS site_id, (f.arrival_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date AS day
			FROM sites s JOIN tenants t ON t.id = s.tenant_id
			LEFT JOIN LATERAL (SELECT x.arrival_at FROM stays x WHERE x.tenant_id = s.tenant_id AND x.site_id = s.id AND x.status <> 'cancelled'
				ORDER BY x.arrival_at LIMIT 1) f ON true
			WHERE t.kind = 'accommodation'),
		diff AS (
			SELECT w.*, (w.day IS NULL AND p.source_id IS NOT NULL)
				OR (w.day IS NOT NULL AND (p.source_id IS NULL OR p.site_id <> w.site_id OR p.day IS DISTINCT FROM w.day OR p.num <> 1 OR p.den <> 1)) AS changed
			FROM want w LEFT JOIN acc_figure_parts p ON p.tenant_id = w.tenant_id AND p.indicator = 'acc.sites_reporting' AND p.source_id = w.site_id),
		put AS (
			SELECT acc_part_put(tenant_id, 'acc.sites_reporting', site_id, CASE WHEN day IS NULL THEN 0 ELSE site_id END, day,
				CASE WHEN day IS NULL THEN 0 ELSE 1 END, CASE WHEN day IS NULL THEN 0 ELSE 1 END)
			FROM diff WHERE changed ORDER BY tenant_id, site_id)
		SELECT (SELECT count(*) FROM diff), (SELECT count(*) FROM put)`).Scan(&n, &changed)
	if err != nil {
		return 0, 0, fmt.Errorf("scale: sites reporting: %w", err)
	}
	return n, changed, nil
}

// refreshSiteCounts sets each site's counters in site_stay_counts (its
// guests staying now and its refused notifications) to what its rows say,
// as the triggers of migrations/00550_site_stay_counts.sql keep them, for
// every site that has either. It returns how many sites have them.
func refreshSiteCounts(ctx context.Context, conn *pgx.Conn) (int, error) {
	tag, err := conn.Exec(ctx, `INSERT INTO site_stay_counts AS c (tenant_id, site_id, area_id, guests, refused)
		SELECT x.tenant_id, x.site_id, s.area_id, sum(g), sum(r) FROM (
			SELECT tenant_id, site_id, count(*) AS g, 0 AS r FROM stays WHERE status = 'open' GROUP BY 1, 2
			UNION ALL
			SELECT tenant_id, site_id, 0, count(*) FROM notifications WHERE status <> 'accepted' AND status = 'refused' GROUP BY 1, 2
		) x JOIN sites s ON s.tenant_id = x.tenant_id AND s.id = x.site_id GROUP BY 1, 2, 3
		ON CONFLICT (tenant_id, site_id) DO UPDATE SET guests = excluded.guests, refused = excluded.refused, area_id = excluded.area_id`)
	if err != nil {
		return 0, fmt.Errorf("scale: site counters: %w", err)
	}
	return int(tag.RowsAffected()), nil
}

// checkpoint makes everything written so far durable (a superuser's
// connection string url).
func checkpoint(ctx context.Context, url string) error {
	c, err := pgx.Connect(ctx, url)
	if err != nil {
		return fmt.Errorf("scale: connect: %w", err)
	}
	defer c.Close(ctx)
	if _, err := c.Exec(ctx, `CHECKPOINT`); err != nil {
		return fmt.Errorf("scale: checkpoint: %w", err)
	}
	return nil
}

// ensureSites creates the scale tenants and their sites, one ward after
// another, until there are n sites, and returns them.
func ensureSites(ctx context.Context, conn *pgx.Conn, n int, out io.Writer) ([]site, error) {
	areas, err := kind.ScaleWards(ctx, conn)
	if err != nil {
		return nil, err
	}
	tenants := (n + sitesPerTenant - 1) / sitesPerTenant
	var have int
	if err := conn.QueryRow(ctx, `SELECT count(*) FROM tenants WHERE slug LIKE $1`, tenantPrefix+"%").Scan(&have); err != nil {
		return nil, fmt.Errorf("scale: count tenants: %w", err)
	}
	if have < tenants {
		fmt.Fprintf(out, "sites: creating %d tenants with %d sites each across %d wards\n", tenants-have, sitesPerTenant, len(areas))
		tx, err := conn.Begin(ctx)
		if err != nil {
			return nil, fmt.Errorf("scale: begin: %w", err)
		}
		defer tx.Rollback(ctx)
		kinds := []string{"hotel", "guesthouse", "homestay", "hotel", "guesthouse"}
		for t := have; t < tenants; t++ {
			var tid int64
			slug := fmt.Sprintf("%s%04d", tenantPrefix, t+1)
			err := tx.QueryRow(ctx, `INSERT INTO tenants (kind, slug, name, tax_code) VALUES ('accommodation', $1, $2, $3) RETURNING id`,
				slug, fmt.Sprintf("Cơ sở lưu trú %04d", t+1), fmt.Sprintf("57%08d", 10_000+t)).Scan(&tid)
			if err != nil {
				return nil, fmt.Errorf("scale: insert tenant %s: %w", slug, err)
			}
			for s := range sitesPerTenant {
				area := areas[(t*sitesPerTenant+s)%len(areas)]
				_, err := tx.Exec(ctx, `INSERT INTO sites (tenant_id, slug, name, kind, area_id, address) VALUES ($1, $2, $3, $4, $5, $6)`,
					tid, fmt.Sprintf("co-so-%d", s+1), fmt.Sprintf("%s %d – %04d", siteNames[s], s+1, t+1), kinds[s], area,
					fmt.Sprintf("Số %d, đường %s", 1+(t*7+s)%200, streets[(t+s)%len(streets)]))
				if err != nil {
					return nil, fmt.Errorf("scale: insert site: %w", err)
				}
			}
		}
		if err := tx.Commit(ctx); err != nil {
			return nil, fmt.Errorf("scale: commit sites: %w", err)
		}
	}
	sites, err := readSites(ctx, conn, `t.slug LIKE '`+tenantPrefix+`%'`, n)
	if err != nil {
		return nil, err
	}
	fmt.Fprintf(out, "sites: %d scale sites\n", len(sites))
	return sites, nil
}

// readSites reads at most n sites of the tenants that where selects.
func readSites(ctx context.Context, conn *pgx.Conn, where string, n int) ([]site, error) {
	rows, err := conn.Query(ctx, `SELECT s.tenant_id, s.id, t.slug || '/' || s.slug, s.name, s.address, a.code
		FROM sites s JOIN tenants t ON t.id = s.tenant_id JOIN areas a ON a.id = s.area_id
		WHERE t.kind = 'accommodation' AND `+where+` ORDER BY s.tenant_id, s.id LIMIT $1`, n)
	if err != nil {
		return nil, fmt.Errorf("scale: read sites: %w", err)
	}
	defer rows.Close()
	var sites []site
	for rows.Next() {
		var s site
		if err := rows.Scan(&s.tenantID, &s.id, &s.slug, &s.name, &s.address, &s.areaCode); err != nil {
			return nil, fmt.Errorf("scale: read site: %w", err)
		}
		sites = append(sites, s)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("scale: read sites: %w", err)
	}
	return sites, nil
}

// loadStays loads opts.Stays stays in chunks, opts.Workers at once.
func loadStays(ctx context.Context, loaderURL string, conn *pgx.Conn, sites, demoSites []site, opts Options, fast, rollups bool, out io.Writer) error {
	start := time.Now()
	// up to an hour ago: the last days' stays whose guests have not left
	// yet are open, and today's check-ins are in the figures
	span := opts.Now.Add(-time.Hour).Sub(opts.Now.AddDate(-opts.Years, 0, 0))
	open, err := openedBefore(ctx, conn)
	if err != nil {
		return err
	}
	first := opts.Now.AddDate(-opts.Years, 0, 0)
	guests := newGuests(max(1000, opts.Stays/3))
	var mu sync.Mutex
	done := 0
	reserve := func(n int) (int64, error) {
		mu.Lock()
		defer mu.Unlock()
		var end int64
		err := conn.QueryRow(ctx, `SELECT setval(pg_get_serial_sequence('stays', 'id'), nextval(pg_get_serial_sequence('stays', 'id')) + $1 - 1)`,
			n).Scan(&end)
		return end - int64(n) + 1, err
	}
	chunks := make(chan int)
	errs := make(chan error, opts.Workers)
	var wg sync.WaitGroup
	for range opts.Workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c, err := kind.ScaleConnect(ctx, loaderURL)
			if err != nil {
				errs <- err
				return
			}
			defer c.Close(context.Background())
			if fast {
				// and its commits do not wait for the WAL's flush: the load is
				// made durable at its end, by a checkpoint
				if _, err := c.Exec(ctx, `SET session_replication_role = replica; SET synchronous_commit = off`); err != nil {
					errs <- fmt.Errorf("scale: replica mode: %w", err)
					return
				}
			}
			var buf copyBuf // one table's rows at a time, reused
			for from := range chunks {
				n := min(opts.Chunk, opts.Stays-from)
				firstID, err := reserve(n)
				if err != nil {
					errs <- fmt.Errorf("scale: reserve stay ids: %w", err)
					return
				}
				// a stay id is never reserved twice: nor are the keys drawn
				rng := rand.New(rand.NewPCG(uint64(from), uint64(firstID)))
				b := batch{rollups: rollups, stays: make([]stayRows, 0, n), now: opts.Now, open: open}
				if rollups {
					b.parts = make([]partRow, 0, 2*n+n/8)
				}
				for i := range n {
					at := first.Add(time.Duration(float64(span) * (float64(from+i) + rng.Float64()) / float64(opts.Stays)))
					st := &sites[rng.IntN(len(sites))]
					if len(demoSites) > 0 && rng.IntN(10) == 0 {
						st = &demoSites[rng.IntN(len(demoSites))]
					}
					b.add(firstID+int64(i), at, st, guests.pick(rng), rng)
				}
				if err := b.copy(ctx, c, &buf, fast); err != nil {
					errs <- err
					return
				}
				mu.Lock()
				done += n
				el := time.Since(start).Seconds()
				fmt.Fprintf(out, "stays: %d/%d (%.0f%%), %.0f stays/s, %s\n", done, opts.Stays, 100*float64(done)/float64(opts.Stays),
					float64(done)/el, time.Since(start).Round(time.Second))
				mu.Unlock()
			}
		}()
	}
	go func() {
		defer close(chunks)
		for from := 0; from < opts.Stays; from += opts.Chunk {
			select {
			case chunks <- from:
			case <-ctx.Done():
				return
			}
		}
	}()
	wg.Wait()
	close(errs)
	if err := <-errs; err != nil {
		return err
	}
	o := open.count()
	fmt.Fprintf(out, "stays: %d loaded in %s (%d of them open), with %d notifications, %d revisions and %d identity records\n",
		opts.Stays, time.Since(start).Round(time.Second), o, 2*opts.Stays-o, 2*opts.Stays-o, opts.Stays)
	return nil
}

// guest is a person who stays, maybe many times.
type guest struct {
	docType, number, name, fold, sex, nationality, address string
	birth                                                  time.Time
}

type guestPool []guest

// newGuests makes n guests: nine in ten Vietnamese with a CCCD, one in
// ten foreign with a passport.
func newGuests(n int) guestPool {
	rng := rand.New(rand.NewPCG(6, 6))
	g := make(guestPool, n)
	for i := range g {
		male := rng.IntN(2) == 0
		birth := time.Date(1950+rng.IntN(55), time.Month(1+rng.IntN(12)), 1+rng.IntN(28), 0, 0, 0, 0, time.UTC)
		p := guest{birth: birth, sex: "F", nationality: "VNM", docType: "cccd"}
		if male {
			p.sex = "M"
		}
		if i%10 == 9 {
			p.docType, p.nationality = "passport", foreign[rng.IntN(len(foreign))]
			p.number = fmt.Sprintf("%c%08d", 'A'+rune(rng.IntN(26)), i)
			p.name = fmt.Sprintf("%s %s", latinGiven[rng.IntN(len(latinGiven))], latinFamily[rng.IntN(len(latinFamily))])
		} else {
			century := 0 // born in the 1900s: 0 for a man, 1 for a woman
			if birth.Year() >= 2000 {
				century = 2
			}
			if !male {
				century++
			}
			p.number = fmt.Sprintf("%03d%d%02d%06d", provinces[rng.IntN(len(provinces))], century, birth.Year()%100, i%1_000_000)
			mid := middleF
			if male {
				mid = middleM
			}
			p.name = families[rng.IntN(len(families))] + " " + mid[rng.IntN(len(mid))] + " " + givens[rng.IntN(len(givens))]
			p.address = fmt.Sprintf("Tổ %d, Khu %d, %s", 1+rng.IntN(20), 1+rng.IntN(10), towns[rng.IntN(len(towns))])
		}
		p.fold = iddoc.Fold(p.name)
		g[i] = p
	}
	return g
}

// pick chooses a guest: half the stays are of the tenth who return often.
func (g guestPool) pick(rng *rand.Rand) *guest {
	if rng.IntN(2) == 0 {
		return &g[rng.IntN(max(1, len(g)/10))]
	}
	return &g[rng.IntN(len(g))]
}

// batch is one chunk's stays, each with what its rows of every table
// need, kept compact: the rows themselves are made as COPY reads them
// (source), from pointers into these structs, so that a chunk allocates
// little more than its stays and their JSON payloads.
type batch struct {
	stays []stayRows
	// now is the load's present: a stay whose departure is after it is
	// still open, if its guest has no other open stay at the site (open)
	now  time.Time
	open *openStays
	// rollups (fast mode only, when the triggers that keep them are off):
	// each stay's parts of the accommodation figures, and their sums by
	// indicator, site and day
	rollups bool
	parts   []partRow
	days    map[dayKey]*[2]int
}

// stayRows is one stay and what its revisions, notifications and identity
// record add to it.
type stayRows struct {
	site                        *site
	guest                       *guest
	id                          int64
	at, dep, expected, deadline time.Time
	room                        string
	reason, source              *string
	notes                       [2]noteRow
	open                        bool // no departure yet: one check-in revision and notification
}

// openStays are the stays left open so far, by site and guest: a guest has
// at most one open stay at a site (the stays_one_open index).
type openStays struct {
	mu     sync.Mutex
	m      map[openKey]bool
	before int // open before the load
}

// openKey is a guest at a site.
type openKey struct {
	siteID          int64
	docType, number string
}

// take says whether g's stay at s may stay open, and marks it open if so.
func (o *openStays) take(s *site, g *guest) bool {
	o.mu.Lock()
	defer o.mu.Unlock()
	k := openKey{s.id, g.docType, g.number}
	if o.m[k] {
		return false
	}
	if o.m == nil {
		o.m = map[openKey]bool{}
	}
	o.m[k] = true
	return true
}

// openedBefore are the stays open before the load (the demo's, an earlier
// load's), through stays_one_open.
func openedBefore(ctx context.Context, conn *pgx.Conn) (*openStays, error) {
	rows, err := conn.Query(ctx, `SELECT site_id, doc_type, doc_number FROM stays WHERE status = 'open'`)
	if err != nil {
		return nil, fmt.Errorf("scale: open stays: %w", err)
	}
	o := &openStays{m: map[openKey]bool{}}
	for rows.Next() {
		var k openKey
		if err := rows.Scan(&k.siteID, &k.docType, &k.number); err != nil {
			return nil, fmt.Errorf("scale: read open stays: %w", err)
		}
		o.m[k] = true
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("scale: read open stays: %w", err)
	}
	o.before = len(o.m)
	return o, nil
}

// count is how many stays the load left open.
func (o *openStays) count() int {
	o.mu.Lock()
	defer o.mu.Unlock()
	return len(o.m) - o.before
}

// noteRow is one notification of a stay (check-in, check-out).
type noteRow struct {
	event                  *string
	key                    [16]byte
	body                   []byte
	receipt                string
	at, accepted, deadline time.Time
}

// partRow is one stay's part of an indicator.
type partRow struct {
	site      *site
	indicator *string
	stayID    int64
	day       time.Time
	num       int
}

// dayKey is one row of figure_days.
type dayKey struct {
	tenantID, siteID int64
	indicator        string
	day              time.Time
}

// values of the rows
const (
	statusCheckedOut = "checked_out"
	statusOpen       = "open"
	statusAccepted   = "accepted"
	sourceStay       = "stay"
	actionCheckIn    = "check_in"
	actionCheckOut   = "check_out"
)

// events and indicators, which the rows point to
var (
	eventCheckIn     = national.EventCheckIn
	eventCheckOut    = national.EventCheckOut
	indStaysNotified = "acc.stays_notified"
	indStaysOnTime   = "acc.stays_on_time"
	indForeign12h    = "acc.foreign_12h"
)

// part adds a stay's part of an indicator.
func (b *batch) part(s *site, indicator *string, stayID int64, day time.Time, num int) {
	b.parts = append(b.parts, partRow{site: s, indicator: indicator, stayID: stayID, day: day, num: num})
	if b.days == nil {
		b.days = map[dayKey]*[2]int{}
	}
	k := dayKey{s.tenantID, s.id, *indicator, day}
	v := b.days[k]
	if v == nil {
		v = &[2]int{}
		b.days[k] = v
	}
	v[0] += num
	v[1]++
}

var reasons = []string{"Du lịch", "Công tác", "Thăm người thân", "Hội nghị", "Du lịch"}

func (b *batch) add(id int64, at time.Time, s *site, p *guest, rng *rand.Rand) {
	nights := 1 + rng.IntN(4)
	dep := at.Add(time.Duration(nights)*24*time.Hour - time.Duration(rng.IntN(6))*time.Hour)
	foreign := p.nationality != "VNM"
	deadline := national.Deadline(at, foreign)
	room := fmt.Sprintf("%d%02d", 1+rng.IntN(8), 1+rng.IntN(30))
	reason := &reasons[rng.IntN(len(reasons))]
	expected := at.AddDate(0, 0, nights)
	open := false
	if dep.After(b.now) {
		// still here, unless the guest is already in at this site: then
		// gone before now
		if open = b.open.take(s, p); !open {
			dep = at.Add(b.now.Sub(at) / 2)
		}
	}
	r := stayRows{site: s, guest: p, id: id, at: at, dep: dep, expected: expected, deadline: deadline, room: room, reason: reason,
		source: &sources[rng.IntN(len(sources))], open: open}
	for i, ev := range []struct {
		event *string
		at    time.Time
	}{{&eventCheckIn, at}, {&eventCheckOut, dep}} {
		body, _ := json.Marshal(national.Payload{SiteCode: s.slug, SiteName: s.name, SiteAddress: s.address, AreaCode: s.areaCode,
			StayID: id, Event: *ev.event, Document: national.Document{Type: p.docType, Number: p.number}, FullName: p.name,
			BirthDate: p.birth.Format(time.DateOnly), Sex: p.sex, Nationality: p.nationality, Arrival: at,
			ExpectedDeparture: expected.Format(time.DateOnly), Reason: *reason, Room: room})
		accepted := ev.at.Add(time.Duration(5+rng.IntN(120)) * time.Second)
		r.notes[i] = noteRow{event: ev.event, key: uuid7(ev.at, rng), body: body, receipt: fmt.Sprintf("QN-%d-%s", id, *ev.event),
			at: ev.at, accepted: accepted, deadline: national.Deadline(ev.at, foreign)}
	}
	b.stays = append(b.stays, r)
	if b.rollups {
		// as acc_refresh_stay computes them (tenants/accommodation/migrations/10001_figures.sql)
		day := dateIn(at)
		checkInAccepted := r.notes[0].accepted
		b.part(s, &indStaysNotified, id, day, 1)
		b.part(s, &indStaysOnTime, id, day, b1(!checkInAccepted.After(deadline)))
		if foreign {
			b.part(s, &indForeign12h, id, day, b1(!checkInAccepted.After(at.Add(12*time.Hour))))
		}
	}
}

// events is how many of the stay's events happened: its check-in, and its
// check-out unless it is open.
func (r *stayRows) events() int {
	if r.open {
		return 1
	}
	return 2
}

// updated is when the stay last changed: its check-out, or its check-in
// while it is open.
func (r *stayRows) updated() time.Time {
	if r.open {
		return r.at
	}
	return r.dep
}

// copySource is one table's COPY: its columns, and the function that
// writes the chunk's rows into a copyBuf.
type copySource struct {
	table string
	cols  []string
	write func(c *copyBuf)
}

// sources are the chunk's COPYs, the columns in the order write writes them.
func (b *batch) sources() []copySource {
	st := b.stays
	srcs := []copySource{
		{"stays", []string{"tenant_id", "id", "site_id", "room", "doc_type", "doc_number", "full_name", "name_fold", "birth_date", "sex",
			"nationality", "address", "arrival_at", "expected_departure", "reason", "status", "departed_at", "deadline_at", "source",
			"created_at", "updated_at"}, func(c *copyBuf) {
			for i := range st {
				r, p := &st[i], st[i].guest
				c.row(21)
				c.int8(r.site.tenantID)
				c.int8(r.id)
				c.int8(r.site.id)
				c.text(r.room)
				c.person(p)
				c.text(p.nationality)
				c.text(p.address)
				c.timestamptz(r.at)
				c.date(r.expected)
				c.text(*r.reason)
				if r.open {
					c.text(statusOpen)
					c.null()
				} else {
					c.text(statusCheckedOut)
					c.timestamptz(r.dep)
				}
				c.timestamptz(r.deadline)
				c.text(*r.source)
				c.timestamptz(r.at)
				c.timestamptz(r.updated())
			}
		}},
		{"stay_revisions", []string{"tenant_id", "site_id", "stay_id", "action", "changed_at"}, func(c *copyBuf) {
			for i := range st {
				r := &st[i]
				events := [2]struct {
					action string
					at     time.Time
				}{{actionCheckIn, r.at}, {actionCheckOut, r.dep}}
				for _, a := range events[:r.events()] {
					c.row(5)
					c.int8(r.site.tenantID)
					c.int8(r.site.id)
					c.int8(r.id)
					c.text(a.action)
					c.timestamptz(a.at)
				}
			}
		}},
		{"notifications", []string{"tenant_id", "site_id", "stay_id", "event", "idempotency_key", "payload", "status", "attempts", "receipt",
			"deadline_at", "created_at", "accepted_at", "updated_at"}, func(c *copyBuf) {
			for i := range st {
				r := &st[i]
				for j := range r.events() {
					n := &r.notes[j]
					c.row(13)
					c.int8(r.site.tenantID)
					c.int8(r.site.id)
					c.int8(r.id)
					c.text(*n.event)
					c.uuid(n.key)
					c.jsonb(n.body)
					c.text(statusAccepted)
					c.int4(1)
					c.text(n.receipt)
					c.timestamptz(n.deadline)
					c.timestamptz(n.at)
					c.timestamptz(n.accepted)
					c.timestamptz(n.accepted)
				}
			}
		}},
		{"identity_records", []string{"tenant_id", "source", "record_id", "site_id", "doc_type", "doc_number", "full_name", "name_fold",
			"birth_date", "sex", "seen_at"}, func(c *copyBuf) {
			for i := range st {
				r, p := &st[i], st[i].guest
				c.row(11)
				c.int8(r.site.tenantID)
				c.text(sourceStay)
				c.int8(r.id)
				c.int8(r.site.id)
				c.person(p)
				c.timestamptz(r.at)
			}
		}},
	}
	if b.rollups {
		pt := b.parts
		srcs = append(srcs, copySource{"acc_figure_parts", []string{"tenant_id", "indicator", "source_id", "site_id", "day", "num", "den"},
			func(c *copyBuf) {
				for i := range pt {
					r := &pt[i]
					c.row(7)
					c.int8(r.site.tenantID)
					c.text(*r.indicator)
					c.int8(r.stayID)
					c.int8(r.site.id)
					c.date(r.day)
					c.numeric(r.num)
					c.numeric(1)
				}
			}})
	}
	return srcs
}

// uuid7 is a time-ordered (version 7) UUID for at, its random bits from
// rng. A random key would land anywhere in the (tenant, key) unique index:
// at millions of rows every insert would read and dirty a page that is no
// longer in the buffers. Keys that grow with time are appended at the end
// of each tenant's range instead.
func uuid7(at time.Time, rng *rand.Rand) [16]byte {
	var u [16]byte
	binary.BigEndian.PutUint64(u[:8], uint64(at.UnixMilli())<<16|rng.Uint64()&0xffff)
	binary.LittleEndian.PutUint64(u[8:], rng.Uint64())
	u[6] = u[6]&0x0f | 0x70
	u[8] = u[8]&0x3f | 0x80
	return u
}

// b1 is 1 for true.
func b1(v bool) int {
	if v {
		return 1
	}
	return 0
}

// dateIn is t's date in Vietnam, as a UTC midnight (a DATE for COPY).
func dateIn(t time.Time) time.Time {
	y, m, d := t.In(i18n.Zone).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// copy writes the chunk in one transaction, one COPY per table. In fast
// mode (a superuser, whose session runs with session_replication_role =
// replica) row-level security, foreign-key checks and triggers are off for
// this session only: the rollups that the triggers would keep are written
// here, from the rows of the chunk, in the same transaction.
func (b *batch) copy(ctx context.Context, c *pgx.Conn, buf *copyBuf, fast bool) error {
	tx, err := c.Begin(ctx)
	if err != nil {
		return fmt.Errorf("scale: begin: %w", err)
	}
	defer tx.Rollback(ctx)
	// COPY refuses a table whose row-level security applies to the owner:
	// it is lifted for this transaction only, and forced again before the
	// commit, so that no failure can leave it lifted
	var forced []string
	if !fast {
		rows, err := tx.Query(ctx, `SELECT relname FROM pg_class WHERE relname = ANY ($1) AND relforcerowsecurity AND relnamespace = 'public'::regnamespace`,
			[]string{"stays", "stay_revisions", "notifications", "identity_records"})
		if err != nil {
			return fmt.Errorf("scale: read row-level security: %w", err)
		}
		if forced, err = pgx.CollectRows(rows, pgx.RowTo[string]); err != nil {
			return fmt.Errorf("scale: read row-level security: %w", err)
		}
		for _, t := range forced {
			if _, err := tx.Exec(ctx, `ALTER TABLE `+pgx.Identifier{t}.Sanitize()+` NO FORCE ROW LEVEL SECURITY`); err != nil {
				return fmt.Errorf("scale: lift row-level security of %s: %w", t, err)
			}
		}
	}
	for _, t := range b.sources() {
		buf.reset()
		t.write(buf)
		buf.end()
		cols := make([]string, len(t.cols))
		for i, c := range t.cols {
			cols[i] = pgx.Identifier{c}.Sanitize()
		}
		sql := `COPY ` + pgx.Identifier{t.table}.Sanitize() + ` (` + strings.Join(cols, ", ") + `) FROM STDIN (FORMAT binary)`
		if _, err := tx.Conn().PgConn().CopyFrom(ctx, bytes.NewReader(buf.b), sql); err != nil {
			return fmt.Errorf("scale: copy %s: %w", t.table, err)
		}
	}
	if b.rollups {
		if err := b.addDays(ctx, tx); err != nil {
			return err
		}
	}
	if len(forced) > 0 {
		// the rows' deferred figure and counter triggers (migrations 00762,
		// 10112) fire now: ALTER TABLE refuses a table with events pending
		if _, err := tx.Exec(ctx, `SET CONSTRAINTS ALL IMMEDIATE`); err != nil {
			return fmt.Errorf("scale: fire the chunk's triggers: %w", err)
		}
	}
	for _, t := range forced {
		if _, err := tx.Exec(ctx, `ALTER TABLE `+pgx.Identifier{t}.Sanitize()+` FORCE ROW LEVEL SECURITY`); err != nil {
			return fmt.Errorf("scale: force row-level security of %s: %w", t, err)
		}
	}
	if err := tx.Commit(ctx); err != nil {
		return fmt.Errorf("scale: commit: %w", err)
	}
	return nil
}

// addDays adds the chunk's sums to figure_days, as figure_add would, in
// the order of the table's key so that two chunks sharing a day lock its
// rows in the same order.
func (b *batch) addDays(ctx context.Context, tx pgx.Tx) error {
	if _, err := tx.Exec(ctx, `CREATE TEMP TABLE IF NOT EXISTS scale_days (tenant_id bigint, indicator text, site_id bigint, day date,
		num numeric, den numeric) ON COMMIT DELETE ROWS`); err != nil {
		return fmt.Errorf("scale: temp table: %w", err)
	}
	rows := make([][]any, 0, len(b.days))
	for k, v := range b.days {
		rows = append(rows, []any{k.tenantID, k.indicator, k.siteID, k.day, v[0], v[1]})
	}
	if _, err := tx.CopyFrom(ctx, pgx.Identifier{"scale_days"}, []string{"tenant_id", "indicator", "site_id", "day", "num", "den"},
		pgx.CopyFromRows(rows)); err != nil {
		return fmt.Errorf("scale: copy figure sums: %w", err)
	}
	_, err := tx.Exec(ctx, `INSERT INTO figure_days (tenant_id, indicator, site_id, day, area_id, num, den)
		SELECT d.tenant_id, d.indicator, d.site_id, d.day, s.area_id, d.num, d.den
		FROM scale_days d JOIN sites s ON s.tenant_id = d.tenant_id AND s.id = d.site_id
		ORDER BY d.tenant_id, d.indicator, d.site_id, d.day
		ON CONFLICT (tenant_id, indicator, site_id, day) WHERE site_id IS NOT NULL
		DO UPDATE SET num = figure_days.num + excluded.num, den = figure_days.den + excluded.den`)
	if err != nil {
		return fmt.Errorf("scale: add to figure_days: %w", err)
	}
	// and to their monthly sums by area, which figure_days' statement
	// triggers keep (off in this session): as figure_months_apply does,
	// in slot 0 (the table's default)
	_, err = tx.Exec(ctx, `INSERT INTO figure_months (indicator, area_id, month, num, den)
		SELECT d.indicator, s.area_id, date_trunc('month', d.day)::date, sum(d.num), sum(d.den)
		FROM scale_days d JOIN sites s ON s.tenant_id = d.tenant_id AND s.id = d.site_id
		GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
		ON CONFLICT (indicator, area_id, month, slot) DO UPDATE SET num = figure_months.num + excluded.num, den = figure_months.den + excluded.den`)
	if err != nil {
		return fmt.Errorf("scale: add to figure_months: %w", err)
	}
	// and the check-ins to their daily sums by area for the police
	// dashboard, which a trigger on figure_days keeps (off in this session),
	// as acc_area_days_apply does
	_, err = tx.Exec(ctx, `INSERT INTO acc_area_days (area_id, day, slot, checkins)
		SELECT s.area_id, d.day, 0, sum(d.den)
		FROM scale_days d JOIN sites s ON s.tenant_id = d.tenant_id AND s.id = d.site_id
		WHERE d.indicator = 'acc.stays_notified'
		GROUP BY 1, 2 ORDER BY 1, 2
		ON CONFLICT (area_id, day, slot) DO UPDATE SET checkins = acc_area_days.checkins + excluded.checkins`)
	if err != nil {
		return fmt.Errorf("scale: add to acc_area_days: %w", err)
	}
	return nil
}
