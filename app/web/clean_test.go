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

// TestNestedBodies: a nested object of a JSON body is cleaned and held to
// its limits like the top level, and named parent.child.
func TestNestedBodies(t *testing.T) {
	type chip struct {
		Number string `json:"number" maxlen:"12"`
	}
	type body struct {
		Name string `json:"name"`
		Chip *chip  `json:"chip"`
		Act  struct {
			Number string `json:"number" maxlen:"5"`
		} `json:"act"`
	}
	b := body{Name: "An\x00", Chip: &chip{Number: "0220950012345\x07"}}
	b.Act.Number = "123456"
	CleanStrings(&b)
	if b.Name != "An" || b.Chip.Number != "0220950012345" {
		t.Fatalf("not cleaned: %+v %+v", b, *b.Chip)
	}
	bad := TooLong(&b)
	if len(bad) != 2 || bad["chip.number"] != "validation.too_long" || bad["act.number"] != "validation.too_long" {
		t.Fatalf("TooLong = %v, want chip.number and act.number", bad)
	}
	b.Chip, b.Act.Number = nil, "12345"
	if bad := TooLong(&b); bad != nil {
		t.Fatalf("TooLong = %v on a body within its limits", bad)
	}
}
