package audit

import (
	"strings"
	"unicode/utf8"
)

// MaxPurpose is the longest stated purpose kept.
const MaxPurpose = 200

// CheckPurpose checks the purpose an officer states before looking at a
// person's data (a case number or a reason): the message id of what is
// wrong with it, or "" when it will do.
func CheckPurpose(purpose string) string {
	switch n := utf8.RuneCountInString(strings.TrimSpace(purpose)); {
	case n == 0:
		return "validation.required"
	case n < 3:
		return "search.purpose_short"
	case n > MaxPurpose:
		return "validation.too_long"
	}
	return ""
}
