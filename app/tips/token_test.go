package tips

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func TestFormToken(t *testing.T) {
	f := FormToken{Key: []byte("0123456789abcdef0123456789abcdef"), MinAge: 2 * time.Second, MaxAge: 2 * time.Hour}
	t0 := time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC)
	tok := f.Issue("device-a", t0)
	cases := []struct {
		name   string
		token  string
		device string
		at     time.Time
		want   error
	}{
		{"in time", tok, "device-a", t0.Add(30 * time.Second), nil},
		{"just old enough", tok, "device-a", t0.Add(2 * time.Second), nil},
		{"too fast", tok, "device-a", t0.Add(time.Second), ErrTooFast},
		{"from the past's future", tok, "device-a", t0.Add(-time.Minute), ErrTooFast},
		{"expired", tok, "device-a", t0.Add(2*time.Hour + time.Second), ErrExpired},
		{"another device", tok, "device-b", t0.Add(time.Minute), ErrTokenMissing},
		{"no device", tok, "", t0.Add(time.Minute), ErrTokenMissing},
		{"empty", "", "device-a", t0.Add(time.Minute), ErrTokenMissing},
		{"moved in time", "2" + tok[1:], "device-a", t0.Add(time.Minute), ErrTokenMissing},
		{"forged mac", tok[:len(tok)-2] + "AA", "device-a", t0.Add(time.Minute), ErrTokenMissing},
		{"no dot", strings.ReplaceAll(tok, ".", ""), "device-a", t0.Add(time.Minute), ErrTokenMissing},
	}
	for _, c := range cases {
		if err := f.Check(c.token, c.device, c.at); !errors.Is(err, c.want) {
			t.Errorf("%s: %v, want %v", c.name, err, c.want)
		}
	}
	if f.Issue("device-a", t0) == tok {
		t.Error("two forms shown in the same second got the same token")
	}
	other := FormToken{Key: []byte("another key of the server, 32 b!"), MinAge: f.MinAge, MaxAge: f.MaxAge}
	if err := other.Check(tok, "device-a", t0.Add(time.Minute)); !errors.Is(err, ErrTokenMissing) {
		t.Errorf("a token of another key: %v", err)
	}
}

// FuzzFormToken: no input panics, and only the issued token passes.
func FuzzFormToken(f *testing.F) {
	ft := FormToken{Key: []byte("0123456789abcdef0123456789abcdef"), MinAge: 0, MaxAge: time.Hour}
	now := time.Unix(1_800_000_000, 0)
	good := ft.Issue("dev", now)
	f.Add(good)
	f.Add("1800000000.")
	f.Add("1800000000-AAAAAAAA.")
	f.Add("..")
	f.Fuzz(func(t *testing.T, tok string) {
		if err := ft.Check(tok, "dev", now); err == nil && tok != good {
			t.Fatalf("accepted %q", tok)
		}
	})
}

func TestTrackingCode(t *testing.T) {
	seen := map[string]bool{}
	for i := 0; i < 200; i++ {
		display, hash := NewCode()
		if len(display) != 24 || strings.Count(display, "-") != 4 {
			t.Fatalf("code %q is not 5 groups of 4", display)
		}
		norm, ok := NormalizeCode(strings.ToLower(strings.ReplaceAll(display, "-", " ")))
		if !ok || HashCode(norm) != hash {
			t.Fatalf("code %q typed in lower case with blanks does not find itself", display)
		}
		if seen[hash] {
			t.Fatal("two codes alike")
		}
		seen[hash] = true
	}
	if n, ok := NormalizeCode("O1IL-0000-0000-0000-0000"); !ok || n != "01110000000000000000" {
		t.Fatalf("look-alikes: %q %v", n, ok)
	}
	for _, bad := range []string{"", "ABC", "0000-0000-0000-0000-00000", "UUUU-0000-0000-0000-0000", "0000-0000-0000-0000-000!"} {
		if _, ok := NormalizeCode(bad); ok {
			t.Errorf("accepted %q", bad)
		}
	}
	if CodeLength*5 < 80 {
		t.Fatalf("only %d bits of entropy", CodeLength*5)
	}
}

// FuzzNormalizeCode: a normalised code is always exactly CodeLength
// characters of the alphabet.
func FuzzNormalizeCode(f *testing.F) {
	f.Add("ABCD-EFGH-JKMN-PQRS-TVWX")
	f.Add("oooo oooo iiii llll 0000")
	f.Fuzz(func(t *testing.T, s string) {
		n, ok := NormalizeCode(s)
		if !ok {
			return
		}
		if len(n) != CodeLength || strings.Trim(n, codeAlphabet) != "" {
			t.Fatalf("%q normalised to %q", s, n)
		}
	})
}

func TestAuditQuerySurvivesRedaction(t *testing.T) {
	for id, want := range map[int64]string{7: "tip:7", 1234: "tip:1.234", 12345: "tip:12.345", 1234567: "tip:1.234.567"} {
		if got := auditQuery(id); got != want {
			t.Errorf("%d: %q, want %q", id, got, want)
		}
	}
}
