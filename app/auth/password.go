// Package auth hashes passwords, signs users in and keeps their sessions.
package auth

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"sync/atomic"
	"time"

	"golang.org/x/crypto/argon2"
)

// argon2id parameters: OWASP's minimum for interactive sign-in (19 MiB, 2
// passes, 1 lane); one hash takes about 40 ms of one CPU on the development
// machine. The README's settings table states them.
const (
	argonMemory  = 19 * 1024
	argonTime    = 2
	argonThreads = 1
	argonKeyLen  = 32
	argonSaltLen = 16
)

var errBadHash = errors.New("auth: malformed password hash")

// HashPassword returns the argon2id hash of password in PHC string format.
func HashPassword(password string) (string, error) {
	salt := make([]byte, argonSaltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", fmt.Errorf("auth: read salt: %w", err)
	}
	var key []byte
	hashing(context.Background(), false, func() {
		key = idKey([]byte(password), salt, argonTime, argonMemory, argonThreads, argonKeyLen)
	})
	b64 := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, argonMemory, argonTime, argonThreads,
		b64.EncodeToString(salt), b64.EncodeToString(key)), nil
}

// VerifyPassword reports whether password matches the PHC-format hash. It
// waits for a hashing slot as long as it takes; a sign-in uses Verify,
// which waits at most the limit's wait.
func VerifyPassword(hash, password string) (ok bool, err error) {
	hashing(context.Background(), false, func() { ok, err = verifyPassword(hash, password) })
	return ok, err
}

func verifyPassword(hash, password string) (bool, error) {
	parts := strings.Split(hash, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return false, errBadHash
	}
	var version int
	if _, err := fmt.Sscanf(parts[2], "v=%d", &version); err != nil || version != argon2.Version {
		return false, errBadHash
	}
	var m, t uint32
	var p uint8
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &m, &t, &p); err != nil || m == 0 || t == 0 || p == 0 || m > 1<<20 || t > 16 {
		return false, errBadHash
	}
	b64 := base64.RawStdEncoding
	salt, err := b64.DecodeString(parts[4])
	if err != nil {
		return false, errBadHash
	}
	want, err := b64.DecodeString(parts[5])
	if err != nil || len(want) == 0 {
		return false, errBadHash
	}
	got := idKey([]byte(password), salt, t, m, p, uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1, nil
}

// hashLimit bounds the argon2 hashes running at once and the share of the
// machine's CPU they take over time. Each needs its 19 MiB and one CPU for
// as long as it runs; more of them at once would only share the same CPUs.
// After each hash its slot rests, in proportion to the hash's time, so that
// the slots together take at most the share of the CPU they are given and a
// storm of sign-ins is spread over time: everything else the portal and its
// database do keeps the rest of the CPU. A sign-in waits
// for its turn at most wait, with no database connection held, and is then
// refused with ErrBusy (the page answers 503 with Retry-After).
type hashLimit struct {
	slots chan struct{}
	wait  time.Duration
	duty  float64 // the share of its time each slot may spend hashing
}

// DefaultHashWait is how long a sign-in waits for a hashing slot by default.
const DefaultHashWait = 3 * time.Second

// DefaultHashes is the default number of argon2 hashes at once: half the
// CPUs, at least one.
func DefaultHashes() int { return max(1, cpus()/2) }

var limit atomic.Pointer[hashLimit]

// current is the limit in force: the defaults until LimitHashes is called
// (package variables, such as dummyHash, hash before any init runs).
func current() *hashLimit {
	if l := limit.Load(); l != nil {
		return l
	}
	limit.CompareAndSwap(nil, newHashLimit(0, 0, 0))
	return limit.Load()
}

func newHashLimit(n int, wait time.Duration, share float64) *hashLimit {
	if n <= 0 {
		n = DefaultHashes()
	}
	if wait <= 0 {
		wait = DefaultHashWait
	}
	if share <= 0 || share > 1 {
		share = DefaultHashShare
	}
	return &hashLimit{slots: make(chan struct{}, n), wait: wait, duty: dutyCycle(share, cpus(), n)}
}

// LimitHashes sets how many argon2 hashes run at once (n, DefaultHashes()
// when 0), how long a sign-in waits for one (DefaultHashWait when 0) and
// the share of the machine's CPU time hashing may take (share, in (0, 1];
// DefaultHashShare when 0). Call it at start, before serving.
func LimitHashes(n int, wait time.Duration, share float64) {
	limit.Store(newHashLimit(n, wait, share))
}

// HashesAtOnce is the most argon2 hashes that run at once.
func HashesAtOnce() int { return cap(current().slots) }

// ErrBusy refuses a sign-in that found no hashing slot within the wait.
var ErrBusy = errors.New("auth: too many sign-ins at once")

// HashWait is how long a sign-in waits for a hashing slot.
func HashWait() time.Duration { return current().wait }

// take takes a slot of l, waiting at most wait when timed (a sign-in), or
// as long as ctx lasts; release gives it back.
func (l *hashLimit) take(ctx context.Context, timed bool, wait time.Duration) (release func(), err error) {
	select {
	case l.slots <- struct{}{}:
		return func() { <-l.slots }, nil
	default:
	}
	var timeout <-chan time.Time
	if timed {
		t := time.NewTimer(wait)
		defer t.Stop()
		timeout = t.C
	}
	select {
	case l.slots <- struct{}{}:
		return func() { <-l.slots }, nil
	case <-timeout:
		return nil, ErrBusy
	case <-ctx.Done():
		return nil, fmt.Errorf("auth: wait for a hashing slot: %w", ctx.Err())
	}
}

// hashing runs f, a password hash, on a free slot, waiting for one at most
// the limit's wait when timed (a sign-in; then ErrBusy), as long as ctx lasts
// otherwise. The slot rests after f, in proportion to f's time, before the
// next hash may take it; the caller does not wait for that.
func hashing(ctx context.Context, timed bool, f func()) error {
	l := current()
	release, err := l.take(ctx, timed, l.wait)
	if err != nil {
		return err
	}
	if r := rest(wallTime(f), l.duty); r > 0 {
		time.AfterFunc(r, release)
	} else {
		release()
	}
	return nil
}

func idKey(password, salt []byte, t, m uint32, p uint8, keyLen uint32) []byte {
	return argon2.IDKey(password, salt, t, m, p, keyLen)
}

// dummyHash is verified against when the username is unknown, so that a
// wrong username takes as long as a wrong password.
var dummyHash, _ = HashPassword("portal06-no-such-user")
