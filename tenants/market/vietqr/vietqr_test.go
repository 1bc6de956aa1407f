package vietqr

import (
	"bytes"
	"encoding/json"
	"errors"
	"math/rand"
	"strings"
	"testing"
	"testing/quick"
)

// published is DOMAIN.md's static example: TPBank 970423, account 0099999999.
const published = "00020101021138540010A00000072701240006970423011000999999990208QRIBFTTA53037045802VN6304CBB4"

func TestCRCCheckValue(t *testing.T) {
	if got := CRC16([]byte("123456789")); got != 0x29B1 {
		t.Fatalf("CRC of 123456789 = %04X, want 29B1", got)
	}
}

func TestEncodePublishedExample(t *testing.T) {
	got, err := Encode(Code{BIN: "970423", Account: "0099999999"})
	if err != nil {
		t.Fatal(err)
	}
	if got != published {
		t.Fatalf("Encode = %s\nwant     %s", got, published)
	}
}

func TestDecodePublishedExample(t *testing.T) {
	d, err := Decode(published)
	if err != nil {
		t.Fatal(err)
	}
	if d.BIN != "970423" || d.Account != "0099999999" || d.Initiation != "static" || d.Service != ServiceAccount ||
		d.Card || d.HasAmount || d.Currency != "704" || d.Country != "VN" || d.CRC != "CBB4" || d.Purpose != "" {
		t.Fatalf("decoded %+v", d)
	}
	if BankName(d.BIN) != "TMCP Tiên Phong" {
		t.Fatalf("bank of 970423 = %q", BankName(d.BIN))
	}
}

// TestEncodeDynamic builds a bill's code by hand and compares tag by tag.
func TestEncodeDynamic(t *testing.T) {
	got := MustEncode(Code{BIN: "970436", Account: "9704366800000001", Card: true, Amount: 150000, Purpose: "PHI MK2611A12"})
	body := "000201" + "010212" +
		"3860" + "0010A000000727" + "0130" + "0006970436" + "01169704366800000001" + "0208QRIBFTTC" +
		"5303704" + "5406150000" + "5802VN" + "6217" + "0813PHI MK2611A12" + "6304"
	if !strings.HasPrefix(got, body) || len(got) != len(body)+4 {
		t.Fatalf("Encode = %s\nwant     %s....", got, body)
	}
	d, err := Decode(got)
	if err != nil {
		t.Fatal(err)
	}
	if d.Initiation != "dynamic" || d.Amount != 150000 || !d.Card || d.Purpose != "PHI MK2611A12" {
		t.Fatalf("decoded %+v", d)
	}
}

// withCRC appends a correct CRC to a body ending in "6304".
func withCRC(body string) string {
	return body + strings.ToUpper(hex4(CRC16([]byte(body))))
}

func hex4(v uint16) string {
	const h = "0123456789ABCDEF"
	return string([]byte{h[v>>12], h[v>>8&15], h[v>>4&15], h[v&15]})
}

// TestDecodeAnyOrderAndUnusedTags: a bank app's code with tags out of order
// and tags the portal does not use (52, 59, 60, 62/03).
func TestDecodeAnyOrderAndUnusedTags(t *testing.T) {
	body := "000201" + "5802VN" + "010211" + "52045812" + "5303704" +
		"38570010A00000072701270006970415011311300012345670208QRIBFTTA" +
		"5913NGUYEN VAN AN" + "6007HA LONG" + "62180303A120807HOA QUA" + "6304"
	d, err := Decode(withCRC(body) + "\r\n")
	if err != nil {
		t.Fatal(err)
	}
	if d.BIN != "970415" || d.Account != "1130001234567" || d.MerchantName != "NGUYEN VAN AN" || d.Purpose != "HOA QUA" || d.Country != "VN" {
		t.Fatalf("decoded %+v", d)
	}
}

