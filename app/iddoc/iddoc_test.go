package iddoc

import (
	"errors"
	"strings"
	"testing"
	"time"
)

var now = time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)

const sample = "022095001234|100200300|Nguyễn Văn An|15031995|Nam|Tổ 5, Khu 3, Phường Bãi Cháy, Quảng Ninh|20042021"

func fieldsOf(err error) map[string]string {
	out := map[string]string{}
	var e *Errors
	if errors.As(err, &e) {
		for _, f := range e.List {
			out[f.Field] = f.Code
		}
	}
	return out
}

func TestParseCCCD(t *testing.T) {
	for _, raw := range []string{sample, sample + "\r\n", sample + "\n", "  " + sample + " \r", "\ufeff" + sample, sample + "||", sample + "|x|y|z"} {
		id, err := ParseCCCD(raw, now)
		if err != nil {
			t.Fatalf("%q: %v", raw, err)
		}
		if id.Number != "022095001234" || id.OldNumber != "100200300" || id.FullName != "Nguyễn Văn An" || id.Sex != "M" ||
			id.BirthDate.Format("2006-01-02") != "1995-03-15" || id.IssueDate.Format("2006-01-02") != "2021-04-20" ||
			id.Nationality != "VNM" || !strings.Contains(id.Address, "Bãi Cháy") {
			t.Fatalf("%q parsed as %+v", raw, id)
		}
	}
	// The old number may be empty; a woman born in 2001 has century/sex digit 3.
	id, err := ParseCCCD("001304004321||Trần Thị Bích Ngọc|29022004|Nữ|Hà Nội|01012022", now)
	if err != nil || id.Sex != "F" || id.OldNumber != "" {
		t.Fatalf("%+v %v", id, err)
	}
	// Decomposed (NFD) diacritics are accepted and stored composed.
	nfd := "022095001234||Nguye\u0302\u0303n Va\u0306n An|15031995|Nam|QN|20042021"
	if id, err := ParseCCCD(nfd, now); err != nil || id.FullName != "Nguyễn Văn An" {
		t.Fatalf("NFD name: %q %v", id.FullName, err)
	}
}

func TestParseCCCDRefusals(t *testing.T) {
	cases := []struct {
		raw, field, code string
		suspicious       bool
	}{
		{"", "id_qr", "iddoc.required", false},
		{"022095001234|x|Nguyễn Văn An|15031995|Nam", "id_qr", "iddoc.qr_fields", false},
		{"02209500123|100200300|Nguyễn Văn An|15031995|Nam|QN|20042021", "document_number", "iddoc.cccd_digits", false},
		{"02209500123A|100200300|Nguyễn Văn An|15031995|Nam|QN|20042021", "document_number", "iddoc.cccd_digits", false},
		{"003095001234|100200300|Nguyễn Văn An|15031995|Nam|QN|20042021", "document_number", "iddoc.cccd_province", false},
		{"022195001234|100200300|Nguyễn Văn An|15031995|Nam|QN|20042021", "document_number", "iddoc.cccd_century_sex", true},
		{"022095001234|100200300|Nguyễn Thị An|15031995|Nữ|QN|20042021", "document_number", "iddoc.cccd_century_sex", true},
		{"022096001234|100200300|Nguyễn Văn An|15031995|Nam|QN|20042021", "document_number", "iddoc.cccd_year", true},
		{"022095001234|100200300|Nguyễn Văn An|31021995|Nam|QN|20042021", "birth_date", "iddoc.date_invalid", false},
		{"022095001234|100200300|Nguyễn Văn An|1503199|Nam|QN|20042021", "birth_date", "iddoc.date_invalid", false},
		{"022095001234|100200300|Nguyễn Văn An|15031995|Nam|QN|31042021", "issue_date", "iddoc.date_invalid", false},
		{"022095001234|100200300|Nguyễn Văn An|15031995|Nam|QN|01012030", "issue_date", "iddoc.date_future", false},
		{"022095001234|100200300|Nguyễn Văn An|15031995|Nam|QN|01011990", "issue_date", "iddoc.issue_before_birth", false},
		{"022095001234|100200300|Nguyễn Văn An|15031995|Male|QN|20042021", "sex", "iddoc.sex_word", false},
		{"022095001234|100200300|Nguyá»…n VÄƒn An|15031995|Nam|QN|20042021", "full_name", "iddoc.name_mangled", false},
		{"022095001234|100200300|Nguy?n V?n An|15031995|Nam|QN|20042021", "full_name", "iddoc.name_mangled", false},
		{"022095001234|100200300|Nguye6n Va8n An|15031995|Nam|QN|20042021", "full_name", "iddoc.name_mangled", false},
		{"022095001234|100200300|Nguyeenx Vawn An|15031995|Nam|QN|20042021", "full_name", "iddoc.name_telex", false},
		{"022095001234|12|Nguyễn Văn An|15031995|Nam|QN|20042021", "old_number", "iddoc.old_number", false},
		{"022095001234|100200300||15031995|Nam|QN|20042021", "full_name", "iddoc.required", false},
	}
	for _, c := range cases {
		_, err := ParseCCCD(c.raw, now)
		got := fieldsOf(err)
		if got[c.field] != c.code {
			t.Errorf("%q: errors %v, want %s on %s", c.raw, got, c.code, c.field)
		}
		var e *Errors
		if errors.As(err, &e) && e.Suspicious != c.suspicious {
			t.Errorf("%q: suspicious=%v, want %v", c.raw, e.Suspicious, c.suspicious)
		}
	}
}

