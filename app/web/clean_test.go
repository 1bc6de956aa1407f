package web

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzClean: whatever arrives, the result is valid UTF-8 with no control
// character but tab, line feed and carriage return, and ordinary text is kept.
func FuzzClean(f *testing.F) {
	f.Add("Nguyễn Văn An\r\n")
	f.Add("a\x00b\xffc\x7f")
	f.Add("022095001234|x|\tQN")
	f.Fuzz(func(t *testing.T, s string) {
		out := Clean(s)
		if !utf8.ValidString(out) {
			t.Fatalf("Clean(%q) = %q is not UTF-8", s, out)
		}
		for _, r := range out {
			if r < 0x20 && r != '\t' && r != '\n' && r != '\r' || r == 0x7f {
				t.Fatalf("Clean(%q) kept control %U", s, r)
			}
		}
		if utf8.ValidString(s) && !strings.ContainsFunc(s, func(r rune) bool { return r < 0x20 || r == 0x7f }) && out != s {
			t.Fatalf("Clean changed clean text %q to %q", s, out)
		}
	})
}
