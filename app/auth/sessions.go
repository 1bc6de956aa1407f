package auth

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"time"

	"gorm.io/gorm"
)

// Sessions stores sessions server-side with an idle and an absolute timeout.
// A page's request reads its session with web_session (app/web, migration
// 00750): the token's live session, touched at most once a minute; a
// session past its idle or absolute timeout, or of a disabled user, is
// deleted there.
type Sessions struct {
	Idle time.Duration
	Max  time.Duration
}

// Session is a signed-in user's session.
type Session struct {
	UserID int64
	CSRF   string
}

// NewToken returns a random URL-safe token of 32 bytes.
func NewToken() string {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		panic(fmt.Errorf("auth: read random token: %w", err)) // the OS random source failing is fatal
	}
	return base64.RawURLEncoding.EncodeToString(b)
}

// HashToken is what the database keeps of a secret token (sessions, API
// tokens, pairings): its SHA-256, in hex.
func HashToken(token string) string {
	h := sha256.Sum256([]byte(token))
	return hex.EncodeToString(h[:])
}

// Create starts a new session for userID and returns its token.
func (s Sessions) Create(tx *gorm.DB, userID int64) (string, Session, error) {
	token := NewToken()
	sess := Session{UserID: userID, CSRF: NewToken()}
	err := tx.Exec(`INSERT INTO sessions (token_hash, user_id, csrf_token, expires_at)
		VALUES (?, ?, ?, now() + make_interval(secs => ?))`,
		HashToken(token), userID, sess.CSRF, s.Max.Seconds()).Error
	if err != nil {
		return "", Session{}, fmt.Errorf("auth: create session: %w", err)
	}
	return token, sess, nil
}

// Alive reports whether token names a live session of an enabled user,
// without marking it used: a long-lived event stream checks it, and must not
// keep an otherwise idle session alive.
func (s Sessions) Alive(tx *gorm.DB, token string) (bool, error) {
	if token == "" {
		return false, nil
	}
	var live bool
	err := tx.Raw(`SELECT EXISTS (SELECT 1 FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = ?
		AND s.last_seen_at > now() - make_interval(secs => ?) AND s.expires_at > now() AND NOT u.disabled)`,
		HashToken(token), s.Idle.Seconds()).Scan(&live).Error
	if err != nil {
		return false, fmt.Errorf("auth: check session: %w", err)
	}
	return live, nil
}

// Delete ends the session of token.
func (s Sessions) Delete(tx *gorm.DB, token string) error {
	if err := tx.Exec(`DELETE FROM sessions WHERE token_hash = ?`, HashToken(token)).Error; err != nil {
		return fmt.Errorf("auth: delete session: %w", err)
	}
	return nil
}

// DeleteForUser ends every session of a user, as when the user is disabled.
func (s Sessions) DeleteForUser(tx *gorm.DB, userID int64) error {
	if err := tx.Exec(`DELETE FROM sessions WHERE user_id = ?`, userID).Error; err != nil {
		return fmt.Errorf("auth: end sessions of user %d: %w", userID, err)
	}
	return nil
}
