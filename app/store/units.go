package store

import (
	"fmt"
	"strings"

	"gorm.io/gorm"

	"portal06/policies"
)

// UnitKinds are the kinds of police unit.
var UnitKinds = []string{"province_police", "pc06", "local_police"}

// UnitInput is what a police unit form sends.
type UnitInput struct {
	Code     string
	Name     string
	Kind     string
	ParentID int64 // 0 for none
	AreaID   int64 // 0 for none
}

// UnitRow is a police unit with its jurisdiction grants.
type UnitRow struct {
	ID         int64
	Code       string
	Name       string
	Kind       string
	ParentID   *int64
	ParentName *string
	AreaID     *int64
	AreaName   *string
	Members    int
}

func (in UnitInput) check(tx *gorm.DB, selfID int64) error {
	var c checker
	c.match("code", in.Code, unitCodeRe, "validation.unit_code")
	c.text("name", in.Name, 200)
	c.oneOf("kind", in.Kind, UnitKinds)
	if in.ParentID != 0 {
		var ok bool
		// the parent must exist and must not be the unit or below it
		err := tx.Raw(`WITH RECURSIVE up AS (
				SELECT id, parent_id FROM police_units WHERE id = ?
				UNION ALL SELECT u.id, u.parent_id FROM police_units u JOIN up ON u.id = up.parent_id)
			SELECT EXISTS (SELECT 1 FROM police_units WHERE id = ?) AND NOT EXISTS (SELECT 1 FROM up WHERE id = ?)`,
			in.ParentID, in.ParentID, selfID).Scan(&ok).Error
		if err != nil || !ok {
			c.fail("parent_id", "validation.choice")
		}
	}
	if in.AreaID != 0 {
		var n int64
		if err := tx.Raw(`SELECT count(*) FROM areas WHERE id = ?`, in.AreaID).Scan(&n).Error; err != nil || n == 0 {
			c.fail("area_id", "validation.choice")
		}
	}
	return c.err()
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// CreateUnit validates and stores a police unit.
func CreateUnit(tx *gorm.DB, in UnitInput) (int64, error) {
	in.Code = strings.ToUpper(in.Code)
	if err := in.check(tx, 0); err != nil {
		return 0, err
	}
	var id int64
	err := Savepoint(tx, func(sp *gorm.DB) error {
		return sp.Raw(`INSERT INTO police_units (code, name, kind, parent_id, area_id) VALUES (?, ?, ?, ?, ?) RETURNING id`,
			in.Code, in.Name, in.Kind, nullID(in.ParentID), nullID(in.AreaID)).Scan(&id).Error
	})
	if _, dup := IsUniqueViolation(err); dup {
		return 0, Invalid{"code": "validation.taken"}
	}
	if IsForeignKeyViolation(err) {
		return 0, Invalid{"parent_id": "validation.choice"}
	}
	if err != nil {
		return 0, fmt.Errorf("store: create unit: %w", err)
	}
	return id, nil
}

// UpdateUnit changes a unit's name, kind, parent and home area; the code is fixed
// because the unit's grants name it.
func UpdateUnit(tx *gorm.DB, id int64, in UnitInput) error {
	if err := in.check(tx, id); err != nil {
		return err
	}
	var n int64
	err := Savepoint(tx, func(sp *gorm.DB) error {
		res := sp.Exec(`UPDATE police_units SET name = ?, kind = ?, parent_id = ?, area_id = ? WHERE id = ?`,
			in.Name, in.Kind, nullID(in.ParentID), nullID(in.AreaID), id)
		n = res.RowsAffected
		return res.Error
	})
	if IsForeignKeyViolation(err) {
		// the parent or the area was deleted in the meantime
		return Invalid{"parent_id": "validation.choice"}
	}
	if err != nil {
		return fmt.Errorf("store: update unit %d: %w", id, err)
	}
	if n == 0 {
		return ErrNotFound
	}
	return nil
}

const unitColumns = `u.id, u.code, u.name, u.kind, u.parent_id, p.name AS parent_name, u.area_id, a.name AS area_name,
	(SELECT count(*) FROM staff_memberships m WHERE m.unit_id = u.id) AS members`

// GetUnit returns one unit, or ErrNotFound.
func GetUnit(tx *gorm.DB, id int64) (UnitRow, error) {
	var u UnitRow
	err := tx.Raw(`SELECT `+unitColumns+` FROM police_units u LEFT JOIN police_units p ON p.id = u.parent_id
		LEFT JOIN areas a ON a.id = u.area_id WHERE u.id = ?`, id).Scan(&u).Error
	if err != nil {
		return u, fmt.Errorf("store: get unit %d: %w", id, err)
	}
	if u.ID == 0 {
		return u, ErrNotFound
	}
	return u, nil
}

// ListUnits pages through the police units.
func ListUnits(tx *gorm.DB, page int) ([]UnitRow, int64, error) {
	var total int64
	if err := tx.Table("police_units").Count(&total).Error; err != nil {
		return nil, 0, fmt.Errorf("store: count units: %w", err)
	}
	var rows []UnitRow
	err := tx.Raw(`SELECT `+unitColumns+` FROM police_units u LEFT JOIN police_units p ON p.id = u.parent_id
		LEFT JOIN areas a ON a.id = u.area_id ORDER BY u.parent_id NULLS FIRST, u.name LIMIT ? OFFSET ?`,
		PerPage, Offset(page)).Scan(&rows).Error
	if err != nil {
		return nil, 0, fmt.Errorf("store: list units: %w", err)
	}
	return rows, total, nil
}

// AllUnits lists every unit by name, for a select.
func AllUnits(tx *gorm.DB) ([]UnitRow, error) {
	var rows []UnitRow
	if err := tx.Raw(`SELECT id, code, name, kind FROM police_units ORDER BY name`).Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("store: list all units: %w", err)
	}
	return rows, nil
}

// UnitSubject is the Casbin subject of a unit's jurisdiction grants.
func UnitSubject(code string) string { return "unit:" + code }

// Jurisdiction lists the areas a unit's grants name, with the grant rows' areas resolved.
func Jurisdiction(tx *gorm.DB, code string) ([]Area, error) {
	var out []Area
	err := tx.Raw(`SELECT a.id, a.code, a.name, a.kind, a.parent_id FROM casbin_rule r
		JOIN areas a ON 'area:' || a.code = r.v1 WHERE r.ptype = 'p2' AND r.v0 = ? ORDER BY a.name`,
		UnitSubject(code)).Scan(&out).Error
	if err != nil {
		return nil, fmt.Errorf("store: jurisdiction of %s: %w", code, err)
	}
	return out, nil
}

// GrantArea adds an area (and so every area below it) to a unit's jurisdiction.
func GrantArea(tx *gorm.DB, unitCode string, areaID int64) error {
	var code string
	if err := tx.Raw(`SELECT code FROM areas WHERE id = ?`, areaID).Scan(&code).Error; err != nil {
		return fmt.Errorf("store: look up area %d: %w", areaID, err)
	}
	if code == "" {
		return Invalid{"area_id": "validation.choice"}
	}
	_, err := policies.AddRule(tx, policies.Rule{Ptype: "p2", V: []string{UnitSubject(unitCode), "area:" + code}})
	return err
}

// RevokeArea removes an area from a unit's jurisdiction.
func RevokeArea(tx *gorm.DB, unitCode, areaCode string) error {
	return policies.RemoveRule(tx, policies.Rule{Ptype: "p2", V: []string{UnitSubject(unitCode), "area:" + areaCode}})
}
