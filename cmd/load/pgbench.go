package main

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"os/exec"
	"regexp"
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
	payload := `{"event":"check_in","document":{"type":"cccd","number":"099095000000"},"full_name":"Khách tải thử",` +
		`"birth_date":"1995-03-15","sex":"M","nationality":"VNM","arrival":"2026-01-01T00:00:00Z","expected_departure":"2026-01-02",` +
		`"reason":"Du lịch","room":"101","site_code":"","site_name":"","site_address":"","area_code":"","stay_id":0}`
	return fmt.Appendf(nil, `\set n random(1, 999999)
BEGIN;
SELECT version, tenant_id, slug, name, kind, tax_code FROM api_request('%[2]s');
SELECT outcome, problems, stay_id, coalesce(notification_id, 0) AS notification_id, watched, site_id, now() AS created_at FROM stay_check_in(%[1]d, NULL, 'vinh-xanh-bai-chay', '{hotel,guesthouse,homestay,cruise,bus}'::text[], '{hotel,guesthouse,cruise}'::text[], NULL, '101', 'cccd', '099095' || lpad(:n::text, 6, '0'), '', 'Khách tải thử', 'khach tai thu', '1995-03-15', 'M', 'VNM', 'Tổ 5', NULL, now(), current_date + 1, 'Du lịch', now() + interval '1 hour', 'api', NULL, '%[3]s'::jsonb) \gset ci_
INSERT INTO river_job (args, kind, max_attempts, priority, queue, state, scheduled_at, finalized_at) VALUES (jsonb_build_object('tenant_id', %[1]d, 'notification_id', :ci_notification_id::bigint), 'load_probe', 1, 1, 'load_probe', 'completed', now(), now());
COMMIT;
`, tenant, apitoken.Hash("demo-token-vinh-xanh"), payload), nil
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
