// Package vietqr builds and reads VietQR payment codes: NAPAS's profile of
// the EMVCo merchant-presented QR (tag-length-value, CRC-16/CCITT-FALSE).
package vietqr

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// GUID is NAPAS's application identifier in tag 38.
const GUID = "A000000727"

// Services of tag 38/02: a transfer to an account or to a card.
const (
	ServiceAccount = "QRIBFTTA"
	ServiceCard    = "QRIBFTTC"
)

// Limits of the fields this package writes.
const (
	MaxAccount = 19
	MaxPurpose = 95 // tag 62 holds at most 99 characters, 4 of them 08LL
	MaxAmount  = 9999999999999
)

// Code is what a VietQR payment code carries that the portal sets: the
// beneficiary's bank and account (or card), an amount and a transfer note.
// Amount 0 means no amount (a static code).
type Code struct {
	BIN     string
	Account string
	Card    bool
	Amount  int64
	Purpose string
}

// Dynamic says whether the code is for one payment (it has an amount).
func (c Code) Dynamic() bool { return c.Amount > 0 }

// Validate checks what Encode needs.
func (c Code) Validate() error {
	if !isDigits(c.BIN) || len(c.BIN) != 6 {
		return &FieldError{Field: "bin", Reason: fmt.Sprintf("bank BIN %q is not 6 digits", c.BIN)}
	}
	if c.Account == "" || utf8.RuneCountInString(c.Account) > MaxAccount {
		return &FieldError{Field: "account", Reason: fmt.Sprintf("account or card number must be 1 to %d characters", MaxAccount)}
	}
	for _, r := range c.Account {
		if !(r >= '0' && r <= '9' || r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z') {
			return &FieldError{Field: "account", Reason: "account or card number may hold only letters and digits"}
		}
	}
	if c.Amount < 0 || c.Amount > MaxAmount {
		return &FieldError{Field: "amount", Reason: fmt.Sprintf("amount must be between 0 and %d VND", int64(MaxAmount))}
	}
	if utf8.RuneCountInString(c.Purpose) > MaxPurpose {
		return &FieldError{Field: "purpose", Reason: fmt.Sprintf("purpose is longer than %d characters", MaxPurpose)}
	}
	if !utf8.ValidString(c.Purpose) {
		return &FieldError{Field: "purpose", Reason: "purpose is not valid UTF-8"}
	}
	for _, r := range c.Purpose {
		if unicode.IsControl(r) {
			return &FieldError{Field: "purpose", Reason: "purpose holds a control character"}
		}
	}
	return nil
}

// FieldError is an input Encode refuses, naming the field.
type FieldError struct {
	Field  string
	Reason string
}

func (e *FieldError) Error() string { return "vietqr: " + e.Reason }

// Encode builds the payload of c: tags in ascending order, 010211 or 010212,
// the NAPAS merchant account in tag 38, VND, the amount if any, VN, the
// purpose in 62/08 if any, and the CRC in tag 63.
func Encode(c Code) (string, error) {
	if err := c.Validate(); err != nil {
		return "", err
	}
	var b strings.Builder
	b.WriteString(tlv("00", "01"))
	if c.Dynamic() {
		b.WriteString(tlv("01", "12"))
	} else {
		b.WriteString(tlv("01", "11"))
	}
	service := ServiceAccount
	if c.Card {
		service = ServiceCard
	}
	b.WriteString(tlv("38", tlv("00", GUID)+tlv("01", tlv("00", c.BIN)+tlv("01", c.Account))+tlv("02", service)))
	b.WriteString(tlv("53", "704"))
	if c.Amount > 0 {
		b.WriteString(tlv("54", strconv.FormatInt(c.Amount, 10)))
	}
	b.WriteString(tlv("58", "VN"))
	if c.Purpose != "" {
		b.WriteString(tlv("62", tlv("08", c.Purpose)))
	}
	b.WriteString("6304")
	s := b.String()
	return s + fmt.Sprintf("%04X", CRC16([]byte(s))), nil
}

// MustEncode is Encode for values known to be valid (tests, demo data).
func MustEncode(c Code) string {
	s, err := Encode(c)
	if err != nil {
		panic(err)
	}
	return s
}

func tlv(id, value string) string {
	return fmt.Sprintf("%s%02d%s", id, utf8.RuneCountInString(value), value)
}

// CRC16 is CRC-16/CCITT-FALSE: polynomial 0x1021, initial value 0xFFFF, no
// reflection, no final XOR.
func CRC16(data []byte) uint16 {
	crc := uint16(0xFFFF)
	for _, b := range data {
		crc ^= uint16(b) << 8
		for i := 0; i < 8; i++ {
			if crc&0x8000 != 0 {
				crc = crc<<1 ^ 0x1021
			} else {
				crc <<= 1
			}
		}
	}
	return crc
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// Validate checks that a decoded code could be written again by Encode:
// the portal keeps only accounts it can print.
func Validate(d Decoded) error { return d.Code.Validate() }
