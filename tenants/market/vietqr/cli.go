package vietqr

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// CommandError is a refusal of the vietqr command: main prints it as one
// line and exits 1.
type CommandError struct{ Msg string }

func (e *CommandError) Error() string { return e.Msg }

// IsCommandError says whether err is a refusal of the vietqr command.
func IsCommandError(err error) bool {
	var ce *CommandError
	return errors.As(err, &ce)
}

// Report is the JSON object `portal06 vietqr decode` prints.
type Report struct {
	Initiation   string `json:"initiation"`
	BIN          string `json:"bin"`
	Bank         string `json:"bank"`
	Account      string `json:"account"`
	Service      string `json:"service"`
	Amount       *int64 `json:"amount"`
	Currency     string `json:"currency"`
	Country      string `json:"country"`
	Purpose      string `json:"purpose"`
	MerchantName string `json:"merchant_name"`
	CRC          string `json:"crc"`
}

// ReportOf turns a decoded payload into the command's report.
func ReportOf(d Decoded) Report {
	r := Report{
		Initiation: d.Initiation, BIN: d.BIN, Bank: BankName(d.BIN), Account: d.Account,
		Service: d.Service, Currency: d.Currency, Country: d.Country, Purpose: d.Purpose,
		MerchantName: d.MerchantName, CRC: d.CRC,
	}
	if d.HasAmount {
		n := d.Amount
		r.Amount = &n
	}
	return r
}

const usageText = "usage: portal06 vietqr decode PAYLOAD | vietqr encode --bin B --account A [--card] [--amount N] [--purpose TEXT]"

// Command runs `portal06 vietqr decode|encode ...`, writing to out. A bad
// payload or bad flags come back as a *CommandError of one line.
func Command(args []string, out io.Writer) error {
	if len(args) == 0 {
		return &CommandError{usageText}
	}
	switch args[0] {
	case "decode":
		if len(args) != 2 {
			return &CommandError{"usage: portal06 vietqr decode PAYLOAD"}
		}
		d, err := Decode(args[1])
		if err != nil {
			return &CommandError{"vietqr decode: " + oneLine(err.Error())}
		}
		enc := json.NewEncoder(out)
		enc.SetEscapeHTML(false)
		return enc.Encode(ReportOf(d))
	case "encode":
		fs := flag.NewFlagSet("vietqr encode", flag.ContinueOnError)
		fs.SetOutput(io.Discard)
		bin := fs.String("bin", "", "bank BIN (6 digits)")
		account := fs.String("account", "", "account or card number")
		card := fs.Bool("card", false, "the number is a card (QRIBFTTC)")
		amount := fs.String("amount", "", "amount in VND")
		purpose := fs.String("purpose", "", "transfer note")
		if err := fs.Parse(args[1:]); err != nil {
			return &CommandError{"vietqr encode: " + oneLine(err.Error())}
		}
		if fs.NArg() > 0 {
			return &CommandError{"vietqr encode: unexpected argument " + strconv.Quote(fs.Arg(0))}
		}
		c := Code{BIN: *bin, Account: *account, Card: *card, Purpose: *purpose}
		if *amount != "" {
			n, err := strconv.ParseInt(*amount, 10, 64)
			if err != nil || n <= 0 {
				return &CommandError{fmt.Sprintf("vietqr encode: --amount %q is not a positive whole number of VND", *amount)}
			}
			c.Amount = n
		}
		s, err := Encode(c)
		if err != nil {
			return &CommandError{"vietqr encode: " + strings.TrimPrefix(err.Error(), "vietqr: ")}
		}
		_, err = fmt.Fprintln(out, s)
		return err
	}
	return &CommandError{usageText}
}

func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}