func TestDecodeRefusals(t *testing.T) {
	bad := published[:len(published)-4] + "CBB5"
	cases := []struct {
		name, payload, kind, says string
	}{
		{"crc", bad, ErrCRC, "CRC mismatch: the payload says CBB5, computed CBB4"},
		{"lowercase crc ok but wrong", published[:len(published)-4] + "0000", ErrCRC, "computed CBB4"},
		{"truncated", published[:40], ErrLength, "declares length 54 but only"},
		{"no crc", "000201010211", ErrMissing, "missing mandatory tag 63"},
		{"no currency", withCRC("000201010211" + "38540010A00000072701240006970423011000999999990208QRIBFTTA" + "5802VN6304"), ErrMissing, "missing mandatory tag 53"},
		{"no account tag", withCRC("0002010102115303704" + "5802VN6304"), ErrMissing, "missing mandatory tag 38"},
		{"guid", withCRC("000201010211" + "38540010A00000077701240006970423011000999999990208QRIBFTTA" + "53037045802VN6304"), ErrGUID, "not VietQR's A000000727"},
		{"no bin", withCRC("000201010211" + "38440010A000000727011401100099999999" + "0208QRIBFTTA53037045802VN6304"), ErrMissing, "38/01/00"},
		{"inner length", withCRC("000201010211" + "38540010A00000072701240006970423011900999999990208QRIBFTTA" + "53037045802VN6304"), ErrLength, "tag 38/01/01"},
		{"crc not last", withCRC("000201010211"+"38540010A00000072701240006970423011000999999990208QRIBFTTA"+"53037045802VN6304") + "5802VN", ErrFormat, ""},
		{"not digits", "hello world", ErrFormat, "must be digits"},
		{"empty", "  ", ErrFormat, "empty"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Decode(c.payload)
			var de *DecodeError
			if !errors.As(err, &de) {
				t.Fatalf("Decode(%q) = %v, want a DecodeError", c.payload, err)
			}
			if de.Kind != c.kind || !strings.Contains(de.Error(), c.says) {
				t.Fatalf("Decode(%q): kind %s, %q; want kind %s naming %q", c.payload, de.Kind, de.Error(), c.kind, c.says)
			}
		})
	}
}

func TestEncodeRefusals(t *testing.T) {
	for _, c := range []struct {
		code  Code
		field string
	}{
		{Code{BIN: "97042", Account: "1"}, "bin"},
		{Code{BIN: "970423", Account: ""}, "account"},
		{Code{BIN: "970423", Account: "12345678901234567890"}, "account"},
		{Code{BIN: "970423", Account: "12-34"}, "account"},
		{Code{BIN: "970423", Account: "1", Amount: -5}, "amount"},
		{Code{BIN: "970423", Account: "1", Purpose: strings.Repeat("x", 96)}, "purpose"},
		{Code{BIN: "970423", Account: "1", Purpose: "a\nb"}, "purpose"},
	} {
		_, err := Encode(c.code)
		var fe *FieldError
		if !errors.As(err, &fe) || fe.Field != c.field {
			t.Errorf("Encode(%+v) = %v, want a refusal of %s", c.code, err, c.field)
		}
	}
}

// randomCode draws a valid Code.
func randomCode(r *rand.Rand) Code {
	digits := func(n int) string {
		b := make([]byte, n)
		for i := range b {
			b[i] = byte('0' + r.Intn(10))
		}
		return string(b)
	}
	const alnum = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	acc := make([]byte, 1+r.Intn(MaxAccount))
	for i := range acc {
		acc[i] = alnum[r.Intn(len(alnum))]
	}
	c := Code{BIN: digits(6), Account: string(acc), Card: r.Intn(2) == 0}
	if r.Intn(2) == 0 {
		c.Amount = 1 + r.Int63n(MaxAmount)
	}
	if r.Intn(2) == 0 {
		pool := []rune("abc XYZ 019 -_.:/#Phí chợ tháng 11 Đặng Thị Ánh")
		p := make([]rune, r.Intn(MaxPurpose+1))
		for i := range p {
			p[i] = pool[r.Intn(len(pool))]
		}
		c.Purpose = string(p)
	}
	return c
}

// TestRoundTrip is the property decode(encode(x)) == x.
func TestRoundTrip(t *testing.T) {
	f := func(seed int64) bool {
		c := randomCode(rand.New(rand.NewSource(seed)))
		s, err := Encode(c)
		if err != nil {
			t.Logf("Encode(%+v): %v", c, err)
			return false
		}
		d, err := Decode(s)
		if err != nil {
			t.Logf("Decode(%q): %v", s, err)
			return false
		}
		if d.Code != c {
			t.Logf("round trip %+v -> %+v", c, d.Code)
			return false
		}
		return d.Dynamic() == (d.Initiation == "dynamic") && d.HasAmount == (c.Amount > 0)
	}
	if err := quick.Check(f, &quick.Config{MaxCount: 2000}); err != nil {
		t.Fatal(err)
	}
}

