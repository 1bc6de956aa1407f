package accommodation_test

import (
	"fmt"
	"math/rand/v2"
	"sort"
	"strings"
	"testing"
	"time"

	"gorm.io/gorm"

	"portal06/policies"
	"portal06/tenants/accommodation"
)

// recompute counts accommodation's live indicators straight from the raw
// tables, as (indicator, tenant, site, area, day) → num/den.
const recompute = `
WITH acc AS (
  SELECT tenant_id, stay_id, min(accepted_at) AS a FROM notifications
  WHERE event = 'check_in' AND status = 'accepted' GROUP BY tenant_id, stay_id),
st AS (
  SELECT s.tenant_id, s.site_id, s.nationality, s.arrival_at, s.deadline_at, (s.arrival_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date AS day, acc.a
  FROM stays s LEFT JOIN acc ON acc.tenant_id = s.tenant_id AND acc.stay_id = s.id WHERE s.status <> 'cancelled')
SELECT 'acc.stays_notified' AS indicator, tenant_id, site_id, day, count(a)::numeric AS num, count(*)::numeric AS den FROM st GROUP BY 2, 3, 4
UNION ALL
SELECT 'acc.stays_on_time', tenant_id, site_id, day, count(*) FILTER (WHERE a <= deadline_at), count(*) FROM st GROUP BY 2, 3, 4
UNION ALL
SELECT 'acc.foreign_12h', tenant_id, site_id, day, count(*) FILTER (WHERE a <= arrival_at + interval '12 hours'), count(*)
  FROM st WHERE nationality <> 'VNM' GROUP BY 2, 3, 4
UNION ALL
SELECT 'acc.sites_reporting', tenant_id, site_id, min(day), 1, 1 FROM st GROUP BY 2, 3
UNION ALL
SELECT 'acc.trips_manifest', t.tenant_id, t.site_id, (t.departs_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date,
  count(*) FILTER (WHERE EXISTS (SELECT 1 FROM stays s WHERE s.tenant_id = t.tenant_id AND s.trip_id = t.id AND s.status <> 'cancelled')),
  count(*)
  FROM trips t GROUP BY 2, 3, 4`

type figureRow struct {
	Indicator string
	TenantID  int64
	SiteID    int64
	Day       time.Time
	AreaID    int64
	Num, Den  float64
}

func (r figureRow) key() string {
	return fmt.Sprintf("%s t%d s%d a%d %s", r.Indicator, r.TenantID, r.SiteID, r.AreaID, r.Day.Format("2006-01-02"))
}

