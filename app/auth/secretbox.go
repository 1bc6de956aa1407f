package auth

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hkdf"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
)

// secretBoxLabel names the key that encrypts second-factor secrets, derived
// from the master key (the audit key) so that each use has a key of its own.
const secretBoxLabel = "portal06 totp secrets v1"

// sealedPrefix marks a sealed secret; a stored secret without it is an old
// plaintext one, sealed at its user's next sign-in.
const sealedPrefix = "v1:"

// SecretBox encrypts TOTP secrets with AES-256-GCM under a key kept outside
// the database, so a copy of the database does not give the second factor away.
type SecretBox struct{ aead cipher.AEAD }

// NewSecretBox derives the box's key from master (HKDF-SHA256 with a label).
func NewSecretBox(master []byte) (*SecretBox, error) {
	if len(master) < 16 {
		return nil, errors.New("auth: the master key must be at least 16 bytes")
	}
	key, err := hkdf.Key(sha256.New, master, nil, secretBoxLabel, 32)
	if err != nil {
		return nil, fmt.Errorf("auth: derive the secret key: %w", err)
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, fmt.Errorf("auth: secret cipher: %w", err)
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, fmt.Errorf("auth: secret cipher: %w", err)
	}
	return &SecretBox{aead: aead}, nil
}

// ad binds a sealed secret to its user: a ciphertext moved to another
// user's row does not open.
func ad(userID int64) []byte { return fmt.Appendf(nil, "totp:%d", userID) }

// Seal encrypts userID's secret for storage.
func (b *SecretBox) Seal(userID int64, secret string) string {
	nonce := make([]byte, b.aead.NonceSize())
	if _, err := rand.Read(nonce); err != nil {
		panic(fmt.Errorf("auth: read random nonce: %w", err)) // the OS random source failing is fatal
	}
	return sealedPrefix + base64.RawStdEncoding.EncodeToString(b.aead.Seal(nonce, nonce, []byte(secret), ad(userID)))
}

// Open decrypts a stored secret of userID. A secret stored before secrets
// were sealed is returned as it is, with plain set, so the caller seals it.
func (b *SecretBox) Open(userID int64, stored string) (secret string, plain bool, err error) {
	sealed, ok := strings.CutPrefix(stored, sealedPrefix)
	if !ok {
		return stored, true, nil
	}
	raw, err := base64.RawStdEncoding.DecodeString(sealed)
	n := b.aead.NonceSize()
	if err != nil || len(raw) < n {
		return "", false, fmt.Errorf("auth: malformed sealed secret of user %d", userID)
	}
	out, err := b.aead.Open(nil, raw[:n], raw[n:], ad(userID))
	if err != nil {
		return "", false, fmt.Errorf("auth: the secret of user %d does not open: another key? %w", userID, err)
	}
	return string(out), false, nil
}
