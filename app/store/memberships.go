package store

import (
	"fmt"

	"gorm.io/gorm"

	"portal06/policies"
)

// StaffRoles are the roles held outside any tenant.
var StaffRoles = []string{"admin", "province_official", "police_officer", "police_commander"}

// TenantRoles are the roles held in a tenant. A notary (công chứng viên)
// is staff of a notary office who may also override a failed identity check.
var TenantRoles = []string{"owner", "manager", "staff", "notary"}

// Membership is one role a user holds: in a tenant, in a police unit, or at the province.
type Membership struct {
	Role       string
	TenantID   *int64
	TenantName *string
	TenantSlug *string
	AllSites   bool
	UnitID     *int64
	UnitName   *string
	SiteNames  []string `gorm:"-"`
}

// MemberSubject is the Casbin subject of a staff member limited to some sites.
func MemberSubject(tenantID, userID int64) string {
	return fmt.Sprintf("member:%d:%d", tenantID, userID)
}

// AddStaffRole gives a user a role outside the tenants; police roles need a unit.
func AddStaffRole(tx *gorm.DB, userID int64, role string, unitID int64) error {
	var c checker
	c.oneOf("role", role, StaffRoles)
	police := role == "police_officer" || role == "police_commander"
	switch {
	case police && unitID == 0:
		c.fail("unit_id", "validation.required")
	case police && unitID < 0:
		c.fail("unit_id", "validation.choice")
	case police:
		var n int64
		if err := tx.Raw(`SELECT count(*) FROM police_units WHERE id = ?`, unitID).Scan(&n).Error; err != nil {
			return fmt.Errorf("store: look up unit %d: %w", unitID, err)
		}
		if n == 0 {
			c.fail("unit_id", "validation.choice")
		}
	}
	if err := c.err(); err != nil {
		return err
	}
	if !police {
		unitID = 0
	}
	err := Savepoint(tx, func(sp *gorm.DB) error {
		return sp.Exec(`INSERT INTO staff_memberships (user_id, role, unit_id) VALUES (?, ?, ?)
		ON CONFLICT (user_id, role) DO UPDATE SET unit_id = excluded.unit_id`, userID, role, nullID(unitID)).Error
	})
	if IsForeignKeyViolation(err) {
		// the unit was deleted in the meantime
		return Invalid{"unit_id": "validation.choice"}
	}
	if err != nil {
		return fmt.Errorf("store: add role %s to user %d: %w", role, userID, err)
	}
	return nil
}

// RemoveStaffRole takes a staff role from a user.
func RemoveStaffRole(tx *gorm.DB, userID int64, role string) error {
	if err := tx.Exec(`DELETE FROM staff_memberships WHERE user_id = ? AND role = ?`, userID, role).Error; err != nil {
		return fmt.Errorf("store: remove role %s from user %d: %w", role, userID, err)
	}
	return nil
}

// AddTenantMember gives a user a role in a tenant. Staff limited to some
// sites get one p2 grant per site; everyone else sees the whole tenant.
func AddTenantMember(tx *gorm.DB, tenantID, userID int64, role string, siteIDs []int64) error {
	var c checker
	c.oneOf("role", role, TenantRoles)
	if tenantID == 0 {
		c.fail("tenant_id", "validation.required")
	}
	if role != "staff" && len(siteIDs) > 0 {
		c.fail("site_ids", "validation.sites_staff_only")
	}
	if len(siteIDs) > 0 {
		var n int64
		if err := tx.Raw(`SELECT count(*) FROM sites WHERE tenant_id = ? AND id IN ?`, tenantID, siteIDs).Scan(&n).Error; err != nil || n != int64(len(siteIDs)) {
			c.fail("site_ids", "validation.choice")
		}
	}
	if err := c.err(); err != nil {
		return err
	}
	if err := removeMemberGrants(tx, tenantID, userID); err != nil {
		return err
	}
	err := tx.Exec(`INSERT INTO tenant_memberships (tenant_id, user_id, role, all_sites) VALUES (?, ?, ?, ?)
		ON CONFLICT (tenant_id, user_id) DO UPDATE SET role = excluded.role, all_sites = excluded.all_sites`,
		tenantID, userID, role, len(siteIDs) == 0).Error
	if err != nil {
		return fmt.Errorf("store: add user %d to tenant %d: %w", userID, tenantID, err)
	}
	for _, s := range siteIDs {
		rule := policies.Rule{Ptype: "p2", V: []string{MemberSubject(tenantID, userID), fmt.Sprintf("site:%d", s)}}
		if _, err := policies.AddRule(tx, rule); err != nil {
			return err
		}
	}
	return nil
}

