package store

import (
	"fmt"

	"gorm.io/gorm"

	"portal06/policies"
)

// Area is an administrative area.
type Area struct {
	ID       int64
	Code     string
	Name     string
	Kind     string
	ParentID *int64
}

// ListAreas returns every area, province first, then by name. The table is
// small reference data (the province and its ~55 wards, communes and zones).
func ListAreas(tx *gorm.DB) ([]Area, error) {
	var out []Area
	err := tx.Raw(`SELECT id, code, name, kind, parent_id FROM areas ORDER BY parent_id NULLS FIRST, name`).Scan(&out).Error
	if err != nil {
		return nil, fmt.Errorf("store: list areas: %w", err)
	}
	return out, nil
}

// AreaByCode returns the area with the official code, or ErrNotFound.
func AreaByCode(tx *gorm.DB, code string) (Area, error) {
	var a Area
	if err := tx.Raw(`SELECT id, code, name, kind, parent_id FROM areas WHERE code = ?`, code).Scan(&a).Error; err != nil {
		return a, fmt.Errorf("store: get area %s: %w", code, err)
	}
	if a.ID == 0 {
		return a, ErrNotFound
	}
	return a, nil
}

// AreasUnder lists the areas a scope covers, its granted areas and every
// area below them, by name; the whole province for a province-wide scope.
func AreasUnder(tx *gorm.DB, scope policies.Scope) ([]Area, error) {
	q := tx.Table("areas a")
	if !scope.All {
		q = q.Where(policies.InAreas("a.id"), append([]string{""}, scope.Areas...))
	}
	var out []Area
	if err := q.Select("a.id, a.code, a.name, a.kind, a.parent_id").Order("a.parent_id NULLS FIRST, a.name").Scan(&out).Error; err != nil {
		return nil, fmt.Errorf("store: areas of a scope: %w", err)
	}
	return out, nil
}