// figureDiff compares figure_days with the recomputation and names the
// first differences.
func figureDiff(t *testing.T, e *env) []string {
	t.Helper()
	var got, want []figureRow
	err := e.asOwner(func(tx *gorm.DB) error {
		if err := tx.Raw(`SELECT indicator, tenant_id, site_id, day, area_id, num, den FROM figure_days
			WHERE indicator LIKE 'acc.%' AND (num <> 0 OR den <> 0)`).Scan(&got).Error; err != nil {
			return err
		}
		return tx.Raw(`SELECT r.*, s.area_id FROM (` + recompute + `) r JOIN sites s ON s.tenant_id = r.tenant_id AND s.id = r.site_id
			WHERE r.num <> 0 OR r.den <> 0`).Scan(&want).Error
	})
	if err != nil {
		t.Fatal(err)
	}
	g := map[string]figureRow{}
	for _, r := range got {
		g[r.key()] = r
	}
	var diff []string
	for _, w := range want {
		r, ok := g[w.key()]
		if !ok || r.Num != w.Num || r.Den != w.Den {
			diff = append(diff, fmt.Sprintf("%s: rollup %v/%v, recomputed %v/%v", w.key(), r.Num, r.Den, w.Num, w.Den))
		}
		delete(g, w.key())
	}
	for k, r := range g {
		diff = append(diff, fmt.Sprintf("%s: rollup %v/%v, recomputed nothing", k, r.Num, r.Den))
	}
	// the monthly rollups by area equal the days they sum
	var months []string
	err = e.asOwner(func(tx *gorm.DB) error {
		return tx.Raw(`SELECT coalesce(m.indicator, d.indicator) || ' a' || coalesce(m.area_id, d.area_id) || ' ' || coalesce(m.month, d.month)
				|| ': months ' || coalesce(m.num, 0) || '/' || coalesce(m.den, 0) || ', days ' || coalesce(d.num, 0) || '/' || coalesce(d.den, 0)
			FROM (SELECT * FROM (SELECT indicator, area_id, month, sum(num) AS num, sum(den) AS den FROM figure_months GROUP BY 1, 2, 3) fm WHERE num <> 0 OR den <> 0) m
			FULL JOIN (SELECT indicator, area_id, date_trunc('month', day)::date AS month, sum(num) AS num, sum(den) AS den
				FROM figure_days GROUP BY 1, 2, 3 HAVING sum(num) <> 0 OR sum(den) <> 0) d
			ON d.indicator = m.indicator AND d.area_id = m.area_id AND d.month = m.month
			WHERE m.num IS DISTINCT FROM d.num OR m.den IS DISTINCT FROM d.den`).Scan(&months).Error
	})
	if err != nil {
		t.Fatal(err)
	}
	diff = append(diff, months...)
	// the police dashboard's sums by area equal a count of the open stays
	// and refused notifications of each area's sites (area_stay_counts) and
	// the check-ins of each area and day in figure_days (acc_area_days)
	var areas []string
	err = e.asOwner(func(tx *gorm.DB) error {
		return tx.Raw(`SELECT 'area_stay_counts a' || coalesce(x.area_id, y.area_id) || ': ' || coalesce(x.g, 0) || '/' || coalesce(x.r, 0)
				|| ', counted ' || coalesce(y.g, 0) || '/' || coalesce(y.r, 0)
			FROM (SELECT area_id, sum(guests) AS g, sum(refused) AS r FROM area_stay_counts GROUP BY 1 HAVING sum(guests) <> 0 OR sum(refused) <> 0) x
			FULL JOIN (SELECT s.area_id, sum(c.g) AS g, sum(c.r) AS r FROM (
					SELECT tenant_id, site_id, 1 AS g, 0 AS r FROM stays WHERE status = 'open'
					UNION ALL SELECT tenant_id, site_id, 0, 1 FROM notifications WHERE status = 'refused') c
				JOIN sites s ON s.tenant_id = c.tenant_id AND s.id = c.site_id GROUP BY 1) y ON y.area_id = x.area_id
			WHERE x.g IS DISTINCT FROM y.g OR x.r IS DISTINCT FROM y.r
			UNION ALL
			SELECT 'acc_area_days a' || coalesce(x.area_id, y.area_id) || ' ' || coalesce(x.day, y.day) || ': ' || coalesce(x.n, 0) || ', figure_days ' || coalesce(y.n, 0)
			FROM (SELECT area_id, day, sum(checkins) AS n FROM acc_area_days GROUP BY 1, 2 HAVING sum(checkins) <> 0) x
			FULL JOIN (SELECT area_id, day, sum(den) AS n FROM figure_days WHERE indicator = 'acc.stays_notified' GROUP BY 1, 2 HAVING sum(den) <> 0) y
				ON y.area_id = x.area_id AND y.day = x.day
			WHERE x.n IS DISTINCT FROM y.n`).Scan(&areas).Error
	})
	if err != nil {
		t.Fatal(err)
	}
	diff = append(diff, areas...)
	sort.Strings(diff)
	return diff
}

type accSite struct{ TenantID, ID, AreaID int64 }

