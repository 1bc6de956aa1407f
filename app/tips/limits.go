package tips

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"time"

	"gorm.io/gorm"
)

// Limits bound how many tips one device or one IP address sends, and how
// many failed code lookups they make. They count rows of tip_throttle, so
// every instance of the portal enforces the same limits.
type Limits struct {
	DeviceWindow time.Duration
	PerDevice    int // tips per device within DeviceWindow
	PerDeviceDay int // tips per device within a day
	IPWindow     time.Duration
	PerIP        int // tips per IP address within IPWindow (shared by a NAT)
	LookupWindow time.Duration
	LookupFails  int // failed lookups per device or IP within LookupWindow
}

// DefaultLimits are the limits the portal runs with.
var DefaultLimits = Limits{DeviceWindow: 10 * time.Minute, PerDevice: 5, PerDeviceDay: 20,
	IPWindow: time.Hour, PerIP: 60, LookupWindow: 15 * time.Minute, LookupFails: 10}

// Throttle actions.
const (
	actionSubmit       = "submit"
	actionLookupFailed = "lookup_failed"
)

// hashFor is the keyed hash kept instead of an IP address or a device cookie.
func hashFor(key []byte, kind, v string) string {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(kind + "\x1f" + v))
	return hex.EncodeToString(m.Sum(nil)[:16])
}

// count is how many rows of action ip or device made within d (either when both).
func count(tx *gorm.DB, action, column, value string, d time.Duration) (int, error) {
	var n int
	err := tx.Raw(`SELECT count(*) FROM tip_throttle WHERE action = ? AND `+column+` = ? AND at > now() - make_interval(secs => ?)`,
		action, value, d.Seconds()).Scan(&n).Error
	if err != nil {
		return 0, fmt.Errorf("tips: count %s by %s: %w", action, column, err)
	}
	return n, nil
}

// AllowSubmit reports whether the device and the IP address may send another tip.
func (l Limits) AllowSubmit(tx *gorm.DB, ipHash, devHash string) (bool, error) {
	checks := []struct {
		column, value string
		d             time.Duration
		max           int
	}{
		{"device_hash", devHash, l.DeviceWindow, l.PerDevice},
		{"device_hash", devHash, 24 * time.Hour, l.PerDeviceDay},
		{"ip_hash", ipHash, l.IPWindow, l.PerIP},
	}
	for _, c := range checks {
		n, err := count(tx, actionSubmit, c.column, c.value, c.d)
		if err != nil || n >= c.max {
			return false, err
		}
	}
	return true, nil
}

// AllowLookup reports whether the device and the IP address may try another code.
func (l Limits) AllowLookup(tx *gorm.DB, ipHash, devHash string) (bool, error) {
	for _, c := range [][2]string{{"device_hash", devHash}, {"ip_hash", ipHash}} {
		n, err := count(tx, actionLookupFailed, c[0], c[1], l.LookupWindow)
		if err != nil || n >= l.LookupFails {
			return false, err
		}
	}
	return true, nil
}

// record keeps one submission or failed lookup, and forgets those older
// than two days of the same IP address.
func record(tx *gorm.DB, action, ipHash, devHash, token string) error {
	if err := tx.Exec(`DELETE FROM tip_throttle WHERE action = ? AND ip_hash = ? AND at < now() - interval '2 days'`, action, ipHash).Error; err != nil {
		return fmt.Errorf("tips: forget old %s: %w", action, err)
	}
	if err := tx.Exec(`INSERT INTO tip_throttle (action, ip_hash, device_hash, token) VALUES (?, ?, ?, ?)`, action, ipHash, devHash, token).Error; err != nil {
		return fmt.Errorf("tips: record %s: %w", action, err)
	}
	return nil
}

// tokenUsed reports whether a tip was already sent with this form token.
func tokenUsed(tx *gorm.DB, token string) (bool, error) {
	var used bool
	if err := tx.Raw(`SELECT EXISTS (SELECT 1 FROM tip_throttle WHERE token = ?)`, token).Scan(&used).Error; err != nil {
		return false, fmt.Errorf("tips: look up form token: %w", err)
	}
	return used, nil
}
