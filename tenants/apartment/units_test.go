package apartment

import (
	"strings"
	"testing"
	"testing/quick"
)

func TestParseUnitsReportsEveryBadRow(t *testing.T) {
	rows := [][]string{{"Tòa", "Mã", "Tầng", "Số người"}, {"A", "A-0101", "1", "4"}, {"A", "A-0101", "1", "4"}, {"", "A-0102", "x", "0"},
		{}, {"A", "a-0103", "1", "2"}}
	units, problems := ParseUnits(rows, "apartment_block")
	if len(units) != 2 || units[1].code != "A-0103" {
		t.Fatalf("units %+v", units)
	}
	want := []ImportProblem{{3, "code", "apt.code_dup"}, {4, "building", "validation.required"}, {4, "floor", "apt.floor_invalid"},
		{4, "capacity", "apt.capacity_invalid"}}
	if len(problems) != len(want) {
		t.Fatalf("problems %+v", problems)
	}
	for i := range want {
		if problems[i] != want[i] {
			t.Fatalf("problem %d: %+v, want %+v", i, problems[i], want[i])
		}
	}
	if _, p := ParseUnits([][]string{{"A", "P01", "1", "2"}}, "boarding_house"); len(p) != 1 || p[0].Field != "building" {
		t.Fatalf("a boarding house took a building: %+v", p)
	}
}

// TestParseUnitsNeverPanics: any cells give units or problems, and every
// unit it accepts has a valid code.
func TestParseUnitsNeverPanics(t *testing.T) {
	f := func(cells [][]string) bool {
		units, problems := ParseUnits(cells, "apartment_block")
		for _, u := range units {
			if !unitCodeRe.MatchString(u.code) || u.capacity < 1 {
				return false
			}
		}
		for _, p := range problems {
			if p.Row < 1 || strings.TrimSpace(p.Code) == "" {
				return false
			}
		}
		return true
	}
	if err := quick.Check(f, &quick.Config{MaxCount: 2000}); err != nil {
		t.Fatal(err)
	}
}
