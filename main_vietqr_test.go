package main

import (
	"io"
	"log/slog"
	"testing"

	"portal06/tenants/market/vietqr"
)

// TestVietQRCommand runs `portal06 vietqr` through run: a good payload is
// accepted, a bad one is a one-line refusal main prints before exiting 1.
func TestVietQRCommand(t *testing.T) {
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	ok := "00020101021138540010A00000072701240006970423011000999999990208QRIBFTTA53037045802VN6304CBB4"
	if err := run([]string{"vietqr", "decode", ok}, log); err != nil {
		t.Fatalf("decode: %v", err)
	}
	if err := run([]string{"vietqr", "encode", "--bin", "970423", "--account", "0099999999"}, log); err != nil {
		t.Fatalf("encode: %v", err)
	}
	err := run([]string{"vietqr", "decode", ok[:len(ok)-1] + "0"}, log)
	if !vietqr.IsCommandError(err) || err.Error() != "vietqr decode: CRC mismatch: the payload says CBB0, computed CBB4" {
		t.Fatalf("bad CRC: %v", err)
	}
}
