package apartment

import (
	"math/rand"
	"testing"
	"testing/quick"
	"time"

	"portal06/app/i18n"
	"portal06/app/national"
)

func vn(y int, m time.Month, d, hh, mm int) time.Time {
	return time.Date(y, m, d, hh, mm, 0, 0, i18n.Zone)
}

func date(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

func TestStateExamples(t *testing.T) {
	in := date(2026, 1, 31)
	until := func(d time.Time) Tamtru {
		return Tamtru{ResidenceType: "temporary", Status: TamtruRegistered, MoveIn: in, Until: d}
	}
	cases := []struct {
		name string
		t    Tamtru
		now  time.Time
		want string
	}{
		{"permanent never needs it", Tamtru{ResidenceType: "permanent", Status: TamtruDue, MoveIn: in}, vn(2027, 1, 1, 9, 0), StateNotNeeded},
		{"judged not needed", Tamtru{ResidenceType: "temporary", Status: TamtruNotNeeded, MoveIn: in}, vn(2027, 1, 1, 9, 0), StateNotNeeded},
		// 31 Jan + 30 days crosses February: due on 2 March 2026
		{"day 29 across February", Tamtru{ResidenceType: "temporary", Status: TamtruDue, MoveIn: in}, vn(2026, 3, 1, 23, 59), StatePending},
		{"day 30 at local midnight", Tamtru{ResidenceType: "temporary", Status: TamtruDue, MoveIn: in}, vn(2026, 3, 2, 0, 0), StateDue},
		// 17:00 UTC on 1 March is already 2 March in Vietnam
		{"UTC evening is the next Vietnamese day", Tamtru{ResidenceType: "long_stay", Status: TamtruDue, MoveIn: in},
			time.Date(2026, 3, 1, 17, 0, 0, 0, time.UTC), StateDue},
		{"16:59 UTC is still 1 March", Tamtru{ResidenceType: "long_stay", Status: TamtruDue, MoveIn: in},
			time.Date(2026, 3, 1, 16, 59, 0, 0, time.UTC), StatePending},
		{"submitted", Tamtru{ResidenceType: "temporary", Status: TamtruSubmitted, MoveIn: in}, vn(2027, 1, 1, 9, 0), StateSubmitted},
		{"16 days left", until(date(2026, 6, 17)), vn(2026, 6, 1, 12, 0), StateRegistered},
		{"15 days left", until(date(2026, 6, 16)), vn(2026, 6, 1, 12, 0), StateExpiring},
		{"last day", until(date(2026, 6, 1)), vn(2026, 6, 1, 23, 59), StateExpiring},
		{"ended at midnight", until(date(2026, 6, 1)), vn(2026, 6, 2, 0, 0), StateOverdue},
		{"month end: 31 Dec to 15 Jan", until(date(2027, 1, 15)), vn(2026, 12, 31, 8, 0), StateExpiring},
	}
	for _, c := range cases {
		if got := State(c.t, c.now); got != c.want {
			t.Errorf("%s: %s, want %s", c.name, got, c.want)
		}
	}
}

func TestCheckUntil(t *testing.T) {
	today := date(2026, 2, 28)
	if CheckUntil(date(2028, 2, 28), today) != "" {
		t.Error("exactly 2 years refused")
	}
	if CheckUntil(date(2028, 2, 29), today) != "apt.until_too_far" {
		t.Error("2 years and a day allowed")
	}
	if CheckUntil(date(2026, 2, 27), today) != "apt.until_past" {
		t.Error("a past end allowed")
	}
}

// TestStateProperties: for any residence and instant, the state follows the
// law's thresholds, computed on the date in Vietnam.
func TestStateProperties(t *testing.T) {
	types := []string{"permanent", "temporary", "long_stay"}
	statuses := []string{TamtruNotNeeded, TamtruDue, TamtruSubmitted, TamtruRegistered}
	f := func(seed int64) bool {
		rnd := rand.New(rand.NewSource(seed))
		moveIn := date(2020, 1, 1).AddDate(0, 0, rnd.Intn(3000))
		tt := Tamtru{ResidenceType: types[rnd.Intn(3)], Status: statuses[rnd.Intn(4)], MoveIn: moveIn,
			Until: moveIn.AddDate(0, 0, rnd.Intn(800))}
		now := moveIn.Add(time.Duration(rnd.Int63n(int64(900 * 24 * time.Hour))))
		today := Day(now)
		got := State(tt, now)
		switch {
		case tt.ResidenceType == "permanent" || tt.Status == TamtruNotNeeded:
			return got == StateNotNeeded
		case tt.Status == TamtruSubmitted:
			return got == StateSubmitted
		case tt.Status == TamtruRegistered:
			left := int(tt.Until.Sub(today).Hours() / 24)
			return (left < 0) == (got == StateOverdue) && (left >= 0 && left <= 15) == (got == StateExpiring) &&
				(left > 15) == (got == StateRegistered)
		default:
			lived := int(today.Sub(moveIn).Hours() / 24)
			return (lived >= 30) == (got == StateDue) && (lived < 30) == (got == StatePending)
		}
	}
	if err := quick.Check(f, &quick.Config{MaxCount: 5000}); err != nil {
		t.Fatal(err)
	}
	// the state only depends on the Vietnamese date: any two instants of one
	// local day agree
	g := func(seed int64) bool {
		rnd := rand.New(rand.NewSource(seed))
		tt := Tamtru{ResidenceType: "temporary", Status: statuses[1+rnd.Intn(3)], MoveIn: date(2025, 12, 1),
			Until: date(2026, 1, 1).AddDate(0, 0, rnd.Intn(90))}
		day := vn(2026, 1, 1, 0, 0).AddDate(0, 0, rnd.Intn(120))
		a, b := day.Add(time.Duration(rnd.Int63n(int64(24*time.Hour)))), day.Add(time.Duration(rnd.Int63n(int64(24*time.Hour))))
		return State(tt, a) == State(tt, b)
	}
	if err := quick.Check(g, &quick.Config{MaxCount: 3000}); err != nil {
		t.Fatal(err)
	}
}

// TestVisitorDeadlines: a visitor's stay is due by 23:00 of the arrival
// day, by 08:00 the next day after 23:00, and within 12 hours for
// foreigners, across midnight and month ends.
func TestVisitorDeadlines(t *testing.T) {
	cases := []struct {
		arrival time.Time
		foreign bool
		want    time.Time
	}{
		{vn(2026, 1, 31, 22, 59), false, vn(2026, 1, 31, 23, 0)},
		{vn(2026, 1, 31, 23, 0), false, vn(2026, 2, 1, 8, 0)},
		{vn(2026, 2, 28, 23, 30), false, vn(2026, 3, 1, 8, 0)},
		{vn(2026, 12, 31, 23, 59), false, vn(2027, 1, 1, 8, 0)},
		{vn(2027, 1, 1, 0, 5), false, vn(2027, 1, 1, 23, 0)},
		{vn(2026, 1, 31, 22, 0), true, vn(2026, 2, 1, 10, 0)},
	}
	for _, c := range cases {
		if got := national.Deadline(c.arrival, c.foreign); !got.Equal(c.want) {
			t.Errorf("arrival %v foreign %v: %v, want %v", c.arrival, c.foreign, got, c.want)
		}
	}
	f := func(seed int64) bool {
		rnd := rand.New(rand.NewSource(seed))
		a := vn(2026, 1, 1, 0, 0).Add(time.Duration(rnd.Int63n(int64(800 * 24 * time.Hour))))
		d := national.Deadline(a, false)
		local := a.In(i18n.Zone)
		if local.Hour() < 23 {
			y, m, dd := local.Date()
			return d.Equal(time.Date(y, m, dd, 23, 0, 0, 0, i18n.Zone))
		}
		next := local.AddDate(0, 0, 1)
		y, m, dd := next.Date()
		return d.Equal(time.Date(y, m, dd, 8, 0, 0, 0, i18n.Zone)) && d.Sub(a) <= 9*time.Hour && d.After(a)
	}
	if err := quick.Check(f, &quick.Config{MaxCount: 5000}); err != nil {
		t.Fatal(err)
	}
}
