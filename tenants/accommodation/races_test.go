package accommodation_test

import (
	"net/http"
	"net/url"
	"sync"
	"testing"
	"time"
)

// qrBinh is the card of a second guest, Phạm Văn Bình.
const qrBinh = "022088005522||Phạm Văn Bình|03031988|Nam|Hải Phòng|01012021"

// TestConcurrentIdenticalCheckIns posts the same guest eight times at once,
// to two instances, without an Idempotency-Key and then with a different
// key each: one answer creates the stay (201), the others find it (200);
// none is a server error, and one stay exists.
func TestConcurrentIdenticalCheckIns(t *testing.T) {
	e := newEnv(t)
	second := e.build()
	const tok = "demo-token-vinh-xanh"
	binh := `{"site":"vinh-xanh-bai-chay","room":"302","id_qr":"` + qrBinh + `","expected_departure":"` + tomorrow() + `","reason":"Công tác"}`
	for _, tc := range []struct {
		name, body, doc string
		keyed           bool
	}{
		{"without key", stayBody(""), "022095001234", false},
		{"different keys", binh, "022088005522", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			const n = 8
			var wg sync.WaitGroup
			got := make([]response, n)
			errs := make([]error, n)
			for i := 0; i < n; i++ {
				wg.Add(1)
				go func(i int) {
					defer wg.Done()
					srv := e.Srv
					if i%2 == 1 {
						srv = second
					}
					var h []string
					if tc.keyed {
						h = []string{"Idempotency-Key", "race-" + itoa(int64(i))}
					}
					got[i], errs[i] = rawAPI(srv, "POST", "/api/v1/stays", tok, tc.body, h...)
				}(i)
			}
			wg.Wait()
			created := 0
			for i, r := range got {
				if errs[i] != nil {
					t.Fatalf("request %d: %v", i, errs[i])
				}
				switch r.Status {
				case http.StatusCreated:
					created++
				case http.StatusOK:
				default:
					t.Errorf("request %d answered %d: %.300s", i, r.Status, r.Body)
				}
			}
			if created != 1 {
				t.Errorf("%d answers created the stay, want 1", created)
			}
			if c := e.id(`SELECT count(*) FROM stays WHERE doc_number = ?`, tc.doc); c != 1 {
				t.Errorf("%d stays of the guest, want 1", c)
			}
			if c := e.id(`SELECT count(*) FROM notifications n JOIN stays s ON s.tenant_id = n.tenant_id AND s.id = n.stay_id
				WHERE s.doc_number = ?`, tc.doc); c != 1 {
				t.Errorf("%d notifications of the guest, want 1", c)
			}
		})
	}
}

// TestLostConnectionAnswers503 drops the database connection of a request
// in the middle of its transaction: the owner holds a stay's row lock, a
// check-out waits for it, and its backend is terminated. The answer is
// 503 with Retry-After, in the API and on a page, never a 500.
func TestLostConnectionAnswers503(t *testing.T) {
	e := newEnv(t)
	const tok = "demo-token-vinh-xanh"
	r := e.api("POST", "/api/v1/stays", tok, stayBody(""))
	wantStatus(t, r, http.StatusCreated)
	id := fmtInt(int64(decode(t, r)["id"].(float64)))
	desk := e.login("ks-letan")
	desk.get("/t/vinh-xanh/stays/" + id)

	for _, tc := range []struct {
		name string
		send func() response
	}{
		{"api", func() response { return e.api("POST", "/api/v1/stays/"+id+"/checkout", tok, "") }},
		{"page", func() response {
			return desk.post("/t/vinh-xanh/stays/"+id+"/checkout", url.Values{"confirm": {"yes"}})
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			lock := e.ownerTx(t)
			if _, err := lock.Exec(`SELECT 1 FROM stays WHERE id = $1 FOR UPDATE`, id); err != nil {
				t.Fatal(err)
			}
			done := make(chan response, 1)
			go func() { done <- tc.send() }()
			// wait until the request waits for the lock, then cut its connection
			killed := false
			for i := 0; i < 200 && !killed; i++ {
				var n int
				err := e.DB.Owner.QueryRow(`SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity
					WHERE datname = current_database() AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()`).Scan(&n)
				if err != nil {
					t.Fatal(err)
				}
				killed = n > 0
				time.Sleep(25 * time.Millisecond)
			}
			if !killed {
				t.Fatal("the request never waited for the lock")
			}
			res := <-done
			if res.Status != http.StatusServiceUnavailable || res.Header.Get("Retry-After") == "" {
				t.Fatalf("answered %d (Retry-After %q): %.300s", res.Status, res.Header.Get("Retry-After"), res.Body)
			}
		})
	}
	// nothing was half-saved: the stay is still open, and the portal answers again
	if e.id(`SELECT count(*) FROM stays WHERE id = ? AND status = 'open'`, id) != 1 {
		t.Fatal("the stay was checked out by a failed request")
	}
	wantStatus(t, e.api("POST", "/api/v1/stays/"+id+"/checkout", tok, ""), http.StatusOK)
}