// RemoveTenantMember takes a user out of a tenant, with their site grants.
func RemoveTenantMember(tx *gorm.DB, tenantID, userID int64) error {
	if err := tx.Exec(`DELETE FROM tenant_memberships WHERE tenant_id = ? AND user_id = ?`, tenantID, userID).Error; err != nil {
		return fmt.Errorf("store: remove user %d from tenant %d: %w", userID, tenantID, err)
	}
	return removeMemberGrants(tx, tenantID, userID)
}

func removeMemberGrants(tx *gorm.DB, tenantID, userID int64) error {
	err := tx.Exec(`DELETE FROM casbin_rule WHERE ptype = 'p2' AND v0 = ?`, MemberSubject(tenantID, userID)).Error
	if err != nil {
		return fmt.Errorf("store: remove site grants of user %d: %w", userID, err)
	}
	return nil
}

// Memberships lists every role a user holds.
func Memberships(tx *gorm.DB, userID int64) ([]Membership, error) {
	var out []Membership
	err := tx.Raw(`SELECT m.role, NULL::bigint AS tenant_id, NULL AS tenant_name, NULL AS tenant_slug, true AS all_sites,
			m.unit_id, u.name AS unit_name
		FROM staff_memberships m LEFT JOIN police_units u ON u.id = m.unit_id WHERE m.user_id = ?
		UNION ALL
		SELECT m.role, m.tenant_id, t.name, t.slug, m.all_sites, NULL, NULL
		FROM tenant_memberships m JOIN tenants t ON t.id = m.tenant_id WHERE m.user_id = ?
		ORDER BY 3 NULLS FIRST, 1`, userID, userID).Scan(&out).Error
	if err != nil {
		return nil, fmt.Errorf("store: memberships of user %d: %w", userID, err)
	}
	for i, m := range out {
		if m.TenantID == nil || m.AllSites {
			continue
		}
		err := tx.Raw(`SELECT s.name FROM casbin_rule r JOIN sites s ON 'site:' || s.id = r.v1
			WHERE r.ptype = 'p2' AND r.v0 = ? ORDER BY s.name`, MemberSubject(*m.TenantID, userID)).Scan(&out[i].SiteNames).Error
		if err != nil {
			return nil, fmt.Errorf("store: site grants of user %d: %w", userID, err)
		}
	}
	return out, nil
}

// TenantMember is a member as a tenant's page lists them.
type TenantMember struct {
	UserID   int64
	Username string
	FullName string
	Role     string
	AllSites bool
}

// TenantMembers lists the members of a tenant.
func TenantMembers(tx *gorm.DB, tenantID int64) ([]TenantMember, error) {
	var out []TenantMember
	err := tx.Raw(`SELECT u.id AS user_id, u.username, u.full_name, m.role, m.all_sites FROM tenant_memberships m
		JOIN users u ON u.id = m.user_id WHERE m.tenant_id = ? ORDER BY m.role, u.username`, tenantID).Scan(&out).Error
	if err != nil {
		return nil, fmt.Errorf("store: members of tenant %d: %w", tenantID, err)
	}
	return out, nil
}
