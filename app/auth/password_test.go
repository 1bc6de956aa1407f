package auth

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"
)

func TestHashAndVerify(t *testing.T) {
	h, err := HashPassword("mật khẩu dài")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=19456,t=2,p=1$") {
		t.Fatalf("hash %q is not argon2id in PHC format", h)
	}
	if ok, err := VerifyPassword(h, "mật khẩu dài"); !ok || err != nil {
		t.Fatalf("right password refused: %v", err)
	}
	if ok, _ := VerifyPassword(h, "mat khau dai"); ok {
		t.Fatal("wrong password accepted")
	}
	h2, _ := HashPassword("mật khẩu dài")
	if h2 == h {
		t.Fatal("two hashes of one password are equal: no salt")
	}
}

func FuzzVerifyPassword(f *testing.F) {
	good, _ := HashPassword("x")
	f.Add(good, "x")
	f.Add("$argon2id$v=19$m=0,t=0,p=0$$", "")
	f.Add("$argon2id$v=19$m=99999999,t=1,p=1$AAAA$AAAA", "x")
	f.Fuzz(func(t *testing.T, hash, pw string) {
		ok, err := VerifyPassword(hash, pw)
		if ok && err != nil {
			t.Fatal("ok with an error")
		}
		if ok && hash != good {
			// only a real hash of pw may verify
			if !strings.HasPrefix(hash, "$argon2id$") {
				t.Fatalf("non-argon2id hash %q verified", hash)
			}
		}
	})
}

// TestSignInWaitsForAHashThenIsBusy: with every hashing slot taken, a
// sign-in waits the limit's wait, then is refused with ErrBusy, without
// hashing; once a slot is free it signs in.
func TestSignInWaitsForAHashThenIsBusy(t *testing.T) {
	LimitHashes(1, 30*time.Millisecond, 1)
	t.Cleanup(func() { LimitHashes(0, 0, 0) })
	if HashesAtOnce() != 1 || HashWait() != 30*time.Millisecond {
		t.Fatalf("limit not set: %d at once, wait %s", HashesAtOnce(), HashWait())
	}
	slot := func() (func(), error) { return current().take(context.Background(), true, HashWait()) }
	release, err := slot()
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	if _, err := slot(); !errors.Is(err, ErrBusy) {
		t.Fatalf("second hash with the only slot taken: %v, want ErrBusy", err)
	}
	if waited := time.Since(start); waited < 30*time.Millisecond {
		t.Fatalf("refused after %s, before the wait of 30ms", waited)
	}
	release()
	again, err := slot()
	if err != nil {
		t.Fatalf("a free slot refused: %v", err)
	}
	again()
	LimitHashes(0, 0, 0)
	if HashesAtOnce() != DefaultHashes() || HashWait() != DefaultHashWait {
		t.Fatalf("defaults not restored: %d, %s", HashesAtOnce(), HashWait())
	}
	if DefaultHashes() < 1 {
		t.Fatal("no hash may ever run")
	}
}
