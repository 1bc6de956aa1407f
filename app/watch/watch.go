// Package watch keeps police watchlists and raises an alert when a check-in
// anywhere in the province matches one, in the check-in's own transaction.
package watch

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"gorm.io/gorm"

	"portal06/app/live"
)

// Topic is the live topic of a unit's alerts.
func Topic(unitID int64) string { return "alerts:" + strconv.FormatInt(unitID, 10) }

var numberRe = regexp.MustCompile(`^[A-Z0-9]{5,20}$`)

// ValidNumber reports whether n is a CCCD or passport number as the watchlist keeps them.
func ValidNumber(n string) bool { return numberRe.MatchString(n) }

// Hit is a record of a person, of any tenant kind, to match: named by its
// source and id, with what the alerted units see.
type Hit struct {
	TenantID, SiteID int64
	Source           string
	RecordID         int64
	FullName         string
	DocNumber        string
}

// Match raises an alert for every active watchlist entry with the person's
// number: the units whose jurisdiction holds the site and the unit that
// entered the number are told, live, once tx commits.
func Match(tx *gorm.DB, h Hit) (int, error) {
	tenantID, siteID := h.TenantID, h.SiteID
	var watches []struct{ ID, UnitID int64 }
	if err := tx.Raw(`SELECT id, unit_id FROM watchlist WHERE doc_number = ? AND removed_at IS NULL`, strings.ToUpper(h.DocNumber)).Scan(&watches).Error; err != nil {
		return 0, fmt.Errorf("watch: look up watchlist: %w", err)
	}
	if len(watches) == 0 {
		return 0, nil
	}
	var local []int64
	err := tx.Raw(`SELECT DISTINCT u.id FROM casbin_rule r JOIN police_units u ON r.v0 = 'unit:' || u.code
		LEFT JOIN areas g ON r.v1 = 'area:' || g.code
		WHERE r.ptype = 'p2' AND (r.v1 = 'province' OR EXISTS (
			SELECT 1 FROM area_closure c JOIN sites s ON s.area_id = c.descendant_id
			WHERE c.ancestor_id = g.id AND s.tenant_id = ? AND s.id = ?))`, tenantID, siteID).Scan(&local).Error
	if err != nil {
		return 0, fmt.Errorf("watch: units of the site: %w", err)
	}
	for _, w := range watches {
		var alertID int64
		if err := tx.Raw(`INSERT INTO watch_alerts (watch_id, tenant_id, site_id, source, record_id, full_name, doc_number, site_name, area_name)
			SELECT ?, s.tenant_id, s.id, ?, ?, ?, ?, s.name, a.name
			FROM sites s JOIN areas a ON a.id = s.area_id
			WHERE s.tenant_id = ? AND s.id = ? RETURNING id`, w.ID, h.Source, h.RecordID, h.FullName, strings.ToUpper(h.DocNumber),
			tenantID, siteID).Scan(&alertID).Error; err != nil {
			return 0, fmt.Errorf("watch: raise alert: %w", err)
		}
		if alertID == 0 {
			return 0, fmt.Errorf("watch: raise alert: site %d not found", siteID)
		}
		units := map[int64]bool{w.UnitID: true}
		for _, u := range local {
			units[u] = true
		}
		for u := range units {
			if err := tx.Exec(`INSERT INTO watch_alert_units (tenant_id, alert_id, unit_id) VALUES (?, ?, ?)`, tenantID, alertID, u).Error; err != nil {
				return 0, fmt.Errorf("watch: address alert: %w", err)
			}
			if err := live.Publish(tx, Topic(u), strconv.FormatInt(alertID, 10)); err != nil {
				return 0, err
			}
		}
	}
	return len(watches), nil
}
