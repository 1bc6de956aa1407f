package views

import (
	"regexp"
	"testing"
)

// tokenPattern is what tokenLike tests, as a regular expression.
var tokenPattern = regexp.MustCompile(`^[0-9A-Z•/:.,%+\- ]{1,24}$`)

// FuzzTokenLike: the loop of tokenLike answers as the regular expression it
// replaced, on any text, invalid UTF-8 included.
func FuzzTokenLike(f *testing.F) {
	for _, s := range []string{"", "28/11/2026", "14:05", "1.234.567", "12,5%", "0220•••••234", "+3", "-", " ",
		"Khách sạn", "abc", "0123456789012345678901234", "012345678901234567890123", "Ａ", "\xff", "2026-11-28 14:05"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := tokenLike(s), tokenPattern.MatchString(s); got != want {
			t.Fatalf("tokenLike(%q) = %v, the pattern says %v", s, got, want)
		}
	})
}
