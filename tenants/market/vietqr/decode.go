package vietqr

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Decoded is a payload read back: the Code and what else the payload says.
type Decoded struct {
	Code
	Initiation   string // "static" (11) or "dynamic" (12)
	HasAmount    bool
	Service      string // ServiceAccount, ServiceCard or ""
	Currency     string
	Country      string
	MerchantName string
	CRC          string
}

// Kinds of DecodeError.
const (
	ErrCRC     = "crc"     // the CRC does not match the payload
	ErrLength  = "length"  // an element's length runs past the end
	ErrMissing = "missing" // a mandatory tag is absent
	ErrGUID    = "guid"    // tag 38's GUID is not VietQR's
	ErrFormat  = "format"  // anything else malformed
)

// DecodeError says why a payload is not a valid VietQR code. Kind is one
// of the Err constants; Tag names the element ("38/01"); Got and Want carry
// the values compared.
type DecodeError struct {
	Kind string
	Tag  string
	Got  string
	Want string
	Msg  string
}

func (e *DecodeError) Error() string { return e.Msg }

func errf(kind, tag, got, want, format string, args ...any) *DecodeError {
	return &DecodeError{Kind: kind, Tag: tag, Got: got, Want: want, Msg: fmt.Sprintf(format, args...)}
}

type element struct {
	id    string
	value string
	pos   int // rune offset of the element's ID in the whole payload
}

// parse splits s (starting at rune offset base of the payload) into
// elements; where names the enclosing tag for messages.
func parse(s string, base int, where string) ([]element, error) {
	rs := []rune(s)
	var out []element
	seen := map[string]bool{}
	for i := 0; i < len(rs); {
		if len(rs)-i < 4 {
			return nil, errf(ErrLength, where, "", "", "%sat position %d: an element needs 4 characters of ID and length, only %d remain", in(where), base+i, len(rs)-i)
		}
		id, ln := string(rs[i:i+2]), string(rs[i+2:i+4])
		if !isDigits(id) || !isDigits(ln) {
			return nil, errf(ErrFormat, where, id+ln, "", "%sat position %d: ID and length must be digits, found %q", in(where), base+i, id+ln)
		}
		n, _ := strconv.Atoi(ln)
		if rest := len(rs) - i - 4; n > rest {
			return nil, errf(ErrLength, join(where, id), ln, strconv.Itoa(rest), "tag %s at position %d declares length %d but only %d characters remain", join(where, id), base+i, n, rest)
		}
		if seen[id] {
			return nil, errf(ErrFormat, join(where, id), "", "", "tag %s appears twice", join(where, id))
		}
		seen[id] = true
		out = append(out, element{id: id, value: string(rs[i+4 : i+4+n]), pos: base + i})
		i += 4 + n
	}
	return out, nil
}

func in(where string) string {
	if where == "" {
		return ""
	}
	return "in tag " + where + ", "
}

func join(where, id string) string {
	if where == "" {
		return id
	}
	return where + "/" + id
}

func find(els []element, id string) (element, bool) {
	for _, e := range els {
		if e.id == id {
			return e, true
		}
	}
	return element{}, false
}

var mandatory = []struct{ id, name string }{
	{"00", "payload format indicator"},
	{"01", "point of initiation"},
	{"38", "merchant account (VietQR)"},
	{"53", "currency"},
	{"58", "country"},
}

