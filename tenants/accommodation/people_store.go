package accommodation

import (
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"

	"portal06/app/kind"
	"portal06/app/stays"
	"portal06/policies"
)

// The storage of the police person search over stays: gorm's query
// builder, narrowed by the request's scope.

// guestsQuery is the query of the guests of the sites in scope, one hit
// per document, newest stay first, not run. Cancelled stays (entered by
// mistake) are left out. It is nil for a query that searches nothing.
func guestsQuery(tx *gorm.DB, scope policies.Scope, q kind.PersonQuery, limit int) *gorm.DB {
	from := tx.Table("stays st")
	if q.Number != "" {
		// the number's few stays first (its index), then their sites: left to
		// itself the planner, misjudging how many sites a province-wide scope
		// holds, walked every site's stays (seconds at a million stays);
		// OFFSET 0 keeps the subquery from being flattened
		from = tx.Table("(SELECT * FROM stays WHERE doc_number = ? OFFSET 0) st", strings.ToUpper(q.Number))
	}
	db, ok := q.Where(scope.Where(from.Joins("JOIN sites s ON s.tenant_id = st.tenant_id AND s.id = st.site_id"), "s").
		Where("st.status <> 'cancelled'"), "st")
	if !ok {
		return nil
	}
	return db.Select(`st.doc_type, st.doc_number, (array_agg(st.full_name ORDER BY st.arrival_at DESC))[1] AS full_name,
			(array_agg(st.birth_date ORDER BY st.arrival_at DESC))[1] AS birth_date,
			(array_agg(st.nationality ORDER BY st.arrival_at DESC))[1] AS nationality,
			max(st.arrival_at) AS last_seen, (array_agg(s.name ORDER BY st.arrival_at DESC))[1] AS last_place, count(*) AS records`).
		Group("st.doc_type, st.doc_number").Order("last_seen DESC").Limit(limit)
}

// guestStay is one stay of a person, as the police person history shows it.
type guestStay struct {
	ArrivalAt         time.Time
	DepartedAt        *time.Time
	ExpectedDeparture time.Time
	SiteName          string
	AreaName          string
	TenantName        string
	Room              string
	Status            string
	Reason            string
	NotifyStatus      string
}

// guestStays lists a person's stays at the sites in scope, oldest first.
func guestStays(tx *gorm.DB, scope policies.Scope, docType, number string) ([]guestStay, error) {
	var rows []guestStay
	err := scope.Where(tx.Table("stays st").Joins("JOIN sites s ON s.tenant_id = st.tenant_id AND s.id = st.site_id").
		Joins("JOIN areas a ON a.id = s.area_id").Joins("JOIN tenants t ON t.id = st.tenant_id").Joins(stays.LatestCheckIn), "s").
		Where("st.doc_type = ? AND st.doc_number = ?", docType, strings.ToUpper(number)).
		Select(`st.arrival_at, st.departed_at, st.expected_departure, s.name AS site_name, a.name AS area_name, t.name AS tenant_name,
			st.room, st.status, st.reason, coalesce(n.status, 'pending') AS notify_status`).
		Order("st.arrival_at, st.id").Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("accommodation: stays of a person: %w", err)
	}
	return rows, nil
}
