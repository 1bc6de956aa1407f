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
// number, in tx, and tells the alerted units live once tx commits. The
// units whose jurisdiction holds the site and PC06 see the details (who
// and where); the unit that entered the number, when the site is outside
// its jurisdiction, learns only that its entry matched and which local
// unit to ask.
func Match(tx *gorm.DB, h Hit) (int, error) {
	tenantID, siteID := h.TenantID, h.SiteID
	var watches []struct{ ID, UnitID int64 }
	if err := tx.Raw(`SELECT id, unit_id FROM watchlist WHERE doc_number = ? AND removed_at IS NULL`, strings.ToUpper(h.DocNumber)).Scan(&watches).Error; err != nil {
		return 0, fmt.Errorf("watch: look up watchlist: %w", err)
	}
	if len(watches) == 0 {
		return 0, nil
	}
	// the units whose jurisdiction holds the site, the nearest first, and PC06
	var local []struct {
		ID    int64
		Kind  string
		Depth int
	}
	err := tx.Raw(`SELECT u.id, u.kind, min(coalesce(c.depth, 0)) AS depth FROM police_units u
		LEFT JOIN casbin_rule r ON r.ptype = 'p2' AND r.v0 = 'unit:' || u.code
		LEFT JOIN areas g ON r.v1 = 'area:' || g.code
		LEFT JOIN area_closure c ON c.ancestor_id = g.id
		LEFT JOIN sites s ON s.area_id = c.descendant_id AND s.tenant_id = ? AND s.id = ?
		WHERE u.kind = 'pc06' OR r.v1 = 'province' OR s.id IS NOT NULL
		GROUP BY u.id, u.kind, u.code ORDER BY (u.kind = 'local_police') DESC, depth ASC, u.code`, tenantID, siteID).Scan(&local).Error
	if err != nil {
		return 0, fmt.Errorf("watch: units of the site: %w", err)
	}
	var contact any
	for _, u := range local {
		if u.Kind == "local_police" {
			contact = u.ID
			break
		}
	}
	for _, w := range watches {
		var alertID int64
		if err := tx.Raw(`INSERT INTO watch_alerts (watch_id, tenant_id, site_id, source, record_id, full_name, doc_number, site_name, area_name,
				contact_unit_id)
			SELECT ?, s.tenant_id, s.id, ?, ?, ?, ?, s.name, a.name, ?
			FROM sites s JOIN areas a ON a.id = s.area_id
			WHERE s.tenant_id = ? AND s.id = ? RETURNING id`, w.ID, h.Source, h.RecordID, h.FullName, strings.ToUpper(h.DocNumber),
			contact, tenantID, siteID).Scan(&alertID).Error; err != nil {
			return 0, fmt.Errorf("watch: raise alert: %w", err)
		}
		if alertID == 0 {
			return 0, fmt.Errorf("watch: raise alert: site %d not found", siteID)
		}
		details := map[int64]bool{w.UnitID: false}
		for _, u := range local {
			details[u.ID] = true
		}
		for u, full := range details {
			if err := tx.Exec(`INSERT INTO watch_alert_units (tenant_id, alert_id, unit_id, details) VALUES (?, ?, ?, ?)`,
				tenantID, alertID, u, full).Error; err != nil {
				return 0, fmt.Errorf("watch: address alert: %w", err)
			}
			if err := live.Publish(tx, Topic(u), strconv.FormatInt(alertID, 10)); err != nil {
				return 0, err
			}
		}
	}
	return len(watches), nil
}
