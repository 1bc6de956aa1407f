package apartment

import (
	"time"

	"portal06/app/i18n"
)

// The Law on Residence 68/2020/QH14: a stay of 30 days or more away from
// one's permanent residence needs tạm trú (art. 27); it lasts at most 2
// years and is extended within the 15 days before it ends (art. 28).
const (
	TamtruAfterDays  = 30
	TamtruMaxYears   = 2
	ExtendWithinDays = 15
)

// The stored tạm trú statuses of a resident.
const (
	TamtruNotNeeded  = "not_needed"
	TamtruDue        = "due"
	TamtruSubmitted  = "submitted"
	TamtruRegistered = "registered"
)

// Computed states of a resident's tạm trú on a day.
const (
	StateNotNeeded  = "not_needed" // permanent residence, or judged not needed
	StatePending    = "pending"    // under 30 days here: not yet required
	StateDue        = "due"        // 30 days or more without tạm trú
	StateSubmitted  = "submitted"  // filed, waiting for the police
	StateRegistered = "registered" // registered, more than 15 days left
	StateExpiring   = "expiring"   // registered, ends within 15 days
	StateOverdue    = "overdue"    // registered, already ended
)

// Day is a calendar date in Vietnam's time, at midnight UTC, so that days
// subtract without daylight or zone surprises.
func Day(t time.Time) time.Time {
	y, m, d := t.In(i18n.Zone).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// DaysBetween counts the calendar days from a to b (dates as Day gives them).
func DaysBetween(a, b time.Time) int {
	return int(b.Sub(a).Hours() / 24)
}

// Tamtru is what the rules need of a residence.
type Tamtru struct {
	ResidenceType string    // permanent, temporary or long_stay
	Status        string    // the stored status
	MoveIn        time.Time // a date
	Until         time.Time // registered until, a date; zero if none
}

// DueDate is the day a residence reaches 30 days: from then tạm trú is required.
func DueDate(moveIn time.Time) time.Time { return moveIn.AddDate(0, 0, TamtruAfterDays) }

// MaxUntil is the latest end a tạm trú registered on from may have.
func MaxUntil(from time.Time) time.Time { return from.AddDate(TamtruMaxYears, 0, 0) }

// State computes a residence's tạm trú state at the instant now, read as a
// date in Vietnam's time.
func State(t Tamtru, now time.Time) string {
	today := Day(now)
	if t.ResidenceType == "permanent" || t.Status == TamtruNotNeeded {
		return StateNotNeeded
	}
	switch t.Status {
	case TamtruSubmitted:
		return StateSubmitted
	case TamtruRegistered:
		switch left := DaysBetween(today, t.Until); {
		case left < 0:
			return StateOverdue
		case left <= ExtendWithinDays:
			return StateExpiring
		default:
			return StateRegistered
		}
	}
	if !today.Before(DueDate(t.MoveIn)) {
		return StateDue
	}
	return StatePending
}

// NeedsAction says whether a state belongs on the manager's tạm trú lists.
func NeedsAction(state string) bool {
	return state == StateDue || state == StateExpiring || state == StateOverdue
}

// InitialStatus is the stored status of a new residence: permanent
// residents need no tạm trú, others are to be filed.
func InitialStatus(residenceType string) string {
	if residenceType == "permanent" {
		return TamtruNotNeeded
	}
	return TamtruDue
}

// CheckUntil checks the end of a tạm trú being recorded on day today: it
// may not lie in the past nor more than 2 years ahead. It returns a message
// id, or "".
func CheckUntil(until, today time.Time) string {
	switch {
	case until.Before(today):
		return "apt.until_past"
	case until.After(MaxUntil(today)):
		return "apt.until_too_far"
	}
	return ""
}
