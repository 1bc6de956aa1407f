package main

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"os/exec"
	"regexp"
	"slices"
	"strconv"

	"portal06/app/apitoken"
	"portal06/app/pgcluster"
)

var hostRe = regexp.MustCompile(`host=(\S+)`)
var tpsRe = regexp.MustCompile(`tps = ([0-9.]+) \(without initial connection time\)`)

// pgbench runs pgbench for pgbenchT seconds at 16 clients on the cluster:
// mode "-N" is the simple-update benchmark on a database of its own;
// "rls" runs script as the runtime role (row-level security applies) and
// "bypass" as the superuser (it does not).
func pgbench(super *sql.DB, cl *pgcluster.Cluster, script []byte, mode string) (float64, error) {
	host := hostRe.FindStringSubmatch(cl.SuperURL())[1]
	args := []string{"-h", host, "-p", "5432", "-n", "-c", "16", "-j", "2", "-T", strconv.Itoa(*pgbenchT)}
	switch mode {
	case "-N":
		var exists bool
		super.QueryRow(`SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = 'pgbench_load')`).Scan(&exists)
		if !exists {
			if _, err := super.Exec(`CREATE DATABASE pgbench_load`); err != nil {
				return 0, fmt.Errorf("create the pgbench database: %w", err)
			}
			init := exec.Command("pgbench", "-h", host, "-p", "5432", "-U", "postgres", "-i", "-s", "10", "-q", "pgbench_load")
			if out, err := init.CombinedOutput(); err != nil {
				return 0, fmt.Errorf("pgbench -i: %v: %s", err, out)
			}
		}
		args = append(args, "-N", "-U", "postgres", "pgbench_load")
	default:
		f, err := os.CreateTemp("", "checkin-*.sql")
		if err != nil {
			return 0, err
		}
		defer os.Remove(f.Name())
		f.Write(script)
		f.Close()
		user := "portal06_app"
		if mode == "bypass" {
			user = "postgres"
		}
		args = append(args, "-f", f.Name(), "-U", user, pgcluster.Database)
	}
	out, err := exec.Command("pgbench", args...).CombinedOutput()
	if err != nil {
		return 0, fmt.Errorf("pgbench %s: %v: %s", mode, err, out)
	}
	m := tpsRe.FindSubmatch(out)
	if m == nil {
		return 0, fmt.Errorf("pgbench %s printed no tps: %s", mode, out)
	}
	return strconv.ParseFloat(string(m[1]), 64)
}

// checkinScript is a pgbench script of the statements an API check-in
// sends (see TestCheckinRoundTrips): the token, tenant and scope
// (api_request), the check-in's writes (stay_check_in: the stay, its
// revision, its identity record with the watchlist check, its
// notification) and its River job, in one transaction, at the demo hotel's
// Bãi Cháy site. Only the River job is written by a plain INSERT (River's
// own statement inserts the same row), as a finished job no worker takes.
// Its rows are removed after the run by cleanup.
func checkinScript(owner *sql.DB) ([]byte, error) {
	var tenant int64
	err := owner.QueryRow(`SELECT s.tenant_id FROM sites s JOIN tenants t ON t.id = s.tenant_id
		WHERE t.slug = 'vinh-xanh' AND s.slug = 'vinh-xanh-bai-chay'`).Scan(&tenant)
	if err != nil {
		return nil, fmt.Errorf("find the demo site: %w", err)
	}
	return scriptAt(strconv.FormatInt(tenant, 10), "'"+apitoken.Hash("demo-token-vinh-xanh")+"'", "'vinh-xanh-bai-chay'"), nil
}

// hotelsScript is checkinScript with each pgbench client at one of the
// hotels (hotelTokens; client i at hotel i mod their number), as a
// province's check-ins come: a site's rollup rows are locked from its
// check-in's triggers to its commit, so at one site the rate is that of
// one queue, and anything the transaction spends in it (row-level security
// too) counts several times over.
func hotelsScript(hotels []hotel) []byte {
	// one CASE on the client's number for each of the three values
	pick := func(value func(h hotel) string) string {
		expr := fmt.Sprintf("(CASE :client_id %% %d", len(hotels))
		for i, h := range hotels {
			expr += fmt.Sprintf(" WHEN %d THEN %s", i, value(h))
		}
		return expr + " END)"
	}
	return scriptAt(pick(func(h hotel) string { return strconv.FormatInt(h.tenant, 10) }),
		pick(func(h hotel) string { return "'" + apitoken.Hash(h.token) + "'" }),
		pick(func(h hotel) string { return "'" + h.site + "'" }))
}

