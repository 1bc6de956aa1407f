package apartment

import (
	"time"

	"gorm.io/gorm"

	"portal06/app/identity"
)

// saveIdentity keeps the resident in the core's identity records, which
// matches a new number against the police watchlists.
func saveIdentity(tx *gorm.DB, r Resident, now time.Time) error {
	_, err := identity.Save(tx, identity.Record{TenantID: r.TenantID, SiteID: r.SiteID, Source: "resident", RecordID: r.ID,
		DocType: r.DocType, DocNumber: r.DocNumber, FullName: r.FullName, BirthDate: r.BirthDate, Sex: r.Sex, SeenAt: now})
	return err
}
