package accommodation

import (
	"fmt"
	"time"

	"gorm.io/gorm"

	"portal06/app/store"
	"portal06/policies"
)

// The storage of suspicious scans and their police reviews: gorm's query
// builder, narrowed by the request's scope (row-level security keeps out
// every other site as well).

// SuspiciousScan is a refused card that contradicted itself.
type SuspiciousScan struct {
	ID         int64
	TenantID   int64
	SiteID     int64
	SiteName   string
	TenantName string
	AreaName   string
	DocNumber  string
	FullName   string
	BirthDate  *time.Time
	Sex        string
	Reasons    string
	ScannedAt  time.Time
	Note       *string // the review's note, once reviewed
	Reviewer   *string
	ReviewedAt *time.Time
}

// suspiciousQuery selects the suspicious scans at the sites in scope with their review.
func suspiciousQuery(tx *gorm.DB, scope policies.Scope) *gorm.DB {
	return scope.Where(tx.Table("suspicious_scans x").
		Joins("JOIN sites s ON s.tenant_id = x.tenant_id AND s.id = x.site_id").
		Joins("JOIN tenants t ON t.id = x.tenant_id").Joins("JOIN areas a ON a.id = s.area_id").
		Joins("LEFT JOIN suspicious_reviews v ON v.tenant_id = x.tenant_id AND v.scan_id = x.id").
		Joins("LEFT JOIN users ru ON ru.id = v.reviewed_by"), "s")
}

const suspiciousColumns = `x.id, x.tenant_id, x.site_id, s.name AS site_name, t.name AS tenant_name, a.name AS area_name, x.doc_number, x.full_name,
	x.birth_date, x.sex, array_to_string(x.reasons, ',') AS reasons, x.scanned_at, v.note, ru.full_name AS reviewer, v.reviewed_at`

// listSuspicious pages through the scans in scope, newest first: show ""
// lists those not reviewed, "reviewed" the reviewed ones, "all" every one.
func listSuspicious(tx *gorm.DB, scope policies.Scope, show string, page int) ([]SuspiciousScan, int64, error) {
	q := suspiciousQuery(tx, scope)
	switch show {
	case "reviewed":
		q = q.Where("v.scan_id IS NOT NULL")
	case "all":
	default:
		q = q.Where("v.scan_id IS NULL")
	}
	var total int64
	if err := q.Session(&gormSession).Count(&total).Error; err != nil {
		return nil, 0, fmt.Errorf("accommodation: count suspicious scans: %w", err)
	}
	var rows []SuspiciousScan
	err := q.Select(suspiciousColumns).Order("x.scanned_at DESC, x.id DESC").Limit(store.PerPage).Offset(store.Offset(page)).Scan(&rows).Error
	if err != nil {
		return nil, 0, fmt.Errorf("accommodation: list suspicious scans: %w", err)
	}
	return rows, total, nil
}

// getSuspicious returns one scan in scope, or store.ErrNotFound.
func getSuspicious(tx *gorm.DB, scope policies.Scope, tenantID, id int64) (SuspiciousScan, error) {
	var x SuspiciousScan
	if err := suspiciousQuery(tx, scope).Where("x.tenant_id = ? AND x.id = ?", tenantID, id).Select(suspiciousColumns).Scan(&x).Error; err != nil {
		return x, fmt.Errorf("accommodation: read suspicious scan %d: %w", id, err)
	}
	if x.ID == 0 {
		return x, store.ErrNotFound
	}
	return x, nil
}

// reviewSuspicious records the police review of a scan: the note, the
// officer and their unit (nil for none).
func reviewSuspicious(tx *gorm.DB, x SuspiciousScan, note string, userID int64, unitID *int64) error {
	err := tx.Table("suspicious_reviews").Create(map[string]any{
		"tenant_id": x.TenantID, "scan_id": x.ID, "site_id": x.SiteID, "note": note, "reviewed_by": userID, "unit_id": unitID,
	}).Error
	if err != nil {
		return fmt.Errorf("accommodation: review suspicious scan %d: %w", x.ID, err)
	}
	return nil
}
