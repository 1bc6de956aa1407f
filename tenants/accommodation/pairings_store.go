package accommodation

import (
	"fmt"
	"time"

	"gorm.io/gorm"

	"portal06/app/store"
)

// The storage of desk–phone pairings: raw SQL on the request's transaction.

type pairing struct {
	ID       int64
	SiteID   int64
	UserID   int64
	SiteName string
}

// livePairing returns the unexpired pairing of a token's hash with its
// site's name, or store.ErrNotFound.
func livePairing(tx *gorm.DB, tenantID int64, tokenHash string) (pairing, error) {
	var p pairing
	err := tx.Raw(`SELECT p.id, p.site_id, p.user_id, s.name AS site_name FROM pairings p
		JOIN sites s ON s.tenant_id = p.tenant_id AND s.id = p.site_id
		WHERE p.tenant_id = ? AND p.token_hash = ? AND p.expires_at > now()`, tenantID, tokenHash).Scan(&p).Error
	if err != nil {
		return p, fmt.Errorf("accommodation: find pairing: %w", err)
	}
	if p.ID == 0 {
		return p, store.ErrNotFound
	}
	return p, nil
}

// createPairing stores a pairing of a user's desk at a site, until expires.
func createPairing(tx *gorm.DB, tenantID, siteID, userID int64, tokenHash string, expires time.Time) error {
	err := tx.Exec(`INSERT INTO pairings (tenant_id, site_id, user_id, token_hash, expires_at) VALUES (?, ?, ?, ?, ?)`,
		tenantID, siteID, userID, tokenHash, expires).Error
	if err != nil {
		return fmt.Errorf("accommodation: create pairing: %w", err)
	}
	return nil
}
