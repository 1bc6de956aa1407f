package tips

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"strings"
)

// codeAlphabet is Crockford's base 32: no I, L, O or U to misread.
const codeAlphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

// CodeLength is the number of characters of a tracking code: 20 × 5 = 100
// bits of entropy, so guessing one is hopeless.
const CodeLength = 20

// NewCode returns a fresh tracking code, grouped for reading (XXXX-XXXX-…),
// and the hash the database keeps instead of it.
func NewCode() (display, hash string) {
	b := make([]byte, CodeLength)
	if _, err := rand.Read(b); err != nil {
		panic(err) // the system's randomness failed: nothing safe to do
	}
	var sb strings.Builder
	for i, v := range b {
		if i > 0 && i%4 == 0 {
			sb.WriteByte('-')
		}
		sb.WriteByte(codeAlphabet[v&31])
	}
	display = sb.String()
	norm, _ := NormalizeCode(display)
	return display, HashCode(norm)
}

// NormalizeCode reads a code as typed: case, blanks and dashes do not
// matter, and the look-alikes O, I and L read as 0, 1 and 1.
func NormalizeCode(s string) (string, bool) {
	var sb strings.Builder
	for _, r := range strings.ToUpper(s) {
		switch {
		case r == ' ' || r == '-' || r == '\t':
			continue
		case r == 'O':
			r = '0'
		case r == 'I' || r == 'L':
			r = '1'
		}
		if !strings.ContainsRune(codeAlphabet, r) {
			return "", false
		}
		sb.WriteRune(r)
		if sb.Len() > CodeLength {
			return "", false
		}
	}
	if sb.Len() != CodeLength {
		return "", false
	}
	return sb.String(), true
}

// HashCode is the SHA-256 the database keeps of a normalised code.
func HashCode(norm string) string {
	sum := sha256.Sum256([]byte("portal06-tip:" + norm))
	return hex.EncodeToString(sum[:])
}
