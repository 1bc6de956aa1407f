package apartment

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"gorm.io/gorm"

	"portal06/app/figures"
	"portal06/app/store"
)

// Unit is a flat of a building, or a room of a boarding house.
type Unit struct {
	ID           int64
	SiteID       int64
	BuildingID   *int64
	BuildingCode string
	Code         string
	Floor        int
	Capacity     int
	Residents    int // active now
}

// UnitInput is a unit to create: Building is the building's code (flats
// of an apartment block) and empty for a boarding house's rooms.
type UnitInput struct {
	Building string
	Code     string
	Floor    string
	Capacity string
}

var (
	unitCodeRe     = regexp.MustCompile(`^[A-Z0-9][A-Z0-9.-]{0,19}$`)
	buildingCodeRe = regexp.MustCompile(`^[A-Z0-9]{1,10}$`)
)

// NormCode is a unit or building code as stored: trimmed, upper case.
func NormCode(s string) string { return strings.ToUpper(strings.TrimSpace(s)) }

// unitRow is a checked unit ready to insert.
type unitRow struct {
	building string
	code     string
	floor    int
	capacity int
}

// check validates a unit of a site of siteKind, field by field.
func (in UnitInput) check(siteKind string) (unitRow, store.Invalid) {
	bad := store.Invalid{}
	u := unitRow{building: NormCode(in.Building), code: NormCode(in.Code)}
	if u.code == "" {
		bad["code"] = "validation.required"
	} else if !unitCodeRe.MatchString(u.code) {
		bad["code"] = "apt.code_invalid"
	}
	if siteKind == "apartment_block" {
		if u.building == "" {
			bad["building"] = "validation.required"
		} else if !buildingCodeRe.MatchString(u.building) {
			bad["building"] = "apt.building_invalid"
		}
	} else if u.building != "" {
		bad["building"] = "apt.no_buildings"
	}
	var err error
	if strings.TrimSpace(in.Floor) == "" {
		bad["floor"] = "validation.required"
	} else if u.floor, err = strconv.Atoi(strings.TrimSpace(in.Floor)); err != nil || u.floor < -5 || u.floor > 200 {
		bad["floor"] = "apt.floor_invalid"
	}
	if strings.TrimSpace(in.Capacity) == "" {
		bad["capacity"] = "validation.required"
	} else if u.capacity, err = strconv.Atoi(strings.TrimSpace(in.Capacity)); err != nil || u.capacity < 1 || u.capacity > 100 {
		bad["capacity"] = "apt.capacity_invalid"
	}
	return u, bad
}

// buildingID finds or creates the building with code at a site.
func buildingID(tx *gorm.DB, tenantID, siteID int64, code string) (int64, error) {
	var id int64
	err := tx.Raw(`INSERT INTO apt_buildings (tenant_id, site_id, code, name) VALUES (?, ?, ?, ?)
		ON CONFLICT (tenant_id, site_id, code) DO UPDATE SET code = excluded.code RETURNING id`,
		tenantID, siteID, code, "Tòa "+code).Scan(&id).Error
	if err != nil {
		return 0, fmt.Errorf("apartment: building %s: %w", code, err)
	}
	return id, nil
}

// insertUnits stores checked units in a savepoint: all or none. A code the
// site already has is reported by its position in rows.
func insertUnits(tx *gorm.DB, tenantID, siteID int64, rows []unitRow) (int, error) {
	tx.SavePoint("units")
	var first bool
	if err := tx.Raw(`SELECT NOT EXISTS (SELECT 1 FROM apt_units WHERE tenant_id = ? AND site_id = ?)`, tenantID, siteID).Scan(&first).Error; err != nil {
		return 0, fmt.Errorf("apartment: units of site %d: %w", siteID, err)
	}
	buildings := map[string]int64{}
	for i, u := range rows {
		var b any
		if u.building != "" {
			id, ok := buildings[u.building]
			if !ok {
				var err error
				if id, err = buildingID(tx, tenantID, siteID, u.building); err != nil {
					tx.RollbackTo("units")
					return i, err
				}
				buildings[u.building] = id
			}
			b = id
		}
		err := tx.Exec(`INSERT INTO apt_units (tenant_id, site_id, building_id, code, floor, capacity) VALUES (?, ?, ?, ?, ?, ?)`,
			tenantID, siteID, b, u.code, u.floor, u.capacity).Error
		if err != nil {
			tx.RollbackTo("units")
			if _, dup := store.IsUniqueViolation(err); dup {
				return i, store.Invalid{"code": "apt.code_taken"}
			}
			return i, fmt.Errorf("apartment: insert unit %s: %w", u.code, err)
		}
	}
	if first && len(rows) > 0 {
		if err := figures.Add(tx, IndSites, tenantID, siteID, time.Now(), 1, 0); err != nil {
			tx.RollbackTo("units")
			return 0, err
		}
	}
	return len(rows), nil
}

