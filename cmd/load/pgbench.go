package main

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"os/exec"
	"regexp"
	"strconv"

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

// checkinScript is a pgbench script of the statements a check-in writes
// (the stay, its revision, its identity record, its notification, its
// River job) in one transaction with the tenant's scope, at the demo
// hotel's Bãi Cháy site. Its rows are removed after the run by cleanup.
func checkinScript(owner *sql.DB) ([]byte, error) {
	var tenant, site int64
	err := owner.QueryRow(`SELECT s.tenant_id, s.id FROM sites s JOIN tenants t ON t.id = s.tenant_id
		WHERE t.slug = 'vinh-xanh' AND s.slug = 'vinh-xanh-bai-chay'`).Scan(&tenant, &site)
	if err != nil {
		return nil, fmt.Errorf("find the demo site: %w", err)
	}
	return fmt.Appendf(nil, `\set n random(1, 999999)
BEGIN;
SELECT set_config('app.all', '', true), set_config('app.tenants', '%[1]d', true), set_config('app.sites', '', true), set_config('app.areas', '', true), set_config('app.user_id', '', true), set_config('app.tenant', '%[1]d', true);
SELECT id, area_id FROM sites WHERE tenant_id = %[1]d AND id = %[2]d;
INSERT INTO stays (tenant_id, site_id, room, doc_type, doc_number, full_name, name_fold, birth_date, sex, nationality, address, arrival_at, expected_departure, reason, status, departed_at, deadline_at, source) VALUES (%[1]d, %[2]d, '101', 'cccd', '099095' || lpad(:n::text, 6, '0'), 'Khách tải thử', 'khach tai thu', '1995-03-15', 'M', 'VNM', 'Tổ 5', now(), current_date + 1, 'Du lịch', 'checked_out', now(), now() + interval '1 hour', 'api') RETURNING id AS stay \gset
INSERT INTO stay_revisions (tenant_id, site_id, stay_id, action) VALUES (%[1]d, %[2]d, :stay, 'check_in');
INSERT INTO identity_records (tenant_id, source, record_id, site_id, doc_type, doc_number, full_name, name_fold, birth_date, sex, seen_at) VALUES (%[1]d, 'stay', :stay, %[2]d, 'cccd', '099095' || lpad(:n::text, 6, '0'), 'Khách tải thử', 'khach tai thu', '1995-03-15', 'M', now());
SELECT st.id, st.status FROM stays st WHERE st.tenant_id = %[1]d AND st.id = :stay;
INSERT INTO notifications (tenant_id, site_id, stay_id, event, payload, deadline_at) VALUES (%[1]d, %[2]d, :stay, 'check_in', '{"event":"check_in"}', now() + interval '1 hour');
INSERT INTO river_job (args, kind, max_attempts, priority, queue, state, scheduled_at, finalized_at) VALUES ('{}', 'load_probe', 1, 1, 'load_probe', 'completed', now(), now());
COMMIT;
`, tenant, site), nil
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
