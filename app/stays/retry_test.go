package stays_test

import (
	"net/http"
	"sync"
	"testing"
	"time"
)

// TestRetryAfterIsHonoured: a receiver that answers 429 with Retry-After: 1
// is asked again about a second later, not at the 20 ms backoff; a 408 is
// retried too; both end accepted.
func TestRetryAfterIsHonoured(t *testing.T) {
	w := newWorld(t, 2*time.Second)
	var mu sync.Mutex
	var calls []time.Time
	w.srv.Config.Handler = http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		mu.Lock()
		calls = append(calls, time.Now())
		n := len(calls)
		mu.Unlock()
		switch n {
		case 1:
			rw.Header().Set("Retry-After", "1")
			rw.WriteHeader(http.StatusTooManyRequests)
		case 2:
			rw.WriteHeader(http.StatusRequestTimeout)
		default:
			w.stub.ServeHTTP(rw, r)
		}
	})
	w.checkIn(1, 0)
	w.waitAccepted(1, 10*time.Second)
	mu.Lock()
	defer mu.Unlock()
	if len(calls) < 3 {
		t.Fatalf("%d calls", len(calls))
	}
	if gap := calls[1].Sub(calls[0]); gap < 900*time.Millisecond {
		t.Fatalf("asked again %s after a Retry-After of 1 s", gap)
	}
	if gap := calls[2].Sub(calls[1]); gap > 900*time.Millisecond {
		t.Fatalf("a 408 waited %s, not the backoff", gap)
	}
	if n := w.id(`SELECT attempts FROM notifications`); n < 3 {
		t.Fatalf("%d attempts recorded", n)
	}
}