// CreateUnit validates and stores one unit.
func CreateUnit(tx *gorm.DB, tenantID, siteID int64, siteKind string, in UnitInput) error {
	u, bad := in.check(siteKind)
	if len(bad) > 0 {
		return bad
	}
	_, err := insertUnits(tx, tenantID, siteID, []unitRow{u})
	return err
}

// UnitFilter narrows a list of units.
type UnitFilter struct {
	SiteID   int64
	Building string // building code
	Code     string // prefix of the unit's code
}

// ListUnits lists a site's units with their residents now, a page at a time.
func ListUnits(tx *gorm.DB, tenantID int64, f UnitFilter, page, perPage int) ([]Unit, int64, error) {
	q := tx.Table("apt_units u").Joins("LEFT JOIN apt_buildings b ON b.tenant_id = u.tenant_id AND b.id = u.building_id").
		Where("u.tenant_id = ? AND u.site_id = ?", tenantID, f.SiteID)
	if f.Building != "" {
		q = q.Where("b.code = ?", NormCode(f.Building))
	}
	if f.Code != "" {
		q = q.Where("u.code LIKE ?", likePrefix(NormCode(f.Code)))
	}
	var total int64
	if err := q.Count(&total).Error; err != nil {
		return nil, 0, fmt.Errorf("apartment: count units: %w", err)
	}
	var out []Unit
	err := q.Select(`u.id, u.site_id, u.building_id, coalesce(b.code, '') AS building_code, u.code, u.floor, u.capacity,
		(SELECT count(*) FROM apt_residents r WHERE r.tenant_id = u.tenant_id AND r.unit_id = u.id AND r.move_out IS NULL) AS residents`).
		Order("u.code").Offset((page - 1) * perPage).Limit(perPage).Scan(&out).Error
	if err != nil {
		return nil, 0, fmt.Errorf("apartment: list units: %w", err)
	}
	return out, total, nil
}

// errNoUnit is a unit code a site does not have.
var errNoUnit = errors.New("apartment: no such unit")

// UnitByCode finds a site's unit by its code.
func UnitByCode(tx *gorm.DB, tenantID, siteID int64, code string) (Unit, error) {
	var u Unit
	err := tx.Raw(`SELECT u.id, u.site_id, u.building_id, coalesce(b.code, '') AS building_code, u.code, u.floor, u.capacity
		FROM apt_units u LEFT JOIN apt_buildings b ON b.tenant_id = u.tenant_id AND b.id = u.building_id
		WHERE u.tenant_id = ? AND u.site_id = ? AND u.code = ?`, tenantID, siteID, NormCode(code)).Scan(&u).Error
	if err != nil {
		return u, fmt.Errorf("apartment: unit %s: %w", code, err)
	}
	if u.ID == 0 {
		return u, errNoUnit
	}
	return u, nil
}

// GetUnit loads a unit of the tenant by id.
func GetUnit(tx *gorm.DB, tenantID, id int64) (Unit, error) {
	var u Unit
	err := tx.Raw(`SELECT u.id, u.site_id, u.building_id, coalesce(b.code, '') AS building_code, u.code, u.floor, u.capacity
		FROM apt_units u LEFT JOIN apt_buildings b ON b.tenant_id = u.tenant_id AND b.id = u.building_id
		WHERE u.tenant_id = ? AND u.id = ?`, tenantID, id).Scan(&u).Error
	if err != nil {
		return u, fmt.Errorf("apartment: unit %d: %w", id, err)
	}
	if u.ID == 0 {
		return u, errNoUnit
	}
	return u, nil
}

func likePrefix(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s) + "%"
}
