package portal_test

import (
	"math/rand/v2"
	"net/http"
	"testing"

	"gorm.io/gorm"
)

// TestSiteStayCounts: the police dashboard's counters (site_stay_counts,
// kept by triggers) equal a recount of the open stays and refused
// notifications after random check-outs, re-openings, moves between sites,
// refusals, acceptances and deletions; and the dashboard shows them.
func TestSiteStayCounts(t *testing.T) {
	e := newEnv(t)
	twoGuests(t, e)
	ward := e.login("ca-baichay")
	res := ward.get("/police/accommodation")
	wantStatus(t, res, http.StatusOK)
	// the one guest at Bãi Cháy, staying now and arrived today
	mustContain(t, res, `<td data-label="Khách đang lưu trú" class="nowrap">1</td><td data-label="Khách đến hôm nay" class="nowrap">1</td>`)

	recount := func() int64 {
		return e.id(`WITH want AS (
				SELECT tenant_id, site_id, sum(g) AS guests, sum(r) AS refused FROM (
					SELECT tenant_id, site_id, count(*) AS g, 0 AS r FROM stays WHERE status = 'open' GROUP BY 1, 2
					UNION ALL SELECT tenant_id, site_id, 0, count(*) FROM notifications WHERE status = 'refused' GROUP BY 1, 2) x
				GROUP BY 1, 2)
			SELECT count(*) FROM want w FULL JOIN (SELECT * FROM site_stay_counts WHERE guests <> 0 OR refused <> 0) k USING (tenant_id, site_id)
			WHERE w.guests IS DISTINCT FROM k.guests OR w.refused IS DISTINCT FROM k.refused`)
	}
	if n := recount(); n != 0 {
		t.Fatalf("%d sites' counters differ from a recount after the demo and two check-ins", n)
	}
	rng := rand.New(rand.NewPCG(13, 6))
	for i := range 40 {
		err := e.asOwner(func(tx *gorm.DB) error {
			switch rng.IntN(6) {
			case 0: // check out or cancel some open stays
				return tx.Exec(`UPDATE stays SET status = CASE WHEN random() < 0.5 THEN 'checked_out' ELSE 'cancelled' END,
					cancel_reason = 'thử', departed_at = now() WHERE id IN (SELECT id FROM stays WHERE status = 'open' ORDER BY random() LIMIT 3)`).Error
			case 1: // re-open some (no guest twice at a site)
				return tx.Exec(`UPDATE stays s SET status = 'open' WHERE id IN (SELECT id FROM stays x WHERE status <> 'open'
					AND NOT EXISTS (SELECT 1 FROM stays o WHERE o.status = 'open' AND o.tenant_id = x.tenant_id AND o.site_id = x.site_id
						AND o.doc_type = x.doc_type AND o.doc_number = x.doc_number) ORDER BY random() LIMIT 1)`).Error
			case 2: // move an open stay to another site of its tenant
				return tx.Exec(`UPDATE stays s SET site_id = (SELECT o.id FROM sites o WHERE o.tenant_id = s.tenant_id AND o.id <> s.site_id
						AND NOT EXISTS (SELECT 1 FROM stays d WHERE d.status = 'open' AND d.tenant_id = s.tenant_id AND d.site_id = o.id
							AND d.doc_type = s.doc_type AND d.doc_number = s.doc_number) ORDER BY random() LIMIT 1)
					WHERE id IN (SELECT id FROM stays WHERE status = 'open' ORDER BY random() LIMIT 1)
					AND EXISTS (SELECT 1 FROM sites o WHERE o.tenant_id = s.tenant_id AND o.id <> s.site_id)`).Error
			case 3: // refuse some notifications
				return tx.Exec(`UPDATE notifications SET status = 'refused', refusal = 'thử' WHERE id IN (SELECT id FROM notifications ORDER BY random() LIMIT 3)`).Error
			case 4: // accept some
				return tx.Exec(`UPDATE notifications SET status = 'accepted', accepted_at = now() WHERE id IN (SELECT id FROM notifications ORDER BY random() LIMIT 3)`).Error
			default: // delete a stay with what hangs on it
				return tx.Exec(`WITH s AS (SELECT tenant_id, id FROM stays ORDER BY random() LIMIT 1),
					n AS (DELETE FROM notifications x USING s WHERE x.tenant_id = s.tenant_id AND x.stay_id = s.id),
					r AS (DELETE FROM stay_revisions x USING s WHERE x.tenant_id = s.tenant_id AND x.stay_id = s.id)
					SELECT 1`).Error
			}
		})
		if err != nil {
			t.Fatalf("step %d: %v", i, err)
		}
		if n := recount(); n != 0 {
			t.Fatalf("step %d: %d sites' counters differ from a recount", i, n)
		}
	}
}