// scriptAt is the check-in's pgbench script for the tenant, token hash and
// site slug that the SQL expressions given name.
func scriptAt(tenant, tokenHash, site string) []byte {
	payload := `{"event":"check_in","document":{"type":"cccd","number":"099095000000"},"full_name":"Khách tải thử",` +
		`"birth_date":"1995-03-15","sex":"M","nationality":"VNM","arrival":"2026-01-01T00:00:00Z","expected_departure":"2026-01-02",` +
		`"reason":"Du lịch","room":"101","site_code":"","site_name":"","site_address":"","area_code":"","stay_id":0}`
	return fmt.Appendf(nil, `\set n random(1, 999999)
BEGIN;
SELECT version, tenant_id, slug, name, kind, tax_code FROM api_request(%[2]s);
SELECT outcome, problems, stay_id, coalesce(notification_id, 0) AS notification_id, watched, site_id, now() AS created_at FROM stay_check_in(%[1]s, NULL, %[4]s, '{hotel,guesthouse,homestay,cruise,bus}'::text[], '{hotel,guesthouse,cruise}'::text[], NULL, '101', 'cccd', '099095' || lpad(:n::text, 6, '0'), '', 'Khách tải thử', 'khach tai thu', '1995-03-15', 'M', 'VNM', 'Tổ 5', NULL, now(), current_date + 1, 'Du lịch', now() + interval '1 hour', 'api', NULL, '%[3]s'::jsonb) \gset ci_
INSERT INTO river_job (args, kind, max_attempts, priority, queue, state, scheduled_at, finalized_at) VALUES (jsonb_build_object('tenant_id', %[1]s, 'notification_id', :ci_notification_id::bigint), 'load_probe', 1, 1, 'load_probe', 'completed', now(), now());
COMMIT;
`, tenant, tokenHash, payload, site)
}

// cleanup removes what the pgbench check-in script wrote.
func cleanup(ctx context.Context, owner *sql.DB) error {
	conn, err := owner.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	// the script's guests have numbers 099095…, found through the number indexes
	_, err = conn.ExecContext(ctx, `SELECT set_config('app.all', 'on', false);
		CREATE TEMP TABLE load_stays AS SELECT tenant_id, id FROM stays WHERE doc_number >= '099095' AND doc_number < '099096'
		  AND full_name = 'Khách tải thử';
		DELETE FROM identity_records WHERE doc_number >= '099095' AND doc_number < '099096' AND full_name = 'Khách tải thử';
		DELETE FROM notifications n USING load_stays l WHERE n.tenant_id = l.tenant_id AND n.stay_id = l.id;
		DELETE FROM stay_revisions r USING load_stays l WHERE r.tenant_id = l.tenant_id AND r.stay_id = l.id;
		DELETE FROM stays s USING load_stays l WHERE s.tenant_id = l.tenant_id AND s.id = l.id;
		DROP TABLE load_stays;
		DELETE FROM river_job WHERE kind = 'load_probe'`)
	return err
}

// rlsCost runs pairs of pgbench of the check-in's statements, with
// row-level security applied and bypassed, the bypassed run first in every
// other pair (whichever runs first also pays its sixteen connections'
// first plans), at the demo hotel's one site and at 16 scale hotels
// (hotelsScript), prints each pair's cost and their medians, removing what
// each pair wrote before the next.
func rlsCost(ctx context.Context, super, owner *sql.DB, cl *pgcluster.Cluster, pairs int) error {
	one, err := checkinScript(owner)
	if err != nil {
		return err
	}
	hotels, remove, err := hotelTokens(owner, 16)
	if err != nil {
		return err
	}
	defer remove()
	type script struct {
		name string
		sql  []byte
	}
	scripts := []script{{"the demo hotel's one site, 16 clients", one}}
	if len(hotels) > 0 {
		scripts = append(scripts, script{fmt.Sprintf("%d scale hotels, one client each", len(hotels)), hotelsScript(hotels)})
	}
	for _, sc := range scripts {
		var costs []float64
		for i := range pairs {
			modes := []string{"rls", "bypass"}
			if i%2 == 1 {
				modes = []string{"bypass", "rls"}
			}
			tps := map[string]float64{}
			for _, m := range modes {
				if tps[m], err = pgbench(super, cl, sc.sql, m); err != nil {
					return err
				}
			}
			// each pair starts from the same rows: cleaning up once after
			// many pairs deleted tens of thousands of stays through their
			// figure triggers, for many minutes
			if err := cleanup(ctx, owner); err != nil {
				return err
			}
			cost := 100 * (tps["bypass"] - tps["rls"]) / tps["bypass"]
			costs = append(costs, cost)
			fmt.Printf("%s, pair %d (%s first): row-level security applied %.0f tps, bypassed %.0f tps: cost %.1f%%\n",
				sc.name, i+1, modes[0], tps["rls"], tps["bypass"], cost)
		}
		slices.Sort(costs)
		fmt.Printf("cost of row-level security on the check-in's statements at %s, median of %d pairs: %.1f%%\n", sc.name, pairs, costs[len(costs)/2])
	}
	return nil
}
