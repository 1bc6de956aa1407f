package auth

import (
	"context"
	"errors"
	"math/rand/v2"
	"sync"
	"testing"
	"time"
)

// TestDutyCycle: a fifth of two CPUs on one slot is a duty of 0.4, so a hash
// of 40 ms rests 60 ms; on four slots each rests 360 ms; a share the slots
// cannot use makes no rest.
func TestDutyCycle(t *testing.T) {
	for _, c := range []struct {
		share   float64
		cpus, n int
		d, rest time.Duration
	}{
		{0.2, 2, 1, 40 * time.Millisecond, 60 * time.Millisecond},
		{0.2, 2, 4, 40 * time.Millisecond, 360 * time.Millisecond},
		{0.2, 16, 8, 40 * time.Millisecond, 60 * time.Millisecond},
		{1, 2, 1, 40 * time.Millisecond, 0},
		{0.5, 2, 1, 40 * time.Millisecond, 0},
	} {
		got := rest(c.d, dutyCycle(c.share, c.cpus, c.n))
		if absDiff(got, c.rest) > time.Microsecond {
			t.Errorf("share %.2f of %d CPUs on %d slots, hash of %s: rest %s, want %s", c.share, c.cpus, c.n, c.d, got, c.rest)
		}
	}
}

// TestDutyCycleKeepsTheShare is a property test: whatever the hashes' times,
// n slots that each rest after every hash as dutyCycle says spend at most
// share × cpus of any span of time hashing, give or take one hash a slot.
func TestDutyCycleKeepsTheShare(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 13))
	for round := range 500 {
		share := 0.01 + rng.Float64()*0.99
		cpus, n := 1+rng.IntN(32), 1+rng.IntN(16)
		duty := dutyCycle(share, cpus, n)
		span := time.Duration(1+rng.IntN(10)) * time.Second
		var busy, longest time.Duration
		for range n {
			// one slot, kept busy: hash, rest, hash, … until the span ends
			for at := time.Duration(0); at < span; {
				d := time.Duration(1+rng.IntN(200)) * time.Millisecond
				longest = max(longest, d)
				busy += min(d, span-at)
				at += d + rest(d, duty)
			}
		}
		allowed := time.Duration(share*float64(cpus)*float64(span)) + time.Duration(n)*longest
		if busy > allowed {
			t.Fatalf("round %d: share %.2f of %d CPUs on %d slots hashed %s in %s, allowed %s",
				round, share, cpus, n, busy, span, allowed)
		}
	}
}

// TestHashingKeepsToTheShare runs real hashes from many goroutines at once,
// with two slots given a tenth of one CPU, for a second and a half: the time
// they spent hashing is within that share (plus the hashes in flight).
func TestHashingKeepsToTheShare(t *testing.T) {
	if testing.Short() {
		t.Skip("hashes for 1.5 s")
	}
	LimitHashes(2, 10*time.Second, 0.1/float64(cpus()))
	t.Cleanup(func() { LimitHashes(0, 0, 0) })
	ctx, cancel := context.WithTimeout(context.Background(), 1500*time.Millisecond)
	defer cancel()
	var mu sync.Mutex
	var used, most time.Duration
	n := 0
	var wg sync.WaitGroup
	start := time.Now()
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for ctx.Err() == nil {
				var d time.Duration
				if err := hashing(ctx, false, func() { d = wallTime(func() { verifyPassword(dummyHash, "x") }) }); err != nil {
					return
				}
				mu.Lock()
				used, most, n = used+d, max(most, d), n+1
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	if n == 0 {
		t.Fatal("no hash ran in 1.5 s")
	}
	if allowed := time.Duration(0.1*float64(elapsed)) + 2*most; used > allowed {
		t.Fatalf("%d hashes took %s in %s; a tenth of a CPU allows %s", n, used, elapsed, allowed)
	}
	if l := current(); absDiff(time.Duration(l.duty*float64(cap(l.slots))*1000), 100) > 1 {
		t.Fatalf("duty × slots = %.3f CPUs, want 0.1", l.duty*float64(cap(l.slots)))
	}
}

// TestBusyWhileTheSlotRests: after a hash, its only slot rests; a sign-in
// that would wait longer than the limit's wait is refused with ErrBusy
// without hashing, and one that waits out the rest is served.
func TestBusyWhileTheSlotRests(t *testing.T) {
	LimitHashes(1, 20*time.Millisecond, 0.05/float64(cpus())) // duty 0.05: a rest of 19 hashes' time
	t.Cleanup(func() { LimitHashes(0, 0, 0) })
	ran := 0
	var d time.Duration
	if err := hashing(context.Background(), true, func() { ran++; d = wallTime(func() { verifyPassword(dummyHash, "x") }) }); err != nil {
		t.Fatalf("first hash on a free slot: %v", err)
	}
	if err := hashing(context.Background(), true, func() { ran++ }); !errors.Is(err, ErrBusy) {
		t.Fatalf("a sign-in while the slot rests %s: %v, want ErrBusy", 19*d, err)
	}
	if ran != 1 {
		t.Fatalf("%d hashes ran; the refused one must not hash", ran)
	}
	if err := hashing(context.Background(), false, func() { ran++ }); err != nil || ran != 2 {
		t.Fatalf("an untimed hash waits out the rest: %v, %d ran", err, ran)
	}
}

func absDiff(a, b time.Duration) time.Duration {
	if a > b {
		return a - b
	}
	return b - a
}
