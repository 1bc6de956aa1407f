package accommodation

import (
	"fmt"
	"regexp"
	"strings"
	"time"

	"gorm.io/gorm"

	"portal06/app/iddoc"
	"portal06/app/stays"
)

// StayFilter narrows a list of stays.
type StayFilter struct {
	SiteID   int64
	OpenOnly bool
	From, To time.Time // arrival within [From, To); zero means unbounded
	Q        string    // a document number (exact) or a name (accent-insensitive)
}

var docNumberRe = regexp.MustCompile(`^[A-Za-z]?[0-9][A-Za-z0-9]{4,19}$`)

// ListStays pages through the tenant's stays within the request's scope.
func ListStays(tx *gorm.DB, tenantID int64, f StayFilter, page, perPage int) ([]Stay, int64, error) {
	q := tx.Table("stays st").Where("st.tenant_id = ?", tenantID)
	if f.SiteID > 0 {
		q = q.Where("st.site_id = ?", f.SiteID)
	}
	if f.OpenOnly {
		q = q.Where("st.status = 'open'")
	}
	if !f.From.IsZero() {
		q = q.Where("st.arrival_at >= ?", f.From)
	}
	if !f.To.IsZero() {
		q = q.Where("st.arrival_at < ?", f.To)
	}
	if text := strings.TrimSpace(f.Q); text != "" {
		if docNumberRe.MatchString(text) {
			q = q.Where("st.doc_number = ?", strings.ToUpper(text))
		} else {
			r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
			q = q.Where("st.name_fold LIKE ?", "%"+r.Replace(iddoc.Fold(text))+"%")
		}
	}
	var total int64
	if err := q.Session(&gorm.Session{}).Count(&total).Error; err != nil {
		return nil, 0, fmt.Errorf("accommodation: count stays: %w", err)
	}
	if page < 1 {
		page = 1
	}
	var out []Stay
	order := "st.arrival_at DESC, st.id DESC"
	if f.OpenOnly {
		order = "st.room, st.arrival_at"
	}
	err := q.Joins(stays.LatestCheckIn).Select(stays.Columns).Order(order).Limit(perPage).Offset((page - 1) * perPage).Scan(&out).Error
	if err != nil {
		return nil, 0, fmt.Errorf("accommodation: list stays: %w", err)
	}
	return out, total, nil
}

// OnTime is how many check-ins were due and how many of those the national
// system accepted before their deadline.
type OnTime struct {
	Due    int64
	OnTime int64
	Late   int64 // due, not accepted in time
}

// Rate is the share accepted on time, from 0 to 100; -1 when nothing was due.
func (o OnTime) Rate() int {
	if o.Due == 0 {
		return -1
	}
	return int(o.OnTime * 100 / o.Due)
}

// OnTimeSince counts the tenant's check-in notifications due or accepted since from.
func OnTimeSince(tx *gorm.DB, tenantID int64, from, now time.Time) (OnTime, error) {
	var o OnTime
	err := tx.Raw(`SELECT count(*) AS due,
			count(*) FILTER (WHERE status = 'accepted' AND accepted_at <= deadline_at) AS on_time,
			count(*) FILTER (WHERE NOT (status = 'accepted' AND accepted_at <= deadline_at)) AS late
		FROM (SELECT DISTINCT ON (stay_id) status, accepted_at, deadline_at FROM notifications
		      WHERE tenant_id = ? AND event = 'check_in' AND created_at >= ? ORDER BY stay_id, id) n
		WHERE status = 'accepted' OR deadline_at <= ?`, tenantID, from, now).Scan(&o).Error
	if err != nil {
		return o, fmt.Errorf("accommodation: on-time rate: %w", err)
	}
	return o, nil
}
