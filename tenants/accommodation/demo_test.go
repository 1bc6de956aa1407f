package accommodation_test

import (
	"net/http"
	"testing"
)

// TestDemoHasAMonthOfGuests checks the accommodation demo data: a few
// hundred stays over the last month, open and checked out, foreign and
// Vietnamese, their notifications accepted with receipts, some late, some
// refused or overdue, an identity per stay, and watchlist alerts; and that
// the police and the desk see figures that are not zero.
func TestDemoHasAMonthOfGuests(t *testing.T) {
	t.Setenv("PORTAL06_DEMO_STAYS", "month")
	e := newEnv(t)
	for _, c := range []struct {
		what string
		sql  string
		min  int64
	}{
		{"stays", `SELECT count(*) FROM stays`, 300},
		{"open stays", `SELECT count(*) FROM stays WHERE status = 'open'`, 20},
		{"checked-out stays", `SELECT count(*) FROM stays WHERE status = 'checked_out' AND departed_at > arrival_at`, 150},
		{"cancelled stays", `SELECT count(*) FROM stays WHERE status = 'cancelled' AND cancel_reason <> ''`, 1},
		{"foreign guests", `SELECT count(*) FROM stays WHERE nationality <> 'VNM' AND doc_type = 'passport'`, 30},
		{"sites with guests", `SELECT count(DISTINCT site_id) FROM stays`, 8},
		{"days with arrivals", `SELECT count(DISTINCT (arrival_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date) FROM stays`, 25},
		{"receipts", `SELECT count(*) FROM notifications WHERE status = 'accepted' AND receipt LIKE 'LT-%' AND accepted_at IS NOT NULL`, 300},
		{"late acceptances", `SELECT count(*) FROM notifications WHERE event = 'check_in' AND status = 'accepted' AND accepted_at > deadline_at`, 5},
		{"refusals", `SELECT count(*) FROM notifications WHERE status = 'refused' AND refusal <> ''`, 3},
		{"overdue", `SELECT count(*) FROM notifications WHERE status = 'pending' AND deadline_at < now()`, 1},
		{"check-out notices", `SELECT count(*) FROM notifications WHERE event = 'check_out'`, 150},
		{"revisions", `SELECT count(*) FROM stay_revisions WHERE action = 'check_out'`, 150},
		{"alerts", `SELECT count(*) FROM watch_alerts`, 3},
		{"suspicious scans", `SELECT count(*) FROM suspicious_scans`, 3},
	} {
		if n := e.id(c.sql); n < c.min {
			t.Errorf("%s: %d, want at least %d", c.what, n, c.min)
		}
	}
	// every stay has its identity, its check-in revision and notification
	if n := e.id(`SELECT count(*) FROM stays st WHERE NOT EXISTS (SELECT 1 FROM identity_records i
			WHERE i.tenant_id = st.tenant_id AND i.source = 'stay' AND i.record_id = st.id AND i.doc_number = st.doc_number)
		OR NOT EXISTS (SELECT 1 FROM stay_revisions r WHERE r.tenant_id = st.tenant_id AND r.stay_id = st.id AND r.action = 'check_in')
		OR NOT EXISTS (SELECT 1 FROM notifications n WHERE n.tenant_id = st.tenant_id AND n.stay_id = st.id AND n.event = 'check_in'
			AND (n.payload->>'stay_id')::bigint = st.id)`); n != 0 {
		t.Fatalf("%d stays lack their identity, revision or notification", n)
	}
	// nothing is in the future, and every stay ends after it began
	if n := e.id(`SELECT count(*) FROM stays WHERE arrival_at > now() OR expected_departure < (arrival_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date
		OR departed_at > now() OR (status = 'open') <> (departed_at IS NULL AND cancel_reason IS NULL)`); n != 0 {
		t.Fatalf("%d stays are inconsistent", n)
	}
	// Bãi Cháy's police see their ward's figures, and an alert about a
	// guest of Hồng Gai that they watch
	ward := e.login("ca-baichay")
	res := ward.get("/police/accommodation")
	wantStatus(t, res, http.StatusOK)
	mustNotContain(t, res, `<td>0</td><td>0</td><td>0</td><td>0</td><td>0</td>`)
	if e.id(`SELECT count(*) FROM watch_alert_units au JOIN police_units u ON u.id = au.unit_id WHERE u.code = 'CA-BAICHAY'`) == 0 {
		t.Fatal("no alert for Bãi Cháy's watchlist")
	}
	res = ward.get("/police/accommodation/compliance")
	wantStatus(t, res, http.StatusOK)
	mustContain(t, res, "Khách sạn Vịnh Xanh Bãi Cháy")
	// the receptionist's board has guests
	site := itoa(e.id(`SELECT id FROM sites WHERE slug = 'vinh-xanh-bai-chay'`))
	res = e.login("ks-letan").get("/t/vinh-xanh/sites/" + site + "/board")
	wantStatus(t, res, http.StatusOK)
	mustNotContain(t, res, "Chưa có khách")
}
