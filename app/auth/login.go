package auth

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm"
)

// Lockout policy: this many failures of one factor within the window lock
// the account for the window.
const (
	MaxFailures   = 5
	LockoutWindow = 15 * time.Minute
)

// The factors whose failures are counted apart.
const (
	factorPassword = "password"
	factorTOTP     = "totp"
)

// Outcome is the result of a sign-in attempt.
type Outcome int

// The outcomes of a sign-in attempt.
const (
	OK Outcome = iota
	Invalid
	Locked
	Reused // a second-factor code already used
)

// Attempt is the result of Login.
type Attempt struct {
	Outcome     Outcome
	UserID      int64
	LockedUntil time.Time
}

// Check is the first half of a sign-in, done with no transaction open and
// no row locked: the user read without a lock, and the password hashed
// (argon2id, about 40 ms and 19 MiB). Record then writes its outcome in a
// short transaction.
type Check struct {
	username string
	userID   int64
	seen     string // the password hash the check was against
	ok       bool
}

// Verify reads the user on db (a pool, not a transaction) and hashes the
// password. An unknown username hashes a dummy password, so that it takes
// as long as a real one; a locked account is hashed too.
func Verify(ctx context.Context, db *gorm.DB, username, password string) (Check, error) {
	var u struct {
		ID           int64
		PasswordHash string
	}
	err := db.WithContext(ctx).Raw(`SELECT id, password_hash FROM users WHERE username = ?`, username).Scan(&u).Error
	if err != nil {
		return Check{}, fmt.Errorf("auth: look up user: %w", err)
	}
	// at most HashesAtOnce hashes run, within the CPU budget; a sign-in
	// that waits longer than the limit's wait is refused with ErrBusy,
	// holding no connection
	hash := u.PasswordHash
	if u.ID == 0 {
		hash = dummyHash
	}
	var ok bool
	var bad error // a malformed stored hash
	if err := hashing(ctx, true, func() { ok, bad = verifyPassword(hash, password) }); err != nil {
		return Check{}, err
	}
	if u.ID == 0 {
		return Check{username: username}, nil
	}
	if err := bad; err != nil {
		return Check{}, fmt.Errorf("auth: verify password of user %d: %w", u.ID, err)
	}
	return Check{username: username, userID: u.ID, seen: u.PasswordHash, ok: ok}, nil
}

// Record writes the outcome of a check in tx, counting failures and locking
// the account after MaxFailures within LockoutWindow. The caller must commit
// tx even when the attempt fails, so that failures are counted.
//
// A right password takes no lock: it is refused if the account is locked,
// disabled or its password changed since the check. A wrong one locks the
// user's row only for the rest of tx (milliseconds, no hashing inside), so
// that concurrent failures are counted one after the other and the fifth
// locks the account; a check that ends after the lock is refused as locked.
//
// An unknown username is answered as a real one would be: its failures
// lock it for the window, so neither the answer nor the lockout tells
// which usernames exist.
func (ck Check) Record(tx *gorm.DB) (Attempt, error) {
	if ck.userID == 0 {
		return unknownFailure(tx, ck.username)
	}
	lock := ""
	if !ck.ok {
		lock = " FOR UPDATE"
	}
	var u struct {
		Disabled    bool
		LockedUntil *time.Time
		Locked      bool
		Same        bool
	}
	err := tx.Raw(`SELECT disabled, locked_until, coalesce(locked_until > now(), false) AS locked, password_hash = ? AS same
		FROM users WHERE id = ?`+lock, ck.seen, ck.userID).Scan(&u).Error
	if err != nil {
		return Attempt{}, fmt.Errorf("auth: read user %d: %w", ck.userID, err)
	}
	if u.Locked {
		return Attempt{Outcome: Locked, UserID: ck.userID, LockedUntil: *u.LockedUntil}, nil
	}
	if ck.ok && !u.Disabled && u.Same {
		// only the password's failures: wrong codes of the second factor
		// keep counting until a right code
		if err := tx.Exec(`DELETE FROM login_failures WHERE user_id = ? AND factor = ?`, ck.userID, factorPassword).Error; err != nil {
			return Attempt{}, fmt.Errorf("auth: clear failures: %w", err)
		}
		return Attempt{Outcome: OK, UserID: ck.userID}, nil
	}
	if ck.ok {
		return Attempt{Outcome: Invalid, UserID: ck.userID}, nil // disabled, or the password changed meanwhile
	}
	return recordFailure(tx, ck.userID, factorPassword)
}

