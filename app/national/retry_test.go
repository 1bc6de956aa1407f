package national

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"
)

// TestEvery4xxButTimeoutAndTooManyIsARefusal: the receiver's 4xx answers
// are final, except 408 and 429, which are retried; Retry-After is read.
func TestEvery4xxButTimeoutAndTooManyIsARefusal(t *testing.T) {
	for status := 400; status < 500; status++ {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Retry-After", "7")
			w.WriteHeader(status)
		}))
		res := NewClient(srv.URL, time.Second).Send(context.Background(), "k", []byte(`{}`))
		srv.Close()
		want := Refused
		if status == 408 || status == 429 {
			want = Retry
		}
		if res.Outcome != want {
			t.Errorf("%d: outcome %v, want %v", status, res.Outcome, want)
		}
		if want == Retry && res.RetryAfter != 7*time.Second {
			t.Errorf("%d: Retry-After read as %s", status, res.RetryAfter)
		}
	}
}

func TestRetryAfter(t *testing.T) {
	now := time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		h    string
		want time.Duration
	}{
		{"", 0}, {"0", 0}, {"-5", 0}, {"soon", 0}, {"3", 3 * time.Second}, {" 120 ", 2 * time.Minute},
		{"999999999999", MaxRetryAfter}, {"99999999999999999999999", 0},
		{now.Add(90 * time.Second).Format(http.TimeFormat), 90 * time.Second},
		{now.Add(-time.Hour).Format(http.TimeFormat), 0},
		{now.Add(48 * time.Hour).Format(http.TimeFormat), MaxRetryAfter},
	} {
		if got := RetryAfter(c.h, now); got != c.want {
			t.Errorf("Retry-After %q: %s, want %s", c.h, got, c.want)
		}
	}
}
