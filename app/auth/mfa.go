package auth

import (
	"crypto/subtle"
	"fmt"
	"time"

	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"
	"gorm.io/gorm"
)

// ChallengeLife is how long a half-finished sign-in waits for its second factor.
const ChallengeLife = 5 * time.Minute

// NeedsMFA reports whether a user must give a second factor: police and
// admin accounts, unless exempt (the demo police accounts).
func NeedsMFA(tx *gorm.DB, userID int64) (bool, error) {
	var need bool
	err := tx.Raw(`SELECT EXISTS (SELECT 1 FROM staff_memberships WHERE user_id = ? AND role IN ('admin', 'police_officer', 'police_commander'))
		AND NOT (SELECT mfa_exempt FROM users WHERE id = ?)`, userID, userID).Scan(&need).Error
	if err != nil {
		return false, fmt.Errorf("auth: second factor needed: %w", err)
	}
	return need, nil
}

// Challenge is a sign-in awaiting its second factor.
type Challenge struct {
	UserID   int64
	Username string
	Secret   string // the user's secret, or the one being enrolled
	Enroll   bool
	Next     string
}

// StartChallenge records a half sign-in and returns its token. A user
// without a secret gets a new one to enroll; a user whose secret is still
// stored in plaintext has it sealed now.
func StartChallenge(tx *gorm.DB, box *SecretBox, userID int64, next string) (string, error) {
	var u struct {
		Username   string
		TotpSecret *string
	}
	if err := tx.Raw(`SELECT username, totp_secret FROM users WHERE id = ?`, userID).Scan(&u).Error; err != nil {
		return "", fmt.Errorf("auth: read second factor: %w", err)
	}
	var enroll any
	if u.TotpSecret == nil {
		key, err := totp.Generate(totp.GenerateOpts{Issuer: "Portal06", AccountName: u.Username})
		if err != nil {
			return "", fmt.Errorf("auth: new TOTP secret: %w", err)
		}
		enroll = box.Seal(userID, key.Secret())
	} else if secret, plain, err := box.Open(userID, *u.TotpSecret); err != nil {
		return "", err
	} else if plain {
		err := tx.Exec(`UPDATE users SET totp_secret = ? WHERE id = ? AND totp_secret = ?`, box.Seal(userID, secret), userID, secret).Error
		if err != nil {
			return "", fmt.Errorf("auth: seal the second factor's secret: %w", err)
		}
	}
	token := NewToken()
	err := tx.Exec(`INSERT INTO login_challenges (token_hash, user_id, secret, next, expires_at) VALUES (?, ?, ?, ?, now() + make_interval(secs => ?))`,
		HashToken(token), userID, enroll, next, ChallengeLife.Seconds()).Error
	if err != nil {
		return "", fmt.Errorf("auth: start challenge: %w", err)
	}
	return token, nil
}

// GetChallenge returns the live challenge of token, its secret opened.
func GetChallenge(tx *gorm.DB, box *SecretBox, token string) (Challenge, bool, error) {
	var row struct {
		UserID     int64
		Username   string
		Secret     *string
		TotpSecret *string
		Next       string
	}
	err := tx.Raw(`SELECT c.user_id, u.username, c.secret, u.totp_secret, c.next FROM login_challenges c JOIN users u ON u.id = c.user_id
		WHERE c.token_hash = ? AND c.expires_at > now() AND NOT u.disabled`, HashToken(token)).Scan(&row).Error
	if err != nil {
		return Challenge{}, false, fmt.Errorf("auth: read challenge: %w", err)
	}
	if row.UserID == 0 {
		return Challenge{}, false, nil
	}
	c := Challenge{UserID: row.UserID, Username: row.Username, Next: row.Next}
	stored := ""
	switch {
	case row.TotpSecret != nil:
		stored = *row.TotpSecret
	case row.Secret != nil:
		stored, c.Enroll = *row.Secret, true
	default:
		return Challenge{}, false, nil
	}
	if c.Secret, _, err = box.Open(c.UserID, stored); err != nil {
		return Challenge{}, false, err
	}
	return c, true, nil
}

