package accommodation

import (
	"fmt"
	"regexp"
	"strconv"
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

// Cursor is where a page of stays ends: the arrival and id of its last
// row. The next page starts after it (keyset pagination), so a page costs
// the same on the first day and after ten years of history.
type Cursor struct {
	At time.Time
	ID int64
}

// IsZero reports whether the cursor is the start of the list.
func (c Cursor) IsZero() bool { return c.ID == 0 }

// String is the cursor as it travels in a link or a form: the arrival in
// microseconds and the id. It holds no personal data.
func (c Cursor) String() string {
	if c.IsZero() {
		return ""
	}
	return strconv.FormatInt(c.At.UnixMicro(), 10) + "_" + strconv.FormatInt(c.ID, 10)
}

// ParseCursor reads a cursor; anything malformed is the start of the list.
func ParseCursor(s string) Cursor {
	at, id, ok := strings.Cut(s, "_")
	if !ok || len(s) > 40 {
		return Cursor{}
	}
	us, err1 := strconv.ParseInt(at, 10, 64)
	n, err2 := strconv.ParseInt(id, 10, 64)
	if err1 != nil || err2 != nil || n <= 0 || us <= 0 {
		return Cursor{}
	}
	return Cursor{At: time.UnixMicro(us).UTC(), ID: n}
}

// ListStays returns at most limit of the tenant's stays within the
// request's scope, newest arrival first, after the cursor (open stays only:
// by room, and the cursor is ignored), and whether more follow. It never
// counts the tenant's history.
func ListStays(tx *gorm.DB, tenantID int64, f StayFilter, after Cursor, limit int) ([]Stay, bool, error) {
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
	if limit < 1 {
		limit = 1
	}
	order := "st.arrival_at DESC, st.id DESC"
	if f.OpenOnly {
		order = "st.room, st.arrival_at, st.id"
	} else if !after.IsZero() {
		q = q.Where("(st.arrival_at, st.id) < (?, ?)", after.At, after.ID)
		// A search by text after a cursor is planned with the cursor's
		// values: the prepared statement's generic plan guesses an average
		// tenant's few hundred stays, a third of them before any cursor, and
		// reads them all by bitmap and sorts them (112 ms for a tenant with
		// 30,000 stays, against 2 ms in order). The other lists need no
		// custom plan: their page is read from stays_tenant_arrival_id alone
		// (below), which even the generic plan reads in order.
		if strings.TrimSpace(f.Q) != "" {
			if err := tx.Exec(`SET LOCAL plan_cache_mode = force_custom_plan`).Error; err != nil {
				return nil, false, fmt.Errorf("accommodation: plan the stays' page: %w", err)
			}
		}
	}
	// the page's keys first (an index range scan: with no text searched,
	// index-only on stays_tenant_arrival_id, which includes site and status),
	// then its rows by primary key and each one's latest notification:
	// joined before the limit, every stay of the tenant's history was
	// joined and then sorted
	page := q.Select("st.tenant_id, st.id").Order(order).Limit(limit + 1)
	var out []Stay
	err := tx.Table("(?) p", page).Joins("JOIN stays st ON st.tenant_id = p.tenant_id AND st.id = p.id").
		Joins(stays.LatestCheckIn).Select(stays.Columns).Order(order).Scan(&out).Error
	if err != nil {
		return nil, false, fmt.Errorf("accommodation: list stays: %w", err)
	}
	more := len(out) > limit
	if more {
		out = out[:limit]
	}
	return out, more, nil
}

// CountOpenStays counts the stays open now at a site: bounded by its
// rooms, not by its history.
func CountOpenStays(tx *gorm.DB, tenantID, siteID int64) (int64, error) {
	var n int64
	err := tx.Raw(`SELECT count(*) FROM stays WHERE tenant_id = ? AND site_id = ? AND status = 'open'`, tenantID, siteID).Scan(&n).Error
	if err != nil {
		return 0, fmt.Errorf("accommodation: count open stays: %w", err)
	}
	return n, nil
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