// TestAccommodationRollupsEqualRecomputation is a property test: after a
// random sequence of check-ins, corrections, room and site moves,
// check-outs, cancellations, notification deliveries (on time, late,
// refused), trips and site moves between communes, written as the tenant's
// requests write them (row-level security, pinned tenant), figure_days
// holds exactly what a direct count over the raw tables gives.
func TestAccommodationRollupsEqualRecomputation(t *testing.T) {
	e := newEnv(t)
	if err := e.asOwner(accommodation.SeedDemoHistory); err != nil {
		t.Fatal(err)
	}
	if d := figureDiff(t, e); len(d) > 0 {
		t.Fatalf("the demo's backfilled figures differ from the raw tables:\n%s", strings.Join(d[:min(10, len(d))], "\n"))
	}
	seed := uint64(time.Now().UnixNano())
	t.Logf("seed %d", seed)
	rng := rand.New(rand.NewPCG(seed, 6))
	var sites []accSite
	var areas []int64
	err := e.asOwner(func(tx *gorm.DB) error {
		if err := tx.Raw(`SELECT s.tenant_id, s.id, s.area_id FROM sites s JOIN tenants t ON t.id = s.tenant_id
			WHERE t.kind = 'accommodation' ORDER BY s.id`).Scan(&sites).Error; err != nil {
			return err
		}
		return tx.Raw(`SELECT id FROM areas WHERE parent_id IS NOT NULL ORDER BY id`).Scan(&areas).Error
	})
	if err != nil {
		t.Fatal(err)
	}
	base := time.Now().Add(-40 * 24 * time.Hour)
	at := func() time.Time { return base.Add(time.Duration(rng.IntN(40*24*60)) * time.Minute) }
	nat := func() string { return []string{"VNM", "VNM", "VNM", "KOR", "CHN", "USA"}[rng.IntN(6)] }
	for round := 0; round < 12; round++ {
		s := sites[rng.IntN(len(sites))]
		err := e.DB.App.Transaction(func(tx *gorm.DB) error {
			if err := (policies.Scope{Tenants: []int64{s.TenantID}, Pin: s.TenantID}).Apply(tx, 0); err != nil {
				return err
			}
			var mine []accSite
			if err := tx.Raw(`SELECT tenant_id, id, area_id FROM sites WHERE tenant_id = ?`, s.TenantID).Scan(&mine).Error; err != nil {
				return err
			}
			for op := 0; op < 25; op++ {
				var stays, trips, notes []int64
				tx.Raw(`SELECT id FROM stays WHERE tenant_id = ? ORDER BY id DESC LIMIT 30`, s.TenantID).Scan(&stays)
				tx.Raw(`SELECT id FROM trips WHERE tenant_id = ? ORDER BY id DESC LIMIT 10`, s.TenantID).Scan(&trips)
				tx.Raw(`SELECT id FROM notifications WHERE tenant_id = ? AND status = 'pending' ORDER BY id DESC LIMIT 10`, s.TenantID).Scan(&notes)
				pick := func(ids []int64) int64 { return ids[rng.IntN(len(ids))] }
				var err error
				switch k := rng.IntN(11); {
				case k <= 2 || len(stays) == 0: // check-in, sometimes on a trip
					site := mine[rng.IntN(len(mine))]
					arr := at()
					var trip any
					if len(trips) > 0 && rng.IntN(3) == 0 {
						var tripSite int64
						id := pick(trips)
						tx.Raw(`SELECT site_id FROM trips WHERE tenant_id = ? AND id = ?`, s.TenantID, id).Scan(&tripSite)
						if tripSite == site.ID {
							trip = id
						}
					}
					err = tx.Exec(`INSERT INTO stays (tenant_id, site_id, trip_id, doc_type, doc_number, full_name, name_fold, birth_date, sex,
							nationality, arrival_at, expected_departure, reason, deadline_at, source)
						VALUES (?, ?, ?, 'passport', ?, 'Khách thử', 'khach thu', '1990-01-01', 'M', ?, ?, ?, 'Du lịch', ?, 'manual')`,
						s.TenantID, site.ID, trip, fmt.Sprintf("P%08d", rng.IntN(1e8)), nat(), arr, arr.AddDate(0, 0, 2),
						arr.Add(time.Duration(rng.IntN(20)+1)*time.Hour)).Error
				case k == 3: // correction of arrival, deadline and nationality
					arr := at()
					err = tx.Exec(`UPDATE stays SET arrival_at = ?, deadline_at = ?, nationality = ?, updated_at = now() WHERE tenant_id = ? AND id = ?`,
						arr, arr.Add(time.Duration(rng.IntN(20)+1)*time.Hour), nat(), s.TenantID, pick(stays)).Error
				case k == 4: // check-out
					err = tx.Exec(`UPDATE stays SET status = 'checked_out', departed_at = arrival_at + interval '1 day' WHERE tenant_id = ? AND id = ? AND status = 'open'`,
						s.TenantID, pick(stays)).Error
				case k == 5: // cancellation
					err = tx.Exec(`UPDATE stays SET status = 'cancelled', cancel_reason = 'Nhập nhầm' WHERE tenant_id = ? AND id = ?`, s.TenantID, pick(stays)).Error
				case k == 6: // a stay moved to another site of the tenant, off its trip
					err = tx.Exec(`UPDATE stays SET site_id = ?, trip_id = NULL, room = '2' WHERE tenant_id = ? AND id = ?`,
						mine[rng.IntN(len(mine))].ID, s.TenantID, pick(stays)).Error
				case k == 7: // a notification queued
					id := pick(stays)
					err = tx.Exec(`INSERT INTO notifications (tenant_id, site_id, stay_id, event, payload, deadline_at)
						SELECT tenant_id, site_id, id, ?, '{}', deadline_at FROM stays WHERE tenant_id = ? AND id = ?`,
						[]string{"check_in", "check_in", "correction", "check_out"}[rng.IntN(4)], s.TenantID, id).Error
				case k == 8 && len(notes) > 0: // delivered: on time, late, or refused
					switch rng.IntN(3) {
					case 0:
						err = tx.Exec(`UPDATE notifications SET status = 'accepted', accepted_at = deadline_at - interval '1 hour' WHERE tenant_id = ? AND id = ?`, s.TenantID, pick(notes)).Error
					case 1:
						err = tx.Exec(`UPDATE notifications SET status = 'accepted', accepted_at = deadline_at + make_interval(hours => ?) WHERE tenant_id = ? AND id = ?`,
							rng.IntN(30), s.TenantID, pick(notes)).Error
					default:
						err = tx.Exec(`UPDATE notifications SET status = 'refused', refusal = 'Sai' WHERE tenant_id = ? AND id = ?`, s.TenantID, pick(notes)).Error
					}
				case k == 9: // a trip, or a trip's departure corrected
					if len(trips) > 0 && rng.IntN(2) == 0 {
						err = tx.Exec(`UPDATE trips SET departs_at = ? WHERE tenant_id = ? AND id = ?`, at(), s.TenantID, pick(trips)).Error
					} else {
						err = tx.Exec(`INSERT INTO trips (tenant_id, site_id, route, departs_at, vehicle) VALUES (?, ?, 'Hạ Long – Hà Nội', ?, '14B-123.45')`,
							s.TenantID, mine[rng.IntN(len(mine))].ID, at()).Error
					}
				default: // a passenger put on, or taken off, a trip of the stay's site
					err = tx.Exec(`UPDATE stays s SET trip_id = (SELECT t.id FROM trips t WHERE t.tenant_id = s.tenant_id AND t.site_id = s.site_id
							ORDER BY random() LIMIT 1) WHERE s.tenant_id = ? AND s.id = ?`, s.TenantID, pick(stays)).Error
				}
				if err != nil {
					return fmt.Errorf("round %d op %d: %w", round, op, err)
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if round%4 == 3 { // a site moves to another commune
			m := sites[rng.IntN(len(sites))]
			err := e.DB.App.Transaction(func(tx *gorm.DB) error {
				if err := (policies.Scope{All: true}).Apply(tx, 0); err != nil {
					return err
				}
				return tx.Exec(`UPDATE sites SET area_id = ? WHERE tenant_id = ? AND id = ?`, areas[rng.IntN(len(areas))], m.TenantID, m.ID).Error
			})
			if err != nil {
				t.Fatal(err)
			}
		}
		if d := figureDiff(t, e); len(d) > 0 {
			t.Fatalf("after round %d the rollups differ from the raw tables (seed %d):\n%s", round, seed, strings.Join(d[:min(10, len(d))], "\n"))
		}
	}
}
