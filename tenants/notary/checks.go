package notary

import (
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"

	"portal06/app/figures"
	"portal06/app/i18n"
)

// CheckInput is one identity check of a party, from the form or the reader software.
type CheckInput struct {
	Chip       *Chip // nil: no chip result
	Manual     bool
	ManualName string // the staff member who ticked "chip verified"
	FaceMatch  *float64
	Liveness   bool
	VNeIDCode  string
	Source     string    // form or api
	At         time.Time // zero means now
}

// CheckResult is what saving a check decided and raised.
type CheckResult struct {
	ID      int64
	Verdict string
	Reasons []string
	Signals []string // kinds of the signals the check raised or stands under
}

// Threshold is the face-match score an office's checks must reach.
func Threshold(tx *gorm.DB, tenantID, siteID int64) (float64, error) {
	var t []float64
	if err := tx.Raw(`SELECT face_threshold FROM notary_settings WHERE tenant_id = ? AND site_id = ?`, tenantID, siteID).Scan(&t).Error; err != nil {
		return 0, fmt.Errorf("notary: threshold of site %d: %w", siteID, err)
	}
	if len(t) == 0 || t[0] <= 0 {
		return DefaultThreshold, nil
	}
	return t[0], nil
}

// SaveCheck decides and records a check of party p of act a, keeps the
// province's figures, and raises the signals the whole province's records
// call for. The caller's transaction carries it all.
func SaveCheck(tx *gorm.DB, tenantID int64, a Act, p Party, userID int64, in CheckInput) (CheckResult, error) {
	at := in.At
	if at.IsZero() {
		at = time.Now()
	}
	threshold, err := Threshold(tx, tenantID, a.SiteID)
	if err != nil {
		return CheckResult{}, err
	}
	qr := Person{Number: p.DocNumber, FullName: p.FullName, BirthDate: p.BirthDate, Sex: p.Sex}
	verdict, reasons := Decide(Evidence{QR: qr, Chip: in.Chip, Manual: in.Manual, FaceMatch: in.FaceMatch, Liveness: in.Liveness,
		Threshold: threshold, Today: at.In(i18n.Zone)})
	var chip Chip
	if in.Chip != nil {
		chip = *in.Chip
	}
	var birth, expiry any
	if !chip.BirthDate.IsZero() {
		birth = chip.BirthDate.Format("2006-01-02")
	}
	if !chip.Expiry.IsZero() {
		expiry = chip.Expiry.Format("2006-01-02")
	}
	if in.Manual && in.Chip == nil {
		chip.PassiveAuth, chip.ChipAuth = true, true
	}
	var face any
	if in.FaceMatch != nil {
		face = *in.FaceMatch
	}
	var hadChip bool
	if err := tx.Raw(`SELECT EXISTS (SELECT 1 FROM notary_checks WHERE tenant_id = ? AND act_id = ? AND verdict <> 'unverified')`,
		tenantID, a.ID).Scan(&hadChip).Error; err != nil {
		return CheckResult{}, fmt.Errorf("notary: earlier checks of act %d: %w", a.ID, err)
	}
	var id int64
	err = tx.Raw(`INSERT INTO notary_checks (tenant_id, site_id, act_id, party_id, qr_number, qr_name, qr_birth_date, qr_sex, chip_read,
			chip_number, chip_name, chip_birth_date, chip_sex, chip_expiry, passive_auth, chip_auth, face_match, liveness, vneid_code,
			manual_verified, manual_staff_name, face_threshold, source, verdict, reasons, checked_by, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::text[], ?, ?) RETURNING id`,
		tenantID, a.SiteID, a.ID, p.ID, p.DocNumber, p.FullName, p.BirthDate.Format("2006-01-02"), p.Sex, in.Chip != nil || in.Manual,
		strings.TrimSpace(chip.Number), strings.TrimSpace(chip.FullName), birth, chip.Sex, expiry, chip.PassiveAuth, chip.ChipAuth, face,
		in.Liveness || (in.Manual && in.Chip == nil), in.VNeIDCode, in.Manual, in.ManualName, threshold, in.Source, verdict,
		"{"+strings.Join(reasons, ",")+"}", nullUser(userID), at).Scan(&id).Error
	if err != nil {
		return CheckResult{}, fmt.Errorf("notary: save check of party %d: %w", p.ID, err)
	}
	if verdict != Unverified {
		mism := 0.0
		if verdict == Mismatch {
			mism = 1
		}
		if err := figures.Add(tx, "notary.mismatch_rate", tenantID, a.SiteID, at, mism, 1); err != nil {
			return CheckResult{}, err
		}
		if !hadChip {
			if err := figures.Add(tx, "notary.acts_checked", tenantID, a.SiteID, at, 1, 0); err != nil {
				return CheckResult{}, err
			}
		}
	}
	var signals []string
	if err := tx.Raw(`SELECT k FROM notary_raise_signals(?, ?) AS k`, tenantID, id).Scan(&signals).Error; err != nil {
		return CheckResult{}, fmt.Errorf("notary: signals of check %d: %w", id, err)
	}
	return CheckResult{ID: id, Verdict: verdict, Reasons: reasons, Signals: signals}, nil
}