// unknownFailure counts a sign-in to a username that does not exist, and
// locks that name as recordFailure locks an account.
func unknownFailure(tx *gorm.DB, username string) (Attempt, error) {
	name := HashToken(username)
	var lock struct{ Until *time.Time }
	if err := tx.Raw(`SELECT locked_until AS until FROM unknown_login_locks WHERE name_hash = ? AND locked_until > now() FOR UPDATE`,
		name).Scan(&lock).Error; err != nil {
		return Attempt{}, fmt.Errorf("auth: read lock of an unknown name: %w", err)
	}
	if lock.Until != nil {
		return Attempt{Outcome: Locked, LockedUntil: *lock.Until}, nil
	}
	window := LockoutWindow.Seconds()
	if err := tx.Exec(`DELETE FROM unknown_login_failures WHERE at < now() - make_interval(secs => ?)`, window).Error; err != nil {
		return Attempt{}, fmt.Errorf("auth: forget old failures: %w", err)
	}
	var n int
	err := tx.Raw(`WITH ins AS (INSERT INTO unknown_login_failures (name_hash) VALUES (?) RETURNING 1)
		SELECT 1 + count(*) FROM unknown_login_failures WHERE name_hash = ?`, name, name).Scan(&n).Error
	if err != nil {
		return Attempt{}, fmt.Errorf("auth: record failure of an unknown name: %w", err)
	}
	if n < MaxFailures {
		return Attempt{Outcome: Invalid}, nil
	}
	var until time.Time
	err = tx.Raw(`INSERT INTO unknown_login_locks (name_hash, locked_until) VALUES (?, now() + make_interval(secs => ?))
		ON CONFLICT (name_hash) DO UPDATE SET locked_until = excluded.locked_until RETURNING locked_until`, name, window).Scan(&until).Error
	if err != nil {
		return Attempt{}, fmt.Errorf("auth: lock an unknown name: %w", err)
	}
	if err := tx.Exec(`DELETE FROM unknown_login_failures WHERE name_hash = ?`, name).Error; err != nil {
		return Attempt{}, fmt.Errorf("auth: clear failures: %w", err)
	}
	if err := tx.Exec(`DELETE FROM unknown_login_locks WHERE locked_until < now()`).Error; err != nil {
		return Attempt{}, fmt.Errorf("auth: forget old locks: %w", err)
	}
	return Attempt{Outcome: Locked, LockedUntil: until}, nil
}

// recordFailure counts a failure of factor and locks the account when
// MaxFailures of that factor fell within LockoutWindow.
func recordFailure(tx *gorm.DB, userID int64, factor string) (Attempt, error) {
	var n int
	err := tx.Raw(`WITH ins AS (INSERT INTO login_failures (user_id, factor) VALUES (?, ?) RETURNING 1)
		SELECT 1 + count(*) FROM login_failures WHERE user_id = ? AND factor = ? AND at > now() - make_interval(secs => ?)`,
		userID, factor, userID, factor, LockoutWindow.Seconds()).Scan(&n).Error
	if err != nil {
		return Attempt{}, fmt.Errorf("auth: record failure: %w", err)
	}
	if n < MaxFailures {
		return Attempt{Outcome: Invalid, UserID: userID}, nil
	}
	var until time.Time
	err = tx.Raw(`UPDATE users SET locked_until = now() + make_interval(secs => ?) WHERE id = ? RETURNING locked_until`,
		LockoutWindow.Seconds(), userID).Scan(&until).Error
	if err != nil {
		return Attempt{}, fmt.Errorf("auth: lock user: %w", err)
	}
	if err := tx.Exec(`DELETE FROM login_failures WHERE user_id = ?`, userID).Error; err != nil {
		return Attempt{}, fmt.Errorf("auth: clear failures: %w", err)
	}
	return Attempt{Outcome: Locked, UserID: userID, LockedUntil: until}, nil
}
