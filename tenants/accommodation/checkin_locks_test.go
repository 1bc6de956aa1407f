package accommodation_test

import (
	"net/http"
	"testing"
	"time"
)

// TestCheckinHoldsNoFigureRowsUntilCommit checks that a check-in's figures
// and counters are written when it commits (the deferred triggers of
// migrations 00762 and 10112): a transaction that has written a stay at a
// site and not yet committed holds none of the site's rollup rows, so a
// check-in at the same site through the API goes through at once; and both
// stays are counted once both have committed.
func TestCheckinHoldsNoFigureRowsUntilCommit(t *testing.T) {
	e := newEnv(t)
	const tok = "demo-token-vinh-xanh"
	site := e.id(`SELECT id FROM sites WHERE slug = 'vinh-xanh-bai-chay'`)
	counts := func() (guests, arrivals int64) {
		t.Helper()
		err := e.DB.Owner.QueryRow(`SELECT coalesce((SELECT guests FROM site_stay_counts WHERE site_id = $1), 0),
			coalesce((SELECT sum(den) FROM figure_days WHERE site_id = $1 AND indicator = 'acc.stays_notified'), 0)`, site).Scan(&guests, &arrivals)
		if err != nil {
			t.Fatal(err)
		}
		return guests, arrivals
	}
	guests, arrivals := counts()

	held := e.ownerTx(t)
	if _, err := held.Exec(`INSERT INTO stays (tenant_id, site_id, room, doc_type, doc_number, full_name, name_fold, birth_date, sex,
			nationality, arrival_at, expected_departure, reason, deadline_at, source)
		SELECT s.tenant_id, s.id, '105', 'cccd', '022095007777', 'Trần Thị Giữ', 'tran thi giu', '1990-01-01', 'F',
			'VNM', now(), current_date + 1, 'Du lịch', now() + interval '1 hour', 'manual'
		FROM sites s WHERE s.id = $1`, site); err != nil {
		t.Fatal(err)
	}

	done := make(chan response, 1)
	go func() { done <- e.api("POST", "/api/v1/stays", tok, stayBody("")) }()
	select {
	case r := <-done:
		wantStatus(t, r, http.StatusCreated)
	case <-time.After(10 * time.Second):
		held.Rollback() // let the check-in finish before the test ends
		<-done
		t.Fatal("a check-in waited for another transaction's stay at the same site: its figure rows were held before the commit")
	}
	if g, a := counts(); g != guests+1 || a != arrivals+1 {
		t.Fatalf("after one committed check-in: %d guests and %d arrivals, want %d and %d", g, a, guests+1, arrivals+1)
	}
	if err := held.Commit(); err != nil {
		t.Fatal(err)
	}
	if g, a := counts(); g != guests+2 || a != arrivals+2 {
		t.Fatalf("after both committed: %d guests and %d arrivals, want %d and %d", g, a, guests+2, arrivals+2)
	}
}
