package iddoc

import (
	"strings"
	"time"
)

// checkDigit is ICAO 9303's check digit: weights 7, 3, 1 repeating; digits
// keep their value, A–Z count 10–35, '<' counts 0; the sum modulo 10.
func checkDigit(s string) byte {
	weights := [3]int{7, 3, 1}
	sum := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		v := 0
		switch {
		case c >= '0' && c <= '9':
			v = int(c - '0')
		case c >= 'A' && c <= 'Z':
			v = int(c-'A') + 10
		}
		sum += v * weights[i%3]
	}
	return byte('0' + sum%10)
}

// mrzChars reports whether s holds only MRZ characters.
func mrzChars(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= '0' && c <= '9' || c >= 'A' && c <= 'Z' || c == '<') {
			return false
		}
	}
	return true
}

// mrzLines splits MRZ text into lines, dropping blanks around them.
func mrzLines(raw string) []string {
	raw = strings.ReplaceAll(raw, "\r", "\n")
	var out []string
	for _, l := range strings.Split(raw, "\n") {
		l = strings.ToUpper(strings.ReplaceAll(strings.TrimSpace(l), " ", ""))
		if l != "" {
			out = append(out, l)
		}
	}
	return out
}

// ParseMRZ reads a passport's TD3 zone (2 lines of 44) or an ID card's TD1
// zone (3 lines of 30), verifying every check digit and naming the part
// whose check digit fails.
func ParseMRZ(raw string, now time.Time) (Identity, error) {
	var e Errors
	lines := mrzLines(raw)
	switch {
	case len(lines) == 2 && len(lines[0]) == 44 && len(lines[1]) == 44:
		return parseTD3(lines, now)
	case len(lines) == 3 && len(lines[0]) == 30 && len(lines[1]) == 30 && len(lines[2]) == 30:
		return parseTD1(lines, now)
	}
	e.add("mrz", "iddoc.mrz_shape", "Lines", len(lines))
	return Identity{}, &e
}

// checked verifies the check digit of one part of the zone.
func checked(e *Errors, part, data string, digit byte) {
	if digit == '<' && strings.Trim(data, "<") == "" {
		return // an empty optional field may have no check digit
	}
	if checkDigit(data) != digit {
		e.add("mrz", "iddoc.mrz_check", "Part", part)
	}
}

func mrzName(s string) string {
	surname, given, _ := strings.Cut(strings.TrimRight(s, "<"), "<<")
	name := strings.TrimSpace(strings.ReplaceAll(surname, "<", " ") + " " + strings.ReplaceAll(given, "<", " "))
	return strings.Join(strings.Fields(name), " ")
}

// mrzDate reads YYMMDD; birth dates pick the century that is not in the
// future, expiry dates are in this century.
func mrzDate(e *Errors, field, v string, birth bool, now time.Time) time.Time {
	t, ok := civil("060102", v)
	if !ok {
		e.add(field, "iddoc.date_invalid")
		return time.Time{}
	}
	y := 2000 + t.Year()%100
	if birth && y > today(now).Year() {
		y -= 100
	}
	return time.Date(y, t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

func mrzNationality(e *Errors, field, code string) string {
	code = strings.TrimRight(code, "<")
	if code == "D" {
		code = "DEU" // Germany writes D in its zones
	}
	if !ValidNationality(code) {
		e.add(field, "iddoc.nationality")
	}
	return code
}

func mrzSex(e *Errors, c byte) string {
	switch c {
	case 'M':
		return "M"
	case 'F':
		return "F"
	}
	e.add("sex", "iddoc.sex_invalid")
	return ""
}

func parseTD3(l []string, now time.Time) (Identity, error) {
	var e Errors
	a, b := l[0], l[1]
	if !mrzChars(a) || !mrzChars(b) {
		e.add("mrz", "iddoc.mrz_chars")
		return Identity{}, &e
	}
	if a[0] != 'P' {
		e.add("mrz", "iddoc.mrz_not_passport")
	}
	id := Identity{DocType: TypePassport, FullName: mrzName(a[5:])}
	id.Number = strings.TrimRight(b[0:9], "<")
	checked(&e, "document_number", b[0:9], b[9])
	id.Nationality = mrzNationality(&e, "nationality", b[10:13])
	checked(&e, "birth_date", b[13:19], b[19])
	id.BirthDate = mrzDate(&e, "birth_date", b[13:19], true, now)
	id.Sex = mrzSex(&e, b[20])
	checked(&e, "expiry", b[21:27], b[27])
	id.Expiry = mrzDate(&e, "expiry", b[21:27], false, now)
	checked(&e, "personal_number", b[28:42], b[42])
	checked(&e, "composite", b[0:10]+b[13:20]+b[21:43], b[43])
	if id.FullName == "" {
		e.add("full_name", "iddoc.required")
	}
	if id.Number == "" {
		e.add("document_number", "iddoc.required")
	}
	return id, e.err()
}

func parseTD1(l []string, now time.Time) (Identity, error) {
	var e Errors
	a, b, c := l[0], l[1], l[2]
	if !mrzChars(a) || !mrzChars(b) || !mrzChars(c) {
		e.add("mrz", "iddoc.mrz_chars")
		return Identity{}, &e
	}
	id := Identity{DocType: TypeIDCard, FullName: mrzName(c)}
	number, digit := a[5:14], a[14]
	if digit == '<' {
		// A number longer than 9 characters goes on in the optional data,
		// its check digit last before the filler.
		rest := strings.SplitN(a[15:30], "<", 2)[0]
		if len(rest) > 0 {
			number += rest[:len(rest)-1]
			digit = rest[len(rest)-1]
		}
	}
	id.Number = strings.TrimRight(number, "<")
	checked(&e, "document_number", number, digit)
	checked(&e, "birth_date", b[0:6], b[6])
	id.BirthDate = mrzDate(&e, "birth_date", b[0:6], true, now)
	id.Sex = mrzSex(&e, b[7])
	checked(&e, "expiry", b[8:14], b[14])
	id.Expiry = mrzDate(&e, "expiry", b[8:14], false, now)
	id.Nationality = mrzNationality(&e, "nationality", b[15:18])
	checked(&e, "composite", a[5:30]+b[0:7]+b[8:15]+b[18:29], b[29])
	if id.FullName == "" {
		e.add("full_name", "iddoc.required")
	}
	if id.Number == "" {
		e.add("document_number", "iddoc.required")
	}
	return id, e.err()
}
