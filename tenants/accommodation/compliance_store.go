package accommodation

import (
	"fmt"
	"time"

	"gorm.io/gorm"

	"portal06/policies"
)

// The storage of the police compliance report: gorm's query builder,
// narrowed by the request's scope.

// Compliance is one site's record over a period: check-ins due, accepted
// before their deadline, late (accepted after it) and missing (not accepted).
type Compliance struct {
	SiteName   string
	TenantName string
	AreaName   string
	Due        int64
	OnTime     int64
	Late       int64
	Missing    int64
}

// Rate is the share accepted on time, 0 to 100, or -1 when nothing was due.
func (c Compliance) Rate() int {
	if c.Due == 0 {
		return -1
	}
	return int(c.OnTime * 100 / c.Due)
}

// complianceBySite is each site's record of the accommodation kind in
// scope, for check-ins due in [from, to): the sites with late or missing
// ones first.
func complianceBySite(tx *gorm.DB, scope policies.Scope, from, to time.Time) ([]Compliance, error) {
	var out []Compliance
	err := scope.Where(tx.Table("sites s").Joins("JOIN tenants t ON t.id = s.tenant_id").Joins("JOIN areas a ON a.id = s.area_id").
		Joins(`LEFT JOIN LATERAL (
			SELECT count(*) AS due,
				count(*) FILTER (WHERE n.status = 'accepted' AND n.accepted_at <= n.deadline_at) AS on_time,
				count(*) FILTER (WHERE n.status = 'accepted' AND n.accepted_at > n.deadline_at) AS late,
				count(*) FILTER (WHERE n.status <> 'accepted') AS missing
			FROM (SELECT DISTINCT ON (x.stay_id) x.status, x.accepted_at, x.deadline_at FROM notifications x
			      JOIN stays st ON st.tenant_id = x.tenant_id AND st.id = x.stay_id AND st.status <> 'cancelled'
			      WHERE x.tenant_id = s.tenant_id AND x.site_id = s.id AND x.event = 'check_in'
			        AND x.deadline_at >= ? AND x.deadline_at < ? AND x.deadline_at <= now()
			      ORDER BY x.stay_id, (x.status = 'accepted') DESC, x.id) n) c ON true`, from, to), "s").
		Where("t.kind = 'accommodation'").
		Select(`s.name AS site_name, t.name AS tenant_name, a.name AS area_name, coalesce(c.due, 0) AS due, coalesce(c.on_time, 0) AS on_time,
			coalesce(c.late, 0) AS late, coalesce(c.missing, 0) AS missing`).
		Order("(coalesce(c.late, 0) + coalesce(c.missing, 0)) DESC, a.name, s.name").Limit(5000).Scan(&out).Error
	if err != nil {
		return nil, fmt.Errorf("accommodation: compliance: %w", err)
	}
	return out, nil
}