// TestCenturySexDigitProperty: for every century the rule covers, a number
// built from a birth date and sex is accepted, and any other digit is not.
func TestCenturySexDigitProperty(t *testing.T) {
	for _, y := range []int{1900, 1955, 1999, 2000, 2007, 2025} {
		for si, sex := range []string{"M", "F"} {
			want := 2*((y-1900)/100) + si
			for g := 0; g <= 9; g++ {
				n := "022" + string(rune('0'+g)) + twoDigits(y%100) + "123456"
				var e Errors
				checkNumberAgainst(&e, n, time.Date(y, 6, 1, 0, 0, 0, 0, time.UTC), sex)
				if ok := len(e.List) == 0; ok != (g == want) {
					t.Fatalf("year %d sex %s digit %d: ok=%v", y, sex, g, ok)
				}
			}
		}
	}
}

// ICAO 9303 specimens (part 4, TD3; part 5, TD1). UTO is ICAO's fictional state.
const (
	td3a = "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<"
	td3b = "L898902C36UTO7408122F1204159ZE184226B<<<<<10"
	td1a = "I<UTOD231458907<<<<<<<<<<<<<<<"
	td1b = "7408122F1204159UTO<<<<<<<<<<<6"
	td1c = "ERIKSSON<<ANNA<MARIA<<<<<<<<<<"
)

func TestCheckDigitMatchesICAOSpecimens(t *testing.T) {
	for data, want := range map[string]byte{"L898902C3": '6', "740812": '2', "120415": '9', "ZE184226B<<<<<": '1',
		"L898902C3674081221204159ZE184226B<<<<<1": '0', "D23145890": '7'} {
		if got := checkDigit(data); got != want {
			t.Errorf("checkDigit(%q) = %c, want %c", data, got, want)
		}
	}
}

func TestParseMRZ(t *testing.T) {
	// The specimens pass every check digit; only their fictional state is refused.
	_, err := ParseMRZ(td3a+"\n"+td3b, now)
	if got := fieldsOf(err); len(got) != 1 || got["nationality"] != "iddoc.nationality" {
		t.Fatalf("TD3 specimen: %v", got)
	}
	swe := strings.Replace(td3b, "UTO", "SWE", 1) // nationality is outside the composite check
	id, err := ParseMRZ(td3a+"\r\n"+swe+"\r\n", now)
	if err != nil {
		t.Fatal(err)
	}
	if id.DocType != TypePassport || id.Number != "L898902C3" || id.FullName != "ERIKSSON ANNA MARIA" || id.Sex != "F" ||
		id.Nationality != "SWE" || id.BirthDate.Format("2006-01-02") != "1974-08-12" || id.Expiry.Format("2006-01-02") != "2012-04-15" {
		t.Fatalf("TD3: %+v", id)
	}
	id, err = ParseMRZ(td1a+"\n"+strings.Replace(td1b, "UTO", "SWE", 1)+"\n"+td1c, now)
	if err != nil {
		t.Fatal(err)
	}
	if id.DocType != TypeIDCard || id.Number != "D23145890" || id.FullName != "ERIKSSON ANNA MARIA" || id.Nationality != "SWE" {
		t.Fatalf("TD1: %+v", id)
	}
	// A reader's confusions are caught and the failing part is named.
	for part, line := range map[string]string{
		"document_number": strings.Replace(swe, "L898902C3", "L8989O2C3", 1),
		"birth_date":      strings.Replace(swe, "7408122", "7408182", 1),
		"expiry":          strings.Replace(swe, "1204159", "1204158", 1),
		"personal_number": strings.Replace(swe, "ZE184226B", "ZE1842268", 1),
	} {
		_, err := ParseMRZ(td3a+"\n"+line, now)
		var e *Errors
		if !errors.As(err, &e) {
			t.Fatalf("%s: no error", part)
		}
		found := false
		for _, f := range e.List {
			if f.Code == "iddoc.mrz_check" && f.Args[1] == part {
				found = true
			}
		}
		if !found {
			t.Errorf("%s: errors %+v do not name the part", part, e.List)
		}
	}
	if got := fieldsOf(mustErr(ParseMRZ(td3a, now))); got["mrz"] != "iddoc.mrz_shape" {
		t.Fatalf("one line: %v", got)
	}
	if got := fieldsOf(mustErr(ParseMRZ(strings.Replace(td3a, "ERIKSSON", "ERIKS$ON", 1)+"\n"+swe, now))); got["mrz"] != "iddoc.mrz_chars" {
		t.Fatalf("bad characters: %v", got)
	}
}