func FuzzDecode(f *testing.F) {
	f.Add(published)
	f.Add(published[:50])
	f.Add(MustEncode(Code{BIN: "970436", Account: "123", Amount: 5, Purpose: "Phí chợ"}))
	f.Add("00020101021238")
	f.Add("6304")
	f.Fuzz(func(t *testing.T, s string) {
		d, err := Decode(s)
		if err != nil {
			return
		}
		// What decodes and is valid again encodes to something that decodes the same.
		if d.Code.Validate() == nil && d.HasAmount == (d.Amount > 0) {
			again, err := Decode(MustEncode(d.Code))
			if err != nil || again.Code != d.Code {
				t.Fatalf("re-encode of %+v: %+v, %v", d.Code, again.Code, err)
			}
		}
	})
}

func TestCommandDecode(t *testing.T) {
	var out bytes.Buffer
	if err := Command([]string{"decode", published}, &out); err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(out.Bytes(), &m); err != nil {
		t.Fatal(err)
	}
	want := map[string]any{"initiation": "static", "bin": "970423", "bank": "TMCP Tiên Phong", "account": "0099999999",
		"service": "QRIBFTTA", "amount": nil, "currency": "704", "country": "VN", "purpose": "", "merchant_name": "", "crc": "CBB4"}
	if len(m) != len(want) {
		t.Fatalf("keys %v", m)
	}
	for k, v := range want {
		if m[k] != v {
			t.Errorf("%s = %#v, want %#v", k, m[k], v)
		}
	}
	if strings.Count(out.String(), "\n") != 1 {
		t.Fatalf("not one line: %q", out.String())
	}
	out.Reset()
	dyn := MustEncode(Code{BIN: "999999", Account: "42", Amount: 20000, Purpose: "HD1"})
	if err := Command([]string{"decode", dyn}, &out); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), `"amount":20000`) || !strings.Contains(out.String(), `"bank":""`) || !strings.Contains(out.String(), `"initiation":"dynamic"`) {
		t.Fatalf("dynamic: %s", out.String())
	}
}

func TestCommandRefusals(t *testing.T) {
	for _, c := range []struct {
		args []string
		says string
	}{
		{[]string{"decode", published[:len(published)-1] + "5"}, "CRC mismatch: the payload says CBB5, computed CBB4"},
		{[]string{"decode", published[:30]}, "declares length"},
		{[]string{"decode", "0002010102116304" + "ABCD"}, "CRC mismatch"},
		{[]string{"decode"}, "usage"},
		{[]string{"encode", "--bin", "12", "--account", "1"}, "BIN"},
		{[]string{"encode", "--bin", "970423", "--account", "1", "--amount", "1.5"}, "--amount"},
		{[]string{"encode", "--nope"}, "nope"},
		{[]string{"sideways"}, "usage"},
	} {
		var out bytes.Buffer
		err := Command(c.args, &out)
		if !IsCommandError(err) || !strings.Contains(err.Error(), c.says) || strings.Contains(err.Error(), "\n") {
			t.Errorf("%v: %v, want one line naming %q", c.args, err, c.says)
		}
		if out.Len() != 0 {
			t.Errorf("%v printed %q", c.args, out.String())
		}
	}
}

func TestCommandEncode(t *testing.T) {
	var out bytes.Buffer
	if err := Command([]string{"encode", "--bin", "970423", "--account", "0099999999"}, &out); err != nil {
		t.Fatal(err)
	}
	if out.String() != published+"\n" {
		t.Fatalf("encode printed %q", out.String())
	}
	out.Reset()
	if err := Command([]string{"encode", "--bin", "970423", "--account", "9704230000000001", "--card", "--amount", "50000", "--purpose", "PHI T11"}, &out); err != nil {
		t.Fatal(err)
	}
	d, err := Decode(out.String())
	if err != nil || !d.Card || d.Amount != 50000 || d.Purpose != "PHI T11" || d.Initiation != "dynamic" {
		t.Fatalf("%+v %v", d, err)
	}
}
