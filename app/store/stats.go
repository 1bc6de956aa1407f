package store

import (
	"fmt"

	"gorm.io/gorm"
)

// AreaKindCount is a number of sites of one kind in one top-level area.
type AreaKindCount struct {
	AreaID   int64
	AreaName string
	Kind     string
	Count    int64
}

// SitesByAreaAndSiteKind counts the sites under each area directly below
// the province, per kind of site (hotel, market…). Areas without sites are
// listed with kind "". It reads sites and areas only: joining tenants for
// their kind made the tenants' row-level security list every visible
// site's tenant (app_site_tenants()), most of the statement's time.
func SitesByAreaAndSiteKind(tx *gorm.DB) ([]AreaKindCount, error) {
	var out []AreaKindCount
	err := tx.Raw(`SELECT top.id AS area_id, top.name AS area_name, coalesce(s.kind, '') AS kind, count(s.id) AS count
		FROM areas top
		JOIN areas root ON root.id = top.parent_id AND root.parent_id IS NULL
		LEFT JOIN area_closure c ON c.ancestor_id = top.id
		LEFT JOIN sites s ON s.area_id = c.descendant_id
		GROUP BY top.id, top.name, s.kind ORDER BY top.name, s.kind`).Scan(&out).Error
	if err != nil {
		return nil, fmt.Errorf("store: count sites by area and kind: %w", err)
	}
	return out, nil
}

// Totals are the province's headline counts.
type Totals struct {
	Tenants int64
	Sites   int64
	Users   int64
	Units   int64
	Areas   int64
}

// CountTotals counts tenants, sites, users, police units and areas.
func CountTotals(tx *gorm.DB) (Totals, error) {
	var t Totals
	err := tx.Raw(`SELECT (SELECT count(*) FROM tenants) AS tenants, (SELECT count(*) FROM sites) AS sites,
		(SELECT count(*) FROM users WHERE NOT disabled) AS users, (SELECT count(*) FROM police_units) AS units,
		(SELECT count(*) FROM areas WHERE parent_id IS NOT NULL) AS areas`).Scan(&t).Error
	if err != nil {
		return t, fmt.Errorf("store: count totals: %w", err)
	}
	return t, nil
}

// CountTenantsByKind counts the visible tenants per kind.
func CountTenantsByKind(tx *gorm.DB) ([]KindCount, error) {
	var out []KindCount
	if err := tx.Raw(`SELECT kind, count(*) AS count FROM tenants GROUP BY kind ORDER BY kind`).Scan(&out).Error; err != nil {
		return nil, fmt.Errorf("store: count tenants by kind: %w", err)
	}
	return out, nil
}