func mustErr(_ Identity, err error) error { return err }

func TestParseManual(t *testing.T) {
	id, err := ParseManual(Manual{DocType: TypePassport, Number: "c1234567", FullName: "Müller Jürgen", BirthDate: "1980-02-29", Sex: "m", Nationality: "deu"}, now)
	if err != nil || id.Number != "C1234567" || id.Nationality != "DEU" {
		t.Fatalf("%+v %v", id, err)
	}
	_, err = ParseManual(Manual{DocType: TypePassport, Number: "C1", FullName: "", BirthDate: "1981-02-29", Sex: "X", Nationality: "XXX"}, now)
	got := fieldsOf(err)
	for f, code := range map[string]string{"document_number": "iddoc.doc_number", "full_name": "iddoc.required", "birth_date": "iddoc.date_invalid",
		"sex": "iddoc.sex_invalid", "nationality": "iddoc.nationality"} {
		if got[f] != code {
			t.Errorf("%s: %q, want %q (all: %v)", f, got[f], code, got)
		}
	}
	// A CCCD typed by hand gets the same checks as a scanned one.
	_, err = ParseManual(Manual{DocType: TypeCCCD, Number: "022195001234", FullName: "Nguyễn Văn An", BirthDate: "15/03/1995", Sex: "M"}, now)
	if fieldsOf(err)["document_number"] != "iddoc.cccd_century_sex" {
		t.Fatalf("manual CCCD: %v", err)
	}
	if MaskNumber("022095001234") != "•••••••••234" {
		t.Fatal(MaskNumber("022095001234"))
	}
}

// FuzzParseCCCD: no panic, and every error names a field and a reason.
func FuzzParseCCCD(f *testing.F) {
	f.Add(sample)
	f.Add("022195001234||Nguyá»…n|31021995|Nữ||01012030\r\n")
	f.Add("|||||||")
	f.Fuzz(func(t *testing.T, raw string) {
		_, err := ParseCCCD(raw, now)
		checkErrors(t, err)
	})
}

// FuzzParseMRZ: no panic, and every error names a field and a reason.
func FuzzParseMRZ(f *testing.F) {
	f.Add(td3a + "\n" + td3b)
	f.Add(td1a + "\n" + td1b + "\n" + td1c)
	f.Add("P<\n<")
	f.Fuzz(func(t *testing.T, raw string) {
		_, err := ParseMRZ(raw, now)
		checkErrors(t, err)
	})
}

func checkErrors(t *testing.T, err error) {
	t.Helper()
	if err == nil {
		return
	}
	var e *Errors
	if !errors.As(err, &e) || len(e.List) == 0 {
		t.Fatalf("error %v is not a list of field errors", err)
	}
	for _, fe := range e.List {
		if fe.Field == "" || !strings.HasPrefix(fe.Code, "iddoc.") {
			t.Fatalf("field error %+v names no field or reason", fe)
		}
	}
}

func TestFold(t *testing.T) {
	for in, want := range map[string]string{"Nguyễn Văn An": "nguyen van an", "ĐẶNG  Thị Ánh": "dang thi anh", "nguyen van an": "nguyen van an",
		"Nguye\u0302\u0303n": "nguyen", "Trần Thị Bích Ngọc": "tran thi bich ngoc"} {
		if got := Fold(in); got != want {
			t.Errorf("Fold(%q) = %q, want %q", in, got, want)
		}
	}
}
