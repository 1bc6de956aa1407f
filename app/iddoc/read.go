package iddoc

import (
	"strings"
	"time"
)

// Read reads what a scanner, a camera or a person typed: a CCCD QR in qr,
// or a passport or ID card MRZ in mrz, as lines or as one run of 88 (TD3)
// or 90 (TD1) characters in either box. It names the source: "qr" or "mrz".
func Read(qr, mrz string, now time.Time) (Identity, string, error) {
	qr = strings.TrimSpace(qr)
	if qr != "" && !strings.Contains(qr, "|") {
		flat := strings.ReplaceAll(qr, " ", "")
		switch len(flat) {
		case 88:
			mrz, qr = flat[:44]+"\n"+flat[44:], ""
		case 90:
			mrz, qr = flat[:30]+"\n"+flat[30:60]+"\n"+flat[60:], ""
		}
	}
	if qr != "" {
		id, err := ParseCCCD(qr, now)
		return id, "qr", err
	}
	id, err := ParseMRZ(mrz, now)
	return id, "mrz", err
}
