package audit

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzCheckPurpose: a purpose passes exactly when, trimmed, it holds 3 to
// MaxPurpose characters; an empty one is "required".
func FuzzCheckPurpose(f *testing.F) {
	for _, s := range []string{"", "  ", "ab", "Vụ việc 15/2026", strings.Repeat("á", MaxPurpose), strings.Repeat("a", MaxPurpose+1)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n := utf8.RuneCountInString(strings.TrimSpace(s))
		code := CheckPurpose(s)
		if (code == "") != (n >= 3 && n <= MaxPurpose) {
			t.Fatalf("CheckPurpose(%q) = %q with %d characters", s, code, n)
		}
		if n == 0 && code != "validation.required" {
			t.Fatalf("CheckPurpose(%q) = %q, want validation.required", s, code)
		}
	})
}
