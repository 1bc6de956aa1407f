// Package identity keeps the kind-neutral record of every person a tenant
// kind registers, and matches each new or changed record against the
// police watchlists in the same transaction.
package identity

import (
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"

	"portal06/app/iddoc"
	"portal06/app/watch"
)

// Record is one kind's record of a person: a guest's stay, a resident, a
// visitor, a party checked at a notary.
type Record struct {
	TenantID  int64
	SiteID    int64
	Source    string // e.g. "stay", "resident", "notary_check"
	RecordID  int64
	DocType   string
	DocNumber string
	FullName  string
	BirthDate time.Time // zero when unknown
	Sex       string
	SeenAt    time.Time
}

// Save creates or updates the record in tx. When it is new, or its number
// changed, it is matched against the watchlists; it returns the number of
// watchlist entries that matched.
func Save(tx *gorm.DB, rec Record) (int, error) {
	number := strings.ToUpper(strings.TrimSpace(rec.DocNumber))
	var old struct{ DocNumber string }
	if err := tx.Raw(`SELECT doc_number FROM identity_records WHERE tenant_id = ? AND source = ? AND record_id = ?`,
		rec.TenantID, rec.Source, rec.RecordID).Scan(&old).Error; err != nil {
		return 0, fmt.Errorf("identity: look up %s %d: %w", rec.Source, rec.RecordID, err)
	}
	var birth any
	if !rec.BirthDate.IsZero() {
		birth = rec.BirthDate.Format("2006-01-02")
	}
	err := tx.Exec(`INSERT INTO identity_records (tenant_id, source, record_id, site_id, doc_type, doc_number, full_name, name_fold,
			birth_date, sex, seen_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (tenant_id, source, record_id) DO UPDATE SET site_id = excluded.site_id, doc_type = excluded.doc_type,
			doc_number = excluded.doc_number, full_name = excluded.full_name, name_fold = excluded.name_fold,
			birth_date = excluded.birth_date, sex = excluded.sex, updated_at = now()`,
		rec.TenantID, rec.Source, rec.RecordID, rec.SiteID, rec.DocType, number, rec.FullName, iddoc.Fold(rec.FullName),
		birth, rec.Sex, rec.SeenAt).Error
	if err != nil {
		return 0, fmt.Errorf("identity: save %s %d: %w", rec.Source, rec.RecordID, err)
	}
	if old.DocNumber == number {
		return 0, nil
	}
	return watch.Match(tx, watch.Hit{TenantID: rec.TenantID, SiteID: rec.SiteID, Source: rec.Source, RecordID: rec.RecordID,
		FullName: rec.FullName, DocNumber: number})
}
