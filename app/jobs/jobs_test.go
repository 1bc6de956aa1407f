package jobs

import (
	"testing"
	"time"
)

func TestBackoffCeilingDoublesUpToMax(t *testing.T) {
	b := Backoff{Base: time.Second, Max: 5 * time.Minute}
	for attempt, want := range map[int]time.Duration{0: time.Second, 1: time.Second, 2: 2 * time.Second, 3: 4 * time.Second,
		9: 256 * time.Second, 10: 5 * time.Minute, 2000: 5 * time.Minute} {
		if got := b.Delay(attempt); got != want {
			t.Errorf("attempt %d: ceiling %s, want %s", attempt, got, want)
		}
	}
}

// TestBackoffJitterSpreadsRetries: each wait lies between half the base and
// the ceiling, and the waits of many jobs that failed together spread over
// that range instead of coming back in lockstep.
func TestBackoffJitterSpreadsRetries(t *testing.T) {
	lo := Backoff{Base: time.Second, Max: 5 * time.Minute, Rand: func() float64 { return 0 }}
	hi := Backoff{Base: time.Second, Max: 5 * time.Minute, Rand: func() float64 { return 0.999999 }}
	for attempt := 1; attempt < 30; attempt++ {
		if got := lo.Jittered(attempt); got != 500*time.Millisecond {
			t.Errorf("attempt %d: shortest wait %s", attempt, got)
		}
		if got, ceil := hi.Jittered(attempt), hi.Delay(attempt); got > ceil || got < ceil-time.Millisecond {
			t.Errorf("attempt %d: longest wait %s, ceiling %s", attempt, got, ceil)
		}
	}
	b := Backoff{Base: time.Second, Max: 5 * time.Minute}
	const jobs = 300
	buckets := map[time.Duration]int{}
	var sum time.Duration
	for i := 0; i < jobs; i++ {
		d := b.Jittered(6) // ceiling 32 s
		if d < 500*time.Millisecond || d > 32*time.Second {
			t.Fatalf("wait %s outside [0.5 s, 32 s]", d)
		}
		buckets[d.Truncate(time.Second)]++
		sum += d
	}
	if len(buckets) < 25 {
		t.Errorf("300 retries fell into %d one-second slots: not spread", len(buckets))
	}
	for slot, n := range buckets {
		if n > jobs/8 {
			t.Errorf("%d of %d retries at %s: a burst", n, jobs, slot)
		}
	}
	if mean := sum / jobs; mean < 12*time.Second || mean > 21*time.Second {
		t.Errorf("mean wait %s, want about 16 s", mean)
	}
}

// TestRescueFollowsTheDeliveryTimeout: a delivery lost with its instance is
// taken up again soon after it could have finished, never while it can
// still be running.
func TestRescueFollowsTheDeliveryTimeout(t *testing.T) {
	for _, wait := range []time.Duration{time.Second, 15 * time.Second, time.Minute} {
		timeout := JobTimeout(wait)
		rescue := RescueAfter(timeout)
		if timeout <= wait || rescue <= timeout {
			t.Errorf("wait %s: timeout %s, rescue %s", wait, timeout, rescue)
		}
		if rescue > wait+time.Minute {
			t.Errorf("wait %s: rescued only after %s", wait, rescue)
		}
	}
	if got := RescueAfter(JobTimeout(15 * time.Second)); got != 45*time.Second {
		t.Errorf("default rescue after %s, want 45 s", got)
	}
}
