package web

import (
	"encoding/json"
	"fmt"
	"strings"

	"gorm.io/gorm"

	"portal06/app/audit"
	"portal06/app/auth"
)

// sessionRow is what web_session answers: the policy version, the session
// (user_id 0 when there is none; live false when it expired and was
// deleted) and, for a live one, the user and every membership they hold,
// read under the user's own scope (row-level security shows a user their
// own tenant memberships through app.user_id, which it wrote).
type sessionRow struct {
	Version   int64
	UserID    int64
	CSRFToken string
	Live      bool
	Username  string
	FullName  string
	Staff     string // JSON: [{role, unit_id, unit_code, unit_name, unit_kind}] by role
	Tenants   string // JSON: [{tenant_id, slug, name, kind, role, all_sites, tax_code}] by tenant name
}

// readSession reads, in one statement, the policy version and the session
// of the cookie token (none when token is empty).
func readSession(tx *gorm.DB, token string, idle float64) (sessionRow, error) {
	var row sessionRow
	hash := ""
	if token != "" {
		hash = auth.HashToken(token)
	}
	err := tx.Raw(`SELECT version, coalesce(user_id, 0) AS user_id, coalesce(csrf_token, '') AS csrf_token, live,
			coalesce(username, '') AS username, coalesce(full_name, '') AS full_name,
			coalesce(staff, '[]')::text AS staff, coalesce(tenants, '[]')::text AS tenants
		FROM web_session(?, ?)`, hash, idle).Scan(&row).Error
	if err != nil {
		return row, fmt.Errorf("web: read session: %w", err)
	}
	return row, nil
}

// principal is the user and their memberships from a live session's row.
func (row sessionRow) principal() (*Principal, error) {
	p := &Principal{UserID: row.UserID, Username: row.Username, FullName: row.FullName}
	var staff []struct {
		Role     string  `json:"role"`
		UnitID   *int64  `json:"unit_id"`
		UnitCode *string `json:"unit_code"`
		UnitName *string `json:"unit_name"`
		UnitKind *string `json:"unit_kind"`
	}
	if err := json.Unmarshal([]byte(row.Staff), &staff); err != nil {
		return nil, fmt.Errorf("web: staff roles of user %d: %w", row.UserID, err)
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
	if err := json.Unmarshal([]byte(row.Tenants), &p.Tenants); err != nil {
		return nil, fmt.Errorf("web: tenant memberships of user %d: %w", row.UserID, err)
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
