package notary

import (
	"strings"
	"time"

	"portal06/app/iddoc"
)

// The verdicts of an identity check.
const (
	Match      = "match"      // the card is genuine and held by the person present
	Mismatch   = "mismatch"   // something failed; Reasons say what
	Unverified = "unverified" // no chip result yet
)

// Reasons is every reason a check can fail, in the order they are given.
var Reasons = []string{"number_differs", "name_differs", "birth_date_differs", "sex_differs", "passive_auth_failed",
	"chip_auth_failed", "face_below_threshold", "liveness_failed", "card_expired"}

// DefaultThreshold is the face-match score a check must reach unless the
// office set another.
const DefaultThreshold = 0.80

// Person is what one side of the card says about its holder.
type Person struct {
	Number    string
	FullName  string
	BirthDate time.Time
	Sex       string
}

// Chip is what the reader read from the card's chip, and what it found.
type Chip struct {
	Person
	Expiry      time.Time // zero when the reader did not give it
	PassiveAuth bool      // the chip's data is signed by the issuer
	ChipAuth    bool      // the chip is not a clone
}

// Evidence is everything a verdict is decided on.
type Evidence struct {
	QR   Person
	Chip *Chip // nil: no chip result
	// Manual is a staff member's tick that they verified the chip and the
	// holder in person, for an office without a reader: the chip then
	// stands as read and authenticated, the face as compared.
	Manual    bool
	FaceMatch *float64 // 0–1; nil when no score was given
	Liveness  bool
	Threshold float64 // 0 means DefaultThreshold
	Today     time.Time
}

// Decide is the verdict of a check and its reasons, named from Reasons.
// It reads nothing but its argument.
func Decide(e Evidence) (string, []string) {
	if e.Chip == nil && !e.Manual {
		return Unverified, nil
	}
	var out []string
	if e.Chip != nil && !e.Manual {
		c := e.Chip
		if normNumber(c.Number) != normNumber(e.QR.Number) {
			out = append(out, "number_differs")
		}
		if iddoc.Fold(c.FullName) != iddoc.Fold(e.QR.FullName) {
			out = append(out, "name_differs")
		}
		if !sameDay(c.BirthDate, e.QR.BirthDate) {
			out = append(out, "birth_date_differs")
		}
		if !strings.EqualFold(c.Sex, e.QR.Sex) {
			out = append(out, "sex_differs")
		}
		if !c.PassiveAuth {
			out = append(out, "passive_auth_failed")
		}
		if !c.ChipAuth {
			out = append(out, "chip_auth_failed")
		}
		threshold := e.Threshold
		if threshold <= 0 {
			threshold = DefaultThreshold
		}
		if e.FaceMatch == nil || *e.FaceMatch+1e-9 < threshold {
			out = append(out, "face_below_threshold")
		}
		if !e.Liveness {
			out = append(out, "liveness_failed")
		}
	}
	if e.Chip != nil && !e.Chip.Expiry.IsZero() && dayOf(e.Chip.Expiry).Before(dayOf(e.Today)) {
		out = append(out, "card_expired")
	}
	if len(out) > 0 {
		return Mismatch, out
	}
	return Match, nil
}

func normNumber(n string) string { return strings.ToUpper(strings.Join(strings.Fields(n), "")) }

func dayOf(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

func sameDay(a, b time.Time) bool { return !a.IsZero() && dayOf(a).Equal(dayOf(b)) }