// Decode reads a VietQR payload. Tags may come in any order and tags it does
// not use (52, 59's neighbours, 60, 62/03 …) are tolerated; the CRC, the
// structure and the mandatory tags are checked. Surrounding white space
// (a scanner's CR/LF) is ignored.
func Decode(payload string) (Decoded, error) {
	var d Decoded
	s := strings.TrimSpace(payload)
	if s == "" {
		return d, errf(ErrFormat, "", "", "", "the payload is empty")
	}
	if !utf8.ValidString(s) {
		return d, errf(ErrFormat, "", "", "", "the payload is not valid UTF-8")
	}
	els, err := parse(s, 0, "")
	if err != nil {
		return d, err
	}
	crcEl, ok := find(els, "63")
	if !ok {
		return d, errf(ErrMissing, "63", "", "", "missing mandatory tag 63 (CRC)")
	}
	if els[len(els)-1].id != "63" {
		return d, errf(ErrFormat, "63", "", "", "the CRC (tag 63) must be the last element")
	}
	if utf8.RuneCountInString(crcEl.value) != 4 {
		return d, errf(ErrFormat, "63", crcEl.value, "", "the CRC (tag 63) must be 4 hex digits, found %q", crcEl.value)
	}
	prefix := string([]rune(s)[:crcEl.pos+4])
	want := fmt.Sprintf("%04X", CRC16([]byte(prefix)))
	got := strings.ToUpper(crcEl.value)
	if got != want {
		return d, errf(ErrCRC, "63", got, want, "CRC mismatch: the payload says %s, computed %s", got, want)
	}
	d.CRC = want
	for _, m := range mandatory {
		if _, ok := find(els, m.id); !ok {
			return d, errf(ErrMissing, m.id, "", "", "missing mandatory tag %s (%s)", m.id, m.name)
		}
	}
	for _, e := range els {
		switch e.id {
		case "00":
			if e.value != "01" {
				return d, errf(ErrFormat, "00", e.value, "01", "payload format indicator (tag 00) is %q, not \"01\"", e.value)
			}
		case "01":
			switch e.value {
			case "11":
				d.Initiation = "static"
			case "12":
				d.Initiation = "dynamic"
			default:
				return d, errf(ErrFormat, "01", e.value, "", "point of initiation (tag 01) is %q, neither 11 (static) nor 12 (dynamic)", e.value)
			}
		case "38":
			if err := decodeAccount(&d, e); err != nil {
				return d, err
			}
		case "53":
			if e.value != "704" {
				return d, errf(ErrFormat, "53", e.value, "704", "currency (tag 53) is %q, not VND (704)", e.value)
			}
			d.Currency = e.value
		case "54":
			n, err := parseAmount(e.value)
			if err != nil {
				return d, err
			}
			d.Amount, d.HasAmount = n, true
		case "58":
			d.Country = e.value
		case "59":
			d.MerchantName = e.value
		case "62":
			subs, err := parse(e.value, e.pos+4, "62")
			if err != nil {
				return d, err
			}
			if p, ok := find(subs, "08"); ok {
				d.Purpose = p.value
			}
		}
	}
	return d, nil
}

func decodeAccount(d *Decoded, e element) error {
	subs, err := parse(e.value, e.pos+4, "38")
	if err != nil {
		return err
	}
	g, ok := find(subs, "00")
	if !ok {
		return errf(ErrMissing, "38/00", "", "", "missing mandatory tag 38/00 (GUID)")
	}
	if !strings.EqualFold(g.value, GUID) {
		return errf(ErrGUID, "38/00", g.value, GUID, "tag 38 GUID is %q, not VietQR's %s", g.value, GUID)
	}
	ben, ok := find(subs, "01")
	if !ok {
		return errf(ErrMissing, "38/01", "", "", "missing mandatory tag 38/01 (beneficiary)")
	}
	bsubs, err := parse(ben.value, ben.pos+4, "38/01")
	if err != nil {
		return err
	}
	bin, ok := find(bsubs, "00")
	if !ok {
		return errf(ErrMissing, "38/01/00", "", "", "missing mandatory tag 38/01/00 (bank BIN)")
	}
	if len(bin.value) != 6 || !isDigits(bin.value) {
		return errf(ErrFormat, "38/01/00", bin.value, "", "bank BIN (tag 38/01/00) %q is not 6 digits", bin.value)
	}
	acc, ok := find(bsubs, "01")
	if !ok || acc.value == "" {
		return errf(ErrMissing, "38/01/01", "", "", "missing mandatory tag 38/01/01 (account or card number)")
	}
	if utf8.RuneCountInString(acc.value) > MaxAccount {
		return errf(ErrFormat, "38/01/01", acc.value, "", "account or card number (tag 38/01/01) is longer than %d characters", MaxAccount)
	}
	d.BIN, d.Account = bin.value, acc.value
	if sv, ok := find(subs, "02"); ok {
		switch sv.value {
		case ServiceAccount, ServiceCard:
			d.Service = sv.value
			d.Card = sv.value == ServiceCard
		default:
			return errf(ErrFormat, "38/02", sv.value, "", "service (tag 38/02) %q is neither %s nor %s", sv.value, ServiceAccount, ServiceCard)
		}
	}
	return nil
}

// parseAmount reads tag 54: whole VND, optionally written with a zero
// fraction ("50000.00").
func parseAmount(v string) (int64, error) {
	whole, frac, dot := strings.Cut(v, ".")
	if !isDigits(whole) || (dot && (frac == "" || strings.Trim(frac, "0") != "" && !isDigits(frac))) {
		return 0, errf(ErrFormat, "54", v, "", "amount (tag 54) %q is not a number", v)
	}
	if dot && strings.Trim(frac, "0") != "" {
		return 0, errf(ErrFormat, "54", v, "", "amount (tag 54) %q is not whole VND", v)
	}
	if len(whole) > 13 {
		return 0, errf(ErrFormat, "54", v, "", "amount (tag 54) %q is too large", v)
	}
	n, _ := strconv.ParseInt(whole, 10, 64)
	return n, nil
}
