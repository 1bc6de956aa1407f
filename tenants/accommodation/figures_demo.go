package accommodation

import (
	"fmt"

	"gorm.io/gorm"

	"portal06/app/demo"
)

// demoHistory are the sites that get a year of past stays in the demo, so
// the province's live indicators have figures to show. They are away from
// the demo police accounts' wards (Bãi Cháy, Mạo Khê) and the demo hotel
// vinh-xanh, whose pages start empty.
var demoHistory = []struct {
	tenant, site string
	every        int // a stay every so many days
	lateEvery    int // every so many stays is notified late
	foreignEvery int // every so many stays is a foreign guest
}{
	{"ngoc-trai", "ngoc-trai-tuan-chau", 3, 9, 3},
	{"ngoc-trai", "ngoc-trai-mong-cai", 4, 4, 2},
	{"homestay-co-to-xanh", "co-to-xanh", 7, 3, 7},
	{"du-thuyen-vinh-ngoc", "vinh-ngoc-1", 5, 12, 2},
}

// seedYear gives a few demo sites a year of past, checked-out stays with
// accepted notifications (some late); the figure triggers turn them into
// the province's live indicators. The guests are fictional.
func seedYear(tx *gorm.DB) error {
	for _, h := range demoHistory {
		tenantID, siteID, err := demo.SiteID(tx, h.tenant, h.site)
		if err != nil {
			return err
		}
		err = tx.Exec(`WITH g AS (
				SELECT n, (date_trunc('day', now() AT TIME ZONE 'Asia/Ho_Chi_Minh') - make_interval(days => n * ?) + interval '14 hours')
					AT TIME ZONE 'Asia/Ho_Chi_Minh' AS arrival, n % ? = 0 AS foreign_guest
				FROM generate_series(1, 365 / ?) n)
			INSERT INTO stays (tenant_id, site_id, room, doc_type, doc_number, full_name, name_fold, birth_date, sex, nationality,
				arrival_at, expected_departure, reason, status, departed_at, deadline_at, source)
			SELECT ?, ?, (100 + n % 20)::text, CASE WHEN foreign_guest THEN 'passport' ELSE 'cccd' END,
				CASE WHEN foreign_guest THEN 'M' || lpad(n::text, 8, '0') ELSE '0220' || lpad((900000 + n)::text, 8, '0') END,
				'Khách mẫu ' || n, 'khach mau ' || n, date '1990-01-01' + n, CASE WHEN n % 2 = 0 THEN 'M' ELSE 'F' END,
				CASE WHEN foreign_guest THEN 'KOR' ELSE 'VNM' END, arrival, (arrival + interval '1 day')::date, 'Du lịch',
				'checked_out', arrival + interval '1 day',
				CASE WHEN foreign_guest THEN arrival + interval '12 hours' ELSE arrival + interval '9 hours' END, 'manual'
			FROM g`, h.every, h.foreignEvery, h.every, tenantID, siteID).Error
		if err != nil {
			return fmt.Errorf("accommodation: demo stays of %s: %w", h.site, err)
		}
		err = tx.Exec(`INSERT INTO notifications (tenant_id, site_id, stay_id, event, payload, status, attempts, receipt, deadline_at, accepted_at)
			SELECT s.tenant_id, s.site_id, s.id, 'check_in', '{"demo": true}', 'accepted', 1, 'DEMO-' || s.id, s.deadline_at,
				CASE WHEN s.id % ? = 0 THEN s.deadline_at + interval '3 hours' ELSE s.arrival_at + interval '5 minutes' END
			FROM stays s WHERE s.tenant_id = ? AND s.site_id = ?`, h.lateEvery, tenantID, siteID).Error
		if err != nil {
			return fmt.Errorf("accommodation: demo notifications of %s: %w", h.site, err)
		}
	}
	return nil
}
