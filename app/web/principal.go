package web

import (
	"fmt"
	"strings"

	"gorm.io/gorm"

	"portal06/app/audit"
	"portal06/policies"
)

// loadPrincipal reads the user and every membership they hold. Row-level
// security shows a user their own tenant memberships through app.user_id.
func loadPrincipal(tx *gorm.DB, userID int64) (*Principal, error) {
	if err := (policies.Scope{}).Apply(tx, userID); err != nil {
		return nil, err
	}
	var u struct {
		ID                 int64
		Username, FullName string
	}
	err := tx.Raw(`SELECT id, username, full_name FROM users WHERE id = ?`, userID).Scan(&u).Error
	if err != nil || u.ID == 0 {
		return nil, fmt.Errorf("web: load user %d: %w", userID, err)
	}
	p := &Principal{UserID: u.ID, Username: u.Username, FullName: u.FullName}
	var staff []struct {
		Role     string
		UnitID   *int64
		UnitCode *string
		UnitName *string
		UnitKind *string
	}
	err = tx.Raw(`SELECT m.role, m.unit_id, u.code AS unit_code, u.name AS unit_name, u.kind AS unit_kind
		FROM staff_memberships m LEFT JOIN police_units u ON u.id = m.unit_id
		WHERE m.user_id = ? ORDER BY m.role`, userID).Scan(&staff).Error
	if err != nil {
		return nil, fmt.Errorf("web: load staff roles of user %d: %w", userID, err)
	}
	for _, m := range staff {
		switch m.Role {
		case "admin":
			p.Admin = true
		case "province_official":
			p.Province = true
		case "police_officer", "police_commander":
			if m.UnitID != nil && (p.Unit == nil || m.Role == "police_commander") {
				role := m.Role
				if m.UnitKind != nil && *m.UnitKind == "pc06" {
					// PC06 owns the province's residence data: its officers hold roles of their own
					role = strings.Replace(role, "police_", "pc06_", 1)
				}
				p.Unit = &UnitMembership{UnitID: *m.UnitID, Code: *m.UnitCode, Name: *m.UnitName, Role: role}
			}
		}
	}
	err = tx.Raw(`SELECT m.tenant_id, t.slug, t.name, t.kind, m.role, m.all_sites, t.tax_code
		FROM tenant_memberships m JOIN tenants t ON t.id = m.tenant_id
		WHERE m.user_id = ? ORDER BY t.name`, userID).Scan(&p.Tenants).Error
	if err != nil {
		return nil, fmt.Errorf("web: load tenant memberships of user %d: %w", userID, err)
	}
	return p, nil
}

// Who fills in who made the request (user, role and police unit, if any)
// on an audit entry, and trims its stated purpose.
func (r *Request) Who(e audit.Entry) audit.Entry {
	e.UserID, e.Role, e.Purpose = r.User.UserID, r.Role, strings.TrimSpace(e.Purpose)
	e.Username = r.User.Username
	if r.User.Unit != nil {
		e.Unit = r.User.Unit.Code
	}
	return e
}