// OTPAuthURL is what an authenticator app scans to enroll.
func (c Challenge) OTPAuthURL() string {
	key, err := otp.NewKeyFromURL(fmt.Sprintf("otpauth://totp/Portal06:%s?secret=%s&issuer=Portal06", c.Username, c.Secret))
	if err != nil {
		return ""
	}
	return key.URL()
}

// Period is the length of a TOTP time step.
const Period = 30

var totpOpts = totp.ValidateOpts{Period: Period, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1}

// matchStep returns the time step whose code is code, looking one step
// either side of now for clocks that drift.
func matchStep(secret, code string, now time.Time) (int64, bool) {
	if len(code) != 6 {
		return 0, false
	}
	step := now.Unix() / Period
	for _, s := range []int64{step - 1, step, step + 1} {
		want, err := totp.GenerateCodeCustom(secret, time.Unix(s*Period, 0), totpOpts)
		if err == nil && subtle.ConstantTimeCompare([]byte(want), []byte(code)) == 1 {
			return s, true
		}
	}
	return 0, false
}

// CheckCode verifies a code against the challenge; a right code ends the
// challenge (and completes an enrolment), a wrong one counts as a failed
// second factor. A code of a time step at or before the last one used is
// refused (Reused), so one code cannot sign in twice.
func CheckCode(tx *gorm.DB, box *SecretBox, token string, c Challenge, code string, now time.Time) (Attempt, error) {
	var u struct {
		Locked   bool
		Until    *time.Time
		LastStep *int64
	}
	// FOR UPDATE: two sign-ins with one code wait for each other, and the second sees the step the first used
	if err := tx.Raw(`SELECT coalesce(locked_until > now(), false) AS locked, locked_until AS until, totp_last_step AS last_step
		FROM users WHERE id = ? FOR UPDATE`, c.UserID).Scan(&u).Error; err != nil {
		return Attempt{}, fmt.Errorf("auth: read lock: %w", err)
	}
	if u.Locked {
		return Attempt{Outcome: Locked, UserID: c.UserID, LockedUntil: *u.Until}, nil
	}
	step, ok := matchStep(c.Secret, code, now)
	if !ok {
		return recordFailure(tx, c.UserID, factorTOTP)
	}
	if u.LastStep != nil && step <= *u.LastStep {
		att, err := recordFailure(tx, c.UserID, factorTOTP)
		if err == nil && att.Outcome == Invalid {
			att.Outcome = Reused
		}
		return att, err
	}
	if err := tx.Exec(`UPDATE users SET totp_last_step = ? WHERE id = ?`, step, c.UserID).Error; err != nil {
		return Attempt{}, fmt.Errorf("auth: keep the code's time step: %w", err)
	}
	if c.Enroll {
		if err := tx.Exec(`UPDATE users SET totp_secret = ?, totp_enabled_at = now() WHERE id = ? AND totp_secret IS NULL`,
			box.Seal(c.UserID, c.Secret), c.UserID).Error; err != nil {
			return Attempt{}, fmt.Errorf("auth: enroll second factor: %w", err)
		}
	}
	if err := tx.Exec(`DELETE FROM login_challenges WHERE token_hash = ?`, HashToken(token)).Error; err != nil {
		return Attempt{}, fmt.Errorf("auth: end challenge: %w", err)
	}
	if err := tx.Exec(`DELETE FROM login_failures WHERE user_id = ?`, c.UserID).Error; err != nil {
		return Attempt{}, fmt.Errorf("auth: clear failures: %w", err)
	}
	return Attempt{Outcome: OK, UserID: c.UserID}, nil
}

// ResetMFA removes a user's second factor, so they enroll again at their next sign-in.
func ResetMFA(tx *gorm.DB, userID int64) error {
	if err := tx.Exec(`UPDATE users SET totp_secret = NULL, totp_enabled_at = NULL, totp_last_step = NULL WHERE id = ?`, userID).Error; err != nil {
		return fmt.Errorf("auth: reset second factor: %w", err)
	}
	return nil
}
