package auth

import (
	"strings"
	"testing"
)

func TestSecretBox(t *testing.T) {
	b, err := NewSecretBox([]byte("0123456789abcdef0123456789abcdef"))
	if err != nil {
		t.Fatal(err)
	}
	s := b.Seal(7, "JBSWY3DPEHPK3PXP")
	if !strings.HasPrefix(s, sealedPrefix) || strings.Contains(s, "JBSWY3DPEHPK3PXP") {
		t.Fatalf("sealed %q", s)
	}
	if s2 := b.Seal(7, "JBSWY3DPEHPK3PXP"); s2 == s {
		t.Fatal("two seals of one secret are equal: no nonce")
	}
	if got, plain, err := b.Open(7, s); err != nil || plain || got != "JBSWY3DPEHPK3PXP" {
		t.Fatalf("open: %q %v %v", got, plain, err)
	}
	if _, _, err := b.Open(8, s); err == nil {
		t.Fatal("a secret moved to another user opened")
	}
	other, _ := NewSecretBox([]byte("another-key-of-sufficient-length"))
	if _, _, err := other.Open(7, s); err == nil {
		t.Fatal("another key opened the secret")
	}
	if got, plain, err := b.Open(7, "JBSWY3DPEHPK3PXP"); err != nil || !plain || got != "JBSWY3DPEHPK3PXP" {
		t.Fatalf("an old plaintext secret: %q %v %v", got, plain, err)
	}
	if _, _, err := b.Open(7, sealedPrefix+"!!"); err == nil {
		t.Fatal("a malformed secret opened")
	}
	if _, err := NewSecretBox([]byte("short")); err == nil {
		t.Fatal("a short master key was accepted")
	}
}
