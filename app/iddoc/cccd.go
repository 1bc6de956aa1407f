package iddoc

import (
	_ "embed"
	"encoding/csv"
	"strings"
	"time"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

//go:embed cccd-province-codes.csv
var provinceCSV string

// provinces maps the 3-digit birth-registration province codes to names
// (Circular 07/2016/TT-BCA, Appendix I).
var provinces = func() map[string]string {
	rows, err := csv.NewReader(strings.NewReader(provinceCSV)).ReadAll()
	if err != nil {
		panic(err)
	}
	m := make(map[string]string, len(rows))
	for _, r := range rows[1:] {
		m[r[0]] = r[1]
	}
	return m
}()

// ProvinceOf returns the province where the birth of a CCCD number's holder was registered.
func ProvinceOf(number string) (string, bool) {
	if len(number) < 3 {
		return "", false
	}
	p, ok := provinces[number[:3]]
	return p, ok
}

// ParseCCCD reads the text of a CCCD QR code:
// ID|old CMND|full name|DDMMYYYY birth|Nam or Nữ|address|DDMMYYYY issue date[|more…].
func ParseCCCD(raw string, now time.Time) (Identity, error) {
	var e Errors
	raw = strings.TrimPrefix(raw, "\ufeff")
	raw = strings.TrimRight(raw, " \t\r\n")
	raw = strings.TrimLeft(raw, " \t\r\n")
	id := Identity{DocType: TypeCCCD, Nationality: "VNM"}
	if raw == "" {
		e.add("id_qr", "iddoc.required")
		return id, &e
	}
	f := strings.Split(raw, "|")
	if len(f) < 7 {
		e.add("id_qr", "iddoc.qr_fields", "Count", len(f))
		return id, &e
	}
	for i := range f {
		f[i] = strings.TrimSpace(f[i])
	}
	id.Number, id.OldNumber = f[0], f[1]
	id.FullName = normName(f[2])
	id.Address = norm.NFC.String(f[5])

	numberOK := checkCCCDNumber(&e, id.Number)
	if id.OldNumber != "" && !(len(id.OldNumber) == 9 || len(id.OldNumber) == 12) || !allDigits(id.OldNumber) {
		e.add("old_number", "iddoc.old_number")
	}
	checkName(&e, "full_name", id.FullName)

	var birthOK bool
	id.BirthDate, birthOK = civil("02012006", f[3])
	switch {
	case !birthOK:
		e.add("birth_date", "iddoc.date_invalid")
	case id.BirthDate.After(today(now)):
		e.add("birth_date", "iddoc.date_future")
		birthOK = false
	case id.BirthDate.Year() < 1900:
		e.add("birth_date", "iddoc.date_too_old")
		birthOK = false
	}
	switch norm.NFC.String(f[4]) {
	case "Nam":
		id.Sex = "M"
	case "Nữ":
		id.Sex = "F"
	default:
		e.add("sex", "iddoc.sex_word")
	}
	issue, ok := civil("02012006", f[6])
	id.IssueDate = issue
	switch {
	case !ok:
		e.add("issue_date", "iddoc.date_invalid")
	case issue.After(today(now)):
		e.add("issue_date", "iddoc.date_future")
	case birthOK && !issue.After(id.BirthDate):
		e.add("issue_date", "iddoc.issue_before_birth")
	}
	if id.Address == "" {
		e.add("address", "iddoc.required")
	}
	if numberOK && birthOK && id.Sex != "" {
		checkNumberAgainst(&e, id.Number, id.BirthDate, id.Sex)
	}
	return id, e.err()
}

func allDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// checkCCCDNumber checks the shape of a 12-digit number and its province code.
func checkCCCDNumber(e *Errors, n string) bool {
	if len(n) != 12 || !allDigits(n) {
		e.add("document_number", "iddoc.cccd_digits")
		return false
	}
	if _, ok := provinces[n[:3]]; !ok {
		e.add("document_number", "iddoc.cccd_province", "Code", n[:3])
		return false
	}
	return true
}

// checkNumberAgainst checks the century/sex digit and the two year digits of
// a CCCD number against the birth date and sex. A contradiction makes the
// document suspicious.
func checkNumberAgainst(e *Errors, n string, birth time.Time, sex string) {
	y := birth.Year()
	g := 2 * ((y - 1900) / 100)
	if sex == "F" {
		g++
	}
	if int(n[3]-'0') != g {
		e.add("document_number", "iddoc.cccd_century_sex", "Digit", string(n[3]), "Want", g)
		e.Suspicious = true
	}
	if yy := n[4:6]; yy != twoDigits(y%100) {
		e.add("document_number", "iddoc.cccd_year", "Digits", yy, "Year", y)
		e.Suspicious = true
	}
}

func twoDigits(v int) string { return string([]byte{byte('0' + v/10), byte('0' + v%10)}) }

// normName puts a name in NFC and folds runs of white space.
func normName(s string) string {
	return strings.Join(strings.Fields(norm.NFC.String(s)), " ")
}

// vietnameseLetters are the letters with diacritics of the Vietnamese alphabet.
const vietnameseLetters = "àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ" +
	"ÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴĐ"

// checkName refuses a name with characters no Vietnamese name has, which is
// what a scanner in the wrong keyboard layout or a wrong code page produces
// ("Nguyá»…n", "Nguy?n"), and Telex keystrokes left in plain letters ("Nguyeenx").
func checkName(e *Errors, field, name string) { checkNameFor(e, field, name, true) }

// checkNameFor checks a name; a foreign (non-CCCD) name may hold any letter.
func checkNameFor(e *Errors, field, name string, vietnamese bool) {
	if name == "" {
		e.add(field, "iddoc.required")
		return
	}
	if len([]rune(name)) > 100 {
		e.add(field, "iddoc.too_long")
		return
	}
	ascii := true
	for _, r := range name {
		switch {
		case r < 128 && (unicode.IsLetter(r) || r == ' ' || r == '\'' || r == '-' || r == '.'):
		case r >= 128 && strings.ContainsRune(vietnameseLetters, r):
			ascii = false
		case r >= 128 && !vietnamese && unicode.IsLetter(r):
			ascii = false
		default:
			e.add(field, "iddoc.name_mangled", "Char", string(r))
			return
		}
	}
	if vietnamese && ascii && telexResidue(name) {
		e.add(field, "iddoc.name_telex")
	}
}

// telexResidue spots Telex input left as letters: Vietnamese spelling never
// doubles a, e, o or d, nor writes aw, ow or uw, but Telex types ă, â, đ,
// ê, ô, ơ and ư that way.
func telexResidue(name string) bool {
	l := strings.ToLower(name)
	for _, p := range []string{"aa", "ee", "oo", "dd", "aw", "ow", "uw"} {
		if strings.Contains(l, p) {
			return true
		}
	}
	return false
}
