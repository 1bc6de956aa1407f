// Package iddoc reads identity documents: the QR code of a Vietnamese chip
// ID card (CCCD) and the machine-readable zone (MRZ) of passports and ID
// cards (ICAO 9303 TD3 and TD1). Every error names the field and gives the
// reason as a message id.
package iddoc

import (
	"errors"
	"sort"
	"strings"
	"time"

	"golang.org/x/text/language"

	"portal06/app/i18n"
)

// Document types.
const (
	TypeCCCD     = "cccd"     // Vietnamese citizen identity card
	TypePassport = "passport" // any passport (MRZ TD3)
	TypeIDCard   = "id_card"  // a foreign ID card (MRZ TD1)
)

// Identity is what a document says about its holder.
type Identity struct {
	DocType     string
	Number      string
	OldNumber   string // CCCD: the old 9-digit CMND number, may be empty
	FullName    string
	BirthDate   time.Time // a date, at midnight UTC
	Sex         string    // "M" or "F"
	Nationality string    // ISO 3166-1 alpha-3
	Address     string    // CCCD: permanent address
	IssueDate   time.Time // CCCD
	Expiry      time.Time // MRZ
}

// FieldError is one problem with one field: Code is a message id, Args its data.
type FieldError struct {
	Field string
	Code  string
	Args  []any
}

// Errors are all the problems found in a document. Suspicious is set when
// the document contradicts itself (its number disagrees with its own birth
// date or sex), which is kept for the police rather than only refused.
type Errors struct {
	List       []FieldError
	Suspicious bool
}

func (e *Errors) Error() string {
	parts := make([]string, len(e.List))
	for i, f := range e.List {
		parts[i] = f.Field + ": " + f.Code
	}
	sort.Strings(parts)
	return "iddoc: " + strings.Join(parts, "; ")
}

func (e *Errors) add(field, code string, args ...any) {
	e.List = append(e.List, FieldError{Field: field, Code: code, Args: args})
}

func (e *Errors) has(field string) bool {
	for _, f := range e.List {
		if f.Field == field {
			return true
		}
	}
	return false
}

func (e *Errors) err() error {
	if len(e.List) == 0 {
		return nil
	}
	return e
}

// civil parses a date in layout as a calendar date; it refuses dates that
// do not exist, such as 31 April.
func civil(layout, v string) (time.Time, bool) {
	t, err := time.Parse(layout, v)
	if err != nil || t.Format(layout) != v {
		return time.Time{}, false
	}
	return t, true
}

// today is the calendar date of now in Vietnam.
func today(now time.Time) time.Time {
	y, m, d := now.In(i18n.Zone).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// ValidNationality reports whether code is an ISO 3166-1 alpha-3 country code.
func ValidNationality(code string) bool {
	if len(code) != 3 || strings.ToUpper(code) != code {
		return false
	}
	r, err := language.ParseRegion(code)
	return err == nil && r.IsCountry() && r.ISO3() == code
}

// Manual is a document typed in by hand.
type Manual struct {
	DocType     string
	Number      string
	FullName    string
	BirthDate   string // yyyy-mm-dd or dd/mm/yyyy
	Sex         string // M or F
	Nationality string
}

// ParseManual validates a document typed in by hand.
func ParseManual(m Manual, now time.Time) (Identity, error) {
	var e Errors
	id := Identity{DocType: m.DocType, Number: strings.ToUpper(strings.TrimSpace(m.Number)),
		FullName: normName(m.FullName), Sex: strings.ToUpper(strings.TrimSpace(m.Sex)),
		Nationality: strings.ToUpper(strings.TrimSpace(m.Nationality))}
	switch id.DocType {
	case TypeCCCD:
		if id.Nationality == "" {
			id.Nationality = "VNM"
		}
	case TypePassport, TypeIDCard:
	default:
		e.add("document_type", "iddoc.doc_type")
	}
	switch {
	case id.Number == "":
		e.add("document_number", "iddoc.required")
	case id.DocType == TypeCCCD:
		checkCCCDNumber(&e, id.Number)
	case !validDocNumber(id.Number):
		e.add("document_number", "iddoc.doc_number")
	}
	checkNameFor(&e, "full_name", id.FullName, id.DocType == TypeCCCD)
	b, ok := civil("2006-01-02", strings.TrimSpace(m.BirthDate))
	if !ok {
		b, ok = civil("02/01/2006", strings.TrimSpace(m.BirthDate))
	}
	switch {
	case strings.TrimSpace(m.BirthDate) == "":
		e.add("birth_date", "iddoc.required")
	case !ok:
		e.add("birth_date", "iddoc.date_invalid")
	case b.After(today(now)):
		e.add("birth_date", "iddoc.date_future")
	case b.Year() < 1900:
		e.add("birth_date", "iddoc.date_too_old")
	}
	id.BirthDate = b
	if id.Sex != "M" && id.Sex != "F" {
		e.add("sex", "iddoc.sex_invalid")
	}
	if !ValidNationality(id.Nationality) {
		e.add("nationality", "iddoc.nationality")
	}
	if id.DocType == TypeCCCD && !e.has("document_number") && !e.has("birth_date") && !e.has("sex") {
		checkNumberAgainst(&e, id.Number, id.BirthDate, id.Sex)
	}
	return id, e.err()
}

func validDocNumber(n string) bool {
	if len(n) < 5 || len(n) > 20 {
		return false
	}
	for _, r := range n {
		if !(r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
			return false
		}
	}
	return true
}

// MaskNumber hides all but the last three characters of a document number.
func MaskNumber(n string) string {
	if len(n) <= 3 {
		return strings.Repeat("•", len(n))
	}
	return strings.Repeat("•", len(n)-3) + n[len(n)-3:]
}

// Merge joins a document's problems and other fields' (field to message
// id, such as a store.Invalid) into one *Errors, the document's first, then
// the others by field name, so that one answer names them all. An error of
// another kind is returned as it is; with no problem at all it returns nil.
func Merge(doc error, bad map[string]string) error {
	out := &Errors{}
	if doc != nil {
		var e *Errors
		if !errors.As(doc, &e) {
			return doc
		}
		out.List = append(out.List, e.List...)
		out.Suspicious = e.Suspicious
	}
	fields := make([]string, 0, len(bad))
	for f := range bad {
		fields = append(fields, f)
	}
	sort.Strings(fields)
	for _, f := range fields {
		if bad[f] != "" {
			out.List = append(out.List, FieldError{Field: f, Code: bad[f]})
		}
	}
	if len(out.List) == 0 && !out.Suspicious {
		return nil
	}
	return out
}
