package apartment

import (
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"

	"portal06/app/kind"
	"portal06/app/web"
)

// PeopleQuery finds residents, past and present, of the sites in the
// request's scope: one hit per document, latest residence first.
func (k *Kind) PeopleQuery(r *web.Request, q kind.PersonQuery, limit int) *gorm.DB {
	db := r.Scope.Where(r.Tx.Table("apt_residents x").Joins("JOIN sites s ON s.tenant_id = x.tenant_id AND s.id = x.site_id"), "s")
	db, ok := q.Where(db, "x")
	if !ok {
		return nil
	}
	return db.Select(`x.doc_type, x.doc_number, (array_agg(x.full_name ORDER BY x.move_in DESC, x.id DESC))[1] AS full_name,
			(array_agg(x.birth_date ORDER BY x.move_in DESC, x.id DESC))[1] AS birth_date,
			(array_agg(x.nationality ORDER BY x.move_in DESC, x.id DESC))[1] AS nationality,
			max(x.move_in)::timestamptz AS last_seen, (array_agg(s.name ORDER BY x.move_in DESC, x.id DESC))[1] AS last_place, count(*) AS records`).
		Group("x.doc_type, x.doc_number").Order("last_seen DESC").Limit(limit)
}

// PersonHistory lists a person's residences at the sites in scope, oldest first.
func (k *Kind) PersonHistory(r *web.Request, docType, number string) ([]kind.PersonEvent, error) {
	var rows []struct {
		MoveIn        time.Time
		MoveOut       *time.Time
		MoveOutReason string
		SiteName      string
		AreaName      string
		TenantName    string
		UnitCode      string
		Relation      string
		ResidenceType string
		TamtruStatus  string
	}
	err := r.Scope.Where(r.Tx.Table("apt_residents x").Joins("JOIN sites s ON s.tenant_id = x.tenant_id AND s.id = x.site_id").
		Joins("JOIN areas a ON a.id = s.area_id").Joins("JOIN tenants t ON t.id = x.tenant_id").
		Joins("JOIN apt_units u ON u.tenant_id = x.tenant_id AND u.id = x.unit_id"), "s").
		Where("x.doc_type = ? AND x.doc_number = ?", docType, strings.ToUpper(number)).
		Select(`x.move_in, x.move_out, x.move_out_reason, s.name AS site_name, a.name AS area_name, t.name AS tenant_name,
			u.code AS unit_code, x.relation, x.residence_type, x.tamtru_status`).
		Order("x.move_in, x.id").Limit(200).Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("apartment: person history: %w", err)
	}
	out := make([]kind.PersonEvent, len(rows))
	for i, x := range rows {
		until := r.T.T("apt.living_now")
		if x.MoveOut != nil {
			until = r.T.T("apt.moved_out_on", "Date", r.T.Date(*x.MoveOut)) + " (" + x.MoveOutReason + ")"
		}
		out[i] = kind.PersonEvent{At: x.MoveIn, Place: x.SiteName + " · " + x.AreaName, Tenant: x.TenantName,
			What: r.T.T("apt.person_residence", "Type", r.T.T("apt.type_"+x.ResidenceType)),
			Detail: fmt.Sprintf("%s %s · %s · %s · %s", label(r, "unit"), x.UnitCode, r.T.T("apt.relation_"+x.Relation), until,
				r.T.T("apt.tstatus_"+x.TamtruStatus))}
	}
	return out, nil
}
