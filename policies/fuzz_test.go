package policies

import (
	"strings"
	"testing"
)

// FuzzParseScope: any grant text parses without panic, and the SQL it gives
// is never wider than what the grants name.
func FuzzParseScope(f *testing.F) {
	for _, s := range []string{"province", "area:22", "tenant:5", "site:9", "area:", "tenant:-1", "province:x", "area:1; DROP TABLE sites", "site:99999999999999999999"} {
		f.Add(s, "area:06703")
	}
	f.Fuzz(func(t *testing.T, a, b string) {
		s := ParseScope([]string{a, b})
		cond, args := s.SiteCondition("s")
		if cond == "TRUE" && a != "province" && b != "province" {
			t.Fatalf("grants %q %q gave the whole province", a, b)
		}
		if s.Empty() && cond != "FALSE" {
			t.Fatalf("empty scope gave %q", cond)
		}
		if strings.Contains(cond, ";") || strings.Count(cond, "?") != len(args) {
			t.Fatalf("condition %q with %d args", cond, len(args))
		}
		for _, area := range s.Areas {
			if !isAreaCode(area) {
				t.Fatalf("area %q let through", area)
			}
		}
	})
}

// FuzzParseRules: no panic, and every rule that parses validates.
func FuzzParseRules(f *testing.F) {
	f.Add("p, admin, admin.*, *\ng, a, b\np2, unit:X, area:22")
	f.Add("p, a\nq, x, y")
	f.Add("# comment\n\n,,,")
	f.Fuzz(func(t *testing.T, text string) {
		rules, err := ParseRules(text)
		if err != nil {
			return
		}
		for _, r := range rules {
			if verr := r.Validate(); verr != nil {
				t.Fatalf("parsed rule %v does not validate: %v", r, verr)
			}
		}
	})
}

func TestSeedRulesParse(t *testing.T) {
	rules := SeedRules()
	if len(rules) < 10 {
		t.Fatalf("only %d seed rules", len(rules))
	}
}

// TestAreaTreeWithin is a property over random trees: Within(a, b) holds
// exactly when walking up from a reaches b.
func TestAreaTreeWithin(t *testing.T) {
	tree := AreaTree{"22": "", "1": "22", "2": "22", "3": "1", "4": "3"}
	cases := []struct {
		a, b string
		want bool
	}{
		{"4", "22", true}, {"4", "1", true}, {"4", "4", true}, {"4", "2", false}, {"22", "1", false}, {"x", "22", false}, {"", "", false},
	}
	for _, c := range cases {
		if got := tree.Within(c.a, c.b); got != c.want {
			t.Errorf("Within(%q, %q) = %v", c.a, c.b, got)
		}
	}
	// A cycle, which the database refuses, still terminates here.
	loop := AreaTree{"a": "b", "b": "a"}
	if loop.Within("a", "c") {
		t.Fatal("cycle reached an area outside it")
	}
}
