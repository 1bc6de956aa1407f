package auth

import (
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

// Login checks username and password, counting failures and locking the
// account after MaxFailures within LockoutWindow. The caller must commit tx
// even when the attempt fails, so that failures are counted.
//
// An unknown username is answered as a real one would be, in the same time:
// a dummy password is hashed, and its failures lock it for the window, so
// neither the answer nor the lockout tells which usernames exist.
func Login(tx *gorm.DB, username, password string) (Attempt, error) {
	var u struct {
		ID           int64
		PasswordHash string
		Disabled     bool
		LockedUntil  *time.Time
		Locked       bool
	}
	err := tx.Raw(`SELECT id, password_hash, disabled, locked_until, coalesce(locked_until > now(), false) AS locked
		FROM users WHERE username = ? FOR UPDATE`, username).Scan(&u).Error
	if err != nil {
		return Attempt{}, fmt.Errorf("auth: look up user: %w", err)
	}
	if u.ID == 0 {
		VerifyPassword(dummyHash, password)
		return unknownFailure(tx, username)
	}
	if u.Locked {
		VerifyPassword(dummyHash, password) // as long as any other answer
		return Attempt{Outcome: Locked, UserID: u.ID, LockedUntil: *u.LockedUntil}, nil
	}
	ok, err := VerifyPassword(u.PasswordHash, password)
	if err != nil {
		return Attempt{}, fmt.Errorf("auth: verify password of user %d: %w", u.ID, err)
	}
	if ok && !u.Disabled {
		// only the password's failures: wrong codes of the second factor
		// keep counting until a right code
		if err := tx.Exec(`DELETE FROM login_failures WHERE user_id = ? AND factor = ?`, u.ID, factorPassword).Error; err != nil {
			return Attempt{}, fmt.Errorf("auth: clear failures: %w", err)
		}
		return Attempt{Outcome: OK, UserID: u.ID}, nil
	}
	return recordFailure(tx, u.ID, factorPassword)
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
