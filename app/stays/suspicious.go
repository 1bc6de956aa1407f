package stays

import (
	"errors"
	"fmt"
	"strings"

	"gorm.io/gorm"

	"portal06/app/iddoc"
)

// RecordSuspicious keeps a scanned card that contradicts itself (its
// *iddoc.Errors say Suspicious) as a suspicious scan for the police, with
// the raw text read and the reasons; it reports whether it kept one. The
// caller keeps the record even though the check-in itself is refused.
func (s *Service) RecordSuspicious(tx *gorm.DB, tenantID, siteID int64, id iddoc.Identity, docErr error, raw string, userID int64) (bool, error) {
	var e *iddoc.Errors
	if !errors.As(docErr, &e) || !e.Suspicious {
		return false, nil
	}
	reasons := make([]string, 0, len(e.List))
	for _, f := range e.List {
		reasons = append(reasons, f.Field+":"+f.Code)
	}
	var birth any
	if !id.BirthDate.IsZero() {
		birth = id.BirthDate.Format("2006-01-02")
	}
	err := tx.Exec(`INSERT INTO suspicious_scans (tenant_id, site_id, doc_number, full_name, birth_date, sex, reasons, raw, scanned_by)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, tenantID, siteID, id.Number, id.FullName, birth, id.Sex,
		"{"+strings.Join(reasons, ",")+"}", raw, NullUser(userID)).Error
	if err != nil {
		return false, fmt.Errorf("stays: record suspicious scan: %w", err)
	}
	return true, nil
}
