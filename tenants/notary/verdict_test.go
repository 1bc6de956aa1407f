package notary

import (
	"reflect"
	"testing"
	"time"
)

func day(s string) time.Time {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return t
}

func score(v float64) *float64 { return &v }

// good is a check where everything agrees.
func good() Evidence {
	qr := Person{Number: "022095001234", FullName: "Nguyễn Văn An", BirthDate: day("1995-03-15"), Sex: "M"}
	return Evidence{QR: qr, Chip: &Chip{Person: qr, Expiry: day("2035-03-15"), PassiveAuth: true, ChipAuth: true},
		FaceMatch: score(0.93), Liveness: true, Today: day("2026-11-27")}
}

func TestDecideMatch(t *testing.T) {
	v, reasons := Decide(good())
	if v != Match || reasons != nil {
		t.Fatalf("got %s %v, want match", v, reasons)
	}
}

func TestDecideNamesFoldAccentsCaseAndSpacing(t *testing.T) {
	for _, name := range []string{"NGUYEN VAN AN", "nguyễn  văn   an", " Nguyen Van An ", "NGUYỄN VĂN AN", "nguyen van an"} {
		e := good()
		e.Chip.FullName = name
		if v, reasons := Decide(e); v != Match {
			t.Errorf("chip name %q: got %s %v, want match", name, v, reasons)
		}
	}
	e := good()
	e.Chip.FullName = "Nguyễn Văn Ân Hai"
	if v, reasons := Decide(e); v != Mismatch || !reflect.DeepEqual(reasons, []string{"name_differs"}) {
		t.Errorf("another name: got %s %v", v, reasons)
	}
	e = good()
	e.Chip.Number = " 0220 9500 1234 "
	if v, _ := Decide(e); v != Match {
		t.Errorf("spaced number: got %s, want match", v)
	}
}

func TestDecideEachReason(t *testing.T) {
	cases := []struct {
		reason string
		spoil  func(e *Evidence)
	}{
		{"number_differs", func(e *Evidence) { e.Chip.Number = "022095001235" }},
		{"name_differs", func(e *Evidence) { e.Chip.FullName = "Nguyễn Văn Bình" }},
		{"birth_date_differs", func(e *Evidence) { e.Chip.BirthDate = day("1995-03-16") }},
		{"sex_differs", func(e *Evidence) { e.Chip.Sex = "F" }},
		{"passive_auth_failed", func(e *Evidence) { e.Chip.PassiveAuth = false }},
		{"chip_auth_failed", func(e *Evidence) { e.Chip.ChipAuth = false }},
		{"face_below_threshold", func(e *Evidence) { e.FaceMatch = score(0.79) }},
		{"face_below_threshold", func(e *Evidence) { e.FaceMatch = nil }},
		{"liveness_failed", func(e *Evidence) { e.Liveness = false }},
		{"card_expired", func(e *Evidence) { e.Chip.Expiry = day("2026-11-26") }},
	}
	for _, c := range cases {
		e := good()
		c.spoil(&e)
		v, reasons := Decide(e)
		if v != Mismatch || !reflect.DeepEqual(reasons, []string{c.reason}) {
			t.Errorf("%s: got %s %v", c.reason, v, reasons)
		}
	}
}

func TestDecideThresholdAndExpiryEdges(t *testing.T) {
	e := good()
	e.FaceMatch = score(0.80)
	if v, _ := Decide(e); v != Match {
		t.Errorf("score equal to the default threshold: got %s", v)
	}
	e.Threshold = 0.9
	if v, r := Decide(e); v != Mismatch || r[0] != "face_below_threshold" {
		t.Errorf("office threshold 0.9, score 0.8: got %s %v", v, r)
	}
	e = good()
	e.Chip.Expiry = e.Today
	if v, _ := Decide(e); v != Match {
		t.Errorf("a card valid through today: got %s", v)
	}
}

func TestDecideSeveralReasonsInOrder(t *testing.T) {
	e := good()
	e.Chip.Sex, e.Chip.Number, e.Liveness = "F", "001088000001", false
	_, reasons := Decide(e)
	if want := []string{"number_differs", "sex_differs", "liveness_failed"}; !reflect.DeepEqual(reasons, want) {
		t.Fatalf("got %v, want %v", reasons, want)
	}
	for _, r := range reasons {
		found := false
		for _, known := range Reasons {
			found = found || known == r
		}
		if !found {
			t.Errorf("reason %q is not one of Reasons", r)
		}
	}
}

func TestDecideUnverifiedAndManual(t *testing.T) {
	e := good()
	e.Chip = nil
	if v, r := Decide(e); v != Unverified || r != nil {
		t.Errorf("no chip: got %s %v", v, r)
	}
	e.Manual, e.FaceMatch, e.Liveness = true, nil, false
	if v, r := Decide(e); v != Match {
		t.Errorf("manual tick: got %s %v", v, r)
	}
	e.Chip = &Chip{Expiry: day("2020-01-01")}
	if v, r := Decide(e); v != Mismatch || !reflect.DeepEqual(r, []string{"card_expired"}) {
		t.Errorf("manual tick, expired card: got %s %v", v, r)
	}
}
