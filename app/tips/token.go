package tips

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"strconv"
	"strings"
	"time"
)

// Errors of a form token; each has a message of its own.
var (
	ErrTokenMissing = errors.New("tips: form token missing or forged")
	ErrTooFast      = errors.New("tips: form sent too fast")
	ErrExpired      = errors.New("tips: form token expired")
)

// FormToken signs the moment a form was shown to a device (its cookie):
// a form sent sooner than MinAge, later than MaxAge, from another device or
// altered is refused. No third party and no state: only the server's key.
type FormToken struct {
	Key    []byte
	MinAge time.Duration
	MaxAge time.Duration
}

// Issue returns the token for a form shown to device at now; a random
// part tells apart two forms shown in the same second.
func (f FormToken) Issue(device string, now time.Time) string {
	nonce := make([]byte, 6)
	if _, err := rand.Read(nonce); err != nil {
		panic(err)
	}
	ts := strconv.FormatInt(now.Unix(), 10) + "-" + base64.RawURLEncoding.EncodeToString(nonce)
	return ts + "." + f.mac(ts, device)
}

func (f FormToken) mac(ts, device string) string {
	m := hmac.New(sha256.New, f.Key)
	m.Write([]byte("tip-form\x1f" + ts + "\x1f" + device))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil)[:18])
}

// Check verifies a token sent by device at now.
func (f FormToken) Check(token, device string, now time.Time) error {
	ts, mac, ok := strings.Cut(token, ".")
	if !ok || device == "" || len(token) > 64 {
		return ErrTokenMissing
	}
	unix, _, _ := strings.Cut(ts, "-")
	sec, err := strconv.ParseInt(unix, 10, 64)
	if err != nil || !hmac.Equal([]byte(mac), []byte(f.mac(ts, device))) {
		return ErrTokenMissing
	}
	age := now.Sub(time.Unix(sec, 0))
	switch {
	case age < f.MinAge:
		return ErrTooFast
	case age > f.MaxAge:
		return ErrExpired
	}
	return nil
}
