package notary

import (
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"

	"portal06/app/kind"
	"portal06/app/web"
)

// PeopleQuery finds parties checked at the notary offices in the
// request's scope, one hit per document, newest first.
func (k *Kind) PeopleQuery(r *web.Request, q kind.PersonQuery, limit int) *gorm.DB {
	db := r.Scope.Where(r.Tx.Table("notary_parties p").Joins("JOIN sites s ON s.tenant_id = p.tenant_id AND s.id = p.site_id"), "s")
	db, ok := q.Where(db, "p")
	if !ok {
		return nil
	}
	return db.Select(`'cccd' AS doc_type, p.doc_number, (array_agg(p.full_name ORDER BY p.created_at DESC))[1] AS full_name,
			(array_agg(p.birth_date ORDER BY p.created_at DESC))[1] AS birth_date, 'VNM' AS nationality,
			max(p.created_at) AS last_seen, (array_agg(s.name ORDER BY p.created_at DESC))[1] AS last_place, count(*) AS records`).
		Group("p.doc_number").Order("last_seen DESC").Limit(limit)
}

// PersonHistory lists a person's parts in notarial acts at the offices in
// scope, with each check's verdict, oldest first.
func (k *Kind) PersonHistory(r *web.Request, docType, number string) ([]kind.PersonEvent, error) {
	if docType != "cccd" {
		return nil, nil
	}
	var rows []struct {
		CreatedAt                      time.Time
		SiteName, AreaName, TenantName string
		Role, ActType, ActNumber       string
		Verdict, Reasons               string
	}
	err := r.Scope.Where(r.Tx.Table("notary_parties p").Joins("JOIN sites s ON s.tenant_id = p.tenant_id AND s.id = p.site_id").
		Joins("JOIN areas a ON a.id = s.area_id").Joins("JOIN tenants t ON t.id = p.tenant_id").
		Joins("JOIN notary_acts n ON n.tenant_id = p.tenant_id AND n.id = p.act_id").Joins(latestCheck), "s").
		Where("p.doc_number = ?", strings.ToUpper(number)).
		Select(`p.created_at, s.name AS site_name, a.name AS area_name, t.name AS tenant_name, p.role, n.act_type, n.number AS act_number,
			coalesce(c.verdict, 'unverified') AS verdict, coalesce(array_to_string(c.reasons, ','), '') AS reasons`).
		Order("p.created_at, p.id").Limit(500).Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("notary: person history: %w", err)
	}
	out := make([]kind.PersonEvent, len(rows))
	for i, x := range rows {
		var why []string
		for _, re := range splitList(x.Reasons) {
			why = append(why, r.T.T("notary.reason_"+re))
		}
		detail := x.ActNumber + " · " + r.T.T("notary.verdict_short_"+x.Verdict)
		if len(why) > 0 {
			detail += ": " + strings.Join(why, "; ")
		}
		out[i] = kind.PersonEvent{At: x.CreatedAt, Place: x.SiteName + " · " + x.AreaName, Tenant: x.TenantName,
			What: r.T.T("notary.person_event", "Role", r.T.T("notary.role_"+x.Role), "Type", r.T.T("notary.type_"+x.ActType)), Detail: detail}
	}
	return out, nil
}
